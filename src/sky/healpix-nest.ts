/**
 * HEALPix nested scheme: position ↔ pixel index (Górski et al. 2005). BigInt functions work to
 * order 29; the `Number` variants return float64 indices for order ≤ 24 (exact, < 2^53) and are
 * the fast path for cross-matching millions of rows.
 */

import { nestBigToXyf, nestNumberToXyf, xyfToNestBig } from './healpix-bits.js';
import {
  checkOrder,
  MAX_NUMBER_ORDER,
  nearPole,
  thetaFromDecDeg,
  xyfToZphi,
  zphiToRadec,
  zphiToXyf,
} from './healpix-core.js';
import { nestNumberKernel } from './healpix-nest-kernel.js';

const DEG_TO_RAD = Math.PI / 180;

/** [ix, iy, face] of the pixel containing (raDeg, decDeg). */
export function radecToXyf(
  order: number,
  raDeg: number,
  decDeg: number,
  out: Float64Array | Int32Array | number[],
): void {
  const theta = thetaFromDecDeg(decDeg);
  if (nearPole(theta)) zphiToXyf(order, Math.cos(theta), raDeg * DEG_TO_RAD, Math.sin(theta), true, out);
  else zphiToXyf(order, Math.cos(theta), raDeg * DEG_TO_RAD, 0, false, out);
}

/**
 * Nested pixel index containing (raDeg, decDeg), any order 0–29.
 * @example ang2pixNest(29, 0, 90) // 288230376151711743n (4^29 − 1: the pole corner of face 0)
 */
export function ang2pixNest(order: number, raDeg: number, decDeg: number): bigint {
  checkOrder(order);
  const xyf = [0, 0, 0];
  radecToXyf(order, raDeg, decDeg, xyf);
  return xyfToNestBig(order, xyf[0], xyf[1], xyf[2]);
}

/**
 * Nested pixel index as a number, order ≤ 24 (exact in float64).
 * @example ang2pixNestNumber(6, 10, -55) // 34963
 */
export function ang2pixNestNumber(order: number, raDeg: number, decDeg: number): number {
  checkOrder(order, MAX_NUMBER_ORDER);
  return nestNumberKernel(2 ** order, raDeg, decDeg);
}

/**
 * Nested indices of many positions at once (order ≤ 24), written into `out` (allocated when
 * omitted). Float64Array holds every index exactly up to order 24.
 */
export function ang2pixNestBatch(
  order: number,
  raDeg: Float64Array,
  decDeg: Float64Array,
  out: Float64Array = new Float64Array(raDeg.length),
): Float64Array {
  checkOrder(order, MAX_NUMBER_ORDER);
  if (decDeg.length !== raDeg.length || out.length < raDeg.length) {
    throw new RangeError('ang2pixNestBatch: raDeg, decDeg and out must have the same length');
  }
  const nside = 2 ** order;
  const n = raDeg.length;
  for (let i = 0; i < n; i++) out[i] = nestNumberKernel(nside, raDeg[i], decDeg[i]);
  return out;
}

/**
 * Centre of a nested pixel as [raDeg, decDeg], any order 0–29.
 * @example pix2angNest(0, 0n) // [45, 41.81031489577859]
 */
export function pix2angNest(order: number, ipix: bigint): [number, number] {
  checkOrder(order);
  checkPix(order, ipix);
  const xyf = [0, 0, 0];
  nestBigToXyf(order, ipix, xyf);
  return xyfToRadec(order, xyf);
}

/** Centre of a nested pixel held as a number (order ≤ 24) as [raDeg, decDeg]. */
export function pix2angNestNumber(order: number, ipix: number): [number, number] {
  checkOrder(order, MAX_NUMBER_ORDER);
  if (!Number.isInteger(ipix) || ipix < 0 || ipix >= 12 * 4 ** order) {
    throw new RangeError(`pixel ${ipix} is outside 0..12·4^${order}−1`);
  }
  const xyf = [0, 0, 0];
  nestNumberToXyf(order, ipix, xyf);
  return xyfToRadec(order, xyf);
}

function xyfToRadec(order: number, xyf: number[]): [number, number] {
  const loc = [0, 0, 0, 0];
  xyfToZphi(order, xyf[0], xyf[1], xyf[2], loc);
  const out: [number, number] = [0, 0];
  zphiToRadec(loc, out);
  return out;
}

export function checkPix(order: number, ipix: bigint): void {
  if (ipix < 0n || ipix >= 12n << BigInt(2 * order)) {
    throw new RangeError(`pixel ${ipix} is outside 0..12·4^${order}−1`);
  }
}
