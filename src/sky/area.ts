/**
 * Solid angles of RA/Dec boxes and HEALPix pixels, in deg².
 *
 * A box [α1, α2] × [δ1, δ2] covers Ω = Δα · (sin δ2 − sin δ1) sr (Δα in radians), the integral of
 * cos δ dδ dα. RA ranges may wrap through 0: raMin = 350, raMax = 10 is a 20°-wide box.
 */
import { UserError } from '../errors.js';
import { DEG_TO_RAD, DEG2_PER_SR, FULL_SKY_DEG2, RAD_TO_DEG, wrapDeg360 } from './math.js';

export interface SkyBox {
  /** Western edge, [0, 360). May exceed raMaxDeg when the box wraps through RA 0. */
  raMinDeg: number;
  /** Eastern edge, (0, 360]. */
  raMaxDeg: number;
  decMinDeg: number;
  decMaxDeg: number;
}

/** RA width of a box in degrees, (0, 360], reading raMax < raMin as a wrap through RA 0. */
export function raWidthDeg(raMinDeg: number, raMaxDeg: number): number {
  const d = raMaxDeg - raMinDeg;
  if (d > 360) return 360;
  return d < 0 ? d + 360 : d;
}

/**
 * Solid angle of an RA/Dec box in deg².
 * @example boxAreaDeg2(0, 360, -90, 90) // 41252.96124941928 (the whole sky)
 * @example boxAreaDeg2(350, 10, -1, 1) // 39.99796924813179 (wraps through RA 0)
 */
export function boxAreaDeg2(raMinDeg: number, raMaxDeg: number, decMinDeg: number, decMaxDeg: number): number {
  if (![raMinDeg, raMaxDeg, decMinDeg, decMaxDeg].every(Number.isFinite)) {
    throw new UserError(
      `box ${raMinDeg},${raMaxDeg},${decMinDeg},${decMaxDeg}: every edge must be a finite number of degrees`,
    );
  }
  if (decMinDeg > decMaxDeg || decMinDeg < -90 || decMaxDeg > 90) {
    throw new UserError(`box declinations ${decMinDeg}..${decMaxDeg}: need −90 ≤ decMin ≤ decMax ≤ 90`);
  }
  const dRaRad = raWidthDeg(raMinDeg, raMaxDeg) * DEG_TO_RAD;
  return dRaRad * (Math.sin(decMaxDeg * DEG_TO_RAD) - Math.sin(decMinDeg * DEG_TO_RAD)) * DEG2_PER_SR;
}

/**
 * A box of exactly `areaDeg2` centred on (centerRaDeg, centerDecDeg).
 *
 * The box is square on the sky at its centre: half-height h in Dec and half-width h/cos δ0 in RA.
 * Its area is (2h/cos δ0)·(sin(δ0+h) − sin(δ0−h)) = 4h·sin h (cos δ0 cancels), so h solves
 * 4h·sin h = Ω (Newton's method; h sin h is increasing on [0, π/2]). When that box would cross a
 * pole or be wider than 360° in RA, the function returns instead a full-RA band, centred on the
 * centre in sin δ (shifted to stay inside ±90°), whose area is again exactly Ω.
 * @example boxForArea(0, 0, 100) // { raMinDeg: 355.0…, raMaxDeg: 5.0…, decMinDeg: -5.0…, decMaxDeg: 5.0… }
 */
export function boxForArea(centerRaDeg: number, centerDecDeg: number, areaDeg2: number): SkyBox {
  if (!(areaDeg2 > 0) || areaDeg2 > FULL_SKY_DEG2 * (1 + 1e-12)) {
    throw new UserError(
      `area ${areaDeg2} deg²: must be > 0 and at most the full sky, ${FULL_SKY_DEG2.toFixed(2)} deg²`,
    );
  }
  if (!Number.isFinite(centerRaDeg) || !(Math.abs(centerDecDeg) <= 90)) {
    throw new UserError(`box centre (${centerRaDeg}, ${centerDecDeg}): need a finite RA and |Dec| ≤ 90 degrees`);
  }
  const areaSr = Math.min(areaDeg2 / DEG2_PER_SR, 4 * Math.PI);
  const cosDec0 = Math.cos(centerDecDeg * DEG_TO_RAD);
  const hRad = solveHalfHeight(areaSr / 4);
  const hDeg = hRad * RAD_TO_DEG;
  const widthDeg = (2 * hDeg) / cosDec0;
  if (hRad <= Math.PI / 2 && centerDecDeg + hDeg <= 90 && centerDecDeg - hDeg >= -90 && widthDeg <= 360) {
    const raMinDeg = wrapDeg360(centerRaDeg - widthDeg / 2);
    const raMax = wrapDeg360(centerRaDeg + widthDeg / 2);
    return {
      raMinDeg,
      raMaxDeg: raMax === 0 ? 360 : raMax,
      decMinDeg: centerDecDeg - hDeg,
      decMaxDeg: centerDecDeg + hDeg,
    };
  }
  // Full-RA band: sin δmax − sin δmin = Ω / 2π.
  const w = areaSr / (2 * Math.PI);
  const s0 = Math.sin(centerDecDeg * DEG_TO_RAD);
  let lo = s0 - w / 2;
  let hi = s0 + w / 2;
  if (hi > 1) {
    hi = 1;
    lo = 1 - w;
  } else if (lo < -1) {
    lo = -1;
    hi = -1 + w;
  }
  return {
    raMinDeg: 0,
    raMaxDeg: 360,
    decMinDeg: Math.asin(Math.max(-1, lo)) * RAD_TO_DEG,
    decMaxDeg: Math.asin(Math.min(1, hi)) * RAD_TO_DEG,
  };
}

/** Solves h·sin h = c for h ∈ [0, π] (c ≤ π). */
function solveHalfHeight(c: number): number {
  if (c >= Math.PI / 2) {
    // Beyond π/2 the box is replaced by a band anyway; any h > π/2 signals that.
    return Math.PI;
  }
  // Small-angle start h ≈ √c, then Newton on f(h) = h sin h − c, f' = sin h + h cos h (> 0 here).
  let h = Math.sqrt(c);
  for (let i = 0; i < 50; i++) {
    const step = (h * Math.sin(h) - c) / (Math.sin(h) + h * Math.cos(h));
    h -= step;
    if (Math.abs(step) <= 1e-16 * h) break;
  }
  return h;
}

/**
 * Area of one HEALPix pixel at `order` in deg² (all pixels have equal area, 4π / (12·4^order)).
 * @example pixelAreaDeg2(0) // 3437.7467707849396
 */
export function pixelAreaDeg2(order: number): number {
  if (!Number.isInteger(order) || order < 0 || order > 29) {
    throw new RangeError(`HEALPix order must be an integer in 0..29, got ${order}`);
  }
  return FULL_SKY_DEG2 / (12 * 4 ** order);
}
