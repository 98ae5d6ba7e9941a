// Issue 6, acceptance 3 (library level): HEALPix shards merged equal the unsharded association, row for
// row and value for value, for N = 1, 7 and 48 on a 100 deg² three-catalogue mock straddling RA = 0.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { associate } from '../../src/assoc/engine.js';
import { mergeShardTables } from '../../src/assoc/merge.js';
import { associateShard, PRIMARY_ROW_COLUMN, parseShard, shardOfPrimaries } from '../../src/assoc/shard.js';
import { UserError } from '../../src/errors.js';
import { boxAreaDeg2, mockCatalogs } from './mock.js';
import { assertSameTable } from './same-table.js';

const BOX = { raMinDeg: -8.75, raMaxDeg: 8.75, decMinDeg: -60, decMaxDeg: -50 };

describe('HEALPix shards', () => {
  const cats = mockCatalogs(11, BOX, 1500, [6000, 5000]);
  const options = { radiusArcsec: 20 };
  const whole = associate(cats, options).toTable();

  it('the mock is 100 deg² and has multi-candidate groups', () => {
    assert.ok(Math.abs(boxAreaDeg2(BOX) - 100) < 1.5, String(boxAreaDeg2(BOX)));
    assert.ok(whole.nrows > 2.5 * 1500, `${whole.nrows} rows`);
  });

  for (const count of [1, 7, 48]) {
    it(`N = ${count}: every primary in exactly one shard; merged shards equal the unsharded run`, () => {
      const shardOf = shardOfPrimaries(cats[0].raDeg, cats[0].decDeg, count);
      const sizes = new Int32Array(count + 1);
      for (const s of shardOf) sizes[s]++;
      assert.equal(sizes[0], 0);
      // Balanced to within the pixel granularity.
      for (let s = 1; s <= count; s++)
        assert.ok(Math.abs(sizes[s] - 1500 / count) <= 3 + 0.05 * (1500 / count), `shard ${s}: ${sizes[s]}`);
      const parts = [];
      for (let index = 1; index <= count; index++) {
        const r = associateShard(cats, options, { index, count });
        assert.equal(r.primaries, sizes[index]);
        parts.push(r.table);
      }
      // Order of the parts must not matter.
      const merged = mergeShardTables(parts.reverse());
      assertSameTable(whole, merged, `N=${count}`);
    });
  }

  it('merge refuses a missing shard, a duplicated one, and a table that is not a shard output', () => {
    const parts = [1, 2, 3].map((index) => associateShard(cats, options, { index, count: 3 }).table);
    assert.throws(
      () => mergeShardTables([parts[0], parts[2]], ['a.fits', 'c.fits']),
      (e: unknown) => e instanceof UserError && /shard 2 of 3 missing/.test(e.message),
    );
    assert.throws(
      () => mergeShardTables([parts[0], parts[1], parts[1]], ['a', 'b', 'b2']),
      (e: unknown) => e instanceof UserError && /b2: shard 2\/3 is given twice/.test(e.message),
    );
    assert.throws(
      () => mergeShardTables([whole], ['whole.fits']),
      (e: unknown) =>
        e instanceof UserError && new RegExp(`whole.fits: no column ${PRIMARY_ROW_COLUMN}`).test(e.message),
    );
  });

  it('parseShard', () => {
    assert.deepEqual(parseShard('3/48'), { index: 3, count: 48 });
    for (const bad of ['0/4', '5/4', '1', 'a/b', '-1/3']) assert.throws(() => parseShard(bad), UserError);
  });
});
