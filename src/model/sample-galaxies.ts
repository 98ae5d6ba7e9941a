/**
 * Samples galaxies of the model over a sky box: per (redshift shell, sky cell) a Poisson number of
 * halos, each with a position, redshift ∝ dV/dz, halo mass (inverse CDF of the Tinker mass function),
 * stellar mass (abundance matching + scatter), star-forming/starburst flags, SFR (redrawn above the
 * cap, as SIDES), <U>, magnification and radio scatter; then band fluxes (`galaxyFluxes`).
 * Deterministic per seed and independent of how the sky is split (sky-cells.ts).
 */
import { RandomStream } from '../random/stream.js';
import { type Band, isRadioBand } from './bands.js';
import { redshiftAtComoving } from './cosmology.js';
import {
  type GalaxyModel,
  N_T,
  SF_MAX,
  SF_MT,
  SF_PSB,
  SF_R,
  SF_RADIO,
  SF_ST,
  SF_UMS,
  SF_ZP,
  SHELL_SF_STRIDE,
  tIndex,
} from './galaxy-model.js';
import { GrowableF64, GrowableU8 } from './growable.js';
import { magnificationFromUniform } from './lensing.js';
import { KIND, type Population } from './population.js';
import { CELL_SR, cellsInBox, inBox, RA_STEP_DEG, SIN_STEP, type SkyBoxDeg } from './sky-cells.js';
import { erfcApprox, logSfrMainSequenceAt } from './star-formation.js';

/** Population id in the random-stream key (AGN use other ids). */
export const GALAXY_STREAM_ID = 1;

/** Per-galaxy physical state before fluxes (struct of arrays). */
export interface GalaxyState {
  n: number;
  raDeg: Float64Array;
  decDeg: Float64Array;
  z: Float64Array;
  shell: Int32Array;
  logMhalo: Float64Array;
  logMstar: Float64Array;
  kind: Uint8Array;
  /** log10 SFR (−Inf for quiescent). */
  logSfr: Float64Array;
  /** log10 dust temperature (K). */
  logT: Float64Array;
  mu: Float64Array;
  /** log10 L_1.4GHz (W/Hz). */
  logLRadio: Float64Array;
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
  const p = model.params;
  const t = model.shellSf;
  const o = s * SHELL_SF_STRIDE;
  // Shell-level z terms (the expected counts use the same shell values).
  if (!(rng.uniform() < t[o + SF_MAX] * 0.5 * erfcApprox((m - t[o + SF_MT]) / t[o + SF_ST]))) {
    out[0] = Number.NEGATIVE_INFINITY;
    out[1] = Number.NaN;
    out[2] = 1;
    out[3] = Number.NEGATIVE_INFINITY;
    return KIND.quiescent;
  }
  const c = model.sfConstants;
  const sb = rng.uniform() < t[o + SF_PSB];
  const mean = logSfrMainSequenceAt(m, t[o + SF_R], t[o + SF_ZP]) + (sb ? c.logSbBoost : c.logMsOffset);
  const logCap = c.logSfrMax;
  let logSfr: number;
  do logSfr = mean + p.ms_scatter_dex * rng.normal();
  while (logSfr > logCap);
  out[0] = logSfr;
  // logDustTemperature(logUMean(z, sb) + scatter), with the parameter-only logs hoisted.
  const uMs = t[o + SF_UMS];
  const logU = (sb && c.logUsb > uMs ? c.logUsb : uMs) + p.u_scatter_dex * rng.normal();
  out[1] = c.logT0 + (logU - c.log5) * c.invFourPlusBeta;
  out[2] = magnificationFromUniform(model.lensing, model.lensNode[s], rng.uniform());
  out[3] =
    logSfr + c.logLirPerSfr + t[o + SF_RADIO] - p.qir_mstar_slope * (m - 10) + p.radio_scatter_dex * rng.normal();
  return sb ? KIND.starburst : KIND.starForming;
}

