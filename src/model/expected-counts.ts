/**
 * Expected differential counts dN/dS of star-forming galaxies per band, as an integral over the same
 * model the sampler draws from (not by sampling). Per redshift shell:
 *   1. stellar-mass distribution: halos per bin ⊗ log-normal abundance-matching scatter;
 *   2. SFR distribution per population (MS, SB): P_SF · P_pop · truncated log-normal about the MS
 *      (truncation at sfr_max = SIDES's redraw), accumulated on a log L grid;
 *   3. per band, the log-flux distribution = log L ⊗ [log response over <U> nodes, lensing
 *      intervals and equal-volume sub-shells];
 * then summed over shells into fine log-S bins. Structure: parameter-only tables (galaxy-model.ts),
 * elementwise maps over grids, and reductions — what the differentiable compiler traces.
 */
import { type Band, isRadioBand } from './bands.js';
import { type GalaxyModel, N_T, tIndex } from './galaxy-model.js';
import { magnificationPdf } from './lensing.js';
import { logRadioPerLir } from './radio-sf.js';
import {
  logDustTemperature,
  logSfrMainSequence,
  logSfrOffset,
  logUMean,
  normalCdf,
  probStarburst,
  probStarForming,
} from './star-formation.js';

/** Fine log10 grid shared by luminosities and fluxes. */
export const FINE_STEP = 0.02;
const L_MIN = 4; // log10 L_IR (Lsun) grid origin
const R_MIN = 14; // log10 L_1.4GHz (W/Hz) grid origin
const N_L = 700;
/** Fine flux grid: log10 S (mJy) from S_MIN in FINE_STEP bins. */
export const S_MIN_LOG = -5;
export const N_S = 600;
const M_MIN = 5.5;
const M_STEP = 0.05;
const N_M = 160;
const SUB_SHELLS = 8;
const U_NODES = 33; // standard-normal nodes −4…4 step 0.25

export interface FineCounts {
  /** Sources per steradian in each fine log-S bin [S_MIN_LOG + i·FINE_STEP, +FINE_STEP), mJy. */
  dusty: Float64Array;
  synchrotron: Float64Array;
}

/** Adds w × ∫ over each grid bin of a normal(mean, sd) truncated above at `upper` (not renormalised). */
function addGaussianBins(
  hist: Float64Array,
  x0: number,
  step: number,
  w: number,
  mean: number,
  sd: number,
  upper: number,
): void {
  const lo = mean - 5 * sd;
  const hi = Math.min(mean + 5 * sd, upper);
  if (hi <= lo) return;
  let i0 = Math.floor((lo - x0) / step);
  let i1 = Math.floor((hi - x0) / step);
  if (i0 < 0) i0 = 0;
  if (i1 > hist.length - 1) i1 = hist.length - 1;
  let cPrev = normalCdf((Math.max(x0 + i0 * step, lo) - mean) / sd);
  for (let i = i0; i <= i1; i++) {
    const edge = Math.min(x0 + (i + 1) * step, hi);
    const c = normalCdf((edge - mean) / sd);
    hist[i] += w * (c - cPrev);
    cPrev = c;
  }
}

/** out[i + q] += h[i] k[q] for a kernel k placed at offset q0 (bins). */
function convolveInto(
  out: Float64Array,
  h: Float64Array,
  hLo: number,
  hHi: number,
  k: Float64Array,
  kLo: number,
  kHi: number,
  q0: number,
): void {
  for (let q = kLo; q <= kHi; q++) {
    const kv = k[q];
    if (kv === 0) continue;
    const shift = q + q0;
    const a = Math.max(hLo, -shift);
    const b = Math.min(hHi, out.length - 1 - shift);
    for (let i = a; i <= b; i++) out[i + shift] += h[i] * kv;
  }
}

