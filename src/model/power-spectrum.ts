/**
 * Linear matter power spectrum and σ(M): Eisenstein & Hu 1998 (ApJ 496, 605) no-wiggle transfer
 * function (eqs. 26–31), normalised to σ8 with a top-hat window, and the Carroll, Press & Turner
 * 1992 (ARA&A 30, 499, eq. 29) growth factor. Parameter-only precomputation: build once per
 * parameter set, then evaluate σ(M, z) on grids.
 */

export interface CosmoParams {
  h: number;
  omegaM: number;
  omegaB: number;
  sigma8: number;
  nS: number;
}

/** CMB temperature in units of 2.7 K (Fixsen 2009: 2.7255 K). */
const THETA_27 = 2.7255 / 2.7;
/** Critical density today in h² Msun Mpc⁻³ (2.775e11; Peebles 1993). */
export const RHO_CRIT_H2_MSUN_MPC3 = 2.775e11;

/** EH98 no-wiggle transfer function T(k), k in Mpc⁻¹ (not h⁻¹). */
export function transferNoWiggle(c: CosmoParams, kMpc: number): number {
  const omh2 = c.omegaM * c.h * c.h;
  const obh2 = c.omegaB * c.h * c.h;
  const fb = c.omegaB / c.omegaM;
  // EH98 eq. 26 (sound horizon fit) and eq. 31 (α_Γ).
  const s = (44.5 * Math.log(9.83 / omh2)) / Math.sqrt(1 + 10 * obh2 ** 0.75);
  const alphaG = 1 - 0.328 * Math.log(431 * omh2) * fb + 0.38 * Math.log(22.3 * omh2) * fb * fb;
  // EH98 eq. 30: Γ_eff in h Mpc⁻¹ units (Ω_m h).
  const ks = 0.43 * kMpc * s;
  const gammaEff = c.omegaM * c.h * (alphaG + (1 - alphaG) / (1 + ks * ks * ks * ks));
  // EH98 eq. 28: q = k/(h Mpc⁻¹) Θ²/Γ_eff.
  const q = ((kMpc / c.h) * THETA_27 * THETA_27) / gammaEff;
  // EH98 eq. 29.
  const l0 = Math.log(2 * Math.E + 1.8 * q);
  const c0 = 14.2 + 731 / (1 + 62.5 * q);
  return l0 / (l0 + c0 * q * q);
}

function topHat(x: number): number {
  if (x < 1e-3) return 1 - (x * x) / 10;
  return (3 * (Math.sin(x) - x * Math.cos(x))) / (x * x * x);
}

/** Unnormalised σ²(R) = ∫ dlnk k³ P(k)/(2π²) W²(kR), R in Mpc, on a log-k grid (trapezoid). */
function sigma2Unnormalised(c: CosmoParams, rMpc: number): number {
  const lnkMin = Math.log(1e-5);
  const lnkMax = Math.log(Math.max(1e3, 200 / rMpc));
  const n = 500;
  const dlnk = (lnkMax - lnkMin) / n;
  let acc = 0;
  for (let i = 0; i <= n; i++) {
    const k = Math.exp(lnkMin + i * dlnk);
    const t = transferNoWiggle(c, k);
    const w = topHat(k * rMpc);
    const f = k ** (3 + c.nS) * t * t * w * w;
    acc += i === 0 || i === n ? 0.5 * f : f;
  }
  return (acc * dlnk) / (2 * Math.PI * Math.PI);
}

/** Linear growth factor D(z)/D(0) (Carroll, Press & Turner 1992 eq. 29 for flat ΛCDM). */
export function growthFactor(omegaM: number, z: number): number {
  const g = (zz: number): number => {
    const a3 = (1 + zz) ** 3;
    const e2 = omegaM * a3 + 1 - omegaM;
    const om = (omegaM * a3) / e2;
    const ol = (1 - omegaM) / e2;
    return (2.5 * om) / (om ** (4 / 7) - ol + (1 + om / 2) * (1 + ol / 70));
  };
  return g(z) / (g(0) * (1 + z));
}

export interface SigmaTable {
  /** log10 M (Msun) nodes, uniform. */
  logM: Float64Array;
  /** σ(M) at z = 0. */
  sigma0: Float64Array;
  /** d ln σ / d ln M at z = 0 (independent of z). */
  dlnSigmaDlnM: Float64Array;
  /** Mean matter density today, Msun Mpc⁻³. */
  rhoMeanMsunMpc3: number;
}

/** σ(M) at z = 0 on a uniform log10 M grid, normalised so that σ(8 Mpc/h) = σ8. */
export function sigmaTable(c: CosmoParams, logMMin: number, logMMax: number, step: number): SigmaTable {
  const n = Math.round((logMMax - logMMin) / step) + 1;
  const rhoMean = RHO_CRIT_H2_MSUN_MPC3 * c.omegaM * c.h * c.h;
  const norm = (c.sigma8 * c.sigma8) / sigma2Unnormalised(c, 8 / c.h);
  const logM = new Float64Array(n);
  const sigma0 = new Float64Array(n);
  const dlns = new Float64Array(n);
  const sig = (lm: number): number => {
    const r = Math.cbrt((3 * 10 ** lm) / (4 * Math.PI * rhoMean));
    return Math.sqrt(norm * sigma2Unnormalised(c, r));
  };
  for (let i = 0; i < n; i++) {
    const lm = logMMin + i * step;
    logM[i] = lm;
    sigma0[i] = sig(lm);
    const h = 0.01;
    dlns[i] = (Math.log(sig(lm + h)) - Math.log(sig(lm - h))) / (2 * h * Math.LN10);
  }
  return { logM, sigma0, dlnSigmaDlnM: dlns, rhoMeanMsunMpc3: rhoMean };
}
