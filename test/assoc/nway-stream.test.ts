/**
 * The fast path of `mmassoc nway`: secondaries streamed keeping only their candidate rows
 * (candidate-scan.ts) and the output written chunk by chunk while groups are scored
 * (engine-chunked.ts, stream-output.ts). It must give exactly what the whole-table path gives.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { scanFitsRaw } from '../../src/assoc/candidate-scan.js';
import { NearPrimaryFilter } from '../../src/assoc/candidates.js';
import { associate } from '../../src/assoc/engine.js';
import { associateChunked } from '../../src/assoc/engine-chunked.js';
import { parseNwayArgs } from '../../src/assoc/nway-args.js';
import { nwayInputs } from '../../src/assoc/nway-inputs.js';
import { resultToTable } from '../../src/assoc/result-table.js';
import { scanInWorker } from '../../src/assoc/scan-worker.js';
import type { AssociationColumns } from '../../src/assoc/types.js';
import { buildZoneIndex } from '../../src/assoc/zone-index.js';
import { runNway } from '../../src/cli/commands/nway.js';
import { isUserError } from '../../src/errors.js';
import { readFits, writeFits } from '../../src/io/fits/index.js';
import { column, Table } from '../../src/table/index.js';
import { NWAY_REF } from './nway-reference.js';

process.env.MMASSOC_QUIET = '1';
const work = mkdtempSync(join(tmpdir(), 'mmassoc-stream-'));
after(() => rmSync(work, { recursive: true, force: true }));

const a16 = join(NWAY_REF, 'spt/input/a16');
const argv = (out: string) => [
  join(a16, 'SPT.fits'),
  ':pos_err',
  join(a16, 'FIR.fits'),
  ':pos_err',
  join(a16, 'RADIO.fits'),
  ':pos_err',
  '--radius',
  '20',
  `--out=${out}`,
];

/** The whole-table path: every input read in full, `associate`, the NWAY layout. */
async function wholeTablePath(out: string): Promise<{ table: Table; res: ReturnType<typeof associate> }> {
  const args = parseNwayArgs(argv(out));
  const tables = await Promise.all(args.catalogs.map((c) => readFits(c.file)));
  const { catalogs, options } = nwayInputs(args, tables, []);
  const res = associate(catalogs, options);
  return { table: resultToTable(res), res };
}

test('streamed nway (candidate rows only, chunked FITS output) equals the whole-table association', async () => {
  const out = join(work, 'streamed.fits');
  await runNway(argv(out));
  const ours = await readFits(out);
  const { table: whole } = await wholeTablePath(out);
  assert.deepEqual(ours.names, whole.names);
  assert.equal(ours.nrows, whole.nrows);
  for (const name of whole.names) {
    const a = ours.col(name);
    const b = whole.col(name);
    assert.equal(a.kind, b.kind, name);
    assert.deepEqual(Array.from(a.data as ArrayLike<number>), Array.from(b.data as ArrayLike<number>), name);
  }
});

