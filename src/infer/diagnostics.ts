import erfcinv from '@stdlib/math-base-special-erfcinv';
import { autocovariance } from './fft.js';

/**
 * Convergence diagnostics of Vehtari, Gelman, Simpson, Carpenter & Bürkner 2021, "Rank-normalization,
 * folding, and localization: an improved R̂ for assessing convergence of MCMC" (Bayesian Analysis 16, 667):
 * split chains, rank normalisation, folded R̂, bulk and tail ESS with Geyer's initial monotone sequence.
 * Input: one Float64Array of draws per chain (equal lengths).
 */

function splitChains(chains: Float64Array[]): Float64Array[] {
  const out: Float64Array[] = [];
  for (const c of chains) {
    const half = Math.floor(c.length / 2);
    out.push(c.subarray(0, half), c.subarray(c.length - half));
  }
  return out;
}

function normalQuantile(p: number): number {
  return -Math.SQRT2 * erfcinv(2 * p);
}

/** Rank-normalised values z = Φ⁻¹((r − 3/8)/(S + 1/4)) with average ranks for ties (eq. 14). */
function rankNormalise(chains: Float64Array[]): Float64Array[] {
  const sizes = chains.map((c) => c.length);
  const total = sizes.reduce((a, b) => a + b, 0);
  const values = new Float64Array(total);
  let k = 0;
  for (const c of chains) for (let i = 0; i < c.length; i++) values[k++] = c[i];
  const order = new Int32Array(total);
  for (let i = 0; i < total; i++) order[i] = i;
  order.sort((a, b) => values[a] - values[b]);
  const ranks = new Float64Array(total);
  for (let i = 0; i < total; ) {
    let j = i;
    while (j + 1 < total && values[order[j + 1]] === values[order[i]]) j++;
    const avg = (i + j) / 2 + 1;
    for (let m = i; m <= j; m++) ranks[order[m]] = avg;
    i = j + 1;
  }
  const out: Float64Array[] = [];
  let off = 0;
  for (const n of sizes) {
    const z = new Float64Array(n);
    for (let i = 0; i < n; i++) z[i] = normalQuantile((ranks[off + i] - 0.375) / (total + 0.25));
    out.push(z);
    off += n;
  }
  return out;
}

function meanOf(x: Float64Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i];
  return s / x.length;
}

function varianceOf(x: Float64Array, mean: number): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += (x[i] - mean) ** 2;
  return s / (x.length - 1);
}

/** Classic potential scale reduction on the given (already split) chains (Gelman et al. BDA3 eq. 11.4). */
function basicRhat(chains: Float64Array[]): number {
  const m = chains.length;
  const n = chains[0].length;
  const means = chains.map(meanOf);
  const grand = means.reduce((a, b) => a + b, 0) / m;
  let b = 0;
  for (const mu of means) b += (mu - grand) ** 2;
  b *= n / (m - 1);
  let w = 0;
  for (let j = 0; j < m; j++) w += varianceOf(chains[j], means[j]);
  w /= m;
  if (w === 0) return b === 0 ? 1 : Number.POSITIVE_INFINITY;
  const varPlus = ((n - 1) / n) * w + b / n;
  return Math.sqrt(varPlus / w);
}

/** Rank-normalised split R̂: the larger of the bulk and folded versions (eq. 15 and §4.2). */
export function rhat(chains: Float64Array[]): number {
  const split = splitChains(chains);
  const bulk = basicRhat(rankNormalise(split));
  const all = Float64Array.from(split.flatMap((c) => Array.from(c)));
  const median = quantile(all, 0.5);
  const folded = split.map((c) => c.map((x) => Math.abs(x - median)));
  const tail = basicRhat(rankNormalise(folded));
  return Math.max(bulk, tail);
}

/**
 * ESS of (split) chains (eqs. 10–13) with Geyer's initial positive and initial monotone sequences and
 * the improved truncation term for antithetic chains, step for step as Stan's reference implementation
 * (rstan 2.21 `ess_rfun`, the same rule as the posterior package), so that both give the same number.
 */
function essOfChains(chains: Float64Array[]): number {
  const m = chains.length;
  const n = chains[0].length;
  if (n < 4) return Number.NaN;
  const acov = chains.map(autocovariance);
  const means = chains.map(meanOf);
  const grand = means.reduce((a, b) => a + b, 0) / m;
  let meanVar = 0;
  for (const a of acov) meanVar += (a[0] * n) / (n - 1);
  meanVar /= m;
  let b = 0;
  for (const mu of means) b += (mu - grand) ** 2;
  b /= m - 1;
  const varPlus = ((n - 1) / n) * meanVar + (m > 1 ? b : 0);
  if (!(varPlus > 0)) return Number.NaN;
  const rhoAt = (t: number): number => {
    let s = 0;
    for (const a of acov) s += a[t];
    return 1 - (meanVar - s / m) / varPlus;
  };
  // Initial positive sequence: autocorrelations in (even, odd) pairs while their sum is positive.
  const rho = new Float64Array(n);
  let t = 0;
  let even = 1;
  let odd = rhoAt(1);
  rho[0] = even;
  rho[1] = odd;
  while (t < n - 5 && !Number.isNaN(even + odd) && even + odd > 0) {
    t += 2;
    even = rhoAt(t);
    odd = rhoAt(t + 1);
    if (even + odd >= 0) {
      rho[t] = even;
      rho[t + 1] = odd;
    }
  }
  const maxT = t;
  // The last positive even lag enters the improved estimate (it reduces variance for antithetic chains).
  if (even > 0) rho[maxT] = even;
  // Initial monotone sequence: no pair larger than the one before.
  for (t = 2; t <= maxT - 2; t += 2) {
    if (rho[t] + rho[t + 1] > rho[t - 2] + rho[t - 1]) {
      rho[t] = (rho[t - 2] + rho[t - 1]) / 2;
      rho[t + 1] = rho[t];
    }
  }
  let sum = 0;
  for (let k = 0; k < maxT; k++) sum += rho[k];
  // τ ≥ 1/log10(NM), i.e. ESS ≤ NM·log10(NM), as Stan caps antithetic chains.
  const tau = Math.max(-1 + 2 * sum + rho[maxT], 1 / Math.log10(m * n));
  return (m * n) / tau;
}

/** Bulk ESS: ESS of the rank-normalised split chains. */
export function essBulk(chains: Float64Array[]): number {
  return essOfChains(rankNormalise(splitChains(chains)));
}

/** Tail ESS: the smaller ESS of the 5% and 95% quantile indicators of the split chains. */
export function essTail(chains: Float64Array[]): number {
  const split = splitChains(chains);
  const all = Float64Array.from(split.flatMap((c) => Array.from(c)));
  let worst = Number.POSITIVE_INFINITY;
  for (const p of [0.05, 0.95]) {
    const q = quantile(all, p);
    const ind = split.map((c) => c.map((x) => (x <= q ? 1 : 0)));
    worst = Math.min(worst, essOfChains(ind));
  }
  return worst;
}

/** Plain ESS of the split chains (for the mean; used for Monte-Carlo standard errors). */
export function essMean(chains: Float64Array[]): number {
  return essOfChains(splitChains(chains));
}

/** Sample quantile with linear interpolation (type 7, R's default). */
export function quantile(values: Float64Array, p: number): number {
  const sorted = Float64Array.from(values).sort();
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}
