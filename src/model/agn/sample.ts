/**
 * Poisson sampling of radio-loud AGN in a sky box, keeping only sources that can matter: a source
 * is kept when its flux exceeds the floor in at least one of the floor's bands. Sources fainter than
 * the floor in every band are never drawn (the luminosity range of each shell starts at the
 * faintest luminosity that could reach a floor with spectral parameters within ±4σ), which is what
 * makes wide, shallow mocks cheap.
 *
 * Deterministic per seed and independent of chunking: each (population, sky cell) pair has its own
 * stream `RandomStream(seed, STREAM_TAG, population kind, cell id)` that walks the redshift shells
 * in a fixed order (shells.ts).
 */
import { RandomStream } from '../../random/stream.js';
import type { SkyBox } from '../../sky/area.js';
import { BAND_NAMES, BANDS, type Band } from '../bands.js';
import { comovingAt, distanceGrid } from '../cosmology.js';
import { emptyPopulation, type Population } from '../population.js';
import { DEFAULT_COSMOLOGY, distancesAt } from './distances.js';
import { logDistanceFactor, logFluxOffset } from './flux.js';
import { AGN_LOG_L_MIN, lfPerDex } from './lf.js';
import { AGN_Z_MAX, type AgnPopulationModel, agnPopulationModels } from './populations.js';
import { AGN_CELL_SR, agnCellsInBox, agnShellEdges, inSkyBox } from './shells.js';

/** Stream tag separating AGN streams from the galaxy streams of the same seed ("AGN1"). */
const STREAM_TAG = 0x41474e31;
const LOG_L_MAX = 37;
const LOG_L_STEP = 0.02;
const SUB_Z = 4;
const SIGMA_RANGE = 4;

/** Flux floors in mJy by band: a source is kept if it reaches the floor in at least one band. */
export type FluxFloor = Partial<Record<Band, number>>;

/** Per shell, the tabulated (sub-redshift × log L) distribution and its mean count per sr. */
interface ShellTable {
  zLo: number;
  dz: number;
  logLLo: number;
  nL: number;
  /** Cumulative weights over SUB_Z × nL bins, normalised to 1 at the end. */
  cdf: Float64Array;
  /** Expected sources per sr in the shell above logLLo. */
  perSr: number;
}

function floorEntries(floor: FluxFloor): [Band, number][] {
  const out: [Band, number][] = [];
  for (const b of BAND_NAMES) {
    const f = floor[b];
    if (f !== undefined) {
      if (!(f > 0)) throw new RangeError(`flux floor for ${b} must be > 0 mJy, got ${f}`);
      out.push([b, f]);
    }
  }
  if (out.length === 0) throw new RangeError('sampleRadioAgn needs a flux floor in at least one band');
  return out;
}

/** Largest log10 S − log10 L over the shell's redshift edges and spectral parameters within ±4σ. */
function maxOffset(pop: AgnPopulationModel, freqGHz: number, zLo: number, zHi: number, logDLo: number): number {
  const s = pop.spectrum;
  let best = -Infinity;
  for (const z of [zLo, zHi])
    for (const uLo of [-SIGMA_RANGE, SIGMA_RANGE])
      for (const uHi of [-SIGMA_RANGE, SIGMA_RANGE])
        for (let m = 0; m <= 16; m++) {
          const aLo = s.alphaLoMean + s.alphaLoSigma * uLo;
          const aHi = s.alphaHiFromLo * aLo + s.alphaHiMean + s.alphaHiSigma * uHi;
          const lb = s.logBreakMean + s.logBreakSigma * SIGMA_RANGE * (m / 8 - 1);
          best = Math.max(best, logFluxOffset(z, logDLo, freqGHz, aLo, aHi, lb, s.sharpness));
        }
  return best + 0.01;
}

function buildShellTables(
  pop: AgnPopulationModel,
  edges: Float64Array,
  floors: [Band, number][],
  cosmo: { h: number; omegaM: number },
): ShellTable[] {
  const nShell = edges.length - 1;
  // Sub-redshift midpoints, plus the lower edges (for the distance bound), in one distance table.
  const zs = new Float64Array(nShell * SUB_Z);
  for (let s = 0; s < nShell; s++)
    for (let j = 0; j < SUB_Z; j++) zs[s * SUB_Z + j] = edges[s] + ((j + 0.5) / SUB_Z) * (edges[s + 1] - edges[s]);
  const sub = distancesAt(cosmo, zs);
  const lowEdges = distancesAt(
    cosmo,
    Float64Array.from(edges.subarray(0, nShell), (z) => Math.max(z, 1e-4)),
  );
  const tables: ShellTable[] = [];
  for (let s = 0; s < nShell; s++) {
    const zLo = edges[s];
    const dz = edges[s + 1] - zLo;
    const zEdgeLo = Math.max(zLo, 1e-4);
    const logDLo = logDistanceFactor(zEdgeLo, lowEdges.luminosityMpc[s]);
    let logLLo = Infinity;
    for (const [b, f] of floors)
      logLLo = Math.min(logLLo, Math.log10(f) - maxOffset(pop, BANDS[b].freqGHz, zEdgeLo, edges[s + 1], logDLo));
    logLLo = Math.max(logLLo, AGN_LOG_L_MIN);
    const nL = Math.max(1, Math.ceil((LOG_L_MAX - logLLo) / LOG_L_STEP));
    const cdf = new Float64Array(SUB_Z * nL);
    let acc = 0;
    for (let j = 0; j < SUB_Z; j++) {
      const k = s * SUB_Z + j;
      const vol = sub.dVdzdOmegaMpc3[k] * (dz / SUB_Z);
      for (let l = 0; l < nL; l++) {
        acc += vol * lfPerDex(pop.lf, zs[k], logLLo + (l + 0.5) * LOG_L_STEP) * LOG_L_STEP;
        cdf[j * nL + l] = acc;
      }
    }
    if (acc > 0) for (let i = 0; i < cdf.length; i++) cdf[i] /= acc;
    tables.push({ zLo, dz, logLLo, nL, cdf, perSr: acc });
  }
  return tables;
}

