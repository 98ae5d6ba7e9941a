/**
 * Association tile by tile (docs/reliability.md, "Out-of-core scale"). Each tile holds its own
 * primaries and every secondary within the match radius of them (its margin), in catalogue row order,
 * so the engine forms the same groups as on the whole catalogues; the priors count whole catalogues
 * (`CatalogInput.sourceCount`). Each tile's rows carry their primaries' global row numbers and are merged by
 * them exactly as HEALPix shards are (`assoc/merge.ts`): the output equals the in-memory run row for
 * row and value for value.
 */
import { associate } from '../assoc/engine.js';
import { mergeShardTables } from '../assoc/merge.js';
import { PRIMARY_ROW_COLUMN } from '../assoc/shard.js';
import type { AssociationOptions, CatalogInput } from '../assoc/types.js';
import { UserError } from '../errors.js';
import { column, type Table } from '../table/index.js';

/** One tile, ready for the engine. */
export interface TileInput {
  /** Tile index (nested HEALPix pixel at the tile order), for logs. */
  tile: number;
  /** catalogs[0]: the tile's primaries; the others: the secondaries of the tile and its margin, in row order. */
  catalogs: CatalogInput[];
  /** Row of each of the tile's primaries in the whole primary catalogue (increasing). */
  primaryRows: Int32Array;
}

export interface TiledSummary {
  tiles: number;
  /** Rows of the largest tile, all catalogues together. */
  maxTileRows: number;
  /** Secondary rows read, margins included (≥ the catalogues' rows). */
  secondaryRowsRead: number;
}

/** Automatic flux histograms need every group at once; tiles refuse them like shards do. */
export function checkTileable(options: AssociationOptions): void {
  if ((options.mags ?? []).some((m) => !m.histogram))
    throw new UserError(
      'automatic flux/magnitude histograms need every primary at once; run without --memory, or give the histograms as files',
    );
}

/**
 * Associates tile after tile and merges the tiles' rows into the in-memory run's table.
 * `totalRows[c]` is the row count of whole catalogue c (the priors count it).
 *
 * @example
 *   const table = await associateTiles(tilesOf(cats), [200_000, 2e7, 2.2e7], { radiusArcsec: 20 });
 */
export async function associateTiles(
  tiles: AsyncIterable<TileInput> | Iterable<TileInput>,
  totalRows: number[],
  options: AssociationOptions,
  onTile?: (tile: TileInput, rows: number) => void,
): Promise<{ table: Table; summary: TiledSummary }> {
  checkTileable(options);
  const parts: Table[] = [];
  const summary: TiledSummary = { tiles: 0, maxTileRows: 0, secondaryRowsRead: 0 };
  for await (const t of tiles) {
    // The priors count whole catalogues (N_i = n_i/Ω_i·Ω_sky), not the tile's rows.
    const cats = t.catalogs.map((c, i) => ({ ...c, sourceCount: totalRows[i] }));
    const res = associate(cats, options);
    const primaryRow = Int32Array.from(res.rows[0], (r) => t.primaryRows[r]);
    parts.push(
      res.toTable().withColumns([column(PRIMARY_ROW_COLUMN, primaryRow, { description: 'primary row (tile merge)' })]),
    );
    let rows = 0;
    t.catalogs.forEach((c, i) => {
      rows += c.raDeg.length;
      if (i > 0) summary.secondaryRowsRead += c.raDeg.length;
    });
    summary.tiles++;
    summary.maxTileRows = Math.max(summary.maxTileRows, rows);
    onTile?.(t, res.nrows);
  }
  if (parts.length === 0) throw new UserError('no tile holds a primary source; the primary catalogue is empty');
  return { table: mergeShardTables(parts), summary };
}
