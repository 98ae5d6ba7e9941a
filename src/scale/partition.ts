/**
 * Partitions a catalogue into HEALPix tile files in one pass (docs/reliability.md, "Out-of-core
 * scale"): each block read from the source is split by tile (`tiles.ts`: a primary to its own tile, a
 * secondary also to every tile within the radius); the tiles' rows, with their catalogue row numbers
 * appended, are buffered and written as FITS pieces `t<tile>-<flush>.fits`. Pieces are read back per
 * tile in the order they were written, so a tile's rows stay in catalogue order.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { CatalogSpec } from '../assoc/catalog-spec.js';
import { positionColumns } from '../assoc/catalog-spec.js';
import { checkNumericColumn, checkPositions } from '../assoc/validate-input.js';
import { fail, UserError } from '../errors.js';
import { readFits, writeFits } from '../io/fits/index.js';
import { column, concatTables, type Table } from '../table/index.js';
import { type CatalogSource, rowBytes } from './source.js';
import type { TileMapper } from './tiles.js';

/** Column of a tile piece holding each row's row number in the whole catalogue (0-based). */
export const TILE_ROW_COLUMN = 'mmassoc_catalog_row';

export interface TileStore {
  spec: CatalogSpec;
  /** The catalogue's columns and metadata. */
  schema: Table;
  /** Rows of the whole catalogue (counted while partitioning). */
  rows: number;
  ra: string;
  dec: string;
  /** Pieces of each tile, in block order. */
  pieces: Map<number, string[]>;
  /** RA values normalised into [0, 360) (the warning of the in-memory run). */
  wrappedRa: number;
}

/**
 * A located error of one block, with its row numbers made catalogue rows (`row N` → `row N+offset`).
 * @example atCatalogRow(new UserError('a.csv: row 2, column ra: …'), (r) => r + 1000) // 'a.csv: row 1002, …'
 */
export function atCatalogRow(err: unknown, rowOf: (blockRow: number) => number): unknown {
  if (!(err instanceof UserError)) return err;
  const msg = err.message.replace(/\brows? (\d+)(?: and (\d+))?/, (_m, a: string, b?: string) =>
    b === undefined
      ? `row ${rowOf(Number(a) - 1) + 1}`
      : `rows ${rowOf(Number(a) - 1) + 1} and ${rowOf(Number(b) - 1) + 1}`,
  );
  return new UserError(msg);
}

/**
 * Streams `source` into tile pieces under `dir`. `role` 'primary' sends each row to its own tile only.
 * At most about `bufferBytes` of rows wait in memory before they are written.
 */
export async function partitionCatalog(
  spec: CatalogSpec,
  source: CatalogSource,
  mapper: TileMapper,
  role: 'primary' | 'secondary',
  dir: string,
  bufferBytes: number,
  onBlock?: (rowsDone: number) => void,
): Promise<TileStore> {
  mkdirSync(dir, { recursive: true });
  if (source.schema.has(TILE_ROW_COLUMN))
    fail(spec.file, `column ${TILE_ROW_COLUMN} is reserved for out-of-core runs; rename it`);
  const pos = positionColumns(spec, source.schema);
  const store: TileStore = {
    spec,
    schema: source.schema,
    rows: 0,
    ra: pos.ra,
    dec: pos.dec,
    pieces: new Map(),
    wrappedRa: 0,
  };
  // Pieces wait in memory until `bufferBytes` of them are pending, then each tile's are written as one
  // file: few files (and fsyncs) however small the blocks.
  const pending = new Map<number, Table[]>();
  let pendingRows = 0;
  let flushes = 0;
  const withRow = source.schema.withColumns([column(TILE_ROW_COLUMN, new Float64Array(0))]);
  const pieceRowBytes = rowBytes(withRow);
  const flush = async () => {
    for (const [tile, parts] of pending) {
      const path = join(dir, `t${tile}-${flushes}.fits`);
      await writeFits(path, parts.length === 1 ? parts[0] : concatTables(withRow.withMeta(parts[0].meta), parts));
      const paths = store.pieces.get(tile);
      if (paths) paths.push(path);
      else store.pieces.set(tile, [path]);
    }
    pending.clear();
    pendingRows = 0;
    flushes++;
  };
  for await (const block of source.blocks()) {
    const offset = store.rows;
    const n = block.nrows;
    if (n === 0) continue;
    let raDeg: Float64Array;
    let decDeg: Float64Array;
    try {
      checkNumericColumn(spec.file, block, pos.ra);
      checkNumericColumn(spec.file, block, pos.dec);
      decDeg = block.float64(pos.dec);
      const checked = checkPositions(spec.file, pos.ra, pos.dec, block.float64(pos.ra), decDeg);
      raDeg = checked.raDeg;
      if (checked.warnings.length > 0)
        for (let i = 0; i < n; i++) {
          const r = (block.col(pos.ra).data as ArrayLike<number>)[i];
          if (r < 0 || r >= 360) store.wrappedRa++;
        }
    } catch (err) {
      throw atCatalogRow(err, (r) => r + offset);
    }
    // Two passes (count, then fill typed arrays): no per-row JS values in the block's tile lists.
    const cells = new Float64Array(n);
    const count = new Map<number, number>();
    for (let r = 0; r < n; r++) {
      const cell = mapper.cellOf(raDeg[r], decDeg[r]);
      cells[r] = cell;
      if (role === 'primary') {
        const t = mapper.tileOfCell(cell);
        count.set(t, (count.get(t) ?? 0) + 1);
      } else for (const t of mapper.tilesOfCell(cell)) count.set(t, (count.get(t) ?? 0) + 1);
    }
    const byTile = new Map<number, { idx: Int32Array; k: number }>();
    for (const [t, c] of count) byTile.set(t, { idx: new Int32Array(c), k: 0 });
    const put = (t: number, r: number) => {
      const e = byTile.get(t) as { idx: Int32Array; k: number };
      e.idx[e.k++] = r;
    };
    for (let r = 0; r < n; r++) {
      if (role === 'primary') put(mapper.tileOfCell(cells[r]), r);
      else for (const t of mapper.tilesOfCell(cells[r])) put(t, r);
    }
    for (const [tile, { idx }] of byTile) {
      const piece = block.take(idx).withColumns([
        column(
          TILE_ROW_COLUMN,
          Float64Array.from(idx, (r) => r + offset),
        ),
      ]);
      const queue = pending.get(tile);
      if (queue) queue.push(piece);
      else pending.set(tile, [piece]);
      pendingRows += idx.length;
    }
    if (pendingRows * pieceRowBytes > bufferBytes) await flush();
    store.rows += n;
    onBlock?.(store.rows);
  }
  await flush();
  if (store.rows === 0) fail(spec.file, 'the catalogue has no rows; give a catalogue with at least one source');
  return store;
}

/** A tile's rows of one catalogue (in catalogue order) and their catalogue row numbers. */
export async function readTile(store: TileStore, tile: number): Promise<{ table: Table; rows: Float64Array }> {
  const paths = store.pieces.get(tile) ?? [];
  const parts: Table[] = [];
  for (const p of paths) parts.push(await readFits(p));
  const names = store.schema.names;
  const all = concatTables(
    store.schema.withColumns([column(TILE_ROW_COLUMN, new Float64Array(0))]),
    parts.map((t) => t.select([...names, TILE_ROW_COLUMN])),
  );
  const rows = all.col(TILE_ROW_COLUMN).data as Float64Array;
  return { table: all.select(names).withMeta(store.schema.meta), rows };
}
