/**
 * Samples galaxies of the model over a sky box: per (redshift shell, sky cell) a Poisson number of
 * halos, each with a position, redshift ∝ dV/dz, halo mass (inverse CDF of the Tinker mass function),
 * stellar mass (abundance matching + scatter), star-forming/starburst flags, SFR (redrawn above the
 * cap, as SIDES), <U>, magnification and radio scatter; then band fluxes (`galaxyFluxes`).
 * Deterministic per seed and independent of how the sky is split (sky-cells.ts). The per-row loops
 * use the table kernels of fast-draws.ts and never allocate per row.
 */
import { RandomStream } from '../random/stream.js';
import type { Band } from './bands.js';
import type { ClusteredSky } from './clustering.js';
import { redshiftAtComoving } from './cosmology.js';
import {
  GUIDE_BUCKETS,
  guideDecreasing,
  guideIncreasing,
  halfErfc,
  normalZig,
  normalZigEdge,
  TWO_M32,
  TWO_M53,
  uniform32,
  WORD_BLOCK,
  WordBuffer,
  ZIG_RATIO,
  ZIG_X,
} from './fast-draws.js';
import {
  type GalaxyModel,
  SF_MAX,
  SF_MT,
  SF_PSB,
  SF_R,
  SF_RADIO,
  SF_ST,
  SF_UMS,
  SF_ZP,
  SHELL_SF_STRIDE,
} from './galaxy-model.js';
import { type GalaxyState, StateBuffer } from './galaxy-state.js';
import { FloorFilter, KeptGalaxies } from './galaxy-stream.js';
import type { LensingTable } from './lensing.js';
import { KIND, type Population } from './population.js';

export { galaxyFluxes } from './galaxy-fluxes.js';
export { type GalaxyState, gatherState, StateBuffer } from './galaxy-state.js';
export { FloorFilter, floorList, KeptGalaxies } from './galaxy-stream.js';

import { CELL_SR, type CellBounds, cellsInBox, inBox, RA_STEP_DEG, SIN_STEP, type SkyBoxDeg } from './sky-cells.js';
import { logSfrMainSequenceAt } from './star-formation.js';

/** Population id in the random-stream key (AGN use other ids). */
export const GALAXY_STREAM_ID = 1;
/** Sky cells per streamed chunk: ~0.16 deg², ~1.3e5 galaxies at the default depth. */
const CELLS_PER_CHUNK = 32;

/** Guide tables of a model's inverse-CDF searches (built once per model object). */
export interface SearchGuides {
  lens: Int32Array;
  halo: Int32Array;
}
const guideCache = new WeakMap<GalaxyModel, SearchGuides>();

export function searchGuides(model: GalaxyModel): SearchGuides {
  let g = guideCache.get(model);
  if (!g) {
    const t = model.lensing;
    g = {
      lens: guideDecreasing(t.pGt, t.z.length, t.mu.length),
      halo: guideIncreasing(model.haloCdf, model.nShells, model.logMh.length, model.firstHalo),
    };
    guideCache.set(model, g);
  }
  return g;
}

/**
 * μ with P(>μ) = u at lensing node k — the same value as lensing.ts magnificationFromUniform (the
 * guide table only shortens the search).
 */
export function magnificationGuided(t: LensingTable, guide: Int32Array, k: number, u: number): number {
  const nMu = t.mu.length;
  const base = k * nMu;
  const p = t.pGt;
  if (u >= p[base]) return t.mu[0];
  if (u <= p[base + nMu - 1]) return t.mu[nMu - 1];
  const j = (u * GUIDE_BUCKETS) | 0;
  let lo = guide[k * GUIDE_BUCKETS + j];
  if (j === 0) lo = bisectDecreasing(p, base, lo, nMu - 1, u);
  else while (p[base + lo + 1] >= u) lo++;
  const p0 = p[base + lo];
  const p1 = p[base + lo + 1];
  const f = p0 === p1 ? 0 : (p0 - u) / (p0 - p1);
  return t.mu[lo] + f * (t.mu[lo + 1] - t.mu[lo]);
}

/** The tail bucket spans many rows: bisect with the invariant p[lo] ≥ u > p[hi]. */
function bisectDecreasing(p: Float64Array, base: number, lo0: number, hi0: number, u: number): number {
  let lo = lo0;
  let hi = hi0;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (p[base + mid] >= u) lo = mid;
    else hi = mid;
  }
  return lo;
}

