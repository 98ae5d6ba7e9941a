/**
 * HEALPix ring scheme (Górski et al. 2005 §4, eqs. 4–12): pixels numbered along iso-latitude
 * rings from the north pole. A ring index is split into (iring, iphi): iring = ring number from
 * the north pole (1 … 4·Nside−1) and iphi = position in the ring from φ = 0 (0-based); only
 * start(iring) + iphi needs 64 bits, so it is a BigInt above order 24.
 *
 * | symbol | meaning |
 * |---|---|
 * | ncap | pixels in the north polar cap, 2·Nside·(Nside−1) |
 * | start(iring) | index of a ring's first pixel: 2i(i−1) in the north cap, ncap + (i−Nside)·4Nside at the equator, Npix − 2r(r+1) with r = 4Nside−i in the south cap |
 * | kshift | 1 when a ring's first pixel centre sits at φ = 0, 0 when it is shifted by half a pixel |
 */

import { nestBigToXyf, nestNumberToXyf, xyfToNestBig, xyfToNestNumber } from './healpix-bits.js';
import {
  checkOrder,
  FACE_PHI,
  FACE_RING,
  INV_HALF_PI,
  MAX_NUMBER_ORDER,
  nearPole,
  thetaFromDecDeg,
  xyfToZphi,
  zphiToRadec,
} from './healpix-core.js';
import { checkPix } from './healpix-nest.js';

const TWO_THIRDS = 2 / 3;

/**
 * Writes [iring, iphi] of the ring pixel containing (z, φ), reproducing HEALPix C++ `loc2pix`
 * for the RING scheme operation for operation (Górski et al. 2005 eqs. 6–12).
 */
function zphiToRingPos(order: number, z: number, phi: number, sth: number, haveSth: boolean, out: number[]): void {
  const nside = 2 ** order;
  const za = Math.abs(z);
  let tt = phi * INV_HALF_PI;
  if (tt >= 4) tt %= 4;
  else if (tt < 0) {
    tt = (tt % 4) + 4;
    if (tt === 4) tt = 0;
  }
  if (za <= TWO_THIRDS) {
    const nl4 = 4 * nside;
    const temp1 = nside * (0.5 + tt);
    const temp2 = nside * z * 0.75;
    const jp = Math.floor(temp1 - temp2);
    const jm = Math.floor(temp1 + temp2);
    const ir = nside + 1 + jp - jm; // ring counted from z = 2/3, 1 … 2Nside+1
    const kshift = 1 - (ir & 1);
    const t1 = jp + jm - nside + kshift + 1 + 2 * nl4;
    out[0] = nside + ir - 1;
    out[1] = Math.floor(t1 / 2) % nl4;
    return;
  }
  const tp = tt - Math.floor(tt);
  const tmp = za < 0.99 || !haveSth ? nside * Math.sqrt(3 * (1 - za)) : (nside * sth) / Math.sqrt((1 + za) / 3);
  const jp = Math.floor(tp * tmp);
  const jm = Math.floor((1 - tp) * tmp);
  const ir = jp + jm + 1; // ring counted from the nearer pole
  out[0] = z > 0 ? ir : 4 * nside - ir;
  out[1] = Math.floor(tt * ir);
}

function radecToRingPos(order: number, raDeg: number, decDeg: number, out: number[]): void {
  const theta = thetaFromDecDeg(decDeg);
  const phi = raDeg * (Math.PI / 180);
  if (nearPole(theta)) zphiToRingPos(order, Math.cos(theta), phi, Math.sin(theta), true, out);
  else zphiToRingPos(order, Math.cos(theta), phi, 0, false, out);
}

/** Index of the first pixel of ring `iring` (exact as a number for order ≤ 24). */
function ringStartNumber(nside: number, iring: number): number {
  if (iring < nside) return 2 * iring * (iring - 1);
  if (iring <= 3 * nside) return 2 * nside * (nside - 1) + (iring - nside) * 4 * nside;
  const r = 4 * nside - iring;
  return 12 * nside * nside - 2 * r * (r + 1);
}

