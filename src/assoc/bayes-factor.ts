/**
 * The Budavári & Szalay (2008, ApJ 679, 301) k-way Bayes factor for circular Gaussian positional
 * errors, in the small-angle limit (their eq. 18), in NWAY's units: σ in arcsec, BF per steradian.
 */
import { ARCSEC_PER_RAD } from './sphere.js';

const LN10 = Math.LN10;
/** ln 2 + 2 ln(206264.806…): one factor per extra catalogue, converting arcsec⁻² to sr⁻¹ (B&S08 eq. 18). */
const LN_PER_EXTRA = Math.LN2 + 2 * Math.log(ARCSEC_PER_RAD);

/**
 * log10 BF of n sources with precisions w[i] = σ_i⁻² (arcsec⁻²) and squared separations
 * psi2[i*n + j] (arcsec², i < j used):
 *   ln BF = (n−1) ln 2 + 2(n−1) ln(206265) + Σ ln w_i − ln Σ w_i − Σ_{i<j} w_i w_j ψ_ij² / (2 Σ w)
 * (Budavári & Szalay 2008 eq. 18). n = 1 gives 0.
 *
 * @example
 *   // σ = 8.206641″ and 4.9240785″ at 10.801848″ → 8.691391 (NWAY spt3_a1, SPT 1 / FIR 1423)
 *   log10BayesFactorCircular(2, new Float64Array([8.206641 ** -2, 4.9240785 ** -2]), new Float64Array([0, 10.801848 ** 2, 0, 0]));
 */
export function log10BayesFactorCircular(n: number, w: Float64Array, psi2: Float64Array): number {
  if (n <= 1) return 0;
  let sumW = 0;
  let sumLnW = 0;
  for (let i = 0; i < n; i++) {
    sumW += w[i];
    sumLnW += Math.log(w[i]);
  }
  let q = 0;
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) q += w[i] * w[j] * psi2[i * n + j];
  const lnBF = (n - 1) * LN_PER_EXTRA + sumLnW - Math.log(sumW) - q / (2 * sumW);
  return lnBF / LN10;
}
