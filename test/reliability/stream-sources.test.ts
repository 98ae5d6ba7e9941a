// Issue 6, out-of-core scale: a plain CSV/TSV catalogue is read block by block (`scale/csv-blocks.ts`)
// and still gives the whole-file reader's table, column kind for column kind, including columns that
// a first block alone would type narrower (int then float, int32 then beyond 2^31 or 2^53, numbers
// then text, null-only first blocks), quoted fields holding line breaks across block cuts, and the
// whole-file reader's error messages with the file's row and line numbers.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import * as arrow from 'apache-arrow';
import { runMatch } from '../../src/cli/commands/match.js';
import { UserError } from '../../src/errors.js';
import { tableToArrow } from '../../src/io/arrow.js';
import { readTable, writeTable } from '../../src/io/index.js';
import { BASELINE_BYTES, planTileBudget } from '../../src/scale/budget.js';
import { openCatalogSource, rowBytes } from '../../src/scale/source.js';
import { column, concatTables, type Table } from '../../src/table/index.js';
import { mockCatalogs } from './mock.js';
import { assertSameTable } from './same-table.js';

const dir = mkdtempSync(join(tmpdir(), 'mmassoc-stream-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Extra columns whose kind the first rows do not settle; `i` is the row, `n` the row count. */
function extras(i: number, n: number, sep: string): string[] {
  const late = i >= n * 0.75;
  return [
    late ? `${i % 1000}.5` : String(i % 1000), // int32, float later
    late ? String(3_000_000_000 + i) : String(i), // int32, beyond 2^31 later
    i > n - 3 ? String(2n ** 60n + BigInt(i)) : String(i * 7), // int32, beyond 2^53 at the end: int64
    i === Math.floor(n / 2) ? `"two lines${sep} one\nfield"` : i % 3 ? 'plain' : '', // a quoted line break
    i < n * 0.8 ? `${i}.50` : `s${i}`, // numbers, text later: "12.50" must stay "12.50"
    i < n * 0.3 ? '' : String(i * 2), // null-only first blocks
    i % 5 === 0 ? '' : i % 2 ? 'true' : 'false',
  ];
}
const EXTRA_NAMES = ['mix', 'objid', 'bigid', 'note', 'label', 'sparse', 'flag'];

function csvText(t: Table, sep: string, eol: string): string {
  const names = [...t.names, ...EXTRA_NAMES];
  const lines = [`# generated for stream-sources.test.ts`, names.join(sep)];
  for (let i = 0; i < t.nrows; i++) {
    const vals = t.columns.map((c) => {
      const v = (c.data as ArrayLike<unknown>)[i];
      return c.kind === 'str' ? `"${String(v)}"` : String(v);
    });
    lines.push([...vals, ...extras(i, t.nrows, sep)].join(sep));
  }
  return lines.join(eol) + eol;
}

async function blocksOf(file: string, blockRows: number, csvBlockBytes: number): Promise<Table> {
  const src = await openCatalogSource(file, blockRows, { csvBlockBytes });
  assert.equal(src.reading, 'stream');
  const parts: Table[] = [];
  for await (const b of src.blocks()) {
    assert.ok(b.nrows <= blockRows);
    parts.push(b);
  }
  assert.ok(parts.length > 5, `${parts.length} blocks`);
  assert.equal(
    src.rowsEstimate,
    parts.reduce((s, t) => s + t.nrows, 0),
  );
  return concatTables(src.schema, parts);
}

async function message(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof UserError, String(err));
    return err.message;
  }
  return assert.fail('no error');
}

describe('CSV/TSV streamed in blocks', () => {
  const cat = mockCatalogs(7, { raMinDeg: 20, raMaxDeg: 24, decMinDeg: -2, decMaxDeg: 2 }, 300, [6000])[1];

  for (const [ext, sep, eol] of [
    ['csv', ',', '\n'],
    ['tsv', '\t', '\r\n'],
  ] as const) {
    it(`${ext} (${JSON.stringify(eol)}): blocks = the whole-file table`, async () => {
      const file = join(dir, `kinds.${ext}`);
      writeFileSync(file, csvText(cat.table, sep, eol));
      const whole = await readTable(file);
      // The whole-file kinds that a first block alone would get wrong.
      assert.deepEqual(
        EXTRA_NAMES.map((n) => whole.col(n).kind),
        ['f64', 'f64', 'i64', 'str', 'str', 'i32', 'bool'],
      );
      assert.equal(whole.col('label').data[0], '0.50');
      const streamed = await blocksOf(file, 500, 8192);
      assertSameTable(whole, streamed, ext);
      assert.deepEqual(streamed.meta, whole.meta);
    });
  }

  it('a gzipped csv is inflated as a stream in both passes: blocks = the whole-file table', async () => {
    const file = join(dir, 'kinds.csv.gz');
    writeFileSync(file, gzipSync(csvText(cat.table, ',', '\n')));
    const whole = await readTable(file);
    assert.equal(whole.col('bigid').kind, 'i64');
    const streamed = await blocksOf(file, 500, 8192);
    assertSameTable(whole, streamed, 'csv.gz');
    const corrupt = join(dir, 'corrupt.csv.gz');
    const gz = gzipSync(csvText(cat.table, ',', '\n'));
    writeFileSync(corrupt, gz.subarray(0, Math.floor(gz.length * 0.6)));
    const msg = await message(blocksOf(corrupt, 500, 8192));
    assert.equal(msg, `${corrupt}: the gzip stream is corrupt or truncated; re-download or re-compress the file`);
    assert.equal(await message(readTable(corrupt)), msg);
  });

  it('errors deep in the file name the same row and line as the whole-file reader', async () => {
    const text = csvText(cat.table, ',', '\n').split('\n');
    const ragged = join(dir, 'ragged.csv');
    writeFileSync(ragged, [...text.slice(0, 4000), `${text[4000]},extra`, ...text.slice(4001)].join('\n'));
    const inMemory = await message(readTable(ragged));
    assert.match(inMemory, /row 3998 \(line 4001\) has 12 fields, the header has 11/);
    assert.equal(await message(blocksOf(ragged, 500, 8192)), inMemory);
    const open = join(dir, 'open-quote.csv');
    writeFileSync(
      open,
      [...text.slice(0, 5000), text[5000].replace(/,[^,]*$/, ',"x"y'), ...text.slice(5001)].join('\n'),
    );
    const openMsg = await message(readTable(open));
    assert.match(openMsg, /line 5001: text after the closing quote of field 11/);
    assert.equal(await message(blocksOf(open, 500, 8192)), openMsg);
  });
});

