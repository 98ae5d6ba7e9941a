/**
 * HEALPix tiles of an out-of-core association (docs/reliability.md, "Out-of-core scale"). A primary
 * belongs to the one tile its position falls in; a secondary is copied to every tile it may be a
 * candidate for: its own and each tile within the match radius of it (the margin).
 *
 * The margin is decided per *cell*, a pixel up to 6 orders finer than the tiles, chosen so that the
 * reach (match radius + slack) is at most a quarter of a cell's side: every point within that reach of
 * a cell lies in the cell or one of its 8 neighbours (7 at the 8 special vertices), so a cell's rows go
 * to the tiles of the cell and its neighbours. The extra rows (at most one cell's width round each
 * tile) are never within the radius of the tile's primaries and change nothing. When even tile-sized
 * cells are too small for the reach, the inclusive query_disc of the cell's circumscribed disc plus the
 * reach is used instead (a coarser superset). The answer is cached per cell.
 */
import { DEG_PER_RAD, isValidPosition } from '../assoc/sphere.js';
import { neighboursNestNumber } from '../sky/healpix-neighbours.js';
import { ang2pixNestNumber, pix2angNestNumber } from '../sky/healpix-nest.js';
import { maxPixelRadiusRad, queryDiscNestNumber } from '../sky/healpix-query-disc.js';
import { tileSideDeg } from './budget.js';

/** Cells are at most 2^6 = 64 times smaller than tiles on a side. */
const MAX_CELL_DEPTH = 6;
/** Order ≤ 24 keeps every index exact in a float64 and in the fast number kernels. */
const MAX_CELL_ORDER = 24;
/** The reach must not exceed this fraction of a cell's side (HEALPix pixels are not square). */
const REACH_PER_SIDE = 0.25;

export class TileMapper {
  readonly tileOrder: number;
  readonly cellOrder: number;
  /** True when the 8-neighbour rule holds; false: query_disc fallback (huge radius, tiny tiles). */
  readonly byNeighbours: boolean;
  private readonly shift: number;
  private readonly reachDeg: number;
  private readonly cache = new Map<number, Int32Array>();

  /**
   * @param slackArcsec extra reach beyond the radius, for rows placed by a cell other than their own
   *   position's (the scale benchmark's counterparts); 0 for real catalogues.
   */
  constructor(tileOrder: number, radiusArcsec: number, slackArcsec = 0) {
    this.tileOrder = tileOrder;
    this.reachDeg = (radiusArcsec + slackArcsec) / 3600;
    let cell = tileOrder;
    const deepest = Math.min(MAX_CELL_ORDER, tileOrder + MAX_CELL_DEPTH);
    while (cell < deepest && REACH_PER_SIDE * tileSideDeg(cell + 1) >= this.reachDeg) cell++;
    this.cellOrder = cell;
    this.byNeighbours = REACH_PER_SIDE * tileSideDeg(cell) >= this.reachDeg;
    this.shift = 4 ** (this.cellOrder - tileOrder);
  }

  /** Cell of a position; cell 0 for a row without a usable position (it is never a candidate). */
  cellOf(raDeg: number, decDeg: number): number {
    return isValidPosition(raDeg, decDeg) ? ang2pixNestNumber(this.cellOrder, raDeg, decDeg) : 0;
  }

  /** The tile containing a cell (nested indices: the tile is the cell's ancestor). */
  tileOfCell(cell: number): number {
    return Math.floor(cell / this.shift);
  }

  /** Every tile within reach of a cell, its own included, in increasing order. */
  tilesOfCell(cell: number): Int32Array {
    let tiles = this.cache.get(cell);
    if (tiles) return tiles;
    const set = new Set<number>([this.tileOfCell(cell)]);
    if (this.byNeighbours) {
      for (const nb of neighboursNestNumber(this.cellOrder, cell)) if (nb >= 0) set.add(this.tileOfCell(nb));
    } else {
      const [ra, dec] = pix2angNestNumber(this.cellOrder, cell);
      const discDeg = maxPixelRadiusRad(this.cellOrder) * DEG_PER_RAD + this.reachDeg;
      for (const t of queryDiscNestNumber(this.tileOrder, ra, dec, discDeg, { inclusive: true })) set.add(t);
    }
    tiles = Int32Array.from([...set].sort((a, b) => a - b));
    this.cache.set(cell, tiles);
    return tiles;
  }
}
