// Issue 6, out-of-core scale: the association run tile by tile (each tile's primaries plus the
// secondaries within the radius of the tile) equals the in-memory run row for row and value for value,
// on mocks that cross RA = 0 and reach the south pole, with tiles much smaller than the mock.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { associate } from '../../src/assoc/engine.js';
import { splitIntoTiles } from '../../src/scale/split.js';
import { associateTiles } from '../../src/scale/tiled-associate.js';
import { TileMapper } from '../../src/scale/tiles.js';
import { mockCatalogs } from './mock.js';
import { assertSameTable } from './same-table.js';

describe('tiled association equals the in-memory run', () => {
  // Dense secondaries (~0.3 per arcmin²): many primaries near a tile edge have candidates across it.
  const cases = [
    {
      what: 'RA = 0 wrap',
      box: { raMinDeg: -3, raMaxDeg: 3, decMinDeg: -1, decMaxDeg: 1 },
      order: 5,
      n: [600, 12000, 10000],
      r: 60,
    },
    {
      what: 'south pole',
      box: { raMinDeg: 0, raMaxDeg: 360, decMinDeg: -90, decMaxDeg: -88.5 },
      order: 6,
      n: [600, 8000, 6000],
      r: 60,
    },
    // A radius larger than a quarter of a tile: the margin falls back to query_disc.
    {
      what: 'radius ≫ tile',
      box: { raMinDeg: 10, raMaxDeg: 12, decMinDeg: 40, decMaxDeg: 41 },
      order: 8,
      n: [100, 400, 300],
      r: 600,
    },
  ];
  for (const c of cases) {
    it(`${c.what}: tiles at order ${c.order}`, async () => {
      const cats = mockCatalogs(5, c.box, c.n[0], c.n.slice(1));
      const options = { radiusArcsec: c.r };
      const whole = associate(cats, options).toTable();
      const mapper = new TileMapper(c.order, options.radiusArcsec);
      assert.equal(mapper.byNeighbours, c.r < 100);
      const n = cats.map((x) => x.raDeg.length);
      const { table, summary } = await associateTiles(splitIntoTiles(cats, mapper), n, options);
      assert.ok(summary.tiles >= 8, `${summary.tiles} tiles`);
      // The margins duplicate secondaries across tile edges.
      assert.ok(summary.secondaryRowsRead > n[1] + n[2], String(summary.secondaryRowsRead));
      assertSameTable(whole, table, c.what);
    });
  }
});
