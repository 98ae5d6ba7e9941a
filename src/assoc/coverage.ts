/**
 * Catalogue footprints as HEALPix coverage maps (MOC-like): sets of NESTED pixels, possibly at several
 * orders (IVOA MOC 1.1, §2–3: a cell of order o and index i is stored as NUNIQ = 4·4^o + i).
 * Sources: a MOC FITS/CSV file (UNIQ/NUNIQ column), a table of pixel indices at one order (ORDER or
 * NSIDE keyword, or an ORDER column), or a catalogue's own positions at a chosen order.
 * The result implements the engine's `Coverage` (contains, areaDeg2).
 */
import { readFileSync } from 'node:fs';
import { fail } from '../errors.js';
import { readTable } from '../io/index.js';
import { checkPix } from '../sky/healpix-nest.js';
import {
  ang2pixNest,
  ang2pixNestNumber,
  coverageFromPositions,
  MAX_ORDER,
  neighboursNestNumber,
  pixelAreaDeg2,
  ring2nest,
} from '../sky/index.js';
import type { Table } from '../table/index.js';
import type { Coverage } from './types.js';

/** A multi-order coverage map: per order, the sorted unique NESTED pixel indices. */
export interface CoverageMap extends Coverage {
  /** Orders present, ascending. */
  readonly orders: readonly number[];
  /** Sorted unique pixels for each entry of `orders`. */
  readonly pixels: readonly BigInt64Array[];
  /** Fraction of the entries the map was built from (e.g. "sources at order 6"), for logs. */
  readonly description: string;
}

function sortedUnique(a: BigInt64Array): BigInt64Array {
  a.sort();
  let k = 0;
  for (let i = 0; i < a.length; i++) if (k === 0 || a[i] !== a[k - 1]) a[k++] = a[i];
  return a.slice(0, k);
}