/**
 * SIDES steps 2–4 for one galaxy of stellar mass m in redshift shell s (z-dependent terms at the
 * shell's zRep, as in the expected counts): star-forming or
 * quiescent, starburst flag, SFR (redrawn above sfr_max), <U> → dust temperature, magnification and
 * radio scatter. Writes [log SFR, log T, μ, log L_1.4] to `out` and returns the kind code.
 */
export function drawStarFormation(
  rng: RandomStream,
  model: GalaxyModel,
  s: number,
  m: number,
  out: Float64Array,
): number {
  return drawStarFormationScaled(rng, model, searchGuides(model).lens, s, m, out, 1);
}

/**
 * drawStarFormation for rows i0..i1 of `st` (given shell and logMstar), writing kind, logSfr, logT,
 * mu and logLRadio: the per-row SIDES steps 2–4 in one loop, with the per-shell and parameter
 * terms hoisted and the random words read from a WordBuffer, the uniform and ziggurat draws
 * written out in the loop (as calls they exceed V8's inlining budget). Same words, same
 * arithmetic, same values as drawStarFormation row by row, and `rng` is left where row-by-row
 * drawing leaves it (test/model/star-formation-rows.test.ts).
 */
export function drawStarFormationRows(
  rng: RandomStream,
  model: GalaxyModel,
  st: GalaxyState,
  i0: number,
  i1: number,
): void {
  const lensGuide = searchGuides(model).lens;
  const lensing = model.lensing;
  const lensNode = model.lensNode;
  const t = model.shellSf;
  const c = model.sfConstants;
  const p = model.params;
  const msScatter = p.ms_scatter_dex;
  const uScatter = p.u_scatter_dex;
  const radioScatter = p.radio_scatter_dex;
  const qirSlope = p.qir_mstar_slope;
  const logSbBoost = c.logSbBoost;
  const logMsOffset = c.logMsOffset;
  const logCap = c.logSfrMax;
  const logUsb = c.logUsb;
  const logT0 = c.logT0;
  const log5 = c.log5;
  const invFourPlusBeta = c.invFourPlusBeta;
  const logLirPerSfr = c.logLirPerSfr;
  const shell = st.shell;
  const logMstar = st.logMstar;
  const kind = st.kind;
  const logSfrOut = st.logSfr;
  const logTOut = st.logT;
  const muOut = st.mu;
  const radioOut = st.logLRadio;
  const quiescent = KIND.quiescent;
  const starburst = KIND.starburst;
  const starForming = KIND.starForming;
  const zx = ZIG_X;
  const zr = ZIG_RATIO;
  const wb = ROW_WORDS;
  wb.begin(rng);
  const w = wb.words;
  let q = wb.pos;
  // Word reads: `if (q === WORD_BLOCK) q = wb.fill(); word = w[q++]`. A normal deviate is normalZig
  // on two words (layer a & 127, sign bit 7, 53-bit uniform v), the rare edge case by
  // normalZigEdge with the buffer position handed over and back.
  for (let i = i0; i < i1; i++) {
    const s = shell[i];
    const m = logMstar[i];
    const o = s * SHELL_SF_STRIDE;
    // The expressions of drawStarFormationScaled (muScale = 1), term for term.
    if (q === WORD_BLOCK) q = wb.fill();
    if (!((w[q++] + 0.5) * TWO_M32 < t[o + SF_MAX] * halfErfc((m - t[o + SF_MT]) / t[o + SF_ST]))) {
      kind[i] = quiescent;
      logSfrOut[i] = Number.NEGATIVE_INFINITY;
      logTOut[i] = Number.NaN;
      muOut[i] = 1;
      radioOut[i] = Number.NEGATIVE_INFINITY;
      continue;
    }
    if (q === WORD_BLOCK) q = wb.fill();
    const sb = (w[q++] + 0.5) * TWO_M32 < t[o + SF_PSB];
    const mean = logSfrMainSequenceAt(m, t[o + SF_R], t[o + SF_ZP]) + (sb ? logSbBoost : logMsOffset);
    let logSfr: number;
    do {
      if (q === WORD_BLOCK) q = wb.fill();
      const a = w[q++];
      if (q === WORD_BLOCK) q = wb.fill();
      const v = ((a >>> 11) * 4294967296 + w[q++]) * TWO_M53;
      const l = a & 127;
      let g: number;
      if (v < zr[l]) g = v * zx[l] * (1 - ((a >>> 6) & 2));
      else {
        wb.pos = q;
        g = normalZigEdge(wb, a, v);
        q = wb.pos;
      }
      logSfr = mean + msScatter * g;
    } while (logSfr > logCap);
    logSfrOut[i] = logSfr;
    const uMs = t[o + SF_UMS];
    {
      if (q === WORD_BLOCK) q = wb.fill();
      const a = w[q++];
      if (q === WORD_BLOCK) q = wb.fill();
      const v = ((a >>> 11) * 4294967296 + w[q++]) * TWO_M53;
      const l = a & 127;
      let g: number;
      if (v < zr[l]) g = v * zx[l] * (1 - ((a >>> 6) & 2));
      else {
        wb.pos = q;
        g = normalZigEdge(wb, a, v);
        q = wb.pos;
      }
      const logU = (sb && logUsb > uMs ? logUsb : uMs) + uScatter * g;
      logTOut[i] = logT0 + (logU - log5) * invFourPlusBeta;
    }
    if (q === WORD_BLOCK) q = wb.fill();
    muOut[i] = magnificationGuided(lensing, lensGuide, lensNode[s], (w[q++] + 0.5) * TWO_M32);
    {
      if (q === WORD_BLOCK) q = wb.fill();
      const a = w[q++];
      if (q === WORD_BLOCK) q = wb.fill();
      const v = ((a >>> 11) * 4294967296 + w[q++]) * TWO_M53;
      const l = a & 127;
      let g: number;
      if (v < zr[l]) g = v * zx[l] * (1 - ((a >>> 6) & 2));
      else {
        wb.pos = q;
        g = normalZigEdge(wb, a, v);
        q = wb.pos;
      }
      radioOut[i] = logSfr + logLirPerSfr + t[o + SF_RADIO] - qirSlope * (m - 10) + radioScatter * g;
    }
    kind[i] = sb ? starburst : starForming;
  }
  wb.pos = q;
  wb.end();
}

