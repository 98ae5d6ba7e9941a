/**
 * Pixels of a disc (cone) on the sky, nested scheme, found by descending the HEALPix quadtree
 * (the hierarchical search of Górski et al. 2005 §4 and of MOC tools).
 *
 * A pixel at level L lies within R_L of its centre, where R_L is HEALPix's largest pixel radius
 * (`max_pixrad`: the centre-to-vertex distance of the pixels at the equator/cap transition),
 * taken 5 % larger to cover the slight curvature of pixel edges. With d the distance from the disc
 * centre to the pixel centre and r the disc radius:
 * - d > r + R_L: the pixel and all its descendants miss the disc;
 * - d + R_L ≤ r: the pixel lies inside the disc, so every descendant is in the result;
 * - otherwise its four children are examined.
 * At the requested order, `inclusive: false` keeps pixels whose centre is inside the disc
 * (d ≤ r, healpy's exact `query_disc`); `inclusive: true` keeps every pixel with d ≤ r + R, a
 * conservative superset of the pixels that overlap the disc (like healpy's inclusive mode).
 * Distances are compared as chords (|p − c| = 2 sin(d/2)), which keeps precision for tiny discs.
 *
 * The descent does not start at the 12 base pixels but at the deepest level Ls (≤ the target
 * order) whose pixels are still larger than the disc (R_Ls ≥ r). The level-Ls pixels to descend
 * from are found by a breadth-first walk over neighbours from the pixel containing the disc centre,
 * crossing only pixels that pass the d ≤ r + R test. That walk reaches every pixel overlapping the
 * disc: those pixels cover the (connected) disc, so any two are joined by a chain of overlapping,
 * mutually adjacent pixels, all of which pass the test. Start pixels are descended in nested order
 * and children in nested order, so the output is sorted.
 */

import { xyfToNestBig, xyfToNestNumber } from './healpix-bits.js';
import { checkOrder, MAX_NUMBER_ORDER, nearPole, thetaFromDecDeg, xyfToZphi, zphiToXyf } from './healpix-core.js';
import { neighbourXyf } from './healpix-neighbours.js';
import { DEG_TO_RAD, FULL_SKY_DEG2 } from './math.js';

export interface QueryDiscOptions {
  /** Every pixel that overlaps the disc (a superset) instead of pixels whose centre is inside. */
  inclusive?: boolean;
  /** Refuse to return more pixels than this (default 5e7) rather than exhaust memory. */
  maxPixels?: number;
}

function computeMaxPixelRadius(order: number): number {
  const nside = 2 ** order;
  const t1 = (1 - 1 / nside) ** 2;
  const za = 2 / 3;
  const phia = Math.PI / (4 * nside);
  const zb = 1 - t1 / 3;
  const sa = Math.sqrt((1 - za) * (1 + za));
  const sb = Math.sqrt((1 - zb) * (1 + zb));
  const ax = sa * Math.cos(phia);
  const ay = sa * Math.sin(phia);
  // b = (sb, 0, zb); angle = atan2(|a × b|, a · b).
  const cx = ay * zb;
  const cy = za * sb - ax * zb;
  const cz = -ay * sb;
  return Math.atan2(Math.hypot(cx, cy, cz), ax * sb + za * zb);
}

// Computed once for every order: queries read it per level.
const MAX_PIXEL_RADIUS: readonly number[] = Object.freeze(
  Array.from({ length: 30 }, (_, k) => computeMaxPixelRadius(k)),
);

/**
 * Largest centre-to-vertex distance of a pixel at `order`, radians (HEALPix C++ `max_pixrad`).
 * @example maxPixelRadiusRad(0) // 0.8410686705679302 (acos(2/3): face centre to the pole)
 */
export function maxPixelRadiusRad(order: number): number {
  checkOrder(order);
  return MAX_PIXEL_RADIUS[order];
}

const PIXRAD_MARGIN = 1.05;

/**
 * Visits the quadtree and calls emit(level, ix, iy, face) for each pixel (at `level` ≤ order)
 * whose descendants at `order` all belong to the result, in nested order.
 */
