/**
 * Sky coverage as a set of nested HEALPix pixels at one order (a single-order MOC, IVOA MOC 2.0
 * in spirit): a sorted BigInt64Array of unique indices. Area = count × pixel area; membership is a
 * binary search. Orders ≤ 24 compute pixels through the fast float64 kernel.
 */

import { pixelAreaDeg2 } from './area.js';
import { checkOrder, MAX_NUMBER_ORDER } from './healpix-core.js';
import { ang2pixNest } from './healpix-nest.js';
import { nestNumberKernel } from './healpix-nest-kernel.js';

export interface Coverage {
  readonly order: number;
  /** Sorted, unique nested indices at `order`. */
  readonly pixels: BigInt64Array;
}

function sortedUnique(pixels: BigInt64Array): BigInt64Array {
  pixels.sort();
  let k = 0;
  for (let i = 0; i < pixels.length; i++) {
    if (i === 0 || pixels[i] !== pixels[k - 1]) pixels[k++] = pixels[i];
  }
  return pixels.slice(0, k);
}

/**
 * The pixels at `order` that contain at least one of the positions.
 * @example coverageFromPositions(6, new Float64Array([10]), new Float64Array([-55])).pixels // BigInt64Array [34963n]
 */
export function coverageFromPositions(order: number, raDeg: Float64Array, decDeg: Float64Array): Coverage {
  checkOrder(order);
  if (decDeg.length !== raDeg.length) throw new RangeError('coverageFromPositions: raDeg and decDeg differ in length');
  const n = raDeg.length;
  if (order <= MAX_NUMBER_ORDER) {
    const nside = 2 ** order;
    const nums = new Float64Array(n);
    for (let i = 0; i < n; i++) nums[i] = nestNumberKernel(nside, raDeg[i], decDeg[i]);
    nums.sort();
    let k = 0;
    for (let i = 0; i < n; i++) if (i === 0 || nums[i] !== nums[k - 1]) nums[k++] = nums[i];
    const pixels = new BigInt64Array(k);
    for (let i = 0; i < k; i++) pixels[i] = BigInt(nums[i]);
    return { order, pixels };
  }
  const pixels = new BigInt64Array(n);
  for (let i = 0; i < n; i++) pixels[i] = ang2pixNest(order, raDeg[i], decDeg[i]);
  return { order, pixels: sortedUnique(pixels) };
}

/** A coverage from any list of nested indices (sorted and deduplicated here). */
export function coverageFromPixels(order: number, pixels: Iterable<bigint>): Coverage {
  checkOrder(order);
  const arr = BigInt64Array.from(pixels);
  const npix = 12n << BigInt(2 * order);
  for (const p of arr) if (p < 0n || p >= npix) throw new RangeError(`pixel ${p} is outside 0..12·4^${order}−1`);
  return { order, pixels: sortedUnique(arr) };
}

/** Area covered, deg². */
export function coverageAreaDeg2(coverage: Coverage): number {
  return coverage.pixels.length * pixelAreaDeg2(coverage.order);
}

function hasPixel(pixels: BigInt64Array, p: bigint): boolean {
  let lo = 0;
  let hi = pixels.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = pixels[mid];
    if (v === p) return true;
    if (v < p) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

/** Whether (raDeg, decDeg) falls in a covered pixel. */
export function coverageContains(coverage: Coverage, raDeg: number, decDeg: number): boolean {
  return hasPixel(coverage.pixels, ang2pixNest(coverage.order, raDeg, decDeg));
}

/** coverageContains for many positions: 1 where covered, else 0. */
export function coverageContainsBatch(coverage: Coverage, raDeg: Float64Array, decDeg: Float64Array): Uint8Array {
  const n = raDeg.length;
  const out = new Uint8Array(n);
  const { order, pixels } = coverage;
  if (order <= MAX_NUMBER_ORDER) {
    const nums = Float64Array.from(pixels, Number);
    const nside = 2 ** order;
    for (let i = 0; i < n; i++) {
      const p = nestNumberKernel(nside, raDeg[i], decDeg[i]);
      let lo = 0;
      let hi = nums.length - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >>> 1;
        if (nums[mid] === p) {
          out[i] = 1;
          break;
        }
        if (nums[mid] < p) lo = mid + 1;
        else hi = mid - 1;
      }
    }
    return out;
  }
  for (let i = 0; i < n; i++) out[i] = hasPixel(pixels, ang2pixNest(order, raDeg[i], decDeg[i])) ? 1 : 0;
  return out;
}

/**
 * The same coverage at another order: coarser orders keep every parent of a covered pixel
 * (the area can only grow), finer orders split each pixel into its 4^Δ children (exact).
 */
export function coverageToOrder(coverage: Coverage, order: number): Coverage {
  checkOrder(order);
  const delta = order - coverage.order;
  if (delta === 0) return coverage;
  if (delta < 0) {
    const shift = BigInt(-2 * delta);
    return { order, pixels: sortedUnique(coverage.pixels.map((p) => p >> shift)) };
  }
  const shift = BigInt(2 * delta);
  const per = 1 << (2 * delta);
  if (coverage.pixels.length * per > 1e8)
    throw new RangeError(`coverageToOrder: ${coverage.pixels.length * per} pixels is too many`);
  const out = new BigInt64Array(coverage.pixels.length * per);
  let k = 0;
  for (const p of coverage.pixels) {
    const first = p << shift;
    for (let j = 0; j < per; j++) out[k++] = first + BigInt(j);
  }
  return { order, pixels: out };
}

/** Union of two coverages, at the finer of their two orders. */
export function coverageUnion(a: Coverage, b: Coverage): Coverage {
  const order = Math.max(a.order, b.order);
  const pa = coverageToOrder(a, order).pixels;
  const pb = coverageToOrder(b, order).pixels;
  const out = new BigInt64Array(pa.length + pb.length);
  out.set(pa);
  out.set(pb, pa.length);
  return { order, pixels: sortedUnique(out) };
}
