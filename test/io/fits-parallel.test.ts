// The multi-threaded FITS read (src/io/fits/parallel.ts) against the single-threaded one: every field
// type of the astropy fixture and of the NWAY files, nulls in chunks decoded by different workers,
// and tables over SharedArrayBuffers going through every writer byte for byte as ordinary ones.
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { tableToArrow } from '../../src/io/arrow.js';
import { readFits, writeFits } from '../../src/io/fits/index.js';
import { parallelReads } from '../../src/io/fits/parallel.js';
import { readTable, writeTable } from '../../src/io/index.js';
import { RandomStream } from '../../src/random/index.js';
import { type Column, column } from '../../src/table/column.js';
import { Table } from '../../src/table/table.js';
import { REF, tempDir } from './fits-helpers.js';

const saved = { ...parallelReads };

function sequential<T>(f: () => Promise<T>): Promise<T> {
  const min = parallelReads.minBytes;
  parallelReads.minBytes = Number.POSITIVE_INFINITY;
  return f().finally(() => {
    parallelReads.minBytes = min;
  });
}

function sameColumn(a: Column, b: Column): void {
  assert.equal(a.name, b.name);
  assert.equal(a.kind, b.kind);
  assert.deepEqual(a.shape, b.shape);
  assert.equal(a.unit, b.unit);
  assert.deepEqual(a.meta, b.meta);
  assert.equal(a.data.constructor, b.data.constructor);
  // Bit-exact (NaN payloads included) through the raw bytes; strings element by element.
  if (Array.isArray(a.data)) assert.deepEqual(a.data, b.data);
  else {
    const bytes = (x: unknown) => {
      const v = x as ArrayBufferView;
      return Buffer.from(v.buffer, v.byteOffset, v.byteLength);
    };
    assert.ok(bytes(a.data).equals(bytes(b.data)), `column ${a.name}: values differ`);
  }
  assert.equal(a.nulls === undefined, b.nulls === undefined, `column ${a.name}: null mask presence`);
  if (a.nulls && b.nulls) assert.ok(Buffer.from(a.nulls).equals(Buffer.from(b.nulls)), `column ${a.name}: nulls`);
}

function sameTable(a: Table, b: Table): void {
  assert.equal(a.nrows, b.nrows);
  assert.deepEqual(a.names, b.names);
  assert.deepEqual(a.meta, b.meta);
  for (const n of a.names) sameColumn(a.col(n), b.col(n));
}

function assertWorkersDidAll(nrows: number): void {
  const s = parallelReads.lastStats;
  assert.ok(s, 'the read ran on threads');
  assert.deepEqual(s.workerErrors, []);
  assert.equal(s.recoveredChunks, 0);
  assert.equal(s.mainRows, 0);
  assert.equal(
    s.workerRows.reduce((x, y) => x + y, 0),
    nrows,
  );
}

/** Every column kind, with nulls spread over the rows, a vector column and a string column. */
function mixedTable(n: number): Table {
  const rng = new RandomStream(7, 1);
  const f64 = new Float64Array(n);
  const f32 = new Float32Array(n);
  const vec = new Float64Array(3 * n);
  const i32 = new Int32Array(n);
  const i64 = new BigInt64Array(n);
  const u16 = new Uint16Array(n);
  const flag = new Uint8Array(n);
  const names: string[] = [];
  const i32Nulls = new Uint8Array(n);
  const i64Nulls = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    f64[i] = rng.uniform() < 0.01 ? Number.NaN : (rng.uniform() - 0.5) * 1e6;
    f32[i] = rng.uniform() < 0.01 ? Number.NaN : rng.uniform();
    for (let j = 0; j < 3; j++) vec[3 * i + j] = rng.uniform() - j;
    i32[i] = Math.floor((rng.uniform() - 0.5) * 2e9);
    i32Nulls[i] = rng.uniform() < 0.02 ? 1 : 0;
    i64[i] = BigInt(i) * 123456789012345n - 9007199254740993n;
    i64Nulls[i] = i % 997 === 5 ? 1 : 0;
    u16[i] = Math.floor(rng.uniform() * 65536);
    flag[i] = rng.uniform() < 0.5 ? 1 : 0;
    names.push(i % 13 === 0 ? '' : `src${i}`);
  }
  return new Table(
    [
      column('f64', f64, { unit: 'deg' }),
      column('f32', f32),
      column('vec', vec, { shape: [3] }),
      column('i32', i32, { nulls: i32Nulls }),
      column('i64', i64, { nulls: i64Nulls }),
      column('u16', u16),
      column('flag', flag, { kind: 'bool' }),
      column('name', names),
    ],
    { name: 'MIXED', skyAreaDeg2: 12.5 },
  );
}

