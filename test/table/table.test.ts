import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UserError } from '../../src/errors.js';
import { column } from '../../src/table/column.js';
import { Table } from '../../src/table/table.js';

test('columns keep their stored type and read back as float64 with nulls as NaN', () => {
  const t = new Table([
    column('ra', new Float64Array([1, 2, 3]), { unit: 'deg' }),
    column('flux', new Float32Array([0.1, 0.2, 0.3]), { unit: 'mJy', nulls: new Uint8Array([0, 1, 0]) }),
    column('id', new BigInt64Array([2n ** 60n + 1n, 2n, 3n])),
  ]);
  assert.equal(t.nrows, 3);
  assert.ok(t.col('flux').data instanceof Float32Array);
  const f = t.float64('flux');
  assert.equal(f[0], Math.fround(0.1));
  assert.ok(Number.isNaN(f[1]));
  assert.equal((t.col('id').data as BigInt64Array)[0], 2n ** 60n + 1n);
});

test('take, filter and slice select rows of every column, vectors and strings included', () => {
  const t = new Table([
    column('v', new Float64Array([1, 2, 3, 4, 5, 6]), { shape: [2] }),
    column('s', ['a', 'b', 'c']),
  ]);
  assert.equal(t.nrows, 3);
  const sel = t.take([2, 0]);
  assert.deepEqual(Array.from(sel.col('v').data as Float64Array), [5, 6, 1, 2]);
  assert.deepEqual(sel.col('s').data, ['c', 'a']);
  assert.deepEqual(t.filter([false, true, false]).col('s').data, ['b']);
  assert.deepEqual(Array.from(t.slice(1, 3).col('v').data as Float64Array), [3, 4, 5, 6]);
});

test('a missing column is a UserError that suggests the closest name', () => {
  const t = new Table([column('RA_deg', new Float64Array(1)), column('DEC_deg', new Float64Array(1))], {
    name: 'cat.fits',
  });
  assert.throws(
    () => t.col('ra_dg'),
    (e: unknown) => e instanceof UserError && /did you mean 'RA_deg'/.test(e.message),
  );
  assert.equal(t.findColumn('ra_deg')?.name, 'RA_deg');
});