/** Standard-normal quadrature nodes and normalised weights. */
function normalNodes(): { x: Float64Array; w: Float64Array } {
  const x = new Float64Array(U_NODES);
  const w = new Float64Array(U_NODES);
  let s = 0;
  for (let i = 0; i < U_NODES; i++) {
    x[i] = -4 + 0.25 * i;
    w[i] = Math.exp(-0.5 * x[i] * x[i]);
    s += w[i];
  }
  for (let i = 0; i < U_NODES; i++) w[i] /= s;
  return { x, w };
}

/**
 * Fine-binned expected counts per sr of the model's star-forming galaxies in each band.
 *
 * @example const fine = expectedGalaxyCounts(buildGalaxyModel(resolveParams()), ['spire250']);
 */
export interface ExpectedOptions {
  /** Only magnifications in [muMin, muMax) (e.g. the lensed part, μ ≥ 2). */
  muMin?: number;
  muMax?: number;
  /** Per shell, sources per sr in `band` (dusty + synchrotron) with S ≥ sMinMJy, written to `out`. */
  perShell?: { band: Band; sMinMJy: number; out: Float64Array };
  /** Per shell, the fine dusty counts per sr in `band`: out[shell * N_S + i] (joint selections, validation). */
  perShellFine?: { band: Band; out: Float64Array };
}