function ringStartBig(nside: number, iring: number): bigint {
  const n = BigInt(nside);
  if (iring < nside) {
    const i = BigInt(iring);
    return 2n * i * (i - 1n);
  }
  if (iring <= 3 * nside) return 2n * n * (n - 1n) + BigInt(iring - nside) * 4n * n;
  const r = BigInt(4 * nside - iring);
  return 12n * n * n - 2n * r * (r + 1n);
}

/** Largest r with 2r(r−1) ≤ p, i.e. the ring of north-cap pixel p (Górski et al. 2005 eq. 4 inverted). */
function capRingNumber(p: number): number {
  let r = Math.floor((1 + Math.sqrt(1 + 2 * p)) / 2);
  while (2 * r * (r - 1) > p) r--;
  while (2 * (r + 1) * r <= p) r++;
  return r;
}

function capRingBig(p: bigint): number {
  let r = BigInt(Math.floor((1 + Math.sqrt(1 + 2 * Number(p))) / 2));
  while (2n * r * (r - 1n) > p) r--;
  while (2n * (r + 1n) * r <= p) r++;
  return Number(r);
}

/** [iring, iphi] of a ring index held as a number (order ≤ 24). */
function ringNumberToPos(order: number, pix: number, out: number[]): void {
  const nside = 2 ** order;
  const ncap = 2 * nside * (nside - 1);
  const npix = 12 * nside * nside;
  if (pix < ncap) {
    const r = capRingNumber(pix);
    out[0] = r;
    out[1] = pix - 2 * r * (r - 1);
  } else if (pix < npix - ncap) {
    const ip = pix - ncap;
    const tmp = Math.floor(ip / (4 * nside));
    out[0] = tmp + nside;
    out[1] = ip - tmp * 4 * nside;
  } else {
    const ip = npix - pix; // 1 … ncap, counted back from the last pixel
    const r = capRingNumber(ip - 1);
    out[0] = 4 * nside - r;
    out[1] = 4 * r - (ip - 2 * r * (r - 1));
  }
}

function ringBigToPos(order: number, pix: bigint, out: number[]): void {
  if (order <= MAX_NUMBER_ORDER) {
    ringNumberToPos(order, Number(pix), out);
    return;
  }
  const nside = 2 ** order;
  const n = BigInt(nside);
  const ncap = 2n * n * (n - 1n);
  const npix = 12n * n * n;
  if (pix < ncap) {
    const r = capRingBig(pix);
    out[0] = r;
    out[1] = Number(pix - 2n * BigInt(r) * BigInt(r - 1));
  } else if (pix < npix - ncap) {
    const ip = pix - ncap;
    const tmp = ip / (4n * n);
    out[0] = Number(tmp) + nside;
    out[1] = Number(ip - tmp * 4n * n);
  } else {
    const ip = npix - pix;
    const r = capRingBig(ip - 1n);
    out[0] = 4 * nside - r;
    out[1] = 4 * r - Number(ip - 2n * BigInt(r) * BigInt(r - 1));
  }
}

/** [ix, iy, face] of ring position (iring, iphi) (inverse of posOfXyf). */
function posToXyf(order: number, iring: number, iphi0: number, out: number[]): void {
  const nside = 2 ** order;
  const iphi = iphi0 + 1;
  let nr: number;
  let kshift: number;
  let face: number;
  if (iring < nside) {
    nr = iring;
    kshift = 0;
    face = Math.floor((iphi - 1) / nr);
  } else if (iring <= 3 * nside) {
    nr = nside;
    kshift = (iring + nside) & 1;
    const ire = iring - nside + 1;
    const irm = 2 * nside + 2 - ire;
    const ifm = Math.floor((iphi - Math.floor(ire / 2) + nside - 1) / nside);
    const ifp = Math.floor((iphi - Math.floor(irm / 2) + nside - 1) / nside);
    face = ifp === ifm ? ifp | 4 : ifp < ifm ? ifp : ifm + 8;
  } else {
    nr = 4 * nside - iring;
    kshift = 0;
    face = Math.floor((iphi - 1) / nr) + 8;
  }
  const irt = iring - (2 + (face >> 2)) * nside + 1;
  let ipt = 2 * iphi - FACE_PHI[face] * nr - kshift - 1;
  if (ipt >= 2 * nside) ipt -= 8 * nside;
  out[0] = Math.floor((ipt - irt) / 2);
  out[1] = Math.floor((-ipt - irt) / 2);
  out[2] = face;
}

