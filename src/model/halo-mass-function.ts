/**
 * Tinker et al. 2008 (ApJ 688, 709) halo mass function for Δ = 200 × mean density:
 *   dn/dln M = f(σ) (ρ̄_m / M) |d ln σ / d ln M|,   f(σ) = A [(σ/b)^(−a) + 1] exp(−c/σ²)   (eqs. 2–3)
 * with Table 2 coefficients at Δ = 200 (A = 0.186, a = 1.47, b = 2.57, c = 1.19) and the redshift
 * evolution of eqs. 5–8: A(z) = A0 (1+z)^−0.14, a(z) = a0 (1+z)^−0.06, b(z) = b0 (1+z)^−α,
 * log10 α = −[0.75 / log10(Δ/75)]^1.2. Calibrated for z ≲ 2.5; used beyond as in the design memo §1.3,
 * the abundance matching absorbs the mass-function shape.
 */
import { growthFactor, type SigmaTable } from './power-spectrum.js';

const DELTA = 200;
const ALPHA_B = 10 ** -((0.75 / Math.log10(DELTA / 75)) ** 1.2);

/** Tinker multiplicity f(σ) at redshift z. */
export function tinkerF(sigma: number, z: number): number {
  const A = 0.186 * (1 + z) ** -0.14;
  const a = 1.47 * (1 + z) ** -0.06;
  const b = 2.57 * (1 + z) ** -ALPHA_B;
  const c = 1.19;
  return A * ((sigma / b) ** -a + 1) * Math.exp(-c / (sigma * sigma));
}

/**
 * dn/dlog10 M in Mpc⁻³ dex⁻¹ at redshift z on the nodes of `table` (written to `out`).
 *
 * @example halosPerDex(sigmaTable(cosmo, 10, 15, 0.02), 0.307, 0) // ≈ 1e-2 Mpc⁻³ dex⁻¹ at 1e11 Msun
 */
export function halosPerDex(
  table: SigmaTable,
  omegaM: number,
  z: number,
  out = new Float64Array(table.logM.length),
): Float64Array {
  const d = growthFactor(omegaM, z);
  for (let i = 0; i < table.logM.length; i++) {
    const s = table.sigma0[i] * d;
    const m = 10 ** table.logM[i];
    out[i] = tinkerF(s, z) * (table.rhoMeanMsunMpc3 / m) * Math.abs(table.dlnSigmaDlnM[i]) * Math.LN10;
  }
  return out;
}
