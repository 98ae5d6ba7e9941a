/**
 * Flat ΛCDM distances at arbitrary redshift nodes, for the AGN integrals and samplers:
 *   E(z) = sqrt(Ωm (1+z)³ + 1 − Ωm),  D_C = (c/H0) ∫ dz/E,  D_L = (1+z) D_C,
 *   dV/dz/dΩ = (c/H0) D_C² / E   (Hogg 1999, astro-ph/9905116, eqs. 14, 16, 28).
 * The integral uses Simpson's rule on a uniform fine grid (Δz ≤ 0.002, as the design memo §1.1
 * asks) and cubic-accurate interpolation is not needed at that step: nodes are interpolated linearly.
 */

const C_KM_S = 299792.458;
// IAU 2015 B2: 1 pc = 3.085677581491367e16 m.
export const MPC_CM = 3.085677581491367e24;

export interface FlatLcdm {
  readonly h: number;
  readonly omegaM: number;
}

/** SIDES / Bolshoi-Planck defaults (design memo §1.1). */
export const DEFAULT_COSMOLOGY: FlatLcdm = { h: 0.678, omegaM: 0.307 };

export interface DistanceTable {
  readonly z: Float64Array;
  readonly comovingMpc: Float64Array;
  readonly luminosityMpc: Float64Array;
  /** Comoving volume per unit redshift per steradian, Mpc³ sr⁻¹. */
  readonly dVdzdOmegaMpc3: Float64Array;
}

/** Distances at the given (ascending, non-negative) redshifts. */
export function distancesAt(cosmo: FlatLcdm, z: Float64Array): DistanceTable {
  const hubbleMpc = C_KM_S / (100 * cosmo.h);
  const invE = (zz: number) => 1 / Math.sqrt(cosmo.omegaM * (1 + zz) ** 3 + 1 - cosmo.omegaM);
  const n = z.length;
  const comovingMpc = new Float64Array(n);
  const luminosityMpc = new Float64Array(n);
  const dV = new Float64Array(n);
  let zPrev = 0;
  let dcPrev = 0;
  for (let i = 0; i < n; i++) {
    const zi = z[i];
    const span = zi - zPrev;
    // Simpson on an even number of sub-steps of at most 0.002.
    let steps = Math.max(2, 2 * Math.ceil(span / 0.004));
    if (span <= 0) steps = 0;
    let acc = 0;
    if (steps > 0) {
      const hStep = span / steps;
      acc = invE(zPrev) + invE(zi);
      for (let k = 1; k < steps; k++) acc += (k % 2 === 1 ? 4 : 2) * invE(zPrev + k * hStep);
      acc *= hStep / 3;
    }
    const dc = dcPrev + hubbleMpc * acc;
    comovingMpc[i] = dc;
    luminosityMpc[i] = (1 + zi) * dc;
    dV[i] = hubbleMpc * dc * dc * invE(zi);
    zPrev = zi;
    dcPrev = dc;
  }
  return { z, comovingMpc, luminosityMpc, dVdzdOmegaMpc3: dV };
}