/** [iring, iphi] of pixel (ix, iy, face). */
function xyfToPos(order: number, ix: number, iy: number, face: number, out: number[]): void {
  const nside = 2 ** order;
  const jr = FACE_RING[face] * nside - ix - iy - 1;
  let nr: number;
  let shifted: boolean;
  if (jr < nside) {
    nr = jr;
    shifted = true;
  } else if (jr < 3 * nside) {
    nr = nside;
    shifted = ((jr - nside) & 1) === 0;
  } else {
    nr = 4 * nside - jr;
    shifted = true;
  }
  // The numerator is always even (ix − iy has the parity that matches the ring's shift).
  let jp = (FACE_PHI[face] * nr + ix - iy + 1 + (shifted ? 0 : 1)) / 2;
  if (jp < 1) jp += 4 * nside;
  out[0] = jr;
  out[1] = jp - 1;
}

/**
 * Ring-scheme pixel index containing (raDeg, decDeg), any order 0–29.
 * @example ang2pixRing(0, 45, 60) // 0n
 */
export function ang2pixRing(order: number, raDeg: number, decDeg: number): bigint {
  checkOrder(order);
  const pos = [0, 0];
  radecToRingPos(order, raDeg, decDeg, pos);
  return ringStartBig(2 ** order, pos[0]) + BigInt(pos[1]);
}

/** Ring-scheme index as a number, order ≤ 24. */
export function ang2pixRingNumber(order: number, raDeg: number, decDeg: number): number {
  checkOrder(order, MAX_NUMBER_ORDER);
  const pos = [0, 0];
  radecToRingPos(order, raDeg, decDeg, pos);
  return ringStartNumber(2 ** order, pos[0]) + pos[1];
}

/** Centre of a ring-scheme pixel as [raDeg, decDeg], any order 0–29. */
export function pix2angRing(order: number, ipix: bigint): [number, number] {
  checkOrder(order);
  checkPix(order, ipix);
  const pos = [0, 0];
  ringBigToPos(order, ipix, pos);
  const xyf = [0, 0, 0];
  posToXyf(order, pos[0], pos[1], xyf);
  const loc = [0, 0, 0, 0];
  xyfToZphi(order, xyf[0], xyf[1], xyf[2], loc);
  const out: [number, number] = [0, 0];
  zphiToRadec(loc, out);
  return out;
}

/**
 * Nested index → ring index, any order 0–29.
 * @example nest2ring(1, 0n) // 13n
 */
export function nest2ring(order: number, ipix: bigint): bigint {
  checkOrder(order);
  checkPix(order, ipix);
  const xyf = [0, 0, 0];
  nestBigToXyf(order, ipix, xyf);
  const pos = [0, 0];
  xyfToPos(order, xyf[0], xyf[1], xyf[2], pos);
  return ringStartBig(2 ** order, pos[0]) + BigInt(pos[1]);
}

/** Ring index → nested index, any order 0–29. */
export function ring2nest(order: number, ipix: bigint): bigint {
  checkOrder(order);
  checkPix(order, ipix);
  const pos = [0, 0];
  ringBigToPos(order, ipix, pos);
  const xyf = [0, 0, 0];
  posToXyf(order, pos[0], pos[1], xyf);
  return xyfToNestBig(order, xyf[0], xyf[1], xyf[2]);
}

/** nest2ring on numbers (order ≤ 24). */
export function nest2ringNumber(order: number, ipix: number): number {
  checkOrder(order, MAX_NUMBER_ORDER);
  const xyf = [0, 0, 0];
  nestNumberToXyf(order, ipix, xyf);
  const pos = [0, 0];
  xyfToPos(order, xyf[0], xyf[1], xyf[2], pos);
  return ringStartNumber(2 ** order, pos[0]) + pos[1];
}

/** ring2nest on numbers (order ≤ 24). */
export function ring2nestNumber(order: number, ipix: number): number {
  checkOrder(order, MAX_NUMBER_ORDER);
  const pos = [0, 0];
  ringNumberToPos(order, ipix, pos);
  const xyf = [0, 0, 0];
  posToXyf(order, pos[0], pos[1], xyf);
  return xyfToNestNumber(order, xyf[0], xyf[1], xyf[2]);
}
