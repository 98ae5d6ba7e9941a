/** Unit vectors on the celestial sphere: x towards (RA 0, Dec 0), y towards (RA 90°, Dec 0), z to the north pole. */
import { DEG_TO_RAD, RAD_TO_DEG, wrapDeg360 } from './math.js';

/**
 * Unit vector of (raDeg, decDeg).
 * @example radecToUnit(90, 0) // [6.123e-17, 1, 0]
 */
export function radecToUnit(raDeg: number, decDeg: number): [number, number, number] {
  const ra = raDeg * DEG_TO_RAD;
  const dec = decDeg * DEG_TO_RAD;
  const cd = Math.cos(dec);
  return [cd * Math.cos(ra), cd * Math.sin(ra), Math.sin(dec)];
}

/**
 * Unit vectors of many positions, interleaved as x0, y0, z0, x1, … (length 3n).
 * @example unitVectors(new Float64Array([0]), new Float64Array([90])) // Float64Array [6.123e-17, 0, 1]
 */
export function unitVectors(
  raDeg: Float64Array,
  decDeg: Float64Array,
  out = new Float64Array(3 * raDeg.length),
): Float64Array {
  if (decDeg.length !== raDeg.length || out.length < 3 * raDeg.length) {
    throw new RangeError('unitVectors: raDeg and decDeg must have equal length and out 3× that');
  }
  const n = raDeg.length;
  for (let i = 0; i < n; i++) {
    const ra = raDeg[i] * DEG_TO_RAD;
    const dec = decDeg[i] * DEG_TO_RAD;
    const cd = Math.cos(dec);
    out[3 * i] = cd * Math.cos(ra);
    out[3 * i + 1] = cd * Math.sin(ra);
    out[3 * i + 2] = Math.sin(dec);
  }
  return out;
}

/**
 * (raDeg in [0, 360), decDeg) of a vector of any non-zero length; atan2 keeps full precision near the poles.
 * @example unitToRadec(0, 1, 1) // [90, 45]
 */
export function unitToRadec(x: number, y: number, z: number): [number, number] {
  const ra = x === 0 && y === 0 ? 0 : wrapDeg360(Math.atan2(y, x) * RAD_TO_DEG);
  return [ra, Math.atan2(z, Math.hypot(x, y)) * RAD_TO_DEG];
}