/** Draws the galaxies of one (shell, cell) into the growable buffers. */
function sampleCell(
  model: GalaxyModel,
  seed: number,
  s: number,
  cellId: number,
  raLoDeg: number,
  sinDecLo: number,
  box: SkyBoxDeg,
  bufs: Record<string, GrowableF64>,
  kinds: GrowableU8,
): void {
  const p = model.params;
  const nMh = model.logMh.length;
  const rng = new RandomStream(seed, GALAXY_STREAM_ID, s, cellId);
  const count = rng.poisson(model.halosPerSr[s] * CELL_SR);
  const dc3Lo = model.dcLo[s] ** 3;
  const dc3Span = model.dcHi[s] ** 3 - dc3Lo;
  const sf = new Float64Array(4);
  const cdfBase = s * nMh;
  const r2d = 180 / Math.PI;
  for (let g = 0; g < count; g++) {
    const ra = raLoDeg + rng.uniform() * RA_STEP_DEG;
    const dec = Math.asin(Math.min(1, sinDecLo + rng.uniform() * SIN_STEP)) * r2d;
    const z = redshiftAtComoving(model.dist, Math.cbrt(dc3Lo + rng.uniform() * dc3Span));
    // Halo bin by inverse CDF, uniform within the bin.
    const u = rng.uniform();
    let lo = model.firstHalo[s];
    let hi = nMh - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (model.haloCdf[cdfBase + mid] >= u) hi = mid;
      else lo = mid + 1;
    }
    const off = rng.uniform() - 0.5;
    const logMh = model.logMh[lo] + off * model.logMhStep;
    const nb = off >= 0 ? Math.min(lo + 1, nMh - 1) : Math.max(lo - 1, model.firstHalo[s]);
    const mb = model.mbar[cdfBase + lo] + Math.abs(off) * (model.mbar[cdfBase + nb] - model.mbar[cdfBase + lo]);
    const m = mb + p.am_scatter_dex * rng.normal();
    const inside = inBox(box, ra, dec);
    const kind = drawStarFormation(rng, model, s, m, sf);
    const logSfr = sf[0];
    const logT = sf[1];
    const mu = sf[2];
    const logLr = sf[3];
    if (!inside) continue;
    bufs.ra.push(ra);
    bufs.dec.push(dec);
    bufs.z.push(z);
    bufs.shell.push(s);
    bufs.logMh.push(logMh);
    bufs.m.push(m);
    bufs.logSfr.push(logSfr);
    bufs.logT.push(logT);
    bufs.mu.push(mu);
    bufs.logLr.push(logLr);
    kinds.push(kind);
  }
}

/**
 * Samples every galaxy (M* above the model's floor) in a sky box.
 *
 * @example const st = sampleGalaxyStates(buildGalaxyModel(resolveParams()), boxForArea(30, -55, 0.1), 1);
 */
export function sampleGalaxyStates(model: GalaxyModel, box: SkyBoxDeg, seed: number): GalaxyState {
  const names = ['ra', 'dec', 'z', 'shell', 'logMh', 'm', 'logSfr', 'logT', 'mu', 'logLr'];
  const bufs: Record<string, GrowableF64> = {};
  for (const k of names) bufs[k] = new GrowableF64();
  const kinds = new GrowableU8();
  const cells = cellsInBox(box);
  for (const c of cells)
    for (let s = 0; s < model.nShells; s++) sampleCell(model, seed, s, c.id, c.raLoDeg, c.sinDecLo, box, bufs, kinds);
  return {
    n: kinds.length,
    raDeg: bufs.ra.toArray(),
    decDeg: bufs.dec.toArray(),
    z: bufs.z.toArray(),
    shell: Int32Array.from(bufs.shell.toArray()),
    logMhalo: bufs.logMh.toArray(),
    logMstar: bufs.m.toArray(),
    kind: kinds.toArray(),
    logSfr: bufs.logSfr.toArray(),
    logT: bufs.logT.toArray(),
    mu: bufs.mu.toArray(),
    logLRadio: bufs.logLr.toArray(),
  };
}

/**
 * Observed-frame band fluxes (mJy, lensed) of galaxy states: dust bands from the (z, T) response
 * tables, radio bands from the star-forming radio spectrum. Quiescent galaxies get 0.
 */
