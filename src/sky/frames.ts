/**
 * Rotations between ICRS, FK5 (J2000.0) and Galactic coordinates, built exactly as astropy builds
 * them (astropy.coordinates.builtin_frames), so results agree with astropy to rounding:
 *
 * - ICRS → FK5 J2000: the frame-bias matrix B = R1(−η0)·R2(ξ0)·R3(dα0) with η0 = −19.9 mas,
 *   ξ0 = 9.1 mas, dα0 = −22.9 mas (USNO Circular 179, Kaplan 2005, eq. 3.4; IERS Conventions
 *   2003 §5.4.4 frame-bias offsets from Hipparcos/VLBI).
 * - FK5 J2000 → Galactic: R3(180° − l0)·R2(90° − δP)·R3(αP), with the north Galactic pole
 *   (αP, δP) = (192.8594812065348°, 27.12825118085622°) and l0 = 122.9319185680026°: the IAU 1958
 *   definition (Blaauw et al. 1960, given in FK4 B1950) carried to FK5 J2000 by astropy
 *   (`Galactic._ngp_J2000`, `_lon0_J2000`). Using Reid & Brunthaler (2004) instead would move
 *   positions by up to ~0.1″; astronomy-engine's Galactic frame is 8″ off.
 * - ICRS → Galactic = (FK5 → Galactic)·B, the path astropy's transform graph takes.
 *
 * Rk(θ) are passive rotations about axis k (astropy `rotation_matrix`, ERFA eraRx/Ry/Rz).
 */
import { DEG_TO_RAD, RAD_TO_DEG, wrapDeg360 } from './math.js';

/** A 3×3 rotation, row-major. */
export type Matrix3 = readonly number[];

function rotation(angleDeg: number, axis: 0 | 1 | 2): number[] {
  const a = angleDeg * DEG_TO_RAD;
  const c = Math.cos(a);
  const s = Math.sin(a);
  const m = [0, 0, 0, 0, 0, 0, 0, 0, 0];
  const a1 = (axis + 1) % 3;
  const a2 = (axis + 2) % 3;
  m[axis * 3 + axis] = 1;
  m[a1 * 3 + a1] = c;
  m[a1 * 3 + a2] = s;
  m[a2 * 3 + a1] = -s;
  m[a2 * 3 + a2] = c;
  return m;
}

function multiply(a: Matrix3, b: Matrix3): number[] {
  const m = [0, 0, 0, 0, 0, 0, 0, 0, 0];
  for (let i = 0; i < 3; i++) {
    for (let j = 0; j < 3; j++) {
      m[i * 3 + j] = a[i * 3] * b[j] + a[i * 3 + 1] * b[3 + j] + a[i * 3 + 2] * b[6 + j];
    }
  }
  return m;
}

function transpose(a: Matrix3): number[] {
  return [a[0], a[3], a[6], a[1], a[4], a[7], a[2], a[5], a[8]];
}

const MAS = 1 / 3_600_000;
/** ICRS → FK5 J2000 frame bias (USNO Circular 179 eq. 3.4). */
export const ICRS_TO_FK5: Matrix3 = Object.freeze(
  multiply(multiply(rotation(19.9 * MAS, 0), rotation(9.1 * MAS, 1)), rotation(-22.9 * MAS, 2)),
);
/** FK5 J2000 → Galactic (astropy's J2000 pole and l0, see the module comment). */
export const FK5_TO_GALACTIC: Matrix3 = Object.freeze(
  multiply(
    multiply(rotation(180 - 122.9319185680026, 2), rotation(90 - 27.12825118085622, 1)),
    rotation(192.8594812065348, 2),
  ),
);
export const ICRS_TO_GALACTIC: Matrix3 = Object.freeze(multiply(FK5_TO_GALACTIC, ICRS_TO_FK5));
export const FK5_TO_ICRS: Matrix3 = Object.freeze(transpose(ICRS_TO_FK5));
export const GALACTIC_TO_FK5: Matrix3 = Object.freeze(transpose(FK5_TO_GALACTIC));
export const GALACTIC_TO_ICRS: Matrix3 = Object.freeze(transpose(ICRS_TO_GALACTIC));

