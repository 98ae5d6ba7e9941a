/**
 * Tiles of catalogues already in memory: the reference the partitioned (out-of-core) inputs are tested
 * against, and a way to bound the engine's working memory on large in-memory inputs.
 */
import type { CatalogInput } from '../assoc/types.js';
import type { TileInput } from './tiled-associate.js';
import type { TileMapper } from './tiles.js';

/** The rows `idx` (increasing) of a catalogue, every per-row array cut alike. */
export function subsetCatalog(c: CatalogInput, idx: Int32Array): CatalogInput {
  const f64 = (a: Float64Array) => Float64Array.from(idx, (i) => a[i]);
  return {
    ...c,
    table: c.table.take(idx),
    raDeg: f64(c.raDeg),
    decDeg: f64(c.decDeg),
    errors: {
      varEastArcsec2: f64(c.errors.varEastArcsec2),
      varNorthArcsec2: f64(c.errors.varNorthArcsec2),
      covEastNorthArcsec2: f64(c.errors.covEastNorthArcsec2),
      circular: c.errors.circular,
    },
    ...(c.flux ? { flux: c.flux.map((f) => ({ ...f, values: f64(f.values) })) } : {}),
  };
}

/**
 * Splits in-memory catalogues into the tiles of `mapper`, in increasing tile order, skipping tiles
 * without primaries.
 *
 * @example for (const t of splitIntoTiles(cats, new TileMapper(4, 20))) console.log(t.tile, t.primaryRows.length);
 */
export function* splitIntoTiles(catalogs: CatalogInput[], mapper: TileMapper): Generator<TileInput> {
  const byTile = catalogs.map(() => new Map<number, number[]>());
  catalogs.forEach((c, i) => {
    for (let r = 0; r < c.raDeg.length; r++) {
      const cell = mapper.cellOf(c.raDeg[r], c.decDeg[r]);
      const tiles = i === 0 ? [mapper.tileOfCell(cell)] : mapper.tilesOfCell(cell);
      for (const t of tiles) {
        const list = byTile[i].get(t);
        if (list) list.push(r);
        else byTile[i].set(t, [r]);
      }
    }
  });
  const order = [...byTile[0].keys()].sort((a, b) => a - b);
  for (const tile of order) {
    const idx = catalogs.map((_, i) => Int32Array.from(byTile[i].get(tile) ?? []));
    yield {
      tile,
      catalogs: catalogs.map((c, i) => subsetCatalog(c, idx[i])),
      primaryRows: idx[0],
    };
  }
}