export function expectedGalaxyCounts(
  model: GalaxyModel,
  bands: readonly Band[],
  opts: ExpectedOptions = {},
): Map<Band, FineCounts> {
  const p = model.params;
  const out = new Map<Band, FineCounts>();
  for (const b of bands) out.set(b, { dusty: new Float64Array(N_S), synchrotron: new Float64Array(N_S) });
  const nMh = model.logMh.length;
  const nodes = normalNodes();
  const logCap = Math.log10(p.sfr_max);
  const logLir = Math.log10(p.lir_per_sfr);
  const sdMs = p.ms_scatter_dex;
  const sdR = p.radio_scatter_dex;
  const pm = new Float64Array(N_M);
  const hist = [new Float64Array(N_L), new Float64Array(N_L)]; // log L_IR per pop (MS, SB)
  const radio = new Float64Array(N_L); // log L_1.4 (W/Hz), before radio scatter
  const radioS = new Float64Array(N_L);
  const kernel = new Float64Array(N_L * 2);
  const lensed = [new Float64Array(N_L), new Float64Array(N_L)];
  const lensedRadio = new Float64Array(N_L);
  const respBuf = new Float64Array(U_NODES);
  const rKernel = new Float64Array(64);
  // Radio scatter kernel (bin-integrated Gaussian, centred at index 32).
  for (let q = 0; q < 64; q++) {
    const a = (q - 32 - 0.5) * FINE_STEP;
    rKernel[q] = sdR > 0 ? normalCdf((a + FINE_STEP) / sdR) - normalCdf(a / sdR) : q === 32 ? 1 : 0;
  }
  for (let s = 0; s < model.nShells; s++) {
    const z = model.zRep[s];
    // 1. Stellar-mass distribution (per sr per m bin).
    pm.fill(0);
    for (let j = model.firstHalo[s]; j < nMh; j++) {
      const w = model.haloPerSrBin[s * nMh + j];
      if (w <= 0) continue;
      const mb = model.mbar[s * nMh + j];
      if (p.am_scatter_dex > 0)
        addGaussianBins(pm, M_MIN - M_STEP / 2, M_STEP, w, mb, p.am_scatter_dex, Number.POSITIVE_INFINITY);
      else {
        const x = (mb - M_MIN) / M_STEP;
        const i = Math.floor(x);
        const f = x - i;
        if (i >= 0 && i < N_M - 1) {
          pm[i] += w * (1 - f);
          pm[i + 1] += w * f;
        }
      }
    }
    // 2. SFR → L_IR and L_1.4 distributions.
    hist[0].fill(0);
    hist[1].fill(0);
    radio.fill(0);
    const pSb = probStarburst(z, p);
    for (let k = 0; k < N_M; k++) {
      if (pm[k] <= 0) continue;
      const m = M_MIN + k * M_STEP;
      const wSf = pm[k] * probStarForming(m, z);
      if (wSf <= 0) continue;
      const ms = logSfrMainSequence(m, z, p);
      const radioShift = logRadioPerLir(m, z, p) + logLir;
      for (let pop = 0; pop < 2; pop++) {
        const w = wSf * (pop === 0 ? 1 - pSb : pSb);
        if (w <= 0) continue;
        const mean = ms + logSfrOffset(pop === 1, p);
        const keep = normalCdf((logCap - mean) / sdMs); // mass below the cap; redraws renormalise
        if (!(keep > 0)) continue;
        addGaussianBins(hist[pop], L_MIN - logLir, FINE_STEP, w / keep, mean, sdMs, logCap);
        addGaussianBins(radio, R_MIN - radioShift, FINE_STEP, w / keep, mean, sdMs, logCap);
      }
    }
    // Radio scatter.
    radioS.fill(0);
    let rLo = N_L;
    let rHi = -1;
    for (let i = 0; i < N_L; i++)
      if (radio[i] > 0) {
        rLo = Math.min(rLo, i);
        rHi = i;
      }
    if (rHi >= 0) convolveInto(radioS, radio, rLo, rHi, rKernel, 0, 63, -32);
    // 3. Lensing and the spread of D_L within the shell act alike on every band: apply them once.
    const lens = selectMu(
      magnificationPdf(model.lensing, model.lensNode[s]),
      opts.muMin ?? 0,
      opts.muMax ?? Number.POSITIVE_INFINITY,
    );
    const before = opts.perShell ? countAbove(out.get(opts.perShell.band) as FineCounts, opts.perShell.sMinMJy) : 0;
    const fineBefore = opts.perShellFine
      ? Float64Array.from((out.get(opts.perShellFine.band) as FineCounts).dusty)
      : undefined;
    const logDl = new Float64Array(SUB_SHELLS);
    for (let u = 0; u < SUB_SHELLS; u++) {
      const dc = Math.cbrt(model.dcLo[s] ** 3 + ((u + 0.5) / SUB_SHELLS) * (model.dcHi[s] ** 3 - model.dcLo[s] ** 3));
      logDl[u] = Math.log10((1 + zAtComoving(model, dc)) * dc);
    }
    const logDlRef = logDl[SUB_SHELLS >> 1];
    buildKernel(kernel, lens, logDl, logDlRef);
    for (let pop = 0; pop < 2; pop++) {
      lensed[pop].fill(0);
      accumulate(lensed[pop], hist[pop], kernel);
    }
    lensedRadio.fill(0);
    accumulate(lensedRadio, radioS, kernel);
    // 4. Per band: the response (over <U> nodes for dust) shifts the lensed distribution into log S.
    for (const b of bands) {
      const fc = out.get(b) as FineCounts;
      if (isRadioBand(b)) {
        const resp = (model.radioResp[b] as Float64Array)[s];
        shiftKernel(kernel, [resp - 2 * logDlRef + R_MIN - S_MIN_LOG], [1]);
        accumulate(fc.synchrotron, lensedRadio, kernel);
      } else {
        const table = model.dustResp[b] as Float64Array;
        for (let pop = 0; pop < 2; pop++) {
          const lu = logUMean(z, pop === 1, p);
          for (let i = 0; i < U_NODES; i++) {
            const ti = tIndex(logDustTemperature(lu + p.u_scatter_dex * nodes.x[i], p));
            const t0 = Math.min(Math.floor(ti), N_T - 2);
            const f = ti - t0;
            respBuf[i] = table[s * N_T + t0] * (1 - f) + table[s * N_T + t0 + 1] * f - 2 * logDlRef + L_MIN - S_MIN_LOG;
          }
          shiftKernel(kernel, respBuf, nodes.w);
          accumulate(fc.dusty, lensed[pop], kernel);
        }
      }
    }
    if (opts.perShell)
      opts.perShell.out[s] = countAbove(out.get(opts.perShell.band) as FineCounts, opts.perShell.sMinMJy) - before;
    if (opts.perShellFine && fineBefore) {
      const d = (out.get(opts.perShellFine.band) as FineCounts).dusty;
      for (let i = 0; i < N_S; i++) opts.perShellFine.out[s * N_S + i] = d[i] - fineBefore[i];
    }
  }
  return out;
}

