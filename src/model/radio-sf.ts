/**
 * Radio continuum of star-forming galaxies (design memo §6, option 1).
 * IR–radio correlation of Delvecchio et al. 2021 (A&A 647, A123, abstract/eq. 8):
 *   q_IR(M*, z) = 2.646 (1+z)^−0.023 − 0.148 (log10 M* − 10),
 *   L_1.4GHz [W Hz⁻¹] = L_IR [W] / (3.75e12 Hz · 10^{q_IR}),
 * with log-normal scatter (radio_scatter_dex). Rest-frame spectrum after Condon 1992 (ARA&A 30, 575,
 * eq. 6): non-thermal ν^−α plus free–free ν^−0.1, the free–free part a fraction f_th of L at 1.4 GHz.
 */
import type { Params } from './params.js';

/** log10 L_sun in W (IAU 2015 nominal 3.828e26 W). */
export const LOG_LSUN_W = Math.log10(3.828e26);
const LOG_FIR_NORM_HZ = Math.log10(3.75e12);

/** q_IR(M*, z) (Delvecchio+2021). */
export function qIr(m: number, z: number, p: Params): number {
  return p.qir_0 * (1 + z) ** p.qir_z_exp + p.qir_mstar_slope * (m - 10);
}

/** log10 L_1.4GHz (W/Hz) minus log10 L_IR (Lsun) at stellar mass m, before scatter. */
export function logRadioPerLir(m: number, z: number, p: Params): number {
  return LOG_LSUN_W - LOG_FIR_NORM_HZ - qIr(m, z, p);
}

/** L_ν(ν_rest) / L_1.4GHz for the star-forming radio spectrum. */
export function radioSedRatio(nuRestGHz: number, p: Params): number {
  const x = nuRestGHz / 1.4;
  return (1 - p.radio_thermal_frac) * x ** -p.radio_alpha_sf + p.radio_thermal_frac * x ** -0.1;
}
