/**
 * Destination point: the position reached by moving `sepArcsec` along the great circle that leaves
 * (raDeg, decDeg) at position angle `paDeg` (east of north). With c the start's unit vector and
 * e, n its east/north unit vectors, p = cos d · c + sin d · (sin PA · e + cos PA · n); the vector
 * form stays exact at the poles and for d near 180° (astropy's `offset_by` uses the spherical-trig
 * equivalent).
 */
import { localFrame } from './local-frame.js';
import { ARCSEC_TO_RAD, DEG_TO_RAD } from './math.js';
import { unitToRadec } from './unit-vector.js';

/**
 * @example offsetByPA(10, 0, 90, 3600) // [11, 0]   (1° due east on the equator)
 */
export function offsetByPA(raDeg: number, decDeg: number, paDeg: number, sepArcsec: number): [number, number] {
  const f = [0, 0, 0, 0, 0, 0, 0, 0, 0];
  localFrame(raDeg * DEG_TO_RAD, decDeg * DEG_TO_RAD, f);
  const d = sepArcsec * ARCSEC_TO_RAD;
  const pa = paDeg * DEG_TO_RAD;
  const cd = Math.cos(d);
  const se = Math.sin(d) * Math.sin(pa);
  const sn = Math.sin(d) * Math.cos(pa);
  return unitToRadec(
    cd * f[0] + se * f[3] + sn * f[6],
    cd * f[1] + se * f[4] + sn * f[7],
    cd * f[2] + se * f[5] + sn * f[8],
  );
}
