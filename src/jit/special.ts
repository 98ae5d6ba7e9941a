/**
 * Scalar helpers the generated code and the interpreter call: accurate special functions
 * (erf, erfc, log-gamma from @stdlib; polygamma written here) and numerically stable forms of
 * sigmoid and softplus. Every one is a primitive with its own derivative rule in grad.ts.
 */
import stdlibErf from '@stdlib/math-base-special-erf';
import stdlibErfc from '@stdlib/math-base-special-erfc';
import stdlibGammaln from '@stdlib/math-base-special-gammaln';

export const erf: (x: number) => number = stdlibErf;
export const erfc: (x: number) => number = stdlibErfc;
export const lgamma: (x: number) => number = stdlibGammaln;

/** σ(x) = 1/(1+e^{−x}), evaluated without overflow on either side. */
export function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

/** softplus(x) = log(1+e^x), evaluated without overflow for large x. */
export function softplus(x: number): number {
  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
}

/** sign(x) ∈ {−1, 0, 1}; NaN stays NaN. */
export function sign(x: number): number {
  return x > 0 ? 1 : x < 0 ? -1 : x === 0 ? 0 : Number.NaN;
}

// Bernoulli numbers B_2 … B_16 (DLMF Table 24.2.1).
const BERNOULLI = [1 / 6, -1 / 30, 1 / 42, -1 / 30, 5 / 66, -691 / 2730, 7 / 6, -3617 / 510];

function factorial(n: number): number {
  let f = 1;
  for (let k = 2; k <= n; k++) f *= k;
  return f;
}

/**
 * Polygamma ψ⁽ⁿ⁾(x) for integer n ≥ 0 (ψ⁽⁰⁾ is the digamma function, the derivative of lgamma).
 * Shifts x upward with the recurrence ψ⁽ⁿ⁾(x) = ψ⁽ⁿ⁾(x+1) − (−1)ⁿ n!/x^{n+1} (DLMF 5.15.5), then
 * sums the asymptotic series DLMF 5.11.2 (n = 0) or 5.15.8 (n ≥ 1). NaN at the poles x ∈ {0, −1, …}.
 */
export function polygamma(n: number, x: number): number {
  if (Number.isNaN(x) || (x <= 0 && x === Math.floor(x)) || x < -1e6) return Number.NaN;
  const nf = factorial(n);
  const sgn = n % 2 === 0 ? 1 : -1;
  let shift = 0;
  const xMin = 16 + 2 * n;
  while (x < xMin) {
    shift -= (sgn * nf) / x ** (n + 1);
    x += 1;
  }
  if (n === 0) {
    const x2 = 1 / (x * x);
    let s = 0;
    let p = x2;
    for (let k = 1; k <= BERNOULLI.length; k++) {
      s += (BERNOULLI[k - 1] / (2 * k)) * p;
      p *= x2;
    }
    return shift + Math.log(x) - 0.5 / x - s;
  }
  // (−1)^{n+1} [ (n−1)!/xⁿ + n!/(2x^{n+1}) + Σ B_2k (2k+n−1)!/((2k)! x^{2k+n}) ]
  let s = factorial(n - 1) / x ** n + nf / (2 * x ** (n + 1));
  for (let k = 1; k <= BERNOULLI.length; k++) {
    s += (BERNOULLI[k - 1] * factorial(2 * k + n - 1)) / (factorial(2 * k) * x ** (2 * k + n));
  }
  return shift - sgn * s;
}

/**
 * Index j of the grid cell that holds x for linear interpolation: grid[j] ≤ x < grid[j+1], clamped
 * to [0, len−2] so that points outside the grid use the end cells. `grid` must be ascending.
 */
export function searchsorted(grid: ArrayLike<number>, len: number, x: number): number {
  let lo = 0;
  let hi = len - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (grid[mid] <= x) lo = mid;
    else hi = mid;
  }
  return lo;
}

/** The helpers handed to generated code (one object, so the generated function captures no globals). */
export const HELPERS = { erf, erfc, lgamma, polygamma, sigmoid, softplus, sign, searchsorted };
export type Helpers = typeof HELPERS;
