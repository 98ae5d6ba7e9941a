/**
 * HEALPix geometry kernel shared by the nested and ring schemes (Górski et al. 2005, ApJ 622, 759).
 *
 * Notation (as in the paper and in HEALPix's own C++ `healpix_base`):
 *
 * | symbol | meaning | range |
 * |---|---|---|
 * | order | resolution level k, Nside = 2^k | 0…29 |
 * | θ, φ | colatitude and longitude, radians (θ = π/2 − dec, φ = RA) | [0, π], [0, 2π) |
 * | z | cos θ | [−1, 1] |
 * | sθ | sin θ, carried separately near the poles where 1 − z loses digits | [0, 1] |
 * | t | φ / (π/2), longitude in units of a base-pixel quadrant | [0, 4) |
 * | face | base pixel f: 0–3 north cap, 4–7 equator, 8–11 south cap | 0…11 |
 * | ix, iy | pixel coordinates inside a face; +ix runs north-east, +iy north-west | 0…Nside−1 |
 * | jp, jm | indices of the ascending / descending pixel edge lines (paper §4) | 0…4.5·Nside |
 * | jr | ring index counted from the north pole | 1…4·Nside−1 |
 *
 * Every intermediate integer is below 2^33 even at order 29, so float64 holds it exactly; only the
 * final nested/ring index needs 64 bits (see healpix-bits.ts and healpix-ring.ts).
 *
 * To reproduce healpy bit for bit (the fixtures are healpy 1.16.1 output), angles are formed as
 * healpy forms them from (lon, lat): θ = π/2 − dec·(π/180), φ = RA·(π/180), z = cos θ, and the
 * polar-cap distance uses Nside·sθ/√((1+|z|)/3) when θ < 0.01 or θ > π − 0.01 (where
 * √(3(1−|z|)) would amplify the rounding error of z) — the same branch points as HEALPix C++.
 */

/** Maximum order: Nside = 2^29 is the largest with 64-bit indices (12·4^29 ≈ 3.5e18). */
export const MAX_ORDER = 29;
/** Largest order whose indices (< 12·4^24 ≈ 3.4e15) are exact in a float64 number. */
export const MAX_NUMBER_ORDER = 24;

const HALF_PI = Math.PI / 2;
// 2/π; HEALPix C++ multiplies by this constant rather than dividing by π/2.
export const INV_HALF_PI = 2 / Math.PI;
const TWO_THIRDS = 2 / 3;

/** Ring number (in units of Nside) of each face's southernmost corner (Górski et al. 2005 Fig. 4). */
export const FACE_RING = [2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4];
/** Longitude of each face's centre in units of π/4. */
export const FACE_PHI = [1, 3, 5, 7, 0, 2, 4, 6, 1, 3, 5, 7];

export function checkOrder(order: number, max = MAX_ORDER): void {
  if (!Number.isInteger(order) || order < 0 || order > max) {
    throw new RangeError(`HEALPix order must be an integer in 0..${max}, got ${order}`);
  }
}

/** C's fmod-based modulo into [0, v2), as used by HEALPix for t = φ/(π/2) mod 4. */
function fmodulo(v1: number, v2: number): number {
  if (v1 >= 0) return v1 < v2 ? v1 : v1 % v2;
  const tmp = (v1 % v2) + v2;
  return tmp === v2 ? 0 : tmp;
}

/**
 * Face and in-face coordinates of the pixel containing (z, φ); writes [ix, iy, face] into `out`.
 * Górski et al. 2005 eqs. (6)–(7) for the equatorial zone (|z| ≤ 2/3) and (11)–(12) for the caps.
 */