const KERNEL_ORIGIN = N_L; // kernel index of offset 0

/** CIC-assigns `w` at offset x (in fine bins) into a kernel centred at KERNEL_ORIGIN. */
function cic(kernel: Float64Array, x: number, w: number): void {
  const y = x + KERNEL_ORIGIN;
  const i = Math.floor(y);
  if (i < 0 || i >= kernel.length - 1) return;
  const f = y - i;
  kernel[i] += w * (1 - f);
  kernel[i + 1] += w * f;
}

/** Kernel of log μ − 2 (log D_L − log D_L,ref) over lensing intervals and equal-volume sub-shells. */
function buildKernel(
  kernel: Float64Array,
  lens: { logMu: Float64Array; prob: Float64Array },
  logDl: Float64Array,
  logDlRef: number,
): void {
  kernel.fill(0);
  const wd = 1 / logDl.length;
  for (let d = 0; d < logDl.length; d++) {
    const base = -2 * (logDl[d] - logDlRef);
    for (let k = 0; k < lens.logMu.length; k++) cic(kernel, (base + lens.logMu[k]) / FINE_STEP, wd * lens.prob[k]);
  }
}

/** Kernel of pure shifts (in dex) with weights. */
function shiftKernel(kernel: Float64Array, shiftsDex: ArrayLike<number>, w: ArrayLike<number>): void {
  kernel.fill(0);
  for (let i = 0; i < shiftsDex.length; i++) cic(kernel, shiftsDex[i] / FINE_STEP, w[i]);
}

function accumulate(target: Float64Array, h: Float64Array, kernel: Float64Array): void {
  let hLo = h.length;
  let hHi = -1;
  for (let i = 0; i < h.length; i++)
    if (h[i] > 0) {
      if (hLo === h.length) hLo = i;
      hHi = i;
    }
  if (hHi < 0) return;
  let kLo = kernel.length;
  let kHi = -1;
  for (let q = 0; q < kernel.length; q++)
    if (kernel[q] > 0) {
      if (kLo === kernel.length) kLo = q;
      kHi = q;
    }
  if (kHi < 0) return;
  convolveInto(target, h, hLo, hHi, kernel, kLo, kHi, -KERNEL_ORIGIN);
}

function zAtComoving(model: GalaxyModel, dc: number): number {
  const g = model.dist;
  const x = dc / g.dcStep;
  const i = Math.min(Math.floor(x), g.zAtDc.length - 2);
  return g.zAtDc[i] + (x - i) * (g.zAtDc[i + 1] - g.zAtDc[i]);
}

function selectMu(
  pdf: { logMu: Float64Array; prob: Float64Array },
  muMin: number,
  muMax: number,
): { logMu: Float64Array; prob: Float64Array } {
  if (muMin <= 0 && muMax === Number.POSITIVE_INFINITY) return pdf;
  const lo = Math.log10(Math.max(muMin, 1e-300));
  const hi = Math.log10(muMax);
  const prob = pdf.prob.map((p, i) => (pdf.logMu[i] >= lo && pdf.logMu[i] < hi ? p : 0));
  return { logMu: pdf.logMu, prob };
}

/** Sources per sr with S ≥ sMinMJy in fine counts (fractional first bin). */
export function countAbove(fc: FineCounts, sMinMJy: number): number {
  const x = (Math.log10(sMinMJy) - S_MIN_LOG) / FINE_STEP;
  let acc = 0;
  for (let i = Math.max(0, Math.floor(x)); i < N_S; i++) {
    const w = i < x ? i + 1 - x : 1;
    acc += (fc.dusty[i] + fc.synchrotron[i]) * Math.min(1, Math.max(0, w));
  }
  return acc;
}
