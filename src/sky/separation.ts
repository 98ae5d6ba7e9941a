/**
 * Angular separation, accurate at every scale: the Vincenty (1975) special case for a sphere,
 * θ = atan2(√((cos δ2 sin Δα)² + (cos δ1 sin δ2 − sin δ1 cos δ2 cos Δα)²),
 *           sin δ1 sin δ2 + cos δ1 cos δ2 cos Δα),
 * as in astropy's `angular_separation`. Unlike acos of a dot product (no digits below ~1e-8 rad)
 * or haversine (ill-conditioned near π), it keeps full relative precision from 0 to 180°.
 */
import { DEG_TO_RAD, RAD_TO_ARCSEC, RAD_TO_DEG } from './math.js';

/** Separation in radians of two positions given in radians. */
export function separationRad(ra1: number, dec1: number, ra2: number, dec2: number): number {
  const sdra = Math.sin(ra2 - ra1);
  const cdra = Math.cos(ra2 - ra1);
  const s1 = Math.sin(dec1);
  const c1 = Math.cos(dec1);
  const s2 = Math.sin(dec2);
  const c2 = Math.cos(dec2);
  const num1 = c2 * sdra;
  const num2 = c1 * s2 - s1 * c2 * cdra;
  return Math.atan2(Math.hypot(num1, num2), s1 * s2 + c1 * c2 * cdra);
}

/**
 * Separation in degrees.
 * @example separationDeg(0, 0, 90, 0) // 90
 */
export function separationDeg(ra1Deg: number, dec1Deg: number, ra2Deg: number, dec2Deg: number): number {
  return (
    separationRad(ra1Deg * DEG_TO_RAD, dec1Deg * DEG_TO_RAD, ra2Deg * DEG_TO_RAD, dec2Deg * DEG_TO_RAD) * RAD_TO_DEG
  );
}

/**
 * Separation in arcseconds.
 * @example separationArcsec(10, 0, 10, 1 / 3600) // 1
 */
export function separationArcsec(ra1Deg: number, dec1Deg: number, ra2Deg: number, dec2Deg: number): number {
  return (
    separationRad(ra1Deg * DEG_TO_RAD, dec1Deg * DEG_TO_RAD, ra2Deg * DEG_TO_RAD, dec2Deg * DEG_TO_RAD) * RAD_TO_ARCSEC
  );
}

/** Element-wise separations in arcsec of two equal-length position lists. */
export function separationsArcsec(
  ra1Deg: Float64Array,
  dec1Deg: Float64Array,
  ra2Deg: Float64Array,
  dec2Deg: Float64Array,
  out = new Float64Array(ra1Deg.length),
): Float64Array {
  const n = ra1Deg.length;
  if (dec1Deg.length !== n || ra2Deg.length !== n || dec2Deg.length !== n || out.length < n) {
    throw new RangeError('separationsArcsec: all inputs must have the same length');
  }
  for (let i = 0; i < n; i++) {
    out[i] =
      separationRad(ra1Deg[i] * DEG_TO_RAD, dec1Deg[i] * DEG_TO_RAD, ra2Deg[i] * DEG_TO_RAD, dec2Deg[i] * DEG_TO_RAD) *
      RAD_TO_ARCSEC;
  }
  return out;
}
