/**
 * Detection-bounded galaxy sampling for wide shallow mocks (e.g. 1500 deg² at SPT-3G depth, where
 * the full lightcone would hold ~1e9 galaxies and only ~1e6 reach the truth floors).
 *
 * A galaxy's band flux is S = 10^(log SFR + R) · μ / D_L², log SFR = mean(m, SB) + σ_MS ε* with ε*
 * the SFR-cap truncated normal, R the band response at its temperature. For each (shell, halo-mass
 * bin, MS/SB) the plan bounds log SFR + R − 2 log D_L by A_b + X, linear in three standard normal
 * deviates, X = γ σ_AM ε_AM + σ_MS ε + a σ_U ε_U: γ the slope of a tangent of the concave main
 * sequence (bounding the stellar-mass scatter), a the slope of a linear envelope of the response
 * over <U> ± 6σ, ε the untruncated SFR deviate (ε* ≤ ε), the radio scatter at +6σ and D_L at the
 * shell's near edge. No galaxy outside E = {X + log μ̄ ≥ D}, D = min_b (log F_b − A_b) over the
 * floors F_b and μ̄ the upper end of its row of the SIDES lensing table, can reach a floor.
 * Halos are drawn at the bin's rate × P(SB flag) × P(E) × max P_SF (P(E) = Σ_rows P(row) Q(d_row));
 * each candidate draws its μ row ∝ P(row) Q(d_row), μ uniformly within the row (as the table's
 * inverse transform does), X from its normal tail, (ε_AM, ε, ε_U) given X (exact Gaussian
 * conditioning), the SF decision with probability P_SF(m) / max P_SF, and ε* = Φ⁻¹(Φ(ε) Φ(c)) — the
 * cap's redraw written as a monotone map, the same truncated normal. The kept galaxies therefore
 * follow the full model restricted to E, except for draws beyond 6σ in the bounded variables
 * (probability < 1e-8 per galaxy), which are left out. Sources below the floors are not represented.
 *
 * Draws are keyed by (seed, DETECTABLE_STREAM_ID, sky cell), one stream per cell over all shells,
 * so the output does not depend on how the sky is split (the sources differ from full sampling).
 */
import erfc from '@stdlib/math-base-special-erfc';
import erfcinv from '@stdlib/math-base-special-erfcinv';
import { RandomStream } from '../random/stream.js';
import { type Band, isRadioBand } from './bands.js';
import { comovingAt, redshiftAtComoving } from './cosmology.js';
import { halfErfc, normalZig, uniform32 } from './fast-draws.js';
import {
  type GalaxyModel,
  LOG_T_MIN,
  LOG_T_STEP,
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
} from './galaxy-model.js';
import { KIND, type Population } from './population.js';
import { FloorFilter, floorList, KeptGalaxies, StateBuffer } from './sample-galaxies.js';
import { CELL_SR, type CellBounds, cellsInBox, inBox, RA_STEP_DEG, SIN_STEP, type SkyBoxDeg } from './sky-cells.js';
import { logSfrMainSequenceAt } from './star-formation.js';

/** Stream id of detection-bounded galaxy draws (full sampling uses GALAXY_STREAM_ID = 1). */
export const DETECTABLE_STREAM_ID = 101;
/** Scatter excursions beyond K σ are not represented (one-sided normal tail 1e-9). */
const K_SIGMA = 6;
/** D is rounded down to this grid (a lower threshold keeps E a superset) to share row tables. */
const D_STEP = 0.05;

/** Grid of the MS tangent slope γ. */
const G_STEP = 0.05;
const D_OFFSET = 4000;
/** Grid of the <U> slope a. */
const A_STEP = 0.05;

function rowKey(k: number, gi: number, ai: number, di: number): number {
  return ((k * 64 + gi) * 512 + ai + 256) * 2 * D_OFFSET + di + D_OFFSET;
}

/** Upper normal tail Q(x) = P(N(0,1) > x), accurate far into the tail. */
function upperTail(x: number): number {
  return 0.5 * erfc(x * Math.SQRT1_2);
}

/** x with Q(x) = q. */
function tailInverse(q: number): number {
  return Math.SQRT2 * erfcinv(2 * q);
}

