/**
 * The traceable expected-counts model: expected sources per flux bin as a smooth function of the
 * dust and ⟨U⟩ parameters, written with jit ops (docs/validation.md, "Backward model").
 *
 * Per redshift group g, population kind k (flux-tables.ts) and ⟨U⟩ node u, the galaxies' log-flux
 * distribution at the reference parameters (cumulative table C_{g,k}) is shifted by
 *   D(θ) = log10 K_band(z_g, T_u(θ); β, α, λ0) − log10 K_band(z_g, T_ref; β_ref, α_ref, λ0_ref) + log10(L_IR/SFR ratio),
 *   T_u = T0 (⟨U⟩_u / 5)^{1/(4+β)},  log ⟨U⟩_u = log ⟨U⟩(z, pop) + σ_U x_u   (forward-model.md §4.2),
 * so the expected number in [S_lo, S_hi) is
 *   N = Ω Σ_{g,k,u} w_u c_k(f) [C_{g,k}(log S_hi − D) − C_{g,k}(log S_lo − D)] + N_AGN,
 * with Gauss–Hermite weights w_u and c_0 = 1, c_1 = −f, c_2 = f (f = sb_frac). C is interpolated
 * linearly on its uniform 0.02-dex grid (cell index by floor, no search), so N is continuous in θ
 * with a piecewise-smooth gradient.
 * Everything that depends only on data (tables, reference response, AGN counts) is hoisted by the jit.
 */
import { J, type Tensor } from '../../jit/index.js';
import type { Band } from '../bands.js';
import { FINE_STEP, N_S } from '../expected-counts.js';
import type { Params } from '../params.js';
import { type FluxTables, KIND_POP, N_GROUPS, N_KINDS } from './flux-tables.js';
import { compactBandQuadrature, dustShape, normQuadrature } from './sed.js';

/** Parameters the traced model treats as variables (every other parameter is fixed at its value). */
export const TRACED_PARAMS = [
  'dust_T0',
  'dust_beta',
  'mir_alpha',
  'u_ms_slope',
  'u_sb',
  'u_scatter_dex',
  'sb_frac',
  'lir_per_sfr',
  // last, so that the indices of the others stay as they were
  'dust_lambda0_um',
] as const;
export type TracedParam = (typeof TRACED_PARAMS)[number];

/** Probabilists' Gauss–Hermite nodes and weights (3 points; exact for polynomials to degree 5). */
const GH_X = [-Math.sqrt(3), 0, Math.sqrt(3)];
const GH_W = [1 / 6, 2 / 3, 1 / 6];
const LOG10_5 = Math.log10(5);

/** One band's observed bins: edges (log10 mJy) and which edges bound each bin. */
export interface BandBins {
  readonly band: Band;
  readonly loMJy: Float64Array;
  readonly hiMJy: Float64Array;
  /** Expected AGN (and other parameter-independent) sources per sr per bin. */
  readonly fixedPerSr: Float64Array;
}

/** Data arrays of the traced model for a set of bands: built once, bound to the compiled function. */
export interface TracedCountsData {
  readonly data: Record<string, Float64Array | { shape: number[]; values: Float64Array }>;
  readonly bins: readonly BandBins[];
  /** The SED form of the reference: general opacity (dust_lambda0_um > 0) or optically thin; `expectedPerSr`'s `thick`. */
  readonly thick: boolean;
}

/** Class layout: c = (g · 2 + pop) · U + u. */
const N_U = GH_X.length;
const N_CLASS = N_GROUPS * 2 * N_U;
/** Evaluation rows: q = (g · N_KINDS + k) · U + u. */
const N_Q = N_GROUPS * N_KINDS * N_U;

