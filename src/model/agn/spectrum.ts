/**
 * Per-source radio spectra: a smoothly broken power law in the rest frame,
 *
 *   S_ν ∝ ν^α_lo [1 + (ν/ν_b)^s]^((α_hi − α_lo)/s),     S ∝ ν^α (α < 0 falls with frequency),
 *
 * the analytic stand-in for the spectral steepening of blazars above a break frequency that
 * Tucci et al. 2011 (A&A 533, A57, model C2Ex) introduced to fit the 100–220 GHz counts.
 * The spectrum is normalised at 1.4 GHz rest frame, where the luminosity functions are defined.
 */

export const REFERENCE_FREQ_GHZ = 1.4;
const LOG_REF = Math.log10(REFERENCE_FREQ_GHZ);

/**
 * log10 of L_ν(ν_rest) / L_ν(1.4 GHz) for the broken power law.
 * `logBreakGHz` = log10 ν_b, `sharpness` = s.
 */
export function logSpectralRatio(
  logNuRestGHz: number,
  alphaLo: number,
  alphaHi: number,
  logBreakGHz: number,
  sharpness: number,
): number {
  const slope = (alphaHi - alphaLo) / sharpness;
  return (
    alphaLo * (logNuRestGHz - LOG_REF) +
    slope * (softplus10(sharpness * (logNuRestGHz - logBreakGHz)) - softplus10(sharpness * (LOG_REF - logBreakGHz)))
  );
}

/** log10(1 + 10^t), exact to rounding also for large t. */
function softplus10(t: number): number {
  return t > 30 ? t : Math.log10(1 + 10 ** t);
}