function has(sorted: BigInt64Array, p: bigint): boolean {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = sorted[mid];
    if (v === p) return true;
    if (v < p) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

/**
 * Builds a coverage map from (order, pixel) cells. Cells contained in a coarser cell are kept (the
 * area counts each sky point once only when the input is a proper MOC; `areaDeg2` removes the overlap
 * by dropping cells whose ancestor is present).
 *
 * @example coverageMap(new Map([[3, [10n, 11n]]]), 'two cells').areaDeg2 // 2 × 53.7 deg²
 */
export function coverageMap(cells: Map<number, Iterable<bigint>>, description: string): CoverageMap {
  const orders = [...cells.keys()].sort((a, b) => a - b);
  const pixels: BigInt64Array[] = [];
  for (const o of orders) {
    if (!(Number.isInteger(o) && o >= 0 && o <= MAX_ORDER))
      throw new RangeError(`HEALPix order ${o} is outside 0..${MAX_ORDER}`);
    const arr = sortedUnique(BigInt64Array.from(cells.get(o) ?? []));
    for (const p of arr) checkPix(o, p);
    pixels.push(arr);
  }
  // Drop cells already covered by a coarser cell, so that the area is not counted twice.
  const kept = pixels.map((arr, j) =>
    arr.filter((p) => {
      for (let i = 0; i < j; i++) if (has(pixels[i], p >> BigInt(2 * (orders[j] - orders[i])))) return false;
      return true;
    }),
  );
  let area = 0;
  kept.forEach((arr, j) => {
    area += arr.length * pixelAreaDeg2(orders[j]);
  });
  const maxOrder = orders.length > 0 ? orders[orders.length - 1] : 0;
  return {
    orders,
    pixels: kept,
    areaDeg2: area,
    description,
    contains(raDeg: number, decDeg: number): boolean {
      if (!(Number.isFinite(raDeg) && Number.isFinite(decDeg))) return false;
      const deep = ang2pixNest(maxOrder, raDeg, decDeg);
      for (let j = 0; j < orders.length; j++) if (has(kept[j], deep >> BigInt(2 * (maxOrder - orders[j])))) return true;
      return false;
    },
  };
}

/**
 * The pixels at `order` holding at least one of the positions (invalid positions are skipped).
 *
 * @example coverageFromSources(ra, dec, 6).areaDeg2
 */
export function coverageFromSources(raDeg: Float64Array, decDeg: Float64Array, order: number): CoverageMap {
  const ra: number[] = [];
  const dec: number[] = [];
  for (let i = 0; i < raDeg.length; i++) {
    if (Number.isFinite(raDeg[i]) && Number.isFinite(decDeg[i]) && raDeg[i] !== -99 && Math.abs(decDeg[i]) <= 90) {
      ra.push(raDeg[i]);
      dec.push(decDeg[i]);
    }
  }
  const cov = coverageFromPositions(order, Float64Array.from(ra), Float64Array.from(dec));
  return coverageMap(new Map([[order, cov.pixels]]), `${ra.length} sources at HEALPix order ${order}`);
}

/**
 * The finest order at which the occupied pixels still hold ≥ `perPixel` sources on average (default
 * 10, so that a Poisson-empty pixel inside the footprint has probability ≲ e⁻¹⁰): fine enough to follow
 * the footprint's edges, coarse enough not to punch holes between sources. NWAY issue #2 recommends
 * estimating SKYAREA from the filled HEALPix pixels; this picks the order for it.
 */
export function autoCoverageOrder(raDeg: Float64Array, decDeg: Float64Array, perPixel = 10): number {
  let n = 0;
  for (let i = 0; i < raDeg.length; i++)
    if (Number.isFinite(raDeg[i]) && Number.isFinite(decDeg[i]) && raDeg[i] !== -99) n++;
  let best = 0;
  for (let order = 1; order <= 16; order++) {
    const occupied = coverageFromPositions(order, raDeg, decDeg).pixels.length;
    if (n / Math.max(1, occupied) < perPixel) break;
    best = order;
  }
  return best;
}

/** Decodes NUNIQ = 4·4^order + ipix (IVOA MOC 1.1 §3.2). */
export function decodeUniq(uniq: bigint): { order: number; pixel: bigint } {
  if (uniq < 4n) throw new RangeError(`NUNIQ ${uniq} is below 4`);
  let order = 0;
  while (order < MAX_ORDER && uniq >= 16n << BigInt(2 * order)) order++;
  return { order, pixel: uniq - (4n << BigInt(2 * order)) };
}

/** Encodes a cell as NUNIQ. */
export function encodeUniq(order: number, pixel: bigint): bigint {
  return (4n << BigInt(2 * order)) + pixel;
}

function intColumn(table: Table, name: string): bigint[] {
  const c = table.col(name);
  if (c.data instanceof BigInt64Array || c.data instanceof BigUint64Array) return Array.from(c.data, (v) => BigInt(v));
  return Array.from(table.float64(name), (v) => {
    if (!Number.isInteger(v)) throw new RangeError(`${v}`);
    return BigInt(v);
  });
}

function keyword(table: Table, names: string[], text?: string): number | undefined {
  for (const n of names) {
    const v = table.meta.keywords?.[n] ?? table.meta.keywords?.[n.toLowerCase()];
    if (v !== undefined && Number.isFinite(Number(v))) return Number(v);
  }
  // CSV files: a comment line such as "# ORDER = 8".
  if (text) {
    for (const n of names) {
      const m = new RegExp(`^#\\s*${n}\\s*[=:]\\s*(\\d+)`, 'im').exec(text);
      if (m) return Number(m[1]);
    }
  }
  return undefined;
}

/**
 * Reads a coverage file: a MOC (column UNIQ or NUNIQ), or a table of NESTED pixel indices (column
 * PIXEL/IPIX/NPIX/HEALPIX/PIX/HPX) at the order given by an ORDER/MOCORDER keyword, an NSIDE keyword,
 * or an ORDER column. ORDERING = 'RING' pixel lists are converted to NESTED.
 *
 * @example const cov = await readCoverage('fir_moc.fits'); cov.contains(352.5, -55)
 */
export async function readCoverage(path: string): Promise<CoverageMap> {
  const table = await readTable(path);
  const text = /\.(csv|tsv|txt)$/i.test(path) ? readFileSync(path, 'utf8').slice(0, 4096) : undefined;
  const find = (cands: string[]) => table.names.find((n) => cands.includes(n.toUpperCase()));
  const uniqCol = find(['UNIQ', 'NUNIQ']);
  const cells = new Map<number, bigint[]>();
  const add = (o: number, p: bigint) => {
    const list = cells.get(o);
    if (list) list.push(p);
    else cells.set(o, [p]);
  };
  try {
    if (uniqCol) {
      intColumn(table, uniqCol).forEach((u, i) => {
        try {
          const { order, pixel } = decodeUniq(u);
          add(order, pixel);
        } catch {
          fail(path, `row ${i + 1}, column ${uniqCol}: ${u} is not a valid NUNIQ value (4·4^order + pixel)`);
        }
      });
      return coverageMap(cells, `MOC ${path}`);
    }
    const pixCol = find(['PIXEL', 'IPIX', 'NPIX', 'HEALPIX', 'PIX', 'HPX', 'PIXELS', 'HEALPIX_INDEX']);
    if (!pixCol)
      fail(
        path,
        `no coverage column: need UNIQ/NUNIQ (a MOC) or PIXEL/IPIX with an ORDER keyword (columns: ${table.names.join(', ')})`,
      );
    const pix = intColumn(table, pixCol);
    const orderCol = find(['ORDER', 'NORDER', 'MOCORDER']);
    const ordering = String(table.meta.keywords?.ORDERING ?? 'NESTED').toUpperCase();
    let orders: number[];
    if (orderCol) orders = Array.from(table.float64(orderCol));
    else {
      let order = keyword(table, ['ORDER', 'MOCORDER', 'HPXORDER', 'NORDER'], text);
      const nside = keyword(table, ['NSIDE'], text);
      if (order === undefined && nside !== undefined) order = Math.log2(nside);
      if (order === undefined || !Number.isInteger(order))
        fail(
          path,
          `pixel column ${pixCol} needs its HEALPix order: add a keyword ORDER = <0..29> (or NSIDE), or an ORDER column`,
        );
      orders = pix.map(() => order as number);
    }
    pix.forEach((p, i) => {
      const o = orders[i];
      if (!(Number.isInteger(o) && o >= 0 && o <= MAX_ORDER))
        fail(path, `row ${i + 1}: HEALPix order ${o} is outside 0..${MAX_ORDER}`);
      const npix = 12n << BigInt(2 * o);
      if (p < 0n || p >= npix)
        fail(path, `row ${i + 1}, column ${pixCol}: pixel ${p} is outside 0..${npix - 1n} at order ${o}`);
      add(o, ordering === 'RING' ? ring2nest(o, p) : p);
    });
    return coverageMap(cells, `pixel list ${path}`);
  } catch (err) {
    if (err instanceof RangeError) fail(path, `invalid coverage: ${err.message}; pixel indices must be integers`);
    throw err;
  }
}

/**
 * Sky area covered by a catalogue, deg², when nothing else gives it: n / ν̂, where the density ν̂ is
 * measured in the "interior" pixels at `order` (occupied pixels whose 8 neighbours are all occupied),
 * so that the partly filled pixels along the footprint's edge do not inflate the area (the plain
 * occupied-pixel area does, by ~20% for 2000 sources in 100 deg²). Falls back to the occupied area
 * when no pixel is interior (very sparse or very thin footprints).
 */
export function estimateAreaDeg2(
  raDeg: Float64Array,
  decDeg: Float64Array,
  order: number,
): { areaDeg2: number; method: string } {
  const counts = new Map<number, number>();
  let n = 0;
  for (let i = 0; i < raDeg.length; i++) {
    if (!(Number.isFinite(raDeg[i]) && Number.isFinite(decDeg[i])) || raDeg[i] === -99 || Math.abs(decDeg[i]) > 90)
      continue;
    const p = ang2pixNestNumber(order, raDeg[i], decDeg[i]);
    counts.set(p, (counts.get(p) ?? 0) + 1);
    n++;
  }
  const pixArea = pixelAreaDeg2(order);
  let interior = 0;
  let inside = 0;
  for (const [p, c] of counts) {
    if (neighboursNestNumber(order, p).every((q) => q < 0 || counts.has(q))) {
      interior++;
      inside += c;
    }
  }
  if (interior === 0 || inside === 0)
    return { areaDeg2: counts.size * pixArea, method: `occupied HEALPix pixels at order ${order}` };
  return {
    areaDeg2: n / (inside / (interior * pixArea)),
    method: `source density in ${interior} interior HEALPix pixels at order ${order}`,
  };
}