/** Builds the data of the traced model (plain float64, once per fit). */
export function tracedCountsData(tables: FluxTables, ref: Params, bins: readonly BandBins[]): TracedCountsData {
  const zc = new Float64Array(N_CLASS);
  const isSb = new Float64Array(N_CLASS);
  const xu = new Float64Array(N_CLASS);
  const tempRef = new Float64Array(N_CLASS);
  for (let g = 0; g < N_GROUPS; g++)
    for (let pop = 0; pop < 2; pop++)
      for (let u = 0; u < N_U; u++) {
        const c = (g * 2 + pop) * N_U + u;
        zc[c] = Math.min(tables.zGroup[g], 4);
        isSb[c] = pop;
        xu[c] = GH_X[u];
        const ms = LOG10_5 + ref.u_ms_slope * zc[c];
        const lu = pop === 1 ? Math.max(Math.log10(ref.u_sb), ms) : ms;
        tempRef[c] = 10 ** (Math.log10(ref.dust_T0) + (lu - LOG10_5) / (4 + ref.dust_beta));
      }
  const classOfQ = new Float64Array(N_Q);
  const wConst = new Float64Array(N_Q);
  const wSb = new Float64Array(N_Q);
  for (let g = 0; g < N_GROUPS; g++)
    for (let k = 0; k < N_KINDS; k++)
      for (let u = 0; u < N_U; u++) {
        const q = (g * N_KINDS + k) * N_U + u;
        classOfQ[q] = (g * 2 + KIND_POP[k]) * N_U + u;
        wConst[q] = k === 0 ? GH_W[u] : 0;
        wSb[q] = k === 0 ? 0 : k === 1 ? -GH_W[u] : GH_W[u];
      }
  const nq = normQuadrature();
  const data: TracedCountsData['data'] = {
    zc,
    isSb,
    xu,
    tempRef: { shape: [N_CLASS, 1], values: tempRef },
    classOfQ,
    wConst: { shape: [N_Q, 1], values: wConst },
    wSb: { shape: [N_Q, 1], values: wSb },
    normNu: nq.nuGHz,
    normW: nq.weight,
    betaRef: Float64Array.of(ref.dust_beta),
    alphaRef: Float64Array.of(ref.mir_alpha),
    // The form of the SED is fixed by the reference: general opacity when dust_lambda0_um > 0 (λ0 is
    // then traced), optically thin when it is 0 (λ0 drops out; `expectedPerSr`'s `thick`)
    opacityThick: Float64Array.of(ref.dust_lambda0_um > 0 ? 1 : 0), // for bench/counts-hand.ts
    lambda0Um: Float64Array.of(ref.dust_lambda0_um > 0 ? ref.dust_lambda0_um : 1),
    lirRef: Float64Array.of(ref.lir_per_sfr),
    // the tables' grid is uniform, log S₀ + j·FINE_STEP (flux-tables.ts): tableAt needs only S₀
    logS0: Float64Array.of(tables.logSGrid[0]),
  };
  const nj = N_S + 1;
  bins.forEach((bb, i) => {
    const bi = tables.bands.indexOf(bb.band);
    if (bi < 0) throw new Error(`traced counts: no flux table for band ${bb.band}`);
    const quad = compactBandQuadrature(bb.band);
    const restNu = new Float64Array(N_CLASS * quad.nuGHz.length);
    for (let c = 0; c < N_CLASS; c++) {
      const g = Math.floor(c / (2 * N_U));
      for (let j = 0; j < quad.nuGHz.length; j++)
        restNu[c * quad.nuGHz.length + j] = quad.nuGHz[j] * (1 + tables.zGroup[g]);
    }
    const nb = bb.loMJy.length;
    // Edges: sorted unique log10 of every bin boundary; each bin points at its two edges.
    const edgeValues = [...new Set([...bb.loMJy, ...bb.hiMJy].map((s) => Math.log10(s)))].sort((a, b) => a - b);
    const lo = new Float64Array(nb);
    const hi = new Float64Array(nb);
    for (let k = 0; k < nb; k++) {
      lo[k] = edgeValues.indexOf(Math.log10(bb.loMJy[k]));
      hi[k] = edgeValues.indexOf(Math.log10(bb.hiMJy[k]));
    }
    const rowBase = new Float64Array(N_Q);
    for (let q = 0; q < N_Q; q++) {
      const g = Math.floor(q / (N_KINDS * N_U));
      const k = Math.floor(q / N_U) % N_KINDS;
      rowBase[q] = ((bi * N_GROUPS + g) * N_KINDS + k) * nj;
    }
    data[`restNu${i}`] = { shape: [N_CLASS, quad.nuGHz.length], values: restNu };
    data[`bandW${i}`] = quad.weight;
    data[`edges${i}`] = Float64Array.from(edgeValues);
    data[`loIdx${i}`] = lo;
    data[`hiIdx${i}`] = hi;
    data[`rowBase${i}`] = { shape: [N_Q, 1], values: rowBase };
    data[`fixed${i}`] = bb.fixedPerSr;
  });
  data.table = tables.cumulative;
  return { data, bins, thick: ref.dust_lambda0_um > 0 };
}

