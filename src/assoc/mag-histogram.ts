/**
 * NWAY's flux/magnitude prior (Salvato et al. 2018 §2.3; memo nway.md §2.5): the ratio of two
 * density histograms, "selected" (likely counterparts) over "others" (field sources), on adaptive
 * bins, looked up as a step function.
 */
import type { MagHistogram } from './types.js';

/** Number of quantile edges of the adaptive binning (NWAY: 15 points from 0 to 1). */
const N_QUANTILES = 15;

/**
 * Adaptive bins: edges at 15 equally spaced quantiles of the weighted selected values (linear
 * interpolation of the inverse weighted CDF, first point 0, last 1), deduplicated; extended by
 * max(others)+1 and min(others)−1 when the others reach beyond. Densities as numpy's
 * `histogram(density=True)`: each integrates to 1 over the edges.
 */
export function adaptiveHistogram(selected: Float64Array, weights: Float64Array, others: Float64Array): MagHistogram {
  const n = selected.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => selected[a] - selected[b] || a - b);
  const x = new Float64Array(n);
  const cdf = new Float64Array(n);
  let acc = 0;
  for (let i = 0; i < n; i++) {
    x[i] = selected[order[i]];
    acc += weights[order[i]];
    cdf[i] = acc;
  }
  for (let i = 0; i < n; i++) cdf[i] /= acc;
  cdf[0] = 0;
  cdf[n - 1] = 1;
  const q: number[] = [];
  for (let i = 0; i < N_QUANTILES; i++) q.push(interp(i / (N_QUANTILES - 1), cdf, x));
  const uniq = [...new Set(q)].sort((a, b) => a - b);
  let oMin = Number.POSITIVE_INFINITY;
  let oMax = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < others.length; i++) {
    if (others[i] < oMin) oMin = others[i];
    if (others[i] > oMax) oMax = others[i];
  }
  if (oMax > uniq[uniq.length - 1]) uniq.push(oMax + 1);
  if (oMin < uniq[0]) uniq.unshift(oMin - 1);
  const edges = Float64Array.from(uniq);
  return {
    edges,
    selected: densityHistogram(selected, weights, edges),
    others: densityHistogram(others, undefined, edges),
  };
}

/** numpy.interp: xp ascending; clamps outside. */
function interp(v: number, xp: Float64Array, fp: Float64Array): number {
  const n = xp.length;
  if (v <= xp[0]) return fp[0];
  if (v >= xp[n - 1]) return fp[n - 1];
  let lo = 0;
  let hi = n - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (xp[mid] <= v) lo = mid;
    else hi = mid;
  }
  const dx = xp[hi] - xp[lo];
  if (dx === 0) return fp[hi];
  return fp[lo] + ((v - xp[lo]) * (fp[hi] - fp[lo])) / dx;
}

/** Bin of v: [e_b, e_{b+1}), the last edge in the last bin; −1 outside. */
function binOf(edges: Float64Array, v: number): number {
  const m = edges.length - 1;
  if (!(v >= edges[0] && v <= edges[m])) return -1;
  if (v === edges[m]) return m - 1;
  let lo = 0;
  let hi = m;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (edges[mid] <= v) lo = mid;
    else hi = mid;
  }
  return lo;
}

/** Weighted density histogram: Σw in bin / Σw in range / bin width (numpy density=True). */
export function densityHistogram(
  values: Float64Array,
  weights: Float64Array | undefined,
  edges: Float64Array,
): Float64Array {
  const m = edges.length - 1;
  const sums = new Float64Array(m);
  let total = 0;
  for (let i = 0; i < values.length; i++) {
    const b = binOf(edges, values[i]);
    if (b < 0) continue;
    const w = weights ? weights[i] : 1;
    sums[b] += w;
    total += w;
  }
  for (let b = 0; b < m; b++) sums[b] = sums[b] / total / (edges[b + 1] - edges[b]);
  return sums;
}

/** Per-bin prior ratio selected/others; NWAY sets 100 where the field density is 0. */
export function histogramRatio(h: MagHistogram): Float64Array {
  const out = new Float64Array(h.selected.length);
  for (let b = 0; b < out.length; b++) out[b] = h.others[b] === 0 ? 100 : h.selected[b] / h.others[b];
  return out;
}

/**
 * The bias of one value: the ratio of its bin, NaN outside the histogram or for a missing value.
 * With `float32`, the range test compares in float32 like NWAY's (NumPy 1.x) interpolation of a
 * float32 column: a value within float32 rounding of an outer edge counts as inside.
 */
export function lookupBias(edges: Float64Array, ratio: Float64Array, v: number, float32: boolean): number {
  if (!Number.isFinite(v) || v === -99) return Number.NaN;
  const m = edges.length - 1;
  const lo = float32 ? Math.fround(edges[0]) : edges[0];
  const hi = float32 ? Math.fround(edges[m]) : edges[m];
  if (v < lo || v > hi) return Number.NaN;
  let b = binOf(edges, v);
  if (b < 0) b = v < edges[0] ? 0 : m - 1;
  return ratio[b];
}