function searchCdf(cdf: Float64Array, u: number): number {
  let lo = 0;
  let hi = cdf.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cdf[mid] < u) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Radio-loud AGN (FSRQ, BL Lac, steep-spectrum) in `region`, with fluxes in `bands`.
 * Kind codes from population.ts (10, 11, 12); unlensed (μ = 1); synchrotron-dominated in every band.
 *
 * @example sampleRadioAgn(defaultParams(), boxForArea(30, -55, 100), 1, { spt150: 1 }).n
 */
export function sampleRadioAgn(
  params: Readonly<Record<string, number>>,
  region: SkyBox,
  seed: number,
  fluxFloor: FluxFloor,
  bands: readonly Band[] = BAND_NAMES,
): Population {
  const floors = floorEntries(fluxFloor);
  const cosmo = { h: params.h ?? DEFAULT_COSMOLOGY.h, omegaM: params.omega_m ?? DEFAULT_COSMOLOGY.omegaM };
  const edges = agnShellEdges(AGN_Z_MAX);
  const cells = agnCellsInBox(region);
  const grid = distanceGrid(cosmo.h, cosmo.omegaM, AGN_Z_MAX);
  const outBands = [...new Set<Band>([...bands, ...floors.map(([b]) => b)])];
  const cols = {
    ra: [] as number[],
    dec: [] as number[],
    z: [] as number[],
    kind: [] as number[],
    flux: outBands.map(() => [] as number[]),
  };
  const fluxTmp = new Float64Array(outBands.length);
  const freqs = outBands.map((b) => BANDS[b].freqGHz);
  const floorIdx = floors.map(([b, f]) => [outBands.indexOf(b), f] as const);
  for (const pop of agnPopulationModels(params)) {
    const tables = buildShellTables(pop, edges, floors, cosmo);
    const sp = pop.spectrum;
    for (const cell of cells) {
      const rng = new RandomStream(seed, STREAM_TAG, pop.kind, cell.id);
      for (let s = 0; s < tables.length; s++) {
        const t = tables[s];
        const n = rng.poisson(t.perSr * AGN_CELL_SR);
        for (let i = 0; i < n; i++) {
          const bin = searchCdf(t.cdf, rng.uniform());
          const j = Math.floor(bin / t.nL);
          const l = bin - j * t.nL;
          const z = t.zLo + ((j + rng.uniform()) / SUB_Z) * t.dz;
          const logL = t.logLLo + (l + rng.uniform()) * LOG_L_STEP;
          const ra = cell.raLoDeg + rng.uniform() * cell.raStepDeg;
          const dec = (Math.asin(cell.sinDecLo + rng.uniform() * cell.sinDecStep) * 180) / Math.PI;
          const aLo = sp.alphaLoMean + sp.alphaLoSigma * rng.normal();
          const aHi = sp.alphaHiFromLo * aLo + sp.alphaHiMean + sp.alphaHiSigma * rng.normal();
          const lb = sp.logBreakMean + sp.logBreakSigma * rng.normal();
          if (!inSkyBox(region, ra, dec)) continue;
          const logD = logDistanceFactor(z, (1 + z) * comovingAt(grid, z));
          // Floor bands first: most drawn sources fail every floor and need no other band.
          let keep = false;
          fluxTmp.fill(Number.NaN);
          for (const [bi, f] of floorIdx) {
            fluxTmp[bi] = 10 ** (logL + logFluxOffset(z, logD, freqs[bi], aLo, aHi, lb, sp.sharpness));
            if (fluxTmp[bi] >= f) keep = true;
          }
          if (!keep) continue;
          for (let b = 0; b < outBands.length; b++)
            if (Number.isNaN(fluxTmp[b]))
              fluxTmp[b] = 10 ** (logL + logFluxOffset(z, logD, freqs[b], aLo, aHi, lb, sp.sharpness));
          cols.ra.push(ra);
          cols.dec.push(dec);
          cols.z.push(z);
          cols.kind.push(pop.kind);
          for (let b = 0; b < outBands.length; b++) cols.flux[b].push(fluxTmp[b]);
        }
      }
    }
  }
  const pop = emptyPopulation(outBands);
  const n = cols.ra.length;
  pop.n = n;
  pop.raDeg = Float64Array.from(cols.ra);
  pop.decDeg = Float64Array.from(cols.dec);
  pop.z = Float64Array.from(cols.z);
  pop.kind = Uint8Array.from(cols.kind);
  pop.mu = new Float64Array(n).fill(1);
  outBands.forEach((b, i) => {
    pop.fluxMJy[b] = Float64Array.from(cols.flux[i]);
    pop.syncDominant[b] = new Uint8Array(n).fill(1);
  });
  return pop;
}