/** The traced parameters as tensors (scalars). */
export type TracedParamTensors = Record<TracedParam, Tensor>;

/**
 * Expected sources per sr in each bin of band i, as a traced tensor [nBins]. `d` holds the data of
 * `tracedCountsData` (as jit data tensors); `thick`: the SED form of the reference (general opacity
 * when its dust_lambda0_um > 0, `data.opacityThick`), chosen here at trace time so that the compiled
 * code evaluates one form only. The thin form does not depend on dust_lambda0_um (gradient 0).
 *
 * @example compile((p, d) => expectedPerSr(p, d, 0, true).sum(), { params, data })
 */
export function expectedPerSr(p: TracedParamTensors, d: Record<string, Tensor>, i: number, thick: boolean): Tensor {
  const tempK = temperatures(p, d);
  const logK = (t: Tensor, beta: Tensor, alpha: Tensor, lambda0Um: Tensor) => {
    const opacity = thick ? { lambda0Um } : undefined;
    const norm = dustShape(d.normNu, t, beta, alpha, opacity).mul(d.normW).sum(1);
    const band = dustShape(d[`restNu${i}`], t, beta, alpha, opacity).mul(d[`bandW${i}`]).sum(1);
    return band.log().sub(norm.log());
  };
  const shiftDex = logK(tempK, p.dust_beta, p.mir_alpha, p.dust_lambda0_um)
    .sub(logK(d.tempRef, d.betaRef, d.alphaRef, d.lambda0Um))
    .div(Math.LN10)
    .add(p.lir_per_sfr.div(d.lirRef).log().div(Math.LN10));
  const shiftQ = shiftDex.gather(d.classOfQ);
  const edges = d[`edges${i}`];
  const nQ = d.classOfQ.shape[0];
  // position on the table's grid in cells: (edge − shift − log S₀)/h, split so the edge part is data
  const edgeCells = edges.sub(d.logS0).div(FINE_STEP);
  const cells = edgeCells
    .broadcastTo([nQ, edges.shape[0]])
    .sub(shiftQ.div(FINE_STEP).broadcastTo([nQ, edges.shape[0]], [0]));
  const cum = tableAt(d.table, N_S + 1, d[`rowBase${i}`], cells);
  const weight = d.wConst.add(d.wSb.mul(p.sb_frac));
  const atEdges = cum.mul(weight).sum(0);
  return atEdges
    .gather(d[`hiIdx${i}`])
    .sub(atEdges.gather(d[`loIdx${i}`]))
    .add(d[`fixed${i}`]);
}

/** Dust temperature per class, [N_CLASS, 1]. */
function temperatures(p: TracedParamTensors, d: Record<string, Tensor>): Tensor {
  const logUms = d.zc.mul(p.u_ms_slope).add(LOG10_5);
  const logUsb = logUms.maximum(p.u_sb.log().div(Math.LN10));
  const logU = J.where(d.isSb, logUsb, logUms).add(d.xu.mul(p.u_scatter_dex));
  const logT = logU.sub(LOG10_5).div(p.dust_beta.add(4)).add(p.dust_T0.log().div(Math.LN10));
  const t = logT.mul(Math.LN10).exp();
  return t.broadcastTo([t.shape[0], 1], [0]);
}

/**
 * Linear interpolation of the flat table's rows (offset rowBase, nGrid points on a uniform grid) at
 * `cells`, positions in grid cells from the first point ([Q, E]); ends held, as numpy.interp.
 */
function tableAt(table: Tensor, nGrid: number, rowBase: Tensor, cells: Tensor): Tensor {
  const j = cells.floor().clamp(0, nGrid - 2);
  const idx = j.add(rowBase);
  const y0 = table.gather(idx);
  const y1 = table.gather(idx.add(1));
  const w = cells.sub(j).clamp(0, 1);
  return y0.add(w.mul(y1.sub(y0)));
}