/** The word buffer of drawStarFormationRows (reused; the loop never re-enters itself). */
const ROW_WORDS = new WordBuffer();

/**
 * drawStarFormation with the lensing guide table passed in and the magnification drawn from the
 * part P(>μ) < muScale of the distribution (muScale = 1: the whole of it; detectable.ts draws the
 * tail above a needed μ).
 */
export function drawStarFormationScaled(
  rng: RandomStream,
  model: GalaxyModel,
  lensGuide: Int32Array,
  s: number,
  m: number,
  out: Float64Array,
  muScale: number,
): number {
  const p = model.params;
  const t = model.shellSf;
  const o = s * SHELL_SF_STRIDE;
  // Shell-level z terms (the expected counts use the same shell values); P_SF = max · ½ erfc(·).
  if (!(uniform32(rng) < t[o + SF_MAX] * halfErfc((m - t[o + SF_MT]) / t[o + SF_ST]))) {
    out[0] = Number.NEGATIVE_INFINITY;
    out[1] = Number.NaN;
    out[2] = 1;
    out[3] = Number.NEGATIVE_INFINITY;
    return KIND.quiescent;
  }
  const c = model.sfConstants;
  const sb = uniform32(rng) < t[o + SF_PSB];
  const mean = logSfrMainSequenceAt(m, t[o + SF_R], t[o + SF_ZP]) + (sb ? c.logSbBoost : c.logMsOffset);
  const logCap = c.logSfrMax;
  let logSfr: number;
  do logSfr = mean + p.ms_scatter_dex * normalZig(rng);
  while (logSfr > logCap);
  out[0] = logSfr;
  // logDustTemperature(logUMean(z, sb) + scatter), with the parameter-only logs hoisted.
  const uMs = t[o + SF_UMS];
  const logU = (sb && c.logUsb > uMs ? c.logUsb : uMs) + p.u_scatter_dex * normalZig(rng);
  out[1] = c.logT0 + (logU - c.log5) * c.invFourPlusBeta;
  out[2] = magnificationGuided(model.lensing, lensGuide, model.lensNode[s], muScale * uniform32(rng));
  out[3] =
    logSfr + c.logLirPerSfr + t[o + SF_RADIO] - p.qir_mstar_slope * (m - 10) + p.radio_scatter_dex * normalZig(rng);
  return sb ? KIND.starburst : KIND.starForming;
}