export interface DetectablePlan {
  /** Candidate halos per steradian. */
  perSr: number;
  /** Cumulative rate over the flattened (shell × halo bin × {MS, SB}) grid, normalised. */
  cdf: Float64Array;
  /** Per grid entry: D / D_STEP (an integer). */
  dIndex: Int32Array;
  /** Per grid entry: the MS tangent slope γ / G_STEP. */
  gIndex: Int32Array;
  /** Per grid entry: the <U> slope a / A_STEP. */
  aIndex: Int32Array;
  /** Per (shell × bin): the bound on P_SF used in the rate. */
  pSfBound: Float64Array;
  /** Row tables by rowKey(lensNode, γ, D): cumulative P(row) Q(d_row / σ_X) over the μ rows + tail. */
  rows: Map<number, Float64Array>;
}

/**
 * Per T node t: an upper bound on the table's cubic-in-T, linear-in-z interpolation over cell
 * [t, t+1] and the z rows `rows` (Lagrange overshoot inside a cell < 1/8 of the local node range).
 */
function envelope(t: Float64Array, rows: number[]): Float64Array {
  const out = new Float64Array(N_T).fill(Number.NEGATIVE_INFINITY);
  for (const a of rows)
    for (let k = 0; k < N_T; k++) {
      let lo = Number.POSITIVE_INFINITY;
      let hi = Number.NEGATIVE_INFINITY;
      for (let q = Math.max(0, k - 2); q <= Math.min(N_T - 1, k + 3); q++) {
        const v = t[a * N_T + q];
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
      out[k] = Math.max(out[k], hi + 0.125 * (hi - lo));
    }
  return out;
}

/** Cumulative P(row) · Q((D − log10 μ̄_row)/σ) over the rows of lensing node k (last entry: the tail at μ_max). */
function rowTable(model: GalaxyModel, k: number, d: number, sigma: number): Float64Array {
  const t = model.lensing;
  const n = t.mu.length;
  const base = k * n;
  const out = new Float64Array(n);
  let cum = 0;
  for (let r = 0; r < n - 1; r++) {
    const w = t.pGt[base + r] - t.pGt[base + r + 1];
    if (w > 0) cum += w * upperTail((d - Math.log10(t.mu[r + 1])) / sigma);
    out[r] = cum;
  }
  const tail = t.pGt[base + n - 1];
  if (tail > 0) cum += tail * upperTail((d - Math.log10(t.mu[n - 1])) / sigma);
  out[n - 1] = cum;
  return out;
}

/** The thinning plan for floors (mJy) in `bands` (which must be in the model). Parameter-only. */
export function detectablePlan(model: GalaxyModel, bands: readonly Band[], floors: readonly number[]): DetectablePlan {
  const p = model.params;
  const c = model.sfConstants;
  const nS = model.nShells;
  const nMh = model.logMh.length;
  const cdf = new Float64Array(nS * nMh * 2);
  const dIndex = new Int32Array(nS * nMh * 2);
  const gIndex = new Int32Array(nS * nMh * 2);
  const aIndex = new Int32Array(nS * nMh * 2);
  const pSfBound = new Float64Array(nS * nMh);
  const rows = new Map<number, Float64Array>();
  const logFloors = floors.map((f) => Math.log10(f));
  const sf = model.shellSf;
  let cum = 0;
  for (let s = 0; s < nS; s++) {
    const o = s * SHELL_SF_STRIDE;
    const dl = (1 + model.zLo[s]) * Math.max(comovingAt(model.dist, model.zLo[s]), 1e-3);
    const logInvDl2 = -2 * Math.log10(dl);
    const near = [Math.max(0, s - 1), s, Math.min(nS - 1, s + 1)];
    const uMs = sf[o + SF_UMS];
    const tNode = (logU: number) => (c.logT0 + (logU - c.log5) * c.invFourPlusBeta - LOG_T_MIN) / LOG_T_STEP;
    // Per MS/SB: a common slope a (response dex per dex of <U>, from the band with the smallest
    // margin) and per band B_b with R_b(u + δ) ≤ B_b + a δ for |δ| ≤ Kσ_U, so the <U> scatter joins
    // the Gaussian X (see sampleDetectableCell).
    const sigU = p.u_scatter_dex;
    const uAtNode = (t: number) => c.log5 + (LOG_T_MIN + t * LOG_T_STEP - c.logT0) / c.invFourPlusBeta;
    const tResp = [false, true].map((sb) => {
      const u = sb && c.logUsb > uMs ? c.logUsb : uMs;
      const env = bands.map((b) => (isRadioBand(b) ? null : envelope(model.dustResp[b] as Float64Array, near)));
      const radioB = bands.map((b) => {
        if (!isRadioBand(b)) return 0;
        const r = model.radioResp[b] as Float64Array;
        let v = Number.NEGATIVE_INFINITY;
        for (const q of near) v = Math.max(v, r[q]);
        return v + Math.abs(r[near[2]] - r[near[0]]); // margin for the end-shell extrapolation
      });
      const at = (e: Float64Array, logU: number) => e[Math.min(N_T - 1, Math.max(0, Math.round(tNode(logU))))];
      let best = -1;
      let bestV = Number.POSITIVE_INFINITY;
      for (let q = 0; q < bands.length; q++) {
        const e = env[q];
        const v = logFloors[q] - (e ? at(e, u) : radioB[q]);
        if (v < bestV) {
          bestV = v;
          best = q;
        }
      }
      const eBest = env[best];
      const slope = eBest ? (at(eBest, u + sigU) - at(eBest, u - sigU)) / (2 * sigU) : 0;
      const ai = Math.round(slope / A_STEP);
      const aSlope = ai * A_STEP;
      const bound = bands.map((_, q) => {
        const e = env[q];
        if (!e) return radioB[q];
        let m = Number.NEGATIVE_INFINITY;
        const dLo = -K_SIGMA * sigU;
        const dHi = K_SIGMA * sigU;
        // Cells of the T grid, clipped to the δ range; beyond the grid the response is the edge value.
        for (let t = -1; t < N_T; t++) {
          const uA = t < 0 ? Number.NEGATIVE_INFINITY : uAtNode(t) - u;
          const uB = t >= N_T - 1 ? Number.POSITIVE_INFINITY : uAtNode(t + 1) - u;
          const lo = Math.max(dLo, uA);
          const hi = Math.min(dHi, uB);
          if (lo > hi) continue;
          const v = e[Math.min(N_T - 1, Math.max(0, t))];
          const w = t >= 0 && t < N_T - 1 ? Math.max(v, e[t + 1]) : v;
          m = Math.max(m, w - aSlope * (aSlope > 0 ? lo : hi));
        }
        return m + 0.01;
      });
      return { ai, aSlope, bound };
    });
    const k = model.lensNode[s];
    const first = model.firstHalo[s];
    const psb = sf[o + SF_PSB];
    const r10 = sf[o + SF_R];
    for (let j = 0; j < nMh; j++) {
      const g = (s * nMh + j) * 2;
      const w = model.haloPerSrBin[s * nMh + j];
      if (!(w > 0)) {
        cdf[g] = cdf[g + 1] = cum;
        continue;
      }
      const mb = model.mbar[s * nMh + j];
      const mbA = model.mbar[s * nMh + Math.max(first, j - 1)];
      const mbB = model.mbar[s * nMh + Math.min(nMh - 1, j + 1)];
      const mbHi = Math.max(mb, mbA, mbB);
      const mbLo = Math.min(mb, mbA, mbB);
      // The MS is concave in m: the tangent of slope γ (grid G_STEP, 0 ≤ γ ≤ 1, nearest to the
      // slope at mbHi) bounds it, so log SFR ≤ L + γ σ_AM ε_AM + σ_MS ε with L the tangent at mbHi.
      const slopeHi = 1 - 0.6 * Math.max(0, mbHi + 0.24 - 9 - 0.36 - 2.5 * r10);
      const gi = Math.round(Math.min(1, Math.max(0, slopeHi)) / G_STEP);
      const gamma = gi * G_STEP;
      const m0 = (1 - gamma) / 0.6 + 0.36 + 2.5 * r10 - 0.24 + 9;
      const tangentHi = logSfrMainSequenceAt(m0, r10, sf[o + SF_ZP]) + gamma * (mbHi - m0);
      const sigmaX = Math.hypot(gamma * p.am_scatter_dex, p.ms_scatter_dex);
      const mLo = mbLo - K_SIGMA * p.am_scatter_dex;
      const mHi = mbHi + K_SIGMA * p.am_scatter_dex;
      const radioMass =
        Math.max(-p.qir_mstar_slope * (mLo - 10), -p.qir_mstar_slope * (mHi - 10)) + K_SIGMA * p.radio_scatter_dex;
      // Largest P_SF over the bin's ±Kσ stellar masses (P_SF falls with m): candidates are drawn at
      // this rate and kept as star-forming with P_SF(m) / pSfMax.
      const pSfMax = Math.min(1, sf[o + SF_MAX] * halfErfc((mLo - sf[o + SF_MT]) / sf[o + SF_ST]) * (1 + 1e-6) + 1e-7);
      pSfBound[s * nMh + j] = pSfMax;
      for (let sb = 0; sb < 2; sb++) {
        const tr = tResp[sb];
        const mean = tangentHi + (sb ? c.logSbBoost : c.logMsOffset) + c.logLirPerSfr;
        let d = Number.POSITIVE_INFINITY;
        for (let b = 0; b < bands.length; b++) {
          const a = mean + tr.bound[b] + logInvDl2 + (isRadioBand(bands[b]) ? sf[o + SF_RADIO] + radioMass : 0);
          d = Math.min(d, logFloors[b] - a);
        }
        const di = Math.max(-D_OFFSET + 1, Math.min(D_OFFSET - 1, Math.floor(d / D_STEP)));
        dIndex[g + sb] = di;
        gIndex[g + sb] = gi;
        aIndex[g + sb] = tr.ai;
        const key = rowKey(k, gi, tr.ai, di);
        let table = rows.get(key);
        if (!table) {
          table = rowTable(model, k, di * D_STEP, Math.hypot(sigmaX, tr.aSlope * sigU));
          rows.set(key, table);
        }
        cum += w * pSfMax * (sb ? psb : 1 - psb) * table[table.length - 1];
        cdf[g + sb] = cum;
      }
    }
  }
  if (cum > 0) for (let i = 0; i < cdf.length; i++) cdf[i] /= cum;
  return { perSr: cum, cdf, dIndex, gIndex, aIndex, pSfBound, rows };
}

const planCache = new WeakMap<GalaxyModel, Map<string, DetectablePlan>>();

/** detectablePlan, built once per model and floor set (box splits and chunks reuse it). */
function cachedPlan(model: GalaxyModel, bands: readonly Band[], floors: readonly number[]): DetectablePlan {
  let m = planCache.get(model);
  if (!m) {
    m = new Map();
    planCache.set(model, m);
  }
  const key = bands.map((b, i) => `${b}=${floors[i]}`).join(',');
  let plan = m.get(key);
  if (!plan) {
    plan = detectablePlan(model, bands, floors);
    m.set(key, plan);
  }
  return plan;
}

/** Draws the candidate galaxies of one sky cell (all shells) into `buf`. */
function sampleDetectableCell(
  model: GalaxyModel,
  plan: DetectablePlan,
  seed: number,
  cell: CellBounds,
  box: SkyBoxDeg,
  buf: StateBuffer,
): void {
  const rng = new RandomStream(seed, DETECTABLE_STREAM_ID, cell.id);
  const count = rng.poisson(plan.perSr * CELL_SR);
  const nMh = model.logMh.length;
  const p = model.params;
  const c = model.sfConstants;
  const sfT = model.shellSf;
  const lens = model.lensing;
  const nMu = lens.mu.length;
  const sigma = p.ms_scatter_dex;
  const r2d = 180 / Math.PI;
  const cdf = plan.cdf;
  for (let g = 0; g < count; g++) {
    // (shell, halo bin, SB flag) by the thinned rates.
    const u = rng.uniform();
    let lo = 0;
    let hi = cdf.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid] >= u) hi = mid;
      else lo = mid + 1;
    }
    const sb = lo & 1;
    const s = Math.floor(lo / (2 * nMh));
    const j = (lo >> 1) - s * nMh;
    const o = s * SHELL_SF_STRIDE;
    const k = model.lensNode[s];
    const di = plan.dIndex[lo];
    const gi = plan.gIndex[lo];
    const ai = plan.aIndex[lo];
    const table = plan.rows.get(rowKey(k, gi, ai, di)) as Float64Array;
    // μ row ∝ P(row) Q(d_row); μ uniform within the row (the last entry is the tail at μ_max).
    const v = rng.uniform() * table[nMu - 1];
    let r = 0;
    let rHi = nMu - 1;
    while (r < rHi) {
      const mid = (r + rHi) >> 1;
      if (table[mid] >= v) rHi = mid;
      else r = mid + 1;
    }
    const wMu = rng.uniform();
    const mu = r === nMu - 1 ? lens.mu[nMu - 1] : lens.mu[r] + wMu * (lens.mu[r + 1] - lens.mu[r]);
    const muTop = lens.mu[Math.min(r + 1, nMu - 1)];
    // X = γ σ_AM ε_AM + σ_MS ε + a σ_U ε_U ~ N(0, σ_X²) given X ≥ D − log μ̄; then the three
    // deviates given X: ε = ζ + c (X − c·ζ)/σ_X² with ζ independent N(0, 1) (exact Gaussian conditioning).
    const cAm = gi * G_STEP * p.am_scatter_dex;
    const cU = ai * A_STEP * p.u_scatter_dex;
    const var2 = cAm * cAm + sigma * sigma + cU * cU;
    const sigmaX = Math.sqrt(var2);
    const x = sigmaX * tailInverse(rng.uniform() * upperTail((di * D_STEP - Math.log10(muTop)) / sigmaX));
    const zAm = normalZig(rng);
    const zMs = normalZig(rng);
    const zU = normalZig(rng);
    const kr = (x - cAm * zAm - sigma * zMs - cU * zU) / var2;
    const epsAm = zAm + cAm * kr;
    const eps = zMs + sigma * kr;
    const epsU = zU + cU * kr;
    const ra = cell.raLoDeg + rng.uniform() * RA_STEP_DEG;
    const dec = Math.asin(Math.min(1, cell.sinDecLo + rng.uniform() * SIN_STEP)) * r2d;
    const dc3Lo = model.dcLo[s] ** 3;
    const z = redshiftAtComoving(model.dist, Math.cbrt(dc3Lo + rng.uniform() * (model.dcHi[s] ** 3 - dc3Lo)));
    const off = rng.uniform() - 0.5;
    const base = s * nMh;
    const nb = off >= 0 ? Math.min(j + 1, nMh - 1) : Math.max(j - 1, model.firstHalo[s]);
    const mb = model.mbar[base + j] + Math.abs(off) * (model.mbar[base + nb] - model.mbar[base + j]);
    const m = mb + p.am_scatter_dex * epsAm;
    // Star-forming (as drawStarFormation); quiescent galaxies have no flux and are dropped.
    const pSf = sfT[o + SF_MAX] * halfErfc((m - sfT[o + SF_MT]) / sfT[o + SF_ST]);
    if (!(uniform32(rng) * plan.pSfBound[base + j] < pSf)) continue;
    const mean = logSfrMainSequenceAt(m, sfT[o + SF_R], sfT[o + SF_ZP]) + (sb ? c.logSbBoost : c.logMsOffset);
    // The cap's redraw as a monotone map of ε: ε* = Φ⁻¹(Φ(ε) Φ(c)) ≤ ε is N(0,1) truncated at c.
    const qe = upperTail(eps);
    const qc = upperTail((c.logSfrMax - mean) / sigma);
    const logSfr = Math.min(mean + sigma * tailInverse(qe + qc - qe * qc), c.logSfrMax);
    const uMs = sfT[o + SF_UMS];
    const logU = (sb && c.logUsb > uMs ? c.logUsb : uMs) + p.u_scatter_dex * epsU;
    const logLr =
      logSfr + c.logLirPerSfr + sfT[o + SF_RADIO] - p.qir_mstar_slope * (m - 10) + p.radio_scatter_dex * normalZig(rng);
    if (!inBox(box, ra, dec)) continue;
    const i = buf.add();
    buf.raDeg[i] = ra;
    buf.decDeg[i] = dec;
    buf.z[i] = z;
    buf.shell[i] = s;
    buf.logMhalo[i] = model.logMh[j] + off * model.logMhStep;
    buf.logMstar[i] = m;
    buf.kind[i] = sb ? KIND.starburst : KIND.starForming;
    buf.logSfr[i] = logSfr;
    buf.logT[i] = c.logT0 + (logU - c.log5) * c.invFourPlusBeta;
    buf.mu[i] = mu;
    buf.logLRadio[i] = logLr;
  }
}

/**
 * The galaxies of a box with a flux ≥ the floor in at least one floor band, drawing only the
 * candidates that can reach a floor (see the file comment). Same output shape as sampleGalaxies.
 *
 * @example const pop = sampleDetectableGalaxies(model, box, 1, BAND_NAMES, { spt150: 0.47 });
 */
export function sampleDetectableGalaxies(
  model: GalaxyModel,
  box: SkyBoxDeg,
  seed: number,
  bands: readonly Band[],
  floorMJy: number | Partial<Record<Band, number>>,
): Population {
  const fl = floorList(bands, floorMJy);
  const plan = cachedPlan(model, fl.bands, fl.floors);
  const cells = cellsInBox(box);
  const buf = new StateBuffer(1 << 14);
  const kept = new KeptGalaxies(model, bands);
  const filter = new FloorFilter(model, bands, floorMJy);
  const chunk = 4096;
  for (let c0 = 0; c0 < cells.length; c0 += chunk) {
    buf.n = 0;
    const c1 = Math.min(cells.length, c0 + chunk);
    for (let c = c0; c < c1; c++) sampleDetectableCell(model, plan, seed, cells[c], box, buf);
    filter.filterInto(buf.state(false), kept);
  }
  return kept.population();
}
