/**
 * Rest-frame 1.4 GHz luminosity → observed flux density. For a source at redshift z with rest-frame
 * spectrum L_ν, S_ν(ν_obs) = (1+z) L_ν((1+z) ν_obs) / (4π D_L²) (design memo §8; Hogg 1999 eq. 22
 * per unit frequency). With L in erg s⁻¹ Hz⁻¹ and D_L in cm, S is in erg s⁻¹ cm⁻² Hz⁻¹ = 10²⁶ mJy.
 */
import { MPC_CM } from './distances.js';
import { logSpectralRatio } from './spectrum.js';

/** log10 of 10²⁶ (1+z) / (4π D_L²) with D_L in Mpc: the distance part of log10 S_mJy − log10 L. */
export function logDistanceFactor(z: number, luminosityDistanceMpc: number): number {
  const dlCm = luminosityDistanceMpc * MPC_CM;
  return 26 + Math.log10((1 + z) / (4 * Math.PI * dlCm * dlCm));
}

/** log10 S_mJy − log10 L_1.4 (erg/s/Hz) at observed frequency ν_obs for one source's spectrum. */
export function logFluxOffset(
  z: number,
  logDistance: number,
  freqObsGHz: number,
  alphaLo: number,
  alphaHi: number,
  logBreakGHz: number,
  sharpness: number,
): number {
  const logNuRest = Math.log10(freqObsGHz * (1 + z));
  return logDistance + logSpectralRatio(logNuRest, alphaLo, alphaHi, logBreakGHz, sharpness);
}
