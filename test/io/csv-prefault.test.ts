// The page-touching helper thread of large CSV reads (src/io/csv-prefault.ts) must not change a
// single value: the same file read with and without it, including a file whose first record
// underestimates the row count (the columns grow and the helper is stopped mid-read).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { csvPrefault } from '../../src/io/csv-prefault.js';
import { readCsvFile } from '../../src/io/csv-read.js';
import { RandomStream } from '../../src/random/index.js';
import type { Table } from '../../src/table/table.js';

const dir = mkdtempSync(join(tmpdir(), 'mmassoc-csv-prefault-'));
const saved = csvPrefault.minBytes;

function read(path: string, helper: boolean): Table {
  csvPrefault.minBytes = helper ? 0 : Number.POSITIVE_INFINITY;
  try {
    return readCsvFile(path, ',', 64 << 10);
  } finally {
    csvPrefault.minBytes = saved;
  }
}

function sameBits(a: Table, b: Table): void {
  assert.equal(a.nrows, b.nrows);
  assert.deepEqual(a.names, b.names);
  for (const n of a.names) {
    const x = a.col(n);
    const y = b.col(n);
    assert.equal(x.kind, y.kind, n);
    if (Array.isArray(x.data)) assert.deepEqual(x.data, y.data, n);
    else {
      const xv = x.data as Float64Array;
      const yv = y.data as Float64Array;
      assert.ok(
        Buffer.from(xv.buffer, xv.byteOffset, xv.byteLength).equals(
          Buffer.from(yv.buffer, yv.byteOffset, yv.byteLength),
        ),
        n,
      );
    }
    assert.deepEqual(x.nulls ? Array.from(x.nulls) : null, y.nulls ? Array.from(y.nulls) : null, n);
  }
}

describe('CSV prefault helper', () => {
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('a read with the helper equals one without, value for value', () => {
    const rng = new RandomStream(11, 3);
    const lines = ['ra,dec,flux,id,name'];
    for (let i = 0; i < 40000; i++)
      lines.push(
        `${360 * rng.uniform()},${180 * rng.uniform() - 90},${i % 97 === 5 ? '' : 10 ** (3 * rng.uniform())},${100000 + i},s${100000 + i}`,
      );
    const path = join(dir, 'even.csv');
    writeFileSync(path, `${lines.join('\n')}\n`);
    const withHelper = read(path, true);
    assert.ok((withHelper.col('ra').data as Float64Array).buffer instanceof SharedArrayBuffer, 'the helper ran');
    sameBits(withHelper, read(path, false));
  });

  test('columns that outgrow the first estimate (the helper stops) keep every value', () => {
    const rng = new RandomStream(12, 3);
    // A long first record: the columns are sized for a third of the rows, then grow.
    const lines = ['x,y', '1.2345678901234567e-100,2.3456789012345678e+100'];
    for (let i = 0; i < 30000; i++) lines.push(`${Math.floor(rng.uniform() * 1e6)},${rng.uniform().toFixed(3)}`);
    const path = join(dir, 'grow.csv');
    writeFileSync(path, `${lines.join('\n')}\n`);
    sameBits(read(path, true), read(path, false));
  });
});
