/**
 * Distance tables for the galaxy model: comoving and luminosity distance on a fine uniform z grid
 * (flat ΛCDM, Hogg 1999 eqs. 14–21, via agn/distances.ts Simpson quadrature), with fast
 * interpolation both ways (z → D_C, D_C → z) for the per-row loops.
 */
import { distancesAt } from './agn/distances.js';

export interface DistanceGrid {
  dz: number;
  zMax: number;
  comovingMpc: Float64Array;
  /** Uniform D_C grid and z at its nodes, for the inverse. */
  dcStep: number;
  zAtDc: Float64Array;
}

export function distanceGrid(h: number, omegaM: number, zMax: number, dz = 0.0005): DistanceGrid {
  const n = Math.round(zMax / dz) + 1;
  const z = new Float64Array(n);
  for (let i = 0; i < n; i++) z[i] = i * dz;
  const t = distancesAt({ h, omegaM }, z);
  const dcMax = t.comovingMpc[n - 1];
  const m = 20000;
  const dcStep = dcMax / (m - 1);
  const zAtDc = new Float64Array(m);
  let j = 0;
  for (let k = 0; k < m; k++) {
    const d = k * dcStep;
    while (j < n - 2 && t.comovingMpc[j + 1] < d) j++;
    const a = t.comovingMpc[j];
    const b = t.comovingMpc[j + 1];
    zAtDc[k] = z[j] + ((d - a) / (b - a)) * dz;
  }
  return { dz, zMax, comovingMpc: t.comovingMpc, dcStep, zAtDc };
}

/** Comoving distance (Mpc) at z by linear interpolation. */
export function comovingAt(g: DistanceGrid, z: number): number {
  const x = z / g.dz;
  const i = Math.min(Math.floor(x), g.comovingMpc.length - 2);
  const f = x - i;
  return g.comovingMpc[i] + f * (g.comovingMpc[i + 1] - g.comovingMpc[i]);
}

/** Redshift at comoving distance (Mpc) by linear interpolation. */
export function redshiftAtComoving(g: DistanceGrid, dcMpc: number): number {
  const x = dcMpc / g.dcStep;
  const i = Math.min(Math.floor(x), g.zAtDc.length - 2);
  const f = x - i;
  return g.zAtDc[i] + f * (g.zAtDc[i + 1] - g.zAtDc[i]);
}
