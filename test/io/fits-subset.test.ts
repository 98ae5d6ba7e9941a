// readFits({ columns }) and readFitsRows against the whole-table read of the reference fixture.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { UserError } from '../../src/errors.js';
import { fitsColumnNames, readFits, readFitsRows } from '../../src/io/fits/index.js';
import type { Column } from '../../src/table/column.js';
import { REF } from './fits-helpers.js';

const TYPES = join(REF, 'fixtures/types.fits');

function sameColumn(a: Column, b: Column): void {
  assert.equal(a.name, b.name);
  assert.equal(a.kind, b.kind);
  assert.deepEqual(a.shape, b.shape);
  // A mask with no null set and no mask mean the same.
  const mask = (c: Column) => Array.from({ length: c.data.length }, (_, i) => (c.nulls ? c.nulls[i] : 0));
  assert.deepEqual(mask(a), mask(b));
  assert.deepEqual(Array.from(a.data as ArrayLike<unknown>), Array.from(b.data as ArrayLike<unknown>));
}

describe('partial FITS reads', () => {
  it('fitsColumnNames lists the columns of the whole read, in order', async () => {
    const full = await readFits(TYPES);
    assert.deepEqual(await fitsColumnNames(TYPES), full.names);
  });

  it('readFits({ columns }) decodes exactly the named columns, in file order, with the same values', async () => {
    const full = await readFits(TYPES);
    const names = full.names;
    const pick = [names[names.length - 1], names[0], names[Math.floor(names.length / 2)]];
    const part = await readFits(TYPES, { columns: pick });
    assert.deepEqual(
      part.names,
      names.filter((n) => pick.includes(n)),
    );
    assert.equal(part.nrows, full.nrows);
    assert.deepEqual(part.meta, full.meta);
    for (const n of part.names) sameColumn(part.col(n), full.col(n));
    await assert.rejects(readFits(TYPES, { columns: ['NO_SUCH_COLUMN'] }), UserError);
  });

  it('readFitsRows returns the chosen rows of every column', async () => {
    const full = await readFits(TYPES);
    const rows = Int32Array.from([0, 3, 4, 17, full.nrows - 1]);
    const sub = await readFitsRows(TYPES, rows);
    assert.equal(sub.nrows, rows.length);
    const expected = full.take(rows);
    for (const n of full.names) sameColumn(sub.col(n), expected.col(n));
  });
});