export function zphiToXyf(
  order: number,
  z: number,
  phi: number,
  sth: number,
  haveSth: boolean,
  out: Float64Array | Int32Array | number[],
): void {
  const nside = 2 ** order;
  const za = Math.abs(z);
  const tt = fmodulo(phi * INV_HALF_PI, 4);
  if (za <= TWO_THIRDS) {
    const temp1 = nside * (0.5 + tt);
    const temp2 = nside * (z * 0.75);
    const jp = Math.floor(temp1 - temp2); // ascending edge line, ≥ 0
    const jm = Math.floor(temp1 + temp2); // descending edge line
    const ifp = Math.floor(jp / nside);
    const ifm = Math.floor(jm / nside);
    out[2] = ifp === ifm ? ifp | 4 : ifp < ifm ? ifp : ifm + 8;
    out[0] = jm - ifm * nside;
    out[1] = nside - (jp - ifp * nside) - 1;
    return;
  }
  const ntt = tt >= 3 ? 3 : Math.floor(tt);
  const tp = tt - ntt;
  const tmp = za < 0.99 || !haveSth ? nside * Math.sqrt(3 * (1 - za)) : (nside * sth) / Math.sqrt((1 + za) / 3);
  let jp = Math.floor(tp * tmp);
  let jm = Math.floor((1 - tp) * tmp);
  // Points on the face boundary can round one line too far.
  if (jp > nside - 1) jp = nside - 1;
  if (jm > nside - 1) jm = nside - 1;
  if (z >= 0) {
    out[0] = nside - jm - 1;
    out[1] = nside - jp - 1;
    out[2] = ntt;
  } else {
    out[0] = jp;
    out[1] = jm;
    out[2] = ntt + 8;
  }
}

/**
 * Centre of pixel (ix, iy, face) at `order`; writes [z, φ, sθ, haveSth (0/1)] into `out`.
 * Inverse of zphiToXyf (Górski et al. 2005 eqs. 4–5 and 8–9, with jr the ring index).
 */
export function xyfToZphi(order: number, ix: number, iy: number, face: number, out: Float64Array | number[]): void {
  const nside = 2 ** order;
  const npix = 12 * nside * nside;
  const fact2 = 4 / npix;
  const fact1 = 2 * nside * fact2;
  const jr = FACE_RING[face] * nside - ix - iy - 1;
  let nr: number;
  let z: number;
  let sth = 0;
  let haveSth = 0;
  if (jr < nside) {
    nr = jr;
    const tmp = nr * nr * fact2;
    z = 1 - tmp;
    if (z > 0.99) {
      sth = Math.sqrt(tmp * (2 - tmp));
      haveSth = 1;
    }
  } else if (jr > 3 * nside) {
    nr = 4 * nside - jr;
    const tmp = nr * nr * fact2;
    z = tmp - 1;
    if (z < -0.99) {
      sth = Math.sqrt(tmp * (2 - tmp));
      haveSth = 1;
    }
  } else {
    nr = nside;
    z = (2 * nside - jr) * fact1;
  }
  let t = FACE_PHI[face] * nr + ix - iy;
  if (t < 0) t += 8 * nr;
  out[0] = z;
  out[1] = nr === nside ? 0.75 * HALF_PI * t * fact1 : (0.5 * HALF_PI * t) / nr;
  out[2] = sth;
  out[3] = haveSth;
}

/** θ as healpy forms it from a declination in degrees. */
export function thetaFromDecDeg(decDeg: number): number {
  return HALF_PI - decDeg * (Math.PI / 180);
}

/** Whether healpy's ang2pix carries sin θ separately (θ within 0.01 rad of a pole). */
export function nearPole(theta: number): boolean {
  // biome-ignore lint/suspicious/noApproximativeNumericConstant: HEALPix C++ uses this literal, not π.
  return theta < 0.01 || theta > 3.14159 - 0.01;
}

/** Writes [raDeg, decDeg] for a (z, φ, sθ, haveSth) location, as healpy's pix2ang with lonlat=True. */
export function zphiToRadec(loc: Float64Array | number[], out: Float64Array | number[], offset = 0): void {
  const theta = loc[3] ? Math.atan2(loc[2], loc[0]) : Math.acos(loc[0]);
  out[offset] = loc[1] * (180 / Math.PI);
  out[offset + 1] = 90 - theta * (180 / Math.PI);
}
