/**
 * Star formation of galaxies, the SIDES recipe (Béthermin et al. 2017; coefficients from
 * SIDES_from_original.par and gen_sfr_props, read in PRONTOLab/BayesMM.jl; design memo §3).
 * m ≡ log10 M* (Msun, Chabrier). Pure functions of (m, z, params); NaN for non-finite input.
 */
import type { Params } from './params.js';

/** Probability of being star-forming (memo §3.1). */
export function probStarForming(m: number, z: number): number {
  const t = quenchingTransition(z);
  return t.sfMax * 0.5 * erfcApprox((m - t.massLog) / t.width);
}

/** z-only terms of probStarForming: P_SF = sfMax · ½ erfc((m − massLog)/width). */
export function quenchingTransition(z: number): { massLog: number; width: number; sfMax: number } {
  return {
    massLog: 10.5296 + 0.223213 * z + 0.0912848 * z * z,
    width: 0.848799 + 0.0417672 * z - 0.0158969 * z * z,
    sfMax: 1 - 0.101681 * (1 + z) ** -1.03861,
  };
}

/**
 * log10 of the main-sequence SFR (Msun/yr, Chabrier): Schreiber et al. 2015 (A&A 575, A74, eq. 9)
 * in Salpeter, converted with 0.24 dex, plus the SIDES low-z correction (memo §3.2) and the
 * `ms_offset_dex` parameter.
 */
export function logSfrMainSequence(m: number, z: number, p: Params): number {
  return logSfrMainSequenceAt(m, Math.log10(1 + z), mainSequenceZeroPoint(z, p));
}

/** z-only part of the MS: 1.5 log(1+z) + low-z correction + offsets (memo §3.2). */
export function mainSequenceZeroPoint(z: number, p: Params): number {
  const lowZ = (-0.1 * (0.5 - Math.min(z, 0.5))) / (0.5 - 0.2185);
  return 1.5 * Math.log10(1 + z) - 0.5 - 0.24 + lowZ + p.ms_offset_dex;
}

/** The MS given r = log10(1+z) and its zero point (the per-row part, Schreiber+2015 bending). */
export function logSfrMainSequenceAt(m: number, r: number, zeroPoint: number): number {
  const ms = m + 0.24 - 9;
  const bend = Math.max(0, ms - 0.36 - 2.5 * r);
  return ms - 0.3 * bend * bend + zeroPoint;
}

/** Starburst probability of a star-forming galaxy: sb_frac at z ≥ 1, half of it at z = 0 (SIDES, after Sargent+2012). */
export function probStarburst(z: number, p: Params): number {
  return p.sb_frac * (1 - 0.5 * (1 - Math.min(z, 1)));
}

/** log10 offset of the mean SFR from the MS curve: log x0 (x0 = 0.87) for MS, log B_SB for starbursts (SIDES). */
export function logSfrOffset(starburst: boolean, p: Params): number {
  return starburst ? Math.log10(p.sb_boost) : Math.log10(0.87);
}

/**
 * log10 of the mean radiation field <U> (SIDES gen_fluxes): MS log <U> = log 5 + u_ms_slope · min(z, 4);
 * starbursts <U> = u_sb until the MS value exceeds it.
 */
export function logUMean(z: number, starburst: boolean, p: Params): number {
  const ms = Math.log10(5) + p.u_ms_slope * Math.min(z, 4);
  return starburst ? Math.max(Math.log10(p.u_sb), ms) : ms;
}

/** log10 dust temperature for a given log10 <U>: T = T0 (<U>/5)^{1/(4+β)} (memo §4.2). */
export function logDustTemperature(logU: number, p: Params): number {
  return Math.log10(p.dust_T0) + (logU - Math.log10(5)) / (4 + p.dust_beta);
}

/**
 * Error function, Abramowitz & Stegun 7.1.26-type rational approximation refined to |ε| < 1.2e-7
 * (Numerical Recipes erfc Chebyshev fit, Press et al. 2007 §6.2). Used inside hot loops.
 */
export function erfApprox(x: number): number {
  return 1 - erfcApprox(x);
}

export function erfcApprox(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t *
                      (-0.18628806 +
                        t *
                          (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

/** Standard normal CDF Φ(x). */
export function normalCdf(x: number): number {
  return 0.5 * erfcApprox(-x * Math.SQRT1_2);
}