/** Draws the galaxies of one (shell, cell) inside the box into `buf`. */
function sampleCell(
  model: GalaxyModel,
  guides: SearchGuides,
  seed: number,
  s: number,
  cell: CellBounds,
  box: SkyBoxDeg,
  buf: StateBuffer,
  sf: Float64Array,
): void {
  const p = model.params;
  const nMh = model.logMh.length;
  const rng = new RandomStream(seed, GALAXY_STREAM_ID, s, cell.id);
  const count = rng.poisson(model.halosPerSr[s] * CELL_SR);
  if (count === 0) return;
  const dc3Lo = model.dcLo[s] ** 3;
  const dc3Span = model.dcHi[s] ** 3 - dc3Lo;
  const cdfBase = s * nMh;
  const cdf = model.haloCdf;
  const guideBase = s * GUIDE_BUCKETS;
  const first = model.firstHalo[s];
  const r2d = 180 / Math.PI;
  for (let g = 0; g < count; g++) {
    const ra = cell.raLoDeg + rng.uniform() * RA_STEP_DEG;
    const dec = Math.asin(Math.min(1, cell.sinDecLo + rng.uniform() * SIN_STEP)) * r2d;
    const z = redshiftAtComoving(model.dist, Math.cbrt(dc3Lo + rng.uniform() * dc3Span));
    // Halo bin by inverse CDF (guide table + walk = the smallest bin with CDF ≥ u), uniform within it.
    const u = rng.uniform();
    let lo = guides.halo[guideBase + ((u * GUIDE_BUCKETS) | 0)];
    while (cdf[cdfBase + lo] < u) lo++;
    const off = rng.uniform() - 0.5;
    const logMh = model.logMh[lo] + off * model.logMhStep;
    const nb = off >= 0 ? Math.min(lo + 1, nMh - 1) : Math.max(lo - 1, first);
    const mb = model.mbar[cdfBase + lo] + Math.abs(off) * (model.mbar[cdfBase + nb] - model.mbar[cdfBase + lo]);
    const m = mb + p.am_scatter_dex * normalZig(rng);
    const kind = drawStarFormationScaled(rng, model, guides.lens, s, m, sf, 1);
    if (!inBox(box, ra, dec)) continue;
    buf.push(ra, dec, z, s, logMh, m, kind, sf);
  }
}

/** Samples the galaxies of `cells` (all shells, cell by cell) into `buf`. */
export function sampleCellsInto(
  model: GalaxyModel,
  box: SkyBoxDeg,
  seed: number,
  cells: readonly CellBounds[],
  buf: StateBuffer,
  clustering?: ClusteredSky,
): void {
  const guides = searchGuides(model);
  const sf = new Float64Array(4);
  if (clustering) {
    // Clustered positions (clustering.ts): the field is keyed by clustering.seed.
    for (const c of cells) for (let s = 0; s < model.nShells; s++) clustering.sampleCell(guides, s, c, box, buf, sf);
    return;
  }
  for (const c of cells) for (let s = 0; s < model.nShells; s++) sampleCell(model, guides, seed, s, c, box, buf, sf);
}

/**
 * Samples every galaxy (M* above the model's floor) in a sky box.
 *
 * @example const st = sampleGalaxyStates(buildGalaxyModel(resolveParams()), boxForArea(30, -55, 0.1), 1);
 */
export function sampleGalaxyStates(
  model: GalaxyModel,
  box: SkyBoxDeg,
  seed: number,
  clustering?: ClusteredSky,
): GalaxyState {
  const cells = cellsInBox(box);
  // ~1 galaxy per 1.3e-6 deg² at the default depth: pre-size to avoid regrowth.
  const buf = new StateBuffer(Math.min(1 << 26, Math.max(4096, Math.ceil(cells.length * 4200))));
  sampleCellsInto(model, box, seed, cells, buf, clustering);
  return buf.state(true);
}

/**
 * Galaxies in a box as a Population, keeping rows with a flux ≥ the floor (mJy) in at least one band:
 * a number applies to every band in `bands`, a record only to the bands it names. The sky is
 * streamed in chunks of cells, so memory grows with the kept rows only.
 */
export function sampleGalaxies(
  model: GalaxyModel,
  box: SkyBoxDeg,
  seed: number,
  bands: readonly Band[],
  floorMJy: number | Partial<Record<Band, number>>,
  clustering?: ClusteredSky,
): Population {
  const cells = cellsInBox(box);
  const buf = new StateBuffer(1 << 16);
  const kept = new KeptGalaxies(model, bands);
  const filter = new FloorFilter(model, bands, floorMJy);
  for (let c0 = 0; c0 < cells.length; c0 += CELLS_PER_CHUNK) {
    buf.n = 0;
    sampleCellsInto(model, box, seed, cells.slice(c0, c0 + CELLS_PER_CHUNK), buf, clustering);
    filter.filterInto(buf.state(false), kept);
  }
  return kept.population();
}
