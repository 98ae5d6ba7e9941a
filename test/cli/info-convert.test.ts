// `mmassoc info` / `mmassoc convert`: acceptance 4 of issue 2 (the real catalogues read through info and
// round-trip CSV → FITS → CSV losslessly), plus the CLI's error contract (exit 2, one line, no output file).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { convertTable } from '../../src/cli/commands/convert.js';
import { infoText } from '../../src/cli/commands/info.js';
import { readCsv } from '../../src/io/csv.js';
import { readTable } from '../../src/io/index.js';
import type { Column } from '../../src/table/column.js';
import { REF, tempDir } from '../io/fits-helpers.js';

const ROOT = resolve(process.cwd());

function cli(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/main.ts'), ...args], {
    encoding: 'utf8',
    cwd: ROOT,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Rows a plain CSV holds (no quoted newlines in these files), counted independently of our reader. */
function csvRows(path: string): number {
  return (
    readFileSync(path, 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '').length - 1
  );
}

function sameValues(a: Column, b: Column, where: string): void {
  assert.equal(b.kind, a.kind, `${where}: kind`);
  assert.equal(b.data.length, a.data.length, `${where}: length`);
  const an = a.nulls ?? new Uint8Array(a.data.length);
  const bn = b.nulls ?? new Uint8Array(b.data.length);
  for (let i = 0; i < a.data.length; i++) {
    // Checked in a plain loop, asserting only on a mismatch: tens of thousands of cells per file.
    if (bn[i] !== an[i]) assert.fail(`${where}[${i}]: null ${an[i]} became ${bn[i]}`);
    if (!an[i] && !Object.is(a.data[i], b.data[i]))
      assert.fail(`${where}[${i}]: ${String(a.data[i])} became ${String(b.data[i])}`);
  }
}

const CATALOGS = readdirSync(join(REF, 'catalogs'))
  .filter((f) => f.endsWith('.csv'))
  .sort();

describe('real catalogues through info and convert', () => {
  it('finds the five catalogues', () => assert.equal(CATALOGS.length, 5));
  for (const name of CATALOGS) {
    it(`${name}: info, and CSV → FITS → CSV is lossless`, async () => {
      const src = join(REF, 'catalogs', name);
      const info = JSON.parse(await infoText(src, { json: true }));
      assert.equal(info.length, 1);
      assert.equal(info[0].rows, csvRows(src));
      const header = readFileSync(src, 'utf8').split(/\r?\n/, 1)[0].split(',');
      assert.deepEqual(
        info[0].columns.map((c: { name: string }) => c.name),
        header,
      );
      const dir = tempDir();
      const fits = join(dir, 'cat.fits');
      const back = join(dir, 'back.csv');
      await convertTable(src, fits);
      await convertTable(fits, back);
      const original = readCsv(src);
      const viaFits = await readTable(fits);
      const final = readCsv(back);
      assert.equal(final.nrows, original.nrows);
      for (const c of original.columns) {
        sameValues(c, viaFits.col(c.name), `${name} FITS ${c.name}`);
        sameValues(c, final.col(c.name), `${name} CSV ${c.name}`);
      }
      assert.deepEqual(readdirSync(dir).sort(), ['back.csv', 'cat.fits']);
    });
  }
});

describe('mmassoc info / convert', () => {
  // One spawned run checks the process contract (exit code 2, one stderr line); the rest runs in-process,
  // through the same functions the commands call, because each tsx start-up costs seconds here.
  it('info prints HDUs, rows, columns with types and units, and SKYAREA', async () => {
    const text = await infoText(join(REF, 'fixtures/types.fits.gz'));
    assert.match(text, /HDU 1 {2}CATALOG {2}BINTABLE {2}37 rows {2}13 columns {2}SKYAREA 12\.5 deg2/);
    assert.match(text, /RA +f64 +D +deg/);
    assert.match(text, /USHORT +u16 +I/);
    assert.match(text, /VEC +f64 +3D +\[3\]/);
    assert.match(text, /HDU 2 {2}SECOND {2}BINTABLE {2}5 rows/);
    const parsed = JSON.parse(await infoText(join(REF, 'fixtures/types.fits'), { hdu: 'CATALOG', json: true }));
    assert.equal(parsed.length, 1);
    assert.equal(parsed[0].skyAreaDeg2, 12.5);
    assert.equal(parsed[0].keywords.LONGSTR, 'x'.repeat(100));
    await assert.rejects(
      infoText(join(REF, 'fixtures/types.fits'), { hdu: '9' }),
      /no HDU 9; the file has 0 \(PRIMARY\), 1 \(CATALOG\), 2 \(SECOND\)/,
    );
  });

  it('convert of bad input: exit 2, one line on stderr, no output and no temporary file', async () => {
    const dir = tempDir();
    const types = readFileSync(join(REF, 'fixtures/types.fits'));
    const cut = join(dir, 'cut.fits');
    writeFileSync(cut, types.subarray(0, 2880 * 3 + 77 * 20));
    const r = cli('convert', cut, join(dir, 'out.csv'));
    // (spawned: the exit code and stderr are the CLI's own)
    assert.equal(r.status, 2, r.stderr);
    assert.equal(r.stdout, '');
    const lines = r.stderr.trim().split('\n');
    assert.equal(lines.length, 1, r.stderr);
    assert.match(lines[0], /^mmassoc: .*cut\.fits: HDU 1 \(CATALOG\): .*\(20 rows present\); the file is truncated/);
    for (const out of ['out.fits', 'out.parquet', 'out.arrow', 'out.tsv'])
      await assert.rejects(convertTable(cut, join(dir, out)), /\(20 rows present\)/);
    await assert.rejects(
      convertTable(join(REF, 'fixtures/types.fits'), join(dir, 'out.xyz')),
      /out\.xyz: cannot tell the output format from the extension/,
    );
    await assert.rejects(
      convertTable(join(REF, 'catalogs', CATALOGS[0]), join(dir, 'x.fits'), { hdu: '1' }),
      /--hdu applies to FITS input only/,
    );
    for (const out of ['x.parquet', 'x.arrow', 'x.csv', 'x.fits'])
      await assert.rejects(convertTable(join(REF, 'fixtures/types.fits'), join(dir, 'missing', out)), /cannot write/);
    await assert.rejects(infoText(dir), /is a folder, not a file/);
    assert.deepEqual(readdirSync(dir), ['cut.fits']);
  });

  it('convert FITS → Parquet / Arrow / FITS.gz → FITS keeps values and SKYAREA', async () => {
    const dir = tempDir();
    const src = join(REF, 'fixtures/types.fits');
    const original = await readTable(src);
    for (const mid of ['t.parquet', 't.arrow', 't.fits.gz']) {
      const back = join(dir, `back-${mid}.fits`);
      await convertTable(src, join(dir, mid), { hdu: 'CATALOG' });
      await convertTable(join(dir, mid), back);
      const t = await readTable(back);
      assert.equal(t.meta.skyAreaDeg2, 12.5, mid);
      assert.equal(t.nrows, 37);
      for (const c of original.columns) sameValues(c, t.col(c.name), `${mid} ${c.name}`);
    }
  });
});
