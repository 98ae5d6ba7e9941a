/**
 * The 8 neighbours of a nested HEALPix pixel, in the order SW, W, NW, N, NE, E, SE, S (healpy's
 * `get_all_neighbours`), −1 where none exists (the 8 pixels at face corners where only 3 faces meet
 * have 7 neighbours).
 *
 * In a face, +ix points north-east and +iy north-west (healpix-core.ts). A step off the face
 * lands on an adjacent base pixel whose in-face axes may be flipped and swapped relative to ours:
 * around the north pole, face c meets face c+1 along our ix = Nside−1 edge and its iy = Nside−1
 * edge, so coordinates rotate by 90° there; the south cap mirrors that.
 */

import { nestBigToXyf, nestNumberToXyf, xyfToNestBig, xyfToNestNumber } from './healpix-bits.js';
import { checkOrder, MAX_NUMBER_ORDER } from './healpix-core.js';
import { checkPix } from './healpix-nest.js';

// Steps (dx, dy) for SW, W, NW, N, NE, E, SE, S.
const DX = [-1, -1, 0, 1, 1, 1, 0, -1];
const DY = [0, 1, 1, 1, 0, -1, -1, -1];

// Direction code of a step off the face: 4 + sx + 3·sy, where sx, sy ∈ {−1, 0, 1} say whether the
// step left the face through x < 0 / x ≥ Nside and y < 0 / y ≥ Nside:
// 0 S, 1 SE, 2 E, 3 SW, 4 (same face), 5 NE, 6 W, 7 NW, 8 N.

/** Base pixel met when leaving face `face` in direction `dir`, or −1 (Górski et al. 2005 Fig. 4). */
function adjacentFace(face: number, dir: number): number {
  const c = face & 3;
  const east = (c + 1) & 3;
  const west = (c + 3) & 3;
  switch (face >> 2) {
    case 0: // north cap: faces around the pole, equatorial faces below
      return [8 + c, 4 + east, -1, 4 + c, face, east, -1, west, (c + 2) & 3][dir];
    case 1: // equatorial: caps above and below, equatorial faces east and west
      return [-1, 8 + c, 4 + east, 8 + west, face, c, 4 + west, west, -1][dir];
    default: // south cap
      return [8 + ((c + 2) & 3), 8 + east, -1, 8 + west, face, 4 + east, -1, 4 + c, c][dir];
  }
}

/**
 * How in-face coordinates transform across the edge: bit 1 flips x, bit 2 flips y, bit 4 swaps
 * x and y (applied in that order). Only steps between two cap faces, or across a pole, rotate.
 */
function edgeTransform(face: number, dir: number): number {
  const row = face >> 2;
  if (row === 0) return dir === 5 ? 5 : dir === 7 ? 6 : dir === 8 ? 3 : 0;
  if (row === 2) return dir === 3 ? 5 : dir === 1 ? 6 : dir === 0 ? 3 : 0;
  return 0;
}

/** Writes the 8 neighbours as (ix, iy, face) triples into out[3k..3k+2], face −1 for none. */
export function neighbourXyf(order: number, ix: number, iy: number, face: number, out: number[]): void {
  const nside = 2 ** order;
  for (let k = 0; k < 8; k++) {
    let x = ix + DX[k];
    let y = iy + DY[k];
    let dir = 4;
    if (x < 0) {
      x += nside;
      dir -= 1;
    } else if (x >= nside) {
      x -= nside;
      dir += 1;
    }
    if (y < 0) {
      y += nside;
      dir -= 3;
    } else if (y >= nside) {
      y -= nside;
      dir += 3;
    }
    const f = dir === 4 ? face : adjacentFace(face, dir);
    if (f >= 0 && dir !== 4) {
      const bits = edgeTransform(face, dir);
      if (bits & 1) x = nside - x - 1;
      if (bits & 2) y = nside - y - 1;
      if (bits & 4) {
        const t = x;
        x = y;
        y = t;
      }
    }
    out[3 * k] = x;
    out[3 * k + 1] = y;
    out[3 * k + 2] = f;
  }
}

/**
 * The 8 neighbours of a nested pixel (SW, W, NW, N, NE, E, SE, S; −1n for none), any order 0–29.
 * @example neighboursNest(0, 0n) // [4n, -1n, 3n, 2n, 1n, -1n, 5n, 8n]
 */
export function neighboursNest(order: number, ipix: bigint): bigint[] {
  checkOrder(order);
  checkPix(order, ipix);
  const xyf = [0, 0, 0];
  nestBigToXyf(order, ipix, xyf);
  const nb = new Array<number>(24);
  neighbourXyf(order, xyf[0], xyf[1], xyf[2], nb);
  const out = new Array<bigint>(8);
  for (let k = 0; k < 8; k++)
    out[k] = nb[3 * k + 2] < 0 ? -1n : xyfToNestBig(order, nb[3 * k], nb[3 * k + 1], nb[3 * k + 2]);
  return out;
}

/** neighboursNest on number indices (order ≤ 24), −1 for none. */
export function neighboursNestNumber(order: number, ipix: number): number[] {
  checkOrder(order, MAX_NUMBER_ORDER);
  if (!Number.isInteger(ipix) || ipix < 0 || ipix >= 12 * 4 ** order) {
    throw new RangeError(`pixel ${ipix} is outside 0..12·4^${order}−1`);
  }
  const xyf = [0, 0, 0];
  nestNumberToXyf(order, ipix, xyf);
  const nb = new Array<number>(24);
  neighbourXyf(order, xyf[0], xyf[1], xyf[2], nb);
  const out = new Array<number>(8);
  for (let k = 0; k < 8; k++)
    out[k] = nb[3 * k + 2] < 0 ? -1 : xyfToNestNumber(order, nb[3 * k], nb[3 * k + 1], nb[3 * k + 2]);
  return out;
}