/**
 * Applies a rotation to one position: [lonDeg in [0, 360), latDeg].
 * @example rotateLonLat(ICRS_TO_GALACTIC, 266.4168371, -29.0078106) // [359.94425…, -0.04616…] (Sgr A*)
 */
export function rotateLonLat(m: Matrix3, lonDeg: number, latDeg: number): [number, number] {
  const lon = lonDeg * DEG_TO_RAD;
  const lat = latDeg * DEG_TO_RAD;
  const cl = Math.cos(lat);
  const x = cl * Math.cos(lon);
  const y = cl * Math.sin(lon);
  const z = Math.sin(lat);
  const u = m[0] * x + m[1] * y + m[2] * z;
  const v = m[3] * x + m[4] * y + m[5] * z;
  const w = m[6] * x + m[7] * y + m[8] * z;
  return [wrapDeg360(Math.atan2(v, u) * RAD_TO_DEG), Math.atan2(w, Math.sqrt(u * u + v * v)) * RAD_TO_DEG];
}

/** Rotates many positions; writes longitudes and latitudes (degrees) into the two output arrays. */
export function rotateLonLatBatch(
  m: Matrix3,
  lonDeg: Float64Array,
  latDeg: Float64Array,
  outLonDeg = new Float64Array(lonDeg.length),
  outLatDeg = new Float64Array(lonDeg.length),
): [Float64Array, Float64Array] {
  const n = lonDeg.length;
  if (latDeg.length !== n || outLonDeg.length < n || outLatDeg.length < n) {
    throw new RangeError('rotateLonLatBatch: inputs and outputs must have the same length');
  }
  for (let i = 0; i < n; i++) {
    const lon = lonDeg[i] * DEG_TO_RAD;
    const lat = latDeg[i] * DEG_TO_RAD;
    const cl = Math.cos(lat);
    const x = cl * Math.cos(lon);
    const y = cl * Math.sin(lon);
    const z = Math.sin(lat);
    const u = m[0] * x + m[1] * y + m[2] * z;
    const v = m[3] * x + m[4] * y + m[5] * z;
    const w = m[6] * x + m[7] * y + m[8] * z;
    outLonDeg[i] = wrapDeg360(Math.atan2(v, u) * RAD_TO_DEG);
    outLatDeg[i] = Math.atan2(w, Math.sqrt(u * u + v * v)) * RAD_TO_DEG;
  }
  return [outLonDeg, outLatDeg];
}

/** ICRS (raDeg, decDeg) → Galactic [lDeg, bDeg]. */
export function icrsToGalactic(raDeg: number, decDeg: number): [number, number] {
  return rotateLonLat(ICRS_TO_GALACTIC, raDeg, decDeg);
}

/** Galactic (lDeg, bDeg) → ICRS [raDeg, decDeg]. */
export function galacticToIcrs(lDeg: number, bDeg: number): [number, number] {
  return rotateLonLat(GALACTIC_TO_ICRS, lDeg, bDeg);
}

/** ICRS → FK5 (J2000.0 equinox and epoch) [raDeg, decDeg]. */
export function icrsToFk5(raDeg: number, decDeg: number): [number, number] {
  return rotateLonLat(ICRS_TO_FK5, raDeg, decDeg);
}

/** FK5 J2000 → ICRS [raDeg, decDeg]. */
export function fk5ToIcrs(raDeg: number, decDeg: number): [number, number] {
  return rotateLonLat(FK5_TO_ICRS, raDeg, decDeg);
}

/** FK5 J2000 → Galactic [lDeg, bDeg]. */
export function fk5ToGalactic(raDeg: number, decDeg: number): [number, number] {
  return rotateLonLat(FK5_TO_GALACTIC, raDeg, decDeg);
}

/** Galactic → FK5 J2000 [raDeg, decDeg]. */
export function galacticToFk5(lDeg: number, bDeg: number): [number, number] {
  return rotateLonLat(GALACTIC_TO_FK5, lDeg, bDeg);
}
