// Acceptance 2 of issue 2: every FITS under ../shared/reference/nway/ converted to CSV equals
// the CSV export stored beside it (made with astropy), at each column's own precision:
// float32 columns compared as float32, float64 exactly, integers and strings exactly.
// The comparison splits and parses both files with plain String/Number, not with our reader.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, describe, test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { writeCsv } from '../../src/io/csv.js';
import { readTable } from '../../src/io/index.js';

const NWAY = resolve(process.cwd(), '../shared/reference/nway');

function fitsFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...fitsFiles(p));
    else if (name.endsWith('.fits')) out.push(p);
  }
  return out;
}

function exportBeside(fits: string): string | undefined {
  const base = fits.slice(0, -'.fits'.length);
  for (const ext of ['.csv', '.csv.gz']) if (existsSync(base + ext)) return base + ext;
  return undefined;
}

function lines(path: string): string[] {
  let bytes = readFileSync(path);
  if (path.endsWith('.gz')) bytes = gunzipSync(bytes);
  const text = bytes.toString('utf8');
  assert.ok(!text.includes('"'), `${path}: the comparison assumes no quoted fields`);
  return text.split('\n').filter((l) => l !== '');
}

/** Significant digits of a decimal: `-0.00120e5` → 2. */
function sigDigits(s: string): number {
  const mant = s
    .replace(/^[-+]/, '')
    .replace(/[eE].*$/, '')
    .replace('.', '');
  return mant.replace(/^0+/, '').replace(/0+$/, '').length;
}

/** Compares our CSV lines with the reference export, each column at its own precision. */
function compareCsv(got: string[], want: string[], kinds: string[]): void {
  assert.equal(got[0], want[0], 'header');
  assert.equal(got.length, want.length, 'row count');
  assert.equal(kinds.length, want[0].split(',').length);
  const names = want[0].split(',');
  for (let r = 1; r < want.length; r++) {
    const g = got[r].split(',');
    const w = want[r].split(',');
    assert.equal(g.length, w.length, `row ${r} field count`);
    for (let c = 0; c < w.length; c++) {
      const k = kinds[c];
      if (k === 'str') {
        assert.equal(g[c], w[c]);
        continue;
      }
      const gv = Number(g[c]);
      const wv = Number(w[c]);
      const same =
        k === 'f32'
          ? Object.is(Math.fround(gv), Math.fround(wv)) || (Number.isNaN(gv) && Number.isNaN(wv))
          : Object.is(gv, wv);
      if (!same) assert.fail(`row ${r}, column ${names[c]} (${k}): got ${g[c]}, reference ${w[c]}`);
      // Our float32 text must itself be the shortest: never more digits than the reference's.
      if (k === 'f32' && !Number.isNaN(gv))
        assert.ok(sigDigits(g[c]) <= sigDigits(w[c]), `row ${r}: ${g[c]} has more digits than ${w[c]}`);
    }
  }
}

const tmp = mkdtempSync(join(tmpdir(), 'mmassoc-nway-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

describe('FITS → CSV equals the NWAY reference exports', () => {
  const files = fitsFiles(NWAY);
  test('the reference tree holds FITS files with CSV exports', () => {
    assert.ok(files.filter((f) => exportBeside(f)).length >= 15, `found ${files.length} FITS files`);
  });
  for (const fits of files) {
    const ref = exportBeside(fits);
    if (!ref) continue;
    test(fits.slice(NWAY.length + 1), async () => {
      const table = await readTable(fits);
      const out = join(tmp, 'out.csv');
      writeCsv(out, table);
      compareCsv(
        lines(out),
        lines(ref),
        table.columns.map((c) => c.kind),
      );
    });
  }
});

test('the mmassoc convert command gives the same CSV (spt/input/a1/SPT.fits)', async () => {
  const fits = join(NWAY, 'spt/input/a1/SPT.fits');
  const out = join(tmp, 'cli.csv');
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'convert', fits, out], {
    encoding: 'utf8',
  });
  assert.equal(r.status, 0, r.stderr);
  const table = await readTable(fits);
  compareCsv(
    lines(out),
    lines(join(NWAY, 'spt/input/a1/SPT.csv')),
    table.columns.map((c) => c.kind),
  );
});