/** `t` as Parquet in row groups of `groupRows` (the writer's default is 1 Mi rows, one group here). */
async function writeGroupedParquet(file: string, t: Table, groupRows: number): Promise<void> {
  const pq = await import('parquet-wasm');
  const wt = pq.Table.fromIPCStream(arrow.tableToIPC(tableToArrow(t), 'stream'));
  const props = new pq.WriterPropertiesBuilder().setMaxRowGroupSize(groupRows).build();
  writeFileSync(file, pq.writeParquet(wt, props));
}

/** The mock with a column that is null only in its last rows (so in one row group only). */
function withLateNulls(t: Table): Table {
  const v = Float64Array.from({ length: t.nrows }, (_, i) => i * 0.25);
  const m = new Uint8Array(t.nrows);
  for (let i = t.nrows - 10; i < t.nrows; i++) m[i] = 1;
  return t.withColumns([column('late', v, { nulls: m, unit: 'mJy' })]).withMeta({ skyAreaDeg2: 16 });
}

describe('Parquet streamed by row group', () => {
  it('row groups = the whole-file table, null masks and metadata included', async () => {
    const cat = mockCatalogs(9, { raMinDeg: 20, raMaxDeg: 24, decMinDeg: -2, decMaxDeg: 2 }, 300, [5000])[1];
    const file = join(dir, 'groups.parquet');
    await writeGroupedParquet(file, withLateNulls(cat.table), 700);
    const whole = await readTable(file);
    assert.ok(whole.col('late').nulls);
    const src = await openCatalogSource(file, 300);
    assert.equal(src.reading, 'stream');
    const parts: Table[] = [];
    for await (const b of src.blocks()) parts.push(b);
    // Every block carries the mask, as a slice of the whole-file table does.
    for (const p of parts) assert.ok(p.col('late').nulls, 'a null mask in every block');
    // 5200 rows: 7 row groups of 700 (3 blocks of at most 300 each) and one of 300.
    assert.equal(whole.nrows, 5200);
    assert.equal(parts.length, 7 * 3 + 1);
    const streamed = concatTables(src.schema, parts);
    assertSameTable(whole, streamed, 'parquet');
    assert.deepEqual(streamed.meta, whole.meta);
    assert.equal(streamed.col('late').unit, 'mJy');
  });
});

describe('mmassoc match --memory with streamed CSV inputs', () => {
  it('CSV and Parquet tiled under a tiny budget = in memory, table for table', async () => {
    const cats = mockCatalogs(11, { raMinDeg: 358, raMaxDeg: 362, decMinDeg: -2, decMaxDeg: 2 }, 400, [20000, 6000]);
    const pri = join(dir, 'PRI.fits');
    await writeTable(pri, cats[0].table);
    const sec = join(dir, 'SEC.csv');
    writeFileSync(sec, csvText(cats[1].table, ',', '\n'));
    const src = await openCatalogSource(sec, 1000);
    assert.equal(src.reading, 'stream');
    const third = join(dir, 'THIRD.parquet');
    await writeGroupedParquet(third, withLateNulls(cats[2].table).withMeta({ skyAreaDeg2: cats[2].skyAreaDeg2 }), 1000);
    assert.equal((await openCatalogSource(third, 1000)).reading, 'stream');
    const catalogs = [pri, `${sec}:area=${cats[1].skyAreaDeg2}:name=${cats[1].name}`, third];
    const base = { catalogs, radiusArcsec: 20, priorCompleteness: 0.9 };
    const a = join(dir, 'memory.fits');
    const b = join(dir, 'tiled.fits');
    const memoryBytes = BASELINE_BYTES + 3 * 2 ** 20;
    const plan = planTileBudget(
      [
        { rows: 400, areaDeg2: cats[0].skyAreaDeg2, rowBytes: rowBytes((await openCatalogSource(pri, 1000)).schema) },
        { rows: src.rowsEstimate, areaDeg2: cats[1].skyAreaDeg2, rowBytes: rowBytes(src.schema) },
      ],
      20,
      memoryBytes,
    );
    // The CSV is parsed in blocks of about this many rows' bytes: several blocks, not one.
    assert.ok(plan.blockRows < 5000, `block rows ${plan.blockRows}`);
    await runMatch({ ...base, out: a, best: join(dir, 'best-a.fits') });
    await runMatch({ ...base, out: b, best: join(dir, 'best-b.fits'), memoryBytes });
    const ta = await readTable(a);
    const tb = await readTable(b);
    assert.ok(tb.names.some((n) => n.endsWith('objid')) && tb.names.some((n) => n.endsWith('late')));
    assertSameTable(ta, tb, 'match');
    assert.deepEqual(tb.meta.keywords, ta.meta.keywords);
    assertSameTable(await readTable(join(dir, 'best-a.fits')), await readTable(join(dir, 'best-b.fits')), 'best');
  });
});
