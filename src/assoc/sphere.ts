/** Geometry kernels on the unit sphere (radians inside, degrees/arcsec at the edges). */

export const ARCSEC_PER_RAD = (180 * 3600) / Math.PI;
export const DEG_PER_RAD = 180 / Math.PI;
/** Whole sky in deg²: 4π sr. */
export const FULL_SKY_DEG2 = 4 * Math.PI * DEG_PER_RAD * DEG_PER_RAD;

/** True when (ra, dec) is a usable position: finite, RA ≠ −99 (NWAY's missing marker), |dec| ≤ 90. */
export function isValidPosition(raDeg: number, decDeg: number): boolean {
  return Number.isFinite(raDeg) && Number.isFinite(decDeg) && raDeg !== -99 && decDeg >= -90 && decDeg <= 90;
}

/** Writes the unit vector of (ra, dec) in degrees into out[o..o+2]. */
export function unitVector(raDeg: number, decDeg: number, out: Float64Array, o: number): void {
  const a = raDeg / DEG_PER_RAD;
  const d = decDeg / DEG_PER_RAD;
  const cd = Math.cos(d);
  out[o] = cd * Math.cos(a);
  out[o + 1] = cd * Math.sin(a);
  out[o + 2] = Math.sin(d);
}

/**
 * Angle between unit vectors u[i..] and v[j..] in arcsec, as atan2(|u×v|, u·v): accurate at
 * every separation (the Vincenty form; no acos round-off at small angles).
 */
export function separationArcsecVec(u: Float64Array, i: number, v: Float64Array, j: number): number {
  const ux = u[i];
  const uy = u[i + 1];
  const uz = u[i + 2];
  const vx = v[j];
  const vy = v[j + 1];
  const vz = v[j + 2];
  const cx = uy * vz - uz * vy;
  const cy = uz * vx - ux * vz;
  const cz = ux * vy - uy * vx;
  const s = Math.sqrt(cx * cx + cy * cy + cz * cz);
  const c = ux * vx + uy * vy + uz * vz;
  return Math.atan2(s, c) * ARCSEC_PER_RAD;
}

/** Great-circle separation of two positions in degrees, result in arcsec (Vincenty formula). */
export function separationArcsec(ra1Deg: number, dec1Deg: number, ra2Deg: number, dec2Deg: number): number {
  const d1 = dec1Deg / DEG_PER_RAD;
  const d2 = dec2Deg / DEG_PER_RAD;
  const dl = (ra2Deg - ra1Deg) / DEG_PER_RAD;
  const s1 = Math.sin(d1);
  const c1 = Math.cos(d1);
  const s2 = Math.sin(d2);
  const c2 = Math.cos(d2);
  const sl = Math.sin(dl);
  const cl = Math.cos(dl);
  const x = c2 * sl;
  const y = c1 * s2 - s1 * c2 * cl;
  return Math.atan2(Math.sqrt(x * x + y * y), s1 * s2 + c1 * c2 * cl) * ARCSEC_PER_RAD;
}
