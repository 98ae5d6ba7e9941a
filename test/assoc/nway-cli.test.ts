/**
 * `mmassoc nway` end to end on NWAY's own FITS inputs (the real FITS reader and writer), with
 * NWAY's command-line forms (`--out=X` and `--out X`), its side files and its user errors.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { parseHistogramFile } from '../../src/assoc/histogram-file.js';
import { runNway } from '../../src/cli/commands/nway.js';
import { isUserError } from '../../src/errors.js';
import { readTable, writeTable } from '../../src/io/index.js';
import { column, Table } from '../../src/table/index.js';
import { compareWithReference, NWAY_REF, referenceOutput } from './nway-reference.js';

process.env.MMASSOC_QUIET = '1';
const work = mkdtempSync(join(tmpdir(), 'mmassoc-nway-'));
const home = process.cwd();
process.chdir(work);
after(() => {
  process.chdir(home);
  rmSync(work, { recursive: true, force: true });
});

const a16 = join(NWAY_REF, 'spt/input/a16');
const cosmos = join(NWAY_REF, 'cosmoslike/input');

test('nway on FITS inputs (spt3mag_a16 command line, --out=X) writes a FITS table equal to NWAY’s output', async () => {
  await runNway([
    join(a16, 'SPT.fits'),
    ':pos_err',
    join(a16, 'FIR.fits'),
    ':pos_err',
    join(a16, 'RADIO.fits'),
    ':pos_err',
    '--radius',
    '20',
    '--out=spt3mag_a16.fits',
    '--mag',
    'FIR:S250',
    join(a16, 'a100_FIR_S250_fit.txt'),
    '--mag',
    'RADIO:S1400',
    join(a16, 'a100_RADIO_S1400_fit.txt'),
  ]);
  const ours = await readTable('spt3mag_a16.fits');
  const ref = referenceOutput('spt3mag_a16');
  assert.deepEqual(ours.names, ref.names);
  const report = compareWithReference(ours, ref, ['SPT_ID', 'FIR_ID', 'RADIO_ID']);
  assert.equal(ours.nrows, 929);
  assert.deepEqual(report.mismatches, []);
  assert.ok(report.sameOrder);
});

test('nway auto flux prior (example2-mag, --out X) writes OPT_MAG_fit.txt in the working directory at full precision', async () => {
  await runNway([
    join(cosmos, 'XMMsub.fits'),
    ':pos_err',
    join(cosmos, 'OPT.fits'),
    '0.1',
    '--out',
    'example2-mag.csv',
    '--radius',
    '15',
    '--prior-completeness',
    '0.9',
    '--mag',
    'OPT:MAG',
    'auto',
    '--mag-radius',
    '3.5',
  ]);
  assert.ok(existsSync('example2-mag.csv'));
  const ours = parseHistogramFile(readFileSync('OPT_MAG_fit.txt', 'utf8'), 'ours');
  const nway = parseHistogramFile(
    readFileSync(join(NWAY_REF, 'cosmoslike/output/example2-mag_OPT_MAG_fit.txt'), 'utf8'),
    'nway',
  );
  assert.equal(ours.edges.length, nway.edges.length);
  // NWAY's file is %10.5f: ours agrees to its rounding and carries more digits.
  for (let i = 0; i < ours.edges.length; i++) assert.ok(Math.abs(ours.edges[i] - nway.edges[i]) <= 5e-6 + 1e-12);
  for (let i = 0; i < ours.selected.length; i++) {
    assert.ok(Math.abs(ours.selected[i] - nway.selected[i]) <= 5e-6 + 1e-12);
    assert.ok(Math.abs(ours.others[i] - nway.others[i]) <= 5e-6 + 1e-12);
  }
  assert.ok(
    ours.others.some((v) => String(v).length > 8),
    'full precision',
  );
  const t = await readTable('example2-mag.csv');
  const report = compareWithReference(t, referenceOutput('example2-mag'), ['XMM_ID', 'OPT_ID']);
  assert.deepEqual(report.mismatches, []);
});

test('nway user errors are one line, name the file and the fix, and leave no output file', async () => {
  const noArea = new Table(
    [
      column('ID', new Int32Array([1])),
      column('RA', new Float64Array([10])),
      column('DEC', new Float64Array([-50])),
      column('err', new Float64Array([1])),
    ],
    { name: 'CAT' },
  );
  await writeTable('noarea.fits', noArea);
  const oneLine = (re: RegExp) => (e: unknown) =>
    isUserError(e) && re.test((e as Error).message) && !(e as Error).message.includes('\n');
  await assert.rejects(
    runNway(['noarea.fits', ':err', join(a16, 'FIR.fits'), ':pos_err', '--radius', '20', '--out', 'x.fits']),
    oneLine(/noarea\.fits: no SKYAREA.*SKYAREA = <deg²>/),
  );
  await assert.rejects(
    runNway([join(a16, 'SPT.fits'), ':pos_er', join(a16, 'FIR.fits'), ':pos_err', '--radius', '20', '--out', 'x.fits']),
    oneLine(/SPT\.fits: no column 'pos_er'.*did you mean 'pos_err'/),
  );
  await assert.rejects(
    runNway([
      join(a16, 'SPT.fits'),
      ':pos_err',
      join(a16, 'FIR.fits'),
      ':pos_err',
      '--radius',
      '20',
      '--out',
      'x.fits',
      '--mag',
      'FIR:S25',
      'auto',
    ]),
    oneLine(/no column 'S25'.*'S250'/),
  );
  assert.equal(existsSync('x.fits'), false);
});
