/**
 * Constants and clamped inverse trigonometry shared by the sky kernels (the d3-geo `math.js` habit:
 * acos/asin clamp arguments a rounding error beyond ±1 instead of returning NaN).
 */

export const DEG_TO_RAD = Math.PI / 180;
export const RAD_TO_DEG = 180 / Math.PI;
export const ARCSEC_PER_DEG = 3600;
export const ARCSEC_TO_RAD = Math.PI / (180 * 3600);
export const RAD_TO_ARCSEC = (180 * 3600) / Math.PI;
/** Square degrees per steradian, (180/π)². */
export const DEG2_PER_SR = RAD_TO_DEG * RAD_TO_DEG;
/** The whole sphere, 4π sr, in deg² (≈ 41252.96). */
export const FULL_SKY_DEG2 = 4 * Math.PI * DEG2_PER_SR;

export function clampedAcos(x: number): number {
  return x >= 1 ? 0 : x <= -1 ? Math.PI : Math.acos(x);
}

export function clampedAsin(x: number): number {
  return x >= 1 ? Math.PI / 2 : x <= -1 ? -Math.PI / 2 : Math.asin(x);
}

/** Wraps an angle in degrees into [0, 360). */
export function wrapDeg360(deg: number): number {
  const w = deg % 360;
  const r = w < 0 ? w + 360 : w;
  // -1e-17 % 360 + 360 rounds to 360.
  return r >= 360 ? 0 : r;
}
