// Parquet and Arrow IPC: round trips of every column kind with units and table metadata,
// checked also through apache-arrow/parquet-wasm directly (not only through our converters).
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import * as arrow from 'apache-arrow';
import * as pq from 'parquet-wasm';
import { UserError } from '../../src/errors.js';
import { readArrowIpc, tableFromArrow, tableToArrow, writeArrowIpc } from '../../src/io/arrow.js';
import { parseParquet, readParquet, writeParquet } from '../../src/io/parquet.js';
import { column } from '../../src/table/column.js';
import { Table } from '../../src/table/table.js';

const tmp = mkdtempSync(join(tmpdir(), 'mmassoc-pq-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

const n3 = (a: number, b: number, c: number) => new Uint8Array([a, b, c]);

function everyKind(): Table {
  return new Table(
    [
      column('ra', new Float64Array([10.5, Number.NaN, -0]), { unit: 'deg', description: 'Right ascension (ICRS)' }),
      column('flux', new Float32Array([0.1, 1 / 3, 3]), { unit: 'mJy', nulls: n3(0, 1, 0) }),
      column('i8', new Int8Array([-128, 0, 127])),
      column('u8', new Uint8Array([0, 1, 255])),
      column('i16', new Int16Array([-32768, 5, 32767])),
      column('u16', new Uint16Array([0, 7, 65535])),
      column('n', new Int32Array([-2147483648, 0, 2147483647]), {
        nulls: n3(0, 0, 1),
        meta: { tnull: -999, tform: 'J' },
      }),
      column('u32', new Uint32Array([0, 1, 4294967295])),
      column('id', new BigInt64Array([9007199254740993n, -9223372036854775808n, 9223372036854775807n])),
      column('u64', new BigUint64Array([0n, 1n, 18446744073709551615n])),
      column('flag', n3(1, 0, 1), { kind: 'bool', nulls: n3(0, 0, 1) }),
      column('mask', new Uint8Array([1, 0, 1, 0, 1, 1, 0, 0, 0]), { kind: 'bits', shape: [3] }),
      column('name', ['a,"b"', 'ünïcode ✓', ''], { nulls: n3(0, 0, 1) }),
      column(
        'm',
        Float64Array.from({ length: 18 }, (_, i) => i / 4),
        { shape: [2, 3], unit: 'arcsec' },
      ),
    ],
    {
      name: 'CAT',
      skyAreaDeg2: 87.5,
      description: 'a test catalogue',
      keywords: { TELESCOP: 'SPT', NBANDS: 2, DEBOOST: true, BIGID: 9007199254740993n },
      keywordComments: { TELESCOP: 'South Pole Telescope' },
    },
  );
}

function assertSameTable(got: Table, want: Table): void {
  assert.deepEqual(got.names, want.names);
  assert.equal(got.nrows, want.nrows);
  for (const w of want.columns) {
    const g = got.col(w.name);
    assert.equal(g.kind, w.kind, w.name);
    assert.equal(g.data.constructor, w.data.constructor, w.name);
    assert.deepEqual(g.shape, w.shape, w.name);
    assert.equal(g.unit, w.unit, w.name);
    assert.equal(g.description, w.description, w.name);
    assert.deepEqual(g.meta, w.meta, w.name);
    assert.deepEqual(
      [...(g.nulls ?? new Uint8Array(want.nrows))],
      [...(w.nulls ?? new Uint8Array(want.nrows))],
      w.name,
    );
    const gv = Array.from(g.data as ArrayLike<unknown>);
    const wv = Array.from(w.data as ArrayLike<unknown>);
    const width = wv.length / want.nrows;
    for (let i = 0; i < wv.length; i++) {
      if (w.nulls?.[Math.floor(i / width)]) continue;
      assert.ok(Object.is(gv[i], wv[i]), `${w.name}[${i}]: ${String(gv[i])} vs ${String(wv[i])}`);
    }
  }
  assert.deepEqual(got.meta, want.meta);
}

describe('Arrow', () => {
  test('tableToArrow → tableFromArrow keeps every kind, nulls, shapes, units and metadata', () => {
    assertSameTable(tableFromArrow(tableToArrow(everyKind())), everyKind());
  });

  test('the Arrow types and metadata are the standard ones', () => {
    const at = tableToArrow(everyKind());
    const type = (name: string) => String(at.schema.fields.find((f) => f.name === name)?.type);
    assert.equal(type('ra'), 'Float64');
    assert.equal(type('flux'), 'Float32');
    assert.equal(type('id'), 'Int64');
    assert.equal(type('flag'), 'Bool');
    assert.equal(type('name'), 'Utf8');
    assert.equal(type('m'), 'FixedSizeList[6]<Float64>');
    assert.equal(at.schema.metadata.get('SKYAREA'), '87.5');
    assert.equal(at.schema.fields[0].metadata.get('unit'), 'deg');
    assert.equal(at.getChild('flux')?.nullCount, 1);
    assert.equal(at.getChild('flux')?.get(1), null);
    assert.equal(at.getChild('id')?.get(0), 9007199254740993n);
  });

  test('IPC file round trip', () => {
    const p = join(tmp, 'every.arrow');
    writeArrowIpc(p, everyKind());
    assertSameTable(readArrowIpc(p), everyKind());
    // Independently: apache-arrow reads the file we wrote.
    const at = arrow.tableFromIPC(readFileSync(p));
    assert.equal(at.numRows, 3);
    assert.equal(at.getChild('name')?.get(1), 'ünïcode ✓');
  });

  test('tables from other tools: several batches, slices, dictionary strings, no mmassoc metadata', () => {
    const a = arrow.tableFromArrays({ x: new Float64Array([1, 2, 3, 4]), k: ['p', 'q', 'p', 'r'] });
    const b = arrow.tableFromArrays({ x: new Float64Array([5, 6]), k: ['s', 'p'] });
    const both = a.slice(1).concat(b);
    const dict = new arrow.Table({
      d: arrow.vectorFromArray(['u', 'v', 'u'], new arrow.Dictionary(new arrow.Utf8(), new arrow.Int32())),
    });
    const t = tableFromArrow(both);
    assert.deepEqual([...t.col('x').data], [2, 3, 4, 5, 6]);
    assert.deepEqual(t.col('k').data, ['q', 'p', 'r', 's', 'p']);
    assert.deepEqual(tableFromArrow(dict).col('d').data, ['u', 'v', 'u']);
    const bools = new arrow.Table({
      b: arrow.vectorFromArray([true, false, true, true, false, null, true, false, false, true]),
    });
    const bt = tableFromArrow(bools.slice(3));
    assert.deepEqual([...bt.col('b').data], [1, 0, 0, 1, 0, 0, 1]);
    assert.deepEqual([...(bt.col('b').nulls ?? [])], [0, 0, 1, 0, 0, 0, 0]);
  });

  test('unsupported Arrow types and corrupt files are one-line UserErrors', () => {
    const dates = new arrow.Table({ when: arrow.vectorFromArray([new Date(0)]) });
    assert.throws(
      () => tableFromArrow(dates, 'd.arrow'),
      (e: unknown) =>
        e instanceof UserError && /d\.arrow: column 'when': Arrow type .* is not supported/.test(e.message),
    );
    const bad = join(tmp, 'bad.arrow');
    writeFileSync(bad, 'ARROW1 but not really');
    assert.throws(
      () => readArrowIpc(bad),
      (e: unknown) =>
        e instanceof UserError &&
        e.message.startsWith(`${bad}: not a readable Arrow IPC file`) &&
        !e.message.includes('\n'),
    );
  });
});

describe('Parquet', () => {
  test('round trip of every kind, nulls, shapes, units and metadata', async () => {
    const p = join(tmp, 'every.parquet');
    await writeParquet(p, everyKind());
    assertSameTable(await readParquet(p), everyKind());
  });

  test('the file is standard Parquet: parquet-wasm alone sees the types, ZSTD and SKYAREA', async () => {
    const p = join(tmp, 'plain.parquet');
    await writeParquet(p, everyKind());
    const bytes = readFileSync(p);
    assert.equal(bytes.subarray(0, 4).toString('latin1'), 'PAR1');
    const file = pq.readParquet(bytes);
    const at = arrow.tableFromIPC(file.intoIPCStream());
    assert.equal(String(at.schema.fields.find((f) => f.name === 'flux')?.type), 'Float32');
    assert.equal(at.schema.metadata.get('SKYAREA'), '87.5');
    assert.equal(at.getChild('id')?.get(2), 9223372036854775807n);
    const md = (await pq.ParquetFile.fromFile(new Blob([bytes]))).metadata();
    assert.equal(md.rowGroup(0).column(0).compression(), pq.Compression.ZSTD);
    assert.equal(md.fileMetadata().numRows(), 3);
  });

  test('a larger table (200 000 rows, 64-bit ids beyond 2^53) reads back identically', async () => {
    const n = 200_000;
    const x = new Float64Array(n);
    const id = new BigInt64Array(n);
    for (let i = 0; i < n; i++) {
      x[i] = Math.sin(i) * 1e3;
      id[i] = 9007199254740993n + BigInt(i);
    }
    const t = new Table([column('x', x), column('id', id)], { skyAreaDeg2: 1 });
    const p = join(tmp, 'big.parquet');
    await writeParquet(p, t);
    const back = await readParquet(p);
    assert.deepEqual(back.col('x').data, x);
    assert.deepEqual(back.col('id').data, id);
  });

  test('several row groups (written by parquet-wasm with 1000-row groups), nulls in one group only: as the whole-file parse', async () => {
    // 3500 rows → groups of 1000, 1000, 1000, 500; 'flux' has nulls in the third group only, 'name'
    // none at all, 'm' is a fixed-shape column. readParquet reads group by group; parseParquet decodes
    // the whole file at once through parquet-wasm's readParquet, so it is the independent reference.
    const n = 3500;
    const flux = Float32Array.from({ length: n }, (_, i) => Math.cos(i) * 10);
    const fluxNulls = Uint8Array.from({ length: n }, (_, i) => (i >= 2000 && i < 3000 && i % 7 === 0 ? 1 : 0));
    const t = new Table(
      [
        column(
          'ra',
          Float64Array.from({ length: n }, (_, i) => (i * 0.1) % 360),
          { unit: 'deg' },
        ),
        column('flux', flux, { unit: 'mJy', nulls: fluxNulls }),
        column(
          'id',
          BigInt64Array.from({ length: n }, (_, i) => 9007199254740993n + BigInt(i)),
        ),
        column(
          'name',
          Array.from({ length: n }, (_, i) => `SPT-S J${i}`),
        ),
        column(
          'm',
          Float64Array.from({ length: 2 * n }, (_, i) => i / 3),
          { shape: [2] },
        ),
      ],
      { name: 'GROUPS', skyAreaDeg2: 12.5 },
    );
    const props = new pq.WriterPropertiesBuilder().setMaxRowGroupSize(1000).build();
    const bytes = pq.writeParquet(pq.Table.fromIPCStream(arrow.tableToIPC(tableToArrow(t), 'stream')), props);
    const p = join(tmp, 'groups.parquet');
    writeFileSync(p, bytes);
    assert.equal((await pq.ParquetFile.fromFile(new Blob([bytes]))).metadata().numRowGroups(), 4);
    const back = await readParquet(p);
    assertSameTable(back, await parseParquet(bytes));
    assertSameTable(back, t);
  });

  test('a file that is not Parquet is a one-line UserError', async () => {
    const bad = join(tmp, 'bad.parquet');
    writeFileSync(bad, 'PAR1 nonsense');
    await assert.rejects(
      readParquet(bad),
      (e: unknown) =>
        e instanceof UserError &&
        e.message.startsWith(`${bad}: not a readable Parquet file`) &&
        !e.message.includes('\n'),
    );
  });
});