export function galaxyFluxes(
  model: GalaxyModel,
  st: GalaxyState,
  bands: readonly Band[],
): Partial<Record<Band, Float64Array>> {
  const p = model.params;
  const out: Partial<Record<Band, Float64Array>> = {};
  const n = st.n;
  // Per-row quantities shared by all bands: the (shell, T) cell and weights of the response-table
  // interpolation, and log L − 2 log D_L + log μ (NaN rows are quiescent).
  const cell = new Int32Array(n);
  const fz = new Float64Array(n);
  const ft = new Float64Array(n);
  const shellLo = new Int32Array(n);
  const dustBase = new Float64Array(n);
  const radioBase = new Float64Array(n);
  const logLir = Math.log10(p.lir_per_sfr);
  const nLast = model.nShells - 2;
  for (let i = 0; i < n; i++) {
    const s = st.shell[i];
    const z = st.z[i];
    let a = z < model.zRep[s] ? s - 1 : s;
    if (a < 0) a = 0;
    else if (a > nLast) a = nLast;
    shellLo[i] = a;
    const f = (z - model.zRep[a]) / (model.zRep[a + 1] - model.zRep[a]);
    fz[i] = f < 0 ? 0 : Math.min(f, 1);
    if (st.kind[i] === KIND.quiescent) {
      dustBase[i] = Number.NaN;
      radioBase[i] = Number.NaN;
      continue;
    }
    const ti = tIndex(st.logT[i]);
    const t0 = ti >= N_T - 1 ? N_T - 2 : Math.floor(ti);
    ft[i] = ti - t0;
    cell[i] = a * N_T + t0;
    const base = Math.log10(st.mu[i] / ((1 + z) * comovingFast(model, z)) ** 2);
    dustBase[i] = st.logSfr[i] + logLir + base;
    radioBase[i] = st.logLRadio[i] + base;
  }
  for (const b of bands) {
    const f = new Float64Array(n);
    if (isRadioBand(b)) {
      const r = model.radioResp[b] as Float64Array;
      for (let i = 0; i < n; i++) {
        const x = radioBase[i];
        if (Number.isNaN(x)) continue;
        const a = shellLo[i];
        f[i] = Math.exp(Math.LN10 * (x + r[a] + fz[i] * (r[a + 1] - r[a])));
      }
    } else {
      const t = model.dustResp[b] as Float64Array;
      for (let i = 0; i < n; i++) {
        const x = dustBase[i];
        if (Number.isNaN(x)) continue;
        const a = cell[i];
        const w = ft[i];
        const lo = t[a] + w * (t[a + 1] - t[a]);
        const hi = t[a + N_T] + w * (t[a + N_T + 1] - t[a + N_T]);
        f[i] = Math.exp(Math.LN10 * (x + lo + fz[i] * (hi - lo)));
      }
    }
    out[b] = f;
  }
  return out;
}

function comovingFast(model: GalaxyModel, z: number): number {
  const g = model.dist;
  const x = z / g.dz;
  const i = Math.min(Math.floor(x), g.comovingMpc.length - 2);
  return g.comovingMpc[i] + (x - i) * (g.comovingMpc[i + 1] - g.comovingMpc[i]);
}

/**
 * Galaxies in a box as a Population, keeping rows with a flux ≥ the floor (mJy) in at least one band:
 * a number applies to every band in `bands`, a record only to the bands it names.
 */
export function sampleGalaxies(
  model: GalaxyModel,
  box: SkyBoxDeg,
  seed: number,
  bands: readonly Band[],
  floorMJy: number | Partial<Record<Band, number>>,
): Population {
  const st = sampleGalaxyStates(model, box, seed);
  const flux = galaxyFluxes(model, st, bands);
  const floors: [Float64Array, number][] = [];
  for (const b of bands) {
    const f = typeof floorMJy === 'number' ? floorMJy : floorMJy[b];
    if (f !== undefined) floors.push([flux[b] as Float64Array, f]);
  }
  const keep: number[] = [];
  for (let i = 0; i < st.n; i++) {
    for (const [f, lim] of floors)
      if (f[i] >= lim) {
        keep.push(i);
        break;
      }
  }
  const idx = Int32Array.from(keep);
  const take = (a: Float64Array) => {
    const o = new Float64Array(idx.length);
    for (let j = 0; j < idx.length; j++) o[j] = a[idx[j]];
    return o;
  };
  const fluxMJy: Partial<Record<Band, Float64Array>> = {};
  const syncDominant: Partial<Record<Band, Uint8Array>> = {};
  for (const b of bands) {
    fluxMJy[b] = take(flux[b] as Float64Array);
    syncDominant[b] = new Uint8Array(idx.length).fill(isRadioBand(b) ? 1 : 0);
  }
  const kind = new Uint8Array(idx.length);
  for (let j = 0; j < idx.length; j++) kind[j] = st.kind[idx[j]];
  const sfr = take(st.logSfr).map((v) => 10 ** v);
  return {
    n: idx.length,
    raDeg: take(st.raDeg),
    decDeg: take(st.decDeg),
    z: take(st.z),
    kind,
    mu: take(st.mu),
    fluxMJy,
    syncDominant,
    logMstar: take(st.logMstar),
    sfr,
    lir: sfr.map((v) => v * model.params.lir_per_sfr),
    logMhalo: take(st.logMhalo),
  };
}
