/**
 * Abundance matching without an N-body simulation (design memo §2.1): at each redshift the mean
 * stellar mass of a halo of mass M_h solves n_h(>M_h) = n_*(>M*), with n_h from the Tinker 2008
 * mass function and n_* from the SIDES stellar mass function. Log-normal scatter about this mean
 * relation is added by the samplers (parameter am_scatter_dex).
 */
import { smfParamsAt, smfPerDex } from './stellar-mass-function.js';

const M_GRID_MIN = 5.0;
const M_GRID_MAX = 13.0;
const M_GRID_STEP = 0.01;

/**
 * Mean log10 M* for each halo node. `logMh` ascending uniform, `halosPerDex` dn/dlog10 M_h there
 * (Mpc⁻³ dex⁻¹). Halos whose abundance exceeds that of the least massive galaxies on the grid get
 * NaN (they host no galaxy the model follows).
 */
export function meanLogMstar(
  logMh: Float64Array,
  halosPerDex: Float64Array,
  z: number,
  out = new Float64Array(logMh.length),
): Float64Array {
  const n = logMh.length;
  const dh = logMh[1] - logMh[0];
  // Cumulative halo abundance n_h(>M_h), trapezoid from the top.
  const nh = new Float64Array(n);
  nh[n - 1] = 0.5 * halosPerDex[n - 1] * dh;
  for (let i = n - 2; i >= 0; i--) nh[i] = nh[i + 1] + 0.5 * (halosPerDex[i] + halosPerDex[i + 1]) * dh;
  // Cumulative stellar abundance n_*(>M*) on a fine grid, from the top.
  const p = smfParamsAt(z);
  const nm = Math.round((M_GRID_MAX - M_GRID_MIN) / M_GRID_STEP) + 1;
  const ns = new Float64Array(nm);
  let prev = smfPerDex(p, M_GRID_MAX);
  for (let j = nm - 2; j >= 0; j--) {
    const cur = smfPerDex(p, M_GRID_MIN + j * M_GRID_STEP);
    ns[j] = ns[j + 1] + 0.5 * (cur + prev) * M_GRID_STEP;
    prev = cur;
  }
  // Walk both cumulative curves downwards in abundance (up in mass) together.
  let j = 0;
  for (let i = 0; i < n; i++) {
    const target = nh[i];
    if (!(target > 0) || target > ns[0]) {
      out[i] = Number.NaN;
      continue;
    }
    while (j < nm - 2 && ns[j + 1] >= target) j++;
    if (ns[j + 1] <= 0 && ns[j] <= 0) {
      out[i] = M_GRID_MAX;
      continue;
    }
    // Interpolate in log abundance between grid nodes j and j+1.
    const a = Math.log(ns[j]);
    const b = Math.log(Math.max(ns[j + 1], 1e-300));
    const f = a === b ? 0 : (a - Math.log(target)) / (a - b);
    out[i] = M_GRID_MIN + (j + Math.min(1, Math.max(0, f))) * M_GRID_STEP;
  }
  return out;
}