test('associateChunked hands over whole groups whose concatenation is associate’s result', async () => {
  const args = parseNwayArgs(argv(join(work, 'x.fits')));
  const tables = await Promise.all(args.catalogs.map((c) => readFits(c.file)));
  const { catalogs, options } = nwayInputs(args, tables, []);
  const whole = associate(catalogs, options);
  const chunked = associateChunked(catalogs, options);
  assert.equal(chunked.nrows, whole.nrows);
  const keys = ['logBayesFactor', 'logBayesFactorCorrected', 'distPost', 'pSingle', 'pAny', 'pI', 'matchFlag', 'ncat'];
  const got: Record<string, number[]> = Object.fromEntries(keys.map((k) => [k, []]));
  const rows: number[][] = catalogs.map(() => []);
  let chunks = 0;
  chunked.run((c: AssociationColumns) => {
    chunks++;
    // A chunk starts with a group's no-counterpart row (every secondary absent).
    for (let s = 1; s < catalogs.length; s++) assert.equal(c.rows[s][0], -1);
    for (const k of keys) got[k].push(...(c[k as keyof AssociationColumns] as ArrayLike<number> as number[]));
    for (const [s, r] of c.rows.entries()) rows[s].push(...r);
  }, 50);
  assert.ok(chunks > 5, `only ${chunks} chunks`);
  for (const k of keys)
    assert.deepEqual(got[k], Array.from(whole[k as keyof AssociationColumns] as ArrayLike<number>), k);
  for (let s = 0; s < catalogs.length; s++) assert.deepEqual(rows[s], Array.from(whole.rows[s]));
  // usedRows: the distinct rows of each catalogue that appear in the output.
  catalogs.forEach((_, s) => {
    const expect = [...new Set(Array.from(whole.rows[s]).filter((r) => r >= 0))].sort((x, y) => x - y);
    assert.deepEqual(Array.from(chunked.usedRows(s)), expect);
  });
});

test('a bad positional error in a streamed secondary is reported at its file row, as a whole read would', async () => {
  // 200 sources far from the one primary; row 151 (1-based) has pos_err 0.
  const n = 200;
  const ra = Float64Array.from({ length: n }, (_, i) => 10 + i * 0.01);
  const dec = new Float64Array(n).fill(-40);
  const err = new Float32Array(n).fill(1);
  err[150] = 0;
  const sec = new Table(
    [
      column(
        'ID',
        Int32Array.from({ length: n }, (_, i) => i),
      ),
      column('RA', ra),
      column('DEC', dec),
      column('pos_err', err),
    ],
    { name: 'SEC', skyAreaDeg2: 10 },
  );
  const prim = new Table(
    [
      column('ID', Int32Array.of(1)),
      column('RA', Float64Array.of(50)),
      column('DEC', Float64Array.of(-40)),
      column('pos_err', Float32Array.of(1)),
    ],
    { name: 'PRIM', skyAreaDeg2: 10 },
  );
  await writeFits(join(work, 'sec.fits'), sec);
  await writeFits(join(work, 'prim.fits'), prim);
  await assert.rejects(
    runNway([
      join(work, 'prim.fits'),
      ':pos_err',
      join(work, 'sec.fits'),
      ':pos_err',
      '--radius',
      '5',
      `--out=${join(work, 'bad.fits')}`,
    ]),
    (err: unknown) =>
      isUserError(err) &&
      /row 151, column pos_err: positional error must be a positive number/.test((err as Error).message),
  );
});

test('the candidate scan on a worker thread keeps the same rows and bytes as on the main thread', async () => {
  const prim = await readFits(join(a16, 'SPT.fits'));
  const ra = prim.float64('RA');
  const dec = prim.float64('DEC');
  const cols = { ra: 'RA', dec: 'DEC', errors: { kind: 'columns' as const, columns: ['pos_err'] } };
  const file = join(a16, 'FIR.fits');
  const here = await scanFitsRaw(file, cols, new NearPrimaryFilter(buildZoneIndex(ra, dec, 20), 20));
  const there = await scanInWorker({ path: file, cols, primaryRa: ra, primaryDec: dec, radiusArcsec: 20 });
  assert.ok(here && there);
  assert.ok(here.fileRows.length > 0);
  assert.deepEqual(Array.from(there.fileRows), Array.from(here.fileRows));
  assert.deepEqual(Buffer.from(there.bytes), Buffer.from(here.bytes));
  assert.equal(there.maxVarArcsec2, here.maxVarArcsec2);
  await assert.rejects(
    scanInWorker({ path: join(work, 'missing.fits'), cols, primaryRa: ra, primaryDec: dec, radiusArcsec: 20 }),
    (err: unknown) => isUserError(err) && /missing\.fits: cannot open/.test((err as Error).message),
  );
});