describe('parallel FITS read', () => {
  const dir = tempDir();
  const mixed = join(dir, 'mixed.fits');
  before(async () => {
    await writeFits(mixed, mixedTable(5000));
  });
  after(() => {
    Object.assign(parallelReads, saved);
    rmSync(dir, { recursive: true, force: true });
  });

  it('workers alone decode every kind, nulls included, exactly as the main thread does', async () => {
    Object.assign(parallelReads, { minBytes: 0, chunkBytes: 4000, threads: 3, mainDecodes: false });
    const par = await readFits(mixed);
    assertWorkersDidAll(5000);
    assert.ok((parallelReads.lastStats?.workerRows.filter((r) => r > 0).length ?? 0) >= 1);
    const seq = await sequential(() => readFits(mixed));
    sameTable(par, seq);
    assert.ok(par.col('i32').nulls && par.col('f64').nulls && par.col('name').nulls);
    assert.equal(par.col('u16').nulls, undefined);
    assert.ok((par.col('f64').data as Float64Array).buffer instanceof SharedArrayBuffer);
  });

  it('main thread and a worker share the chunks; column subsets and progress work', async () => {
    Object.assign(parallelReads, { minBytes: 0, chunkBytes: 2000, threads: 2, mainDecodes: true });
    const seen: number[] = [];
    const par = await readFits(mixed, { columns: ['name', 'i64', 'f32'], onProgress: (d) => seen.push(d) });
    const s = parallelReads.lastStats;
    assert.deepEqual(s?.workerErrors, []);
    assert.equal((s?.mainRows ?? 0) + (s?.workerRows[0] ?? 0), 5000);
    assert.equal(seen.at(-1), 5000);
    for (let i = 1; i < seen.length; i++) assert.ok(seen[i] >= seen[i - 1]);
    sameTable(par, await sequential(() => readFits(mixed, { columns: ['name', 'i64', 'f32'] })));
  });

  it('reads the astropy fixture and every NWAY file as the single-threaded reader does', async () => {
    Object.assign(parallelReads, { minBytes: 0, chunkBytes: 1 << 16, threads: 2, mainDecodes: false });
    // One file of each schema among the NWAY inputs (the larger SPT areas repeat a1's columns).
    const files = [
      'fixtures/types.fits',
      'nway/cosmoslike/input/COSMOS_XMM.fits',
      'nway/cosmoslike/input/OPT.fits',
      'nway/cosmoslike/input/IRAC.fits',
      'nway/spt/input/a1/SPT.fits',
      'nway/spt/input/a1/FIR.fits',
      'nway/spt/input/a1/RADIO.fits',
      'nway/elltest/input/randomcatO.fits',
      'nway/elltest/input/randomcatX.fits',
    ].map((f) => join(REF, f));
    for (const f of files) {
      const par = await readFits(f);
      assertWorkersDidAll(par.nrows);
      sameTable(par, await sequential(() => readFits(f)));
    }
  });

  it('tables over shared memory write the same bytes in every format', async () => {
    Object.assign(parallelReads, { minBytes: 0, chunkBytes: 4000, threads: 2, mainDecodes: true });
    const par = await readFits(mixed);
    const seq = await sequential(() => readFits(mixed));
    for (const ext of ['fits', 'csv', 'tsv', 'parquet', 'arrow']) {
      await writeTable(join(dir, `par.${ext}`), par);
      await writeTable(join(dir, `seq.${ext}`), seq);
      assert.ok(readFileSync(join(dir, `par.${ext}`)).equals(readFileSync(join(dir, `seq.${ext}`))), ext);
    }
    const back = await readTable(join(dir, 'par.parquet'));
    assert.deepEqual(Array.from(back.float64('f64').subarray(0, 50)), Array.from(seq.float64('f64').subarray(0, 50)));
    assert.equal(tableToArrow(par).numRows, 5000);
    const cloned = structuredClone(par.float64('f64'));
    assert.deepEqual(Array.from(cloned.subarray(0, 10)), Array.from(seq.float64('f64').subarray(0, 10)));
    const taken = par.take(Int32Array.from([4999, 0, 17]));
    sameTable(taken, seq.take(Int32Array.from([4999, 0, 17])));
  });
});
