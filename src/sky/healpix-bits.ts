/**
 * Nested-index bit interleaving: pixel (ix, iy, face) ↔ nested index face·4^order + Σ_b
 * (bit_b(ix)·4^b + bit_b(iy)·2·4^b) (Górski et al. 2005 §4). ix and iy have up to 29 bits, so the
 * in-face index has up to 58 bits: each coordinate is split into 16-bit halves whose spread
 * images are 32-bit words (hi/lo), which keeps every bitwise operation inside 32 bits without
 * capping the order at 15.
 */

const TWO_32 = 4294967296;

/** Spreads the low 16 bits of v onto the even bit positions of a 32-bit word. */
function spread16(v: number): number {
  let x = v & 0xffff;
  x = (x | (x << 8)) & 0x00ff00ff;
  x = (x | (x << 4)) & 0x0f0f0f0f;
  x = (x | (x << 2)) & 0x33333333;
  return (x | (x << 1)) & 0x55555555;
}

/** Gathers the even bits of a 32-bit word into a 16-bit value (inverse of spread16). */
function compact16(w: number): number {
  let x = w & 0x55555555;
  x = (x | (x >>> 1)) & 0x33333333;
  x = (x | (x >>> 2)) & 0x0f0f0f0f;
  x = (x | (x >>> 4)) & 0x00ff00ff;
  return (x | (x >>> 8)) & 0x0000ffff;
}

/** Low 32 bits of the interleaved (ix, iy), as an unsigned integer. */
function interleaveLo(ix: number, iy: number): number {
  return (spread16(ix) | (spread16(iy) << 1)) >>> 0;
}

/** Bits 32–57 of the interleaved (ix, iy). */
function interleaveHi(ix: number, iy: number): number {
  return (spread16(Math.floor(ix / 65536)) | (spread16(Math.floor(iy / 65536)) << 1)) >>> 0;
}

/** Nested index as a float64 number; exact for order ≤ 24 (index < 2^53). */
export function xyfToNestNumber(order: number, ix: number, iy: number, face: number): number {
  return face * 4 ** order + interleaveHi(ix, iy) * TWO_32 + interleaveLo(ix, iy);
}

/** Nested index as a BigInt, any order ≤ 29. */
export function xyfToNestBig(order: number, ix: number, iy: number, face: number): bigint {
  if (order <= 24) return BigInt(xyfToNestNumber(order, ix, iy, face));
  // face·4^order = face·2^(2·order−32)·2^32, and the top word stays below 2^30.
  const top = face * 2 ** (2 * order - 32) + interleaveHi(ix, iy);
  return (BigInt(top) << 32n) | BigInt(interleaveLo(ix, iy));
}

/** Writes [ix, iy, face] of a nested index held in a float64 number (order ≤ 24). */
export function nestNumberToXyf(order: number, pix: number, out: Float64Array | Int32Array | number[]): void {
  const npface = 4 ** order;
  const face = Math.floor(pix / npface);
  const inFace = pix - face * npface;
  const lo = inFace % TWO_32;
  const hi = (inFace - lo) / TWO_32;
  out[0] = compact16(hi) * 65536 + compact16(lo);
  out[1] = compact16(hi >>> 1) * 65536 + compact16(lo >>> 1);
  out[2] = face;
}

/** Writes [ix, iy, face] of a nested BigInt index (order ≤ 29). */
export function nestBigToXyf(order: number, pix: bigint, out: Float64Array | Int32Array | number[]): void {
  if (order <= 24) {
    nestNumberToXyf(order, Number(pix), out);
    return;
  }
  const face = Number(pix >> BigInt(2 * order));
  const inFace = pix & ((1n << BigInt(2 * order)) - 1n);
  const lo = Number(inFace & 0xffffffffn);
  const hi = Number(inFace >> 32n);
  out[0] = compact16(hi) * 65536 + compact16(lo);
  out[1] = compact16(hi >>> 1) * 65536 + compact16(lo >>> 1);
  out[2] = face;
}
