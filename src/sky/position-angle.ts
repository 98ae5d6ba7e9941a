/**
 * Position angle of point 2 seen from point 1, east of north, in [0, 360) degrees (the astronomical
 * convention; astropy's `position_angle`): PA = atan2(sin Δα cos δ2, cos δ1 sin δ2 − sin δ1 cos δ2 cos Δα).
 */
import { DEG_TO_RAD, RAD_TO_DEG, wrapDeg360 } from './math.js';

/**
 * @example positionAngleDeg(0, 0, 0, 1) // 0 (due north)
 * @example positionAngleDeg(0, 0, 1, 0) // 90 (due east)
 */
export function positionAngleDeg(ra1Deg: number, dec1Deg: number, ra2Deg: number, dec2Deg: number): number {
  const dra = (ra2Deg - ra1Deg) * DEG_TO_RAD;
  const d1 = dec1Deg * DEG_TO_RAD;
  const d2 = dec2Deg * DEG_TO_RAD;
  const c2 = Math.cos(d2);
  const y = Math.sin(dra) * c2;
  const x = Math.sin(d2) * Math.cos(d1) - c2 * Math.sin(d1) * Math.cos(dra);
  return wrapDeg360(Math.atan2(y, x) * RAD_TO_DEG);
}
