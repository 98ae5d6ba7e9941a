/**
 * Gnomonic (tangent-plane) projection about a centre (α0, δ0) (Calabretta & Greisen 2002, A&A 395,
 * 1077, §5.1.3 "TAN"): a point with unit vector p projects to ξ = (p·e)/(p·c), η = (p·n)/(p·c),
 * where c is the centre's unit vector and e, n the local east and north unit vectors. Great circles
 * through the centre map to straight lines; the projection is undefined on the far hemisphere.
 */
import { localFrame } from './local-frame.js';
import { ARCSEC_TO_RAD, DEG_TO_RAD, RAD_TO_ARCSEC } from './math.js';
import { unitToRadec } from './unit-vector.js';

/**
 * Standard coordinates [dxEast, dyNorth] in arcsec of (raDeg, decDeg) about (ra0Deg, dec0Deg);
 * [NaN, NaN] for points 90° or more from the centre.
 * @example tangentOffsetArcsec(0, 0, 1 / 3600, 0) // [1.0000000000078348, 0] (tan 1″ > 1″)
 */
export function tangentOffsetArcsec(ra0Deg: number, dec0Deg: number, raDeg: number, decDeg: number): [number, number] {
  const f = [0, 0, 0, 0, 0, 0, 0, 0, 0];
  localFrame(ra0Deg * DEG_TO_RAD, dec0Deg * DEG_TO_RAD, f);
  const ra = raDeg * DEG_TO_RAD;
  const dec = decDeg * DEG_TO_RAD;
  const cd = Math.cos(dec);
  const px = cd * Math.cos(ra);
  const py = cd * Math.sin(ra);
  const pz = Math.sin(dec);
  const pc = px * f[0] + py * f[1] + pz * f[2];
  if (!(pc > 0)) return [Number.NaN, Number.NaN];
  const pe = px * f[3] + py * f[4] + pz * f[5];
  const pn = px * f[6] + py * f[7] + pz * f[8];
  return [(pe / pc) * RAD_TO_ARCSEC, (pn / pc) * RAD_TO_ARCSEC];
}

/**
 * Inverse of tangentOffsetArcsec: the position [raDeg, decDeg] whose standard coordinates about
 * (ra0Deg, dec0Deg) are (dxEastArcsec, dyNorthArcsec); p ∝ c + ξ e + η n.
 * @example tangentOffsetToRadec(0, 0, 3600, 0) // [0.9998…, 0] — 1° on the plane is atan(π/180) on the sky
 */
export function tangentOffsetToRadec(
  ra0Deg: number,
  dec0Deg: number,
  dxEastArcsec: number,
  dyNorthArcsec: number,
): [number, number] {
  const f = [0, 0, 0, 0, 0, 0, 0, 0, 0];
  localFrame(ra0Deg * DEG_TO_RAD, dec0Deg * DEG_TO_RAD, f);
  const xi = dxEastArcsec * ARCSEC_TO_RAD;
  const eta = dyNorthArcsec * ARCSEC_TO_RAD;
  return unitToRadec(f[0] + xi * f[3] + eta * f[6], f[1] + xi * f[4] + eta * f[7], f[2] + xi * f[5] + eta * f[8]);
}
