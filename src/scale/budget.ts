/**
 * The `--memory` budget of an out-of-core association (docs/reliability.md, "Out-of-core scale"): parse
 * the size, and choose the HEALPix tile order whose largest tile (rows plus the margin of the match
 * radius) fits in it.
 */

import { pairList } from '../assoc/enumerate.js';
import { FULL_SKY_DEG2 } from '../assoc/sphere.js';
import { UserError } from '../errors.js';

const UNITS: Record<string, number> = { '': 1, B: 1, K: 2 ** 10, M: 2 ** 20, G: 2 ** 30, T: 2 ** 40 };

/** Parses `4GB`, `512M`, `1.5g`, `2000000000` into bytes. @example parseMemory('4GB') // 4294967296 */
export function parseMemory(text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([KMGT]?)(?:i?B)?\s*$/i.exec(text);
  const bytes = m ? Number(m[1]) * (UNITS[m[2].toUpperCase()] ?? Number.NaN) : Number.NaN;
  if (!(bytes >= 1)) throw new UserError(`--memory ${text}: expected a size such as 4GB, 512MB or 2000000000`);
  return Math.floor(bytes);
}

/** What the tile planner knows of one catalogue before reading it. */
export interface CatalogSize {
  rows: number;
  /** Sky area the rows are spread over (SKYAREA), deg². */
  areaDeg2: number;
  /** In-memory bytes one row costs while its tile is associated. */
  bytesPerRow: number;
}

/** Deepest tile order tried: 50 331 648 tiles of 2.7′; a budget too small for that is refused. */
export const MAX_TILE_ORDER = 11;
/** Headroom for density fluctuations: tiles are planned at twice the mean density. */
const DENSITY_HEADROOM = 2;

/** Side of an order-`order` HEALPix pixel, degrees (square root of its area). */
export function tileSideDeg(order: number): number {
  return Math.sqrt(FULL_SKY_DEG2 / (12 * 4 ** order));
}

/** Expected in-memory bytes of one tile at `order`, with a margin of `marginDeg` all round. */
export function tileBytes(order: number, cats: CatalogSize[], marginDeg: number): number {
  const side = tileSideDeg(order);
  // The margin is decided per cell (1/64 of the tile's side, tiles.ts): up to a cell more each side.
  const withMargin = (side * (1 + 2 / 64) + 2 * marginDeg) ** 2;
  let bytes = 0;
  for (const c of cats) {
    const rows = Math.min(c.rows, (DENSITY_HEADROOM * c.rows * withMargin) / Math.max(c.areaDeg2, 1e-9));
    bytes += rows * c.bytesPerRow;
  }
  return bytes;
}

/**
 * The coarsest order whose tiles fit in `tileBudgetBytes`.
 *
 * @example chooseTileOrder([{ rows: 2e7, areaDeg2: 1e4, bytesPerRow: 200 }], 5 / 3600, 2 ** 31) // 2
 */
export function chooseTileOrder(cats: CatalogSize[], marginDeg: number, tileBudgetBytes: number): number {
  for (let order = 0; order <= MAX_TILE_ORDER; order++)
    if (tileBytes(order, cats, marginDeg) <= tileBudgetBytes) return order;
  throw new UserError(
    `--memory: ${(tileBudgetBytes / 2 ** 20).toFixed(0)} MB left for tiles is too small even for order-${MAX_TILE_ORDER} HEALPix tiles; give a larger --memory`,
  );
}

/**
 * Node itself and the code: memory the budget cannot give to data (measured: 71 MB for `match` from
 * dist/, 113 MB through tsx).
 */
export const BASELINE_BYTES = 100 * 2 ** 20;
/** Share of the data budget given to live data; the rest is the garbage collector's slack. */
const GC_SHARE = 0.75;
/** Output rows expected per primary (its no-counterpart row and a few candidates), for the budget. */
const OUTPUT_ROWS_PER_PRIMARY = 4;

/** A catalogue as the budget sees it: rows, area and the bytes of one row's input columns. */
export interface CatalogFootprint {
  rows: number;
  areaDeg2: number;
  rowBytes: number;
}

/** The budget's split: fixed costs, and the bytes left for one tile. */
export interface TilePlan {
  order: number;
  tileBudgetBytes: number;
  /** The output table, held for the final ordering. */
  outputBytes: number;
  /** Rows per block while partitioning. */
  blockRows: number;
  /** Bytes of partitioned rows buffered before they are written. */
  bufferBytes: number;
}

/**
 * Splits `memoryBytes` into the fixed costs (Node, the output) and
 * the tiles, and chooses the tile order. catalogs[0] is the primary.
 *
 * @example planTileBudget([{ rows: 2e5, areaDeg2: 1e4, rowBytes: 28 }, …], 20, 4 * 2 ** 30).order
 */
export function planTileBudget(catalogs: CatalogFootprint[], radiusArcsec: number, memoryBytes: number): TilePlan {
  const k = catalogs.length;
  const outRow = catalogs.reduce((a, c) => a + c.rowBytes, 0) + 8 * (pairList(k).length + 10);
  // The tiles' tables, their merge and the filtered copy written out.
  const outputBytes = 3 * OUTPUT_ROWS_PER_PRIMARY * catalogs[0].rows * outRow;
  // A quarter of what is left stays free: garbage awaiting collection (measured on 2 M-row FITS inputs:
  // partitioning peaks 40–60 % above its live data).
  const tileBudgetBytes = GC_SHARE * (memoryBytes - BASELINE_BYTES - outputBytes);
  if (!(tileBudgetBytes > 0))
    throw new UserError(
      `--memory ${(memoryBytes / 2 ** 20).toFixed(0)} MB: the output (${(outputBytes / 2 ** 20).toFixed(0)} MB planned for ${Math.round(catalogs[0].rows)} primaries) and Node itself (${BASELINE_BYTES / 2 ** 20} MB) do not fit; give a larger --memory`,
    );
  const sizes = catalogs.map((c) => ({
    rows: c.rows,
    areaDeg2: c.areaDeg2,
    // Decoded columns, their concatenation, and the engine's positions and errors.
    bytesPerRow: 2 * c.rowBytes + 64,
  }));
  const order = chooseTileOrder(sizes, radiusArcsec / 3600, tileBudgetBytes);
  // Partitioning holds a block (its columns, positions, tile lists and pieces: about twice its row
  // bytes plus 40) in a quarter of the tile budget, and pending pieces in another (`bufferBytes`),
  // written through one concatenated copy and an 8 MB encode buffer.
  const maxRow = Math.max(...catalogs.map((c) => c.rowBytes));
  const blockRows = Math.max(1024, Math.min(1 << 20, Math.floor(tileBudgetBytes / (4 * (2 * maxRow + 40)))));
  return { order, tileBudgetBytes, outputBytes, blockRows, bufferBytes: tileBudgetBytes / 4 };
}