function descend(
  order: number,
  raDeg: number,
  decDeg: number,
  radiusDeg: number,
  inclusive: boolean,
  emit: (level: number, ix: number, iy: number, face: number) => void,
): void {
  const ra = raDeg * DEG_TO_RAD;
  const dec = decDeg * DEG_TO_RAD;
  const cx = Math.cos(dec) * Math.cos(ra);
  const cy = Math.cos(dec) * Math.sin(ra);
  const cz = Math.sin(dec);
  const r = radiusDeg * DEG_TO_RAD;
  const chord = (angle: number) => (angle >= Math.PI ? 2 : angle <= 0 ? -1 : 2 * Math.sin(angle / 2));
  // Per level, the chord thresholds of d > r + R (miss) and d ≤ r − R (inside): chords grow
  // monotonically with angle on [0, π], so no inverse trigonometry is needed per pixel.
  const missChord: number[] = [];
  const insideChord: number[] = [];
  for (let l = 0; l <= order; l++) {
    const pr = MAX_PIXEL_RADIUS[l] * PIXRAD_MARGIN;
    missChord.push(chord(r + pr));
    insideChord.push(chord(r - pr));
  }
  const exactChord = chord(r);
  const loc = new Float64Array(4);

  /** Chord from the disc centre to the centre of pixel (ix, iy, face) at `level`. */
  const chordTo = (level: number, ix: number, iy: number, face: number): number => {
    xyfToZphi(level, ix, iy, face, loc);
    const z = loc[0];
    const st = loc[3] ? loc[2] : Math.sqrt((1 - z) * (1 + z));
    const dx = st * Math.cos(loc[1]) - cx;
    const dy = st * Math.sin(loc[1]) - cy;
    const dz = z - cz;
    return Math.sqrt(dx * dx + dy * dy + dz * dz);
  };

  const visit = (level: number, ix: number, iy: number, face: number): void => {
    const c = chordTo(level, ix, iy, face);
    if (c > missChord[level]) return;
    if (level === order) {
      if (inclusive || c <= exactChord) emit(level, ix, iy, face);
      return;
    }
    if (c <= insideChord[level]) {
      emit(level, ix, iy, face);
      return;
    }
    for (let k = 0; k < 4; k++) visit(level + 1, 2 * ix + (k & 1), 2 * iy + (k >> 1), face);
  };
  // Start level: the deepest (≤ order, ≤ 24 so that indices are exact numbers) with R_L ≥ r.
  let start = 0;
  while (start < Math.min(order, MAX_NUMBER_ORDER) && MAX_PIXEL_RADIUS[start + 1] >= r) start++;
  const first = [0, 0, 0];
  const theta = thetaFromDecDeg(decDeg);
  zphiToXyf(start, Math.cos(theta), ra, Math.sin(theta), nearPole(theta), first);
  const seen = new Set<number>([xyfToNestNumber(start, first[0], first[1], first[2])]);
  const queue: number[] = [first[0], first[1], first[2]];
  const starts: number[][] = [];
  const nb = new Array<number>(24);
  for (let q = 0; q < queue.length; q += 3) {
    const ix = queue[q];
    const iy = queue[q + 1];
    const face = queue[q + 2];
    if (chordTo(start, ix, iy, face) > missChord[start]) continue;
    starts.push([xyfToNestNumber(start, ix, iy, face), ix, iy, face]);
    neighbourXyf(start, ix, iy, face, nb);
    for (let k = 0; k < 8; k++) {
      if (nb[3 * k + 2] < 0) continue;
      const key = xyfToNestNumber(start, nb[3 * k], nb[3 * k + 1], nb[3 * k + 2]);
      if (seen.has(key)) continue;
      seen.add(key);
      queue.push(nb[3 * k], nb[3 * k + 1], nb[3 * k + 2]);
    }
  }
  starts.sort((a, b) => a[0] - b[0]);
  for (const [, ix, iy, face] of starts) visit(start, ix, iy, face);
}

function checkArgs(order: number, raDeg: number, decDeg: number, radiusDeg: number, maxPixels: number): void {
  if (!Number.isFinite(raDeg) || !(Math.abs(decDeg) <= 90) || !(radiusDeg >= 0)) {
    throw new RangeError(
      `queryDisc: need finite RA, |Dec| ≤ 90 and radius ≥ 0, got (${raDeg}, ${decDeg}, ${radiusDeg})`,
    );
  }
  // Disc area bound in pixels, padded by one pixel ring.
  const capDeg2 = 2 * Math.PI * (1 - Math.cos(Math.min(Math.PI, radiusDeg * DEG_TO_RAD))) * (180 / Math.PI) ** 2;
  const pixDeg2 = FULL_SKY_DEG2 / (12 * 4 ** order);
  if (capDeg2 / pixDeg2 > maxPixels) {
    throw new RangeError(
      `queryDisc: about ${Math.round(capDeg2 / pixDeg2)} pixels at order ${order}; use a lower order`,
    );
  }
}

/**
 * Sorted nested indices of the disc, any order 0–29.
 * @example queryDiscNest(6, 10, -55, 1) // [34961n, 34963n, 34968n, 34969n]
 */
export function queryDiscNest(
  order: number,
  raDeg: number,
  decDeg: number,
  radiusDeg: number,
  options: QueryDiscOptions = {},
): bigint[] {
  checkOrder(order);
  checkArgs(order, raDeg, decDeg, radiusDeg, options.maxPixels ?? 5e7);
  const out: bigint[] = [];
  descend(order, raDeg, decDeg, radiusDeg, options.inclusive ?? false, (level, ix, iy, face) => {
    const shift = BigInt(2 * (order - level));
    const first = xyfToNestBig(level, ix, iy, face) << shift;
    const count = 1n << shift;
    for (let p = 0n; p < count; p++) out.push(first + p);
  });
  return out;
}

/** queryDiscNest with number indices (order ≤ 24), as a sorted Float64Array. */
export function queryDiscNestNumber(
  order: number,
  raDeg: number,
  decDeg: number,
  radiusDeg: number,
  options: QueryDiscOptions = {},
): Float64Array {
  checkOrder(order, MAX_NUMBER_ORDER);
  checkArgs(order, raDeg, decDeg, radiusDeg, options.maxPixels ?? 5e7);
  const starts: number[] = [];
  const counts: number[] = [];
  let total = 0;
  descend(order, raDeg, decDeg, radiusDeg, options.inclusive ?? false, (level, ix, iy, face) => {
    const count = 4 ** (order - level);
    starts.push(xyfToNestNumber(level, ix, iy, face) * count);
    counts.push(count);
    total += count;
  });
  const out = new Float64Array(total);
  let k = 0;
  for (let i = 0; i < starts.length; i++) {
    for (let j = 0; j < counts[i]; j++) out[k++] = starts[i] + j;
  }
  return out;
}
