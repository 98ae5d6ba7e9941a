// FITS I/O: the astropy fixture (acceptance 1 of issue 2), round trips of every kind, streaming,
// format detection and the NWAY fixture files. Bad input is in fits-errors.test.ts.
import assert from 'node:assert/strict';
import { copyFileSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { createFitsWriter, listFitsHdus, readFits, streamFits, writeFits } from '../../src/io/fits/index.js';
import { detectFormat, formatFromExtension, outputFormat, readTable, writeTable } from '../../src/io/index.js';
import { type BigIntArray, type Column, column, type NumericArray } from '../../src/table/column.js';
import { Table } from '../../src/table/table.js';
import { cardsOf, REF, readBytes, tempDir } from './fits-helpers.js';

// Acceptance 1 of issue 2: types.fits / types.fits.gz against astropy's reading in types.expected.json,
// then write → read round trip and a structural check of the written file against the FITS standard.
interface ExpectedColumn {
  tform: string;
  unit: string | null;
  tnull: number | null;
  shape: number[];
  values: (number | string | boolean | null)[];
}
const expected = JSON.parse(readFileSync(join(REF, 'fixtures/types.expected.json'), 'utf8')) as {
  hdus: string[];
  SKYAREA: number;
  LONGSTR: string;
  nrows: number;
  columns: Record<string, ExpectedColumn>;
};

/** Column values as astropy's JSON writes them: int64 as decimal strings, booleans, NaN as null. */
function asJson(c: Column): (number | string | boolean | null)[] {
  const out: (number | string | boolean | null)[] = [];
  const d = c.data;
  for (let i = 0; i < d.length; i++) {
    if (c.kind === 'i64' || c.kind === 'u64') out.push((d as BigIntArray)[i].toString());
    else if (c.kind === 'bool' || c.kind === 'bits') out.push((d as Uint8Array)[i] === 1);
    else if (c.kind === 'str') out.push((d as string[])[i]);
    else {
      const x = (d as NumericArray)[i];
      out.push(Number.isNaN(x) ? null : x);
    }
  }
  return out;
}

function checkAgainstExpected(t: Table): void {
  assert.equal(t.nrows, expected.nrows);
  assert.equal(t.meta.name, 'CATALOG');
  assert.equal(t.meta.skyAreaDeg2, expected.SKYAREA);
  assert.equal(t.meta.keywords?.LONGSTR, expected.LONGSTR);
  assert.deepEqual(t.names, Object.keys(expected.columns));
  for (const [name, e] of Object.entries(expected.columns)) {
    const c = t.col(name);
    assert.equal(c.meta?.tform, e.tform, `${name} tform`);
    assert.equal(c.unit ?? null, e.unit, `${name} unit`);
    assert.equal(c.meta?.tnull ?? null, e.tnull, `${name} tnull`);
    assert.deepEqual([...c.shape], e.shape, `${name} shape`);
    assert.deepEqual(asJson(c), e.values, `${name} values`);
  }
}

describe('types.fits (astropy fixture)', () => {
  for (const file of ['types.fits', 'types.fits.gz']) {
    it(`${file} reads to the values, units, TNULLs, shapes and keywords astropy reads`, async () => {
      const path = join(REF, 'fixtures', file);
      checkAgainstExpected(await readFits(path));
      const hdus = await listFitsHdus(path);
      assert.deepEqual(
        hdus.map((h) => h.name),
        expected.hdus,
      );
      assert.deepEqual(
        hdus.map((h) => h.rows ?? null),
        [null, 37, 5],
      );
    });
  }

  it('keeps null masks: NaN in E, TNULL in J, kinds from TZERO', async () => {
    const t = await readFits(join(REF, 'fixtures/types.fits'));
    const flux = t.col('FLUX');
    const ints = t.col('INTS');
    const nanRows = expected.columns.FLUX.values.flatMap((v, i) => (v === null ? [i] : []));
    const tnullRows = expected.columns.INTS.values.flatMap((v, i) => (v === -999 ? [i] : []));
    assert.ok(nanRows.length > 0 && tnullRows.length > 0);
    assert.deepEqual(
      Array.from(flux.nulls ?? []).flatMap((v, i) => (v ? [i] : [])),
      nanRows,
    );
    assert.deepEqual(
      Array.from(ints.nulls ?? []).flatMap((v, i) => (v ? [i] : [])),
      tnullRows,
    );
    assert.equal(t.col('USHORT').kind, 'u16');
    assert.ok(t.col('USHORT').data instanceof Uint16Array);
    assert.ok(t.col('ID').data instanceof BigInt64Array);
    assert.ok(t.col('FLUX').data instanceof Float32Array);
    assert.equal(t.col('SCALED').kind, 'f64');
    assert.ok((t.col('ID').data as BigInt64Array)[0] > BigInt(Number.MAX_SAFE_INTEGER));
  });

  it('selects HDUs by index and by name', async () => {
    const path = join(REF, 'fixtures/types.fits');
    const byName = await readFits(path, { hdu: 'second' });
    const byIndex = await readFits(path, { hdu: 2 });
    assert.deepEqual(Array.from(byName.float64('A')), Array.from(byIndex.float64('A')));
    assert.equal(byName.nrows, 5);
    await assert.rejects(readFits(path, { hdu: 0 }), /primary HDU.*not a binary table/);
    await assert.rejects(
      readFits(path, { hdu: 'NOPE' }),
      /no HDU named 'NOPE'; the file has HDU 0 \(PRIMARY\), HDU 1 \(CATALOG\), HDU 2 \(SECOND\)/,
    );
  });

  it('writes back to the same values, TFORMs and keywords, and reads again identically', async () => {
    const dir = tempDir();
    const t = await readFits(join(REF, 'fixtures/types.fits'));
    const out = join(dir, 'back.fits');
    await writeFits(out, t);
    const back = await readFits(out);
    checkAgainstExpected(back);
    for (const c of t.columns) {
      const b = back.col(c.name);
      assert.equal(b.kind, c.kind, c.name);
      assert.deepEqual(Array.from(b.nulls ?? []), Array.from(c.nulls ?? []), `${c.name} nulls`);
    }
    // A second generation is byte-identical: nothing drifts.
    const again = join(dir, 'again.fits');
    await writeFits(again, back);
    assert.deepEqual(readBytes(again), readBytes(out));
  });

  it('writes a header that follows the FITS standard', async () => {
    const dir = tempDir();
    const out = join(dir, 'std.fits');
    await writeFits(out, await readFits(join(REF, 'fixtures/types.fits')));
    const bytes = readBytes(out);
    assert.equal(bytes.length % 2880, 0);
    assert.equal(statSync(out).size, bytes.length);
    const cards = cardsOf(bytes);
    // Primary HDU: SIMPLE, BITPIX, NAXIS=0, then END, padded with blanks to one block.
    assert.match(cards[0], /^SIMPLE {2}= {20}T/);
    assert.match(cards[1], /^BITPIX {2}= {20}8/);
    assert.match(cards[2], /^NAXIS {3}= {20}0/);
    const end0 = cards.findIndex((c) => c.trimEnd() === 'END');
    for (let i = end0 + 1; i < 36; i++) assert.equal(cards[i], ' '.repeat(80));
    // Extension: mandatory keywords in order (FITS 4.0 §7.3.1), values in fixed format.
    const ext = cards.slice(36);
    const keys = ext.slice(0, 8).map((c) => c.slice(0, 8).trimEnd());
    assert.deepEqual(keys, ['XTENSION', 'BITPIX', 'NAXIS', 'NAXIS1', 'NAXIS2', 'PCOUNT', 'GCOUNT', 'TFIELDS']);
    assert.match(ext[0], /^XTENSION= 'BINTABLE'/);
    assert.match(ext[3], /^NAXIS1 {2}= {19}77 /);
    assert.match(ext[4], /^NAXIS2 {2}= {19}37 /);
    assert.match(ext[7], /^TFIELDS = {19}13 /);
    const endExt = ext.findIndex((c) => c.trimEnd() === 'END');
    assert.ok(endExt > 8);
    for (const c of ext.slice(0, endExt)) {
      assert.equal(c.length, 80);
      assert.match(c, /^[\x20-\x7e]{80}$/);
      if (c.startsWith('CONTINUE')) continue;
      assert.match(c, /^[A-Z0-9_-]{1,8} *= /, `card '${c}'`);
    }
    assert.ok(ext.some((c) => c.startsWith('TZERO8  =                32768')));
    assert.ok(ext.some((c) => c.startsWith('TNULL6  =                 -999')));
    assert.ok(ext.some((c) => c.startsWith('SKYAREA =                 12.5')));
    assert.ok(ext.some((c) => c.startsWith('CONTINUE  ')));
    // Data starts on the block after END; the tail of the last block is zero-filled.
    const headerBlocks = Math.ceil((endExt + 1) / 36);
    const dataStart = 2880 + headerBlocks * 2880;
    const dataEnd = dataStart + 77 * 37;
    const secondExt = Math.ceil(dataEnd / 2880) * 2880;
    for (let i = dataEnd; i < secondExt; i++) assert.equal(bytes[i], 0, `padding byte ${i}`);
  });
});

// Write → read round trips of every column kind, null conventions, keywords, several HDUs and streaming.
function allKinds(): Table {
  const n = 6;
  return new Table(
    [
      column('f64', Float64Array.from([1.5, -2.25, Number.NaN, 1e300, -0, 5e-324]), {
        unit: 'deg',
        nulls: Uint8Array.from([0, 0, 1, 0, 0, 0]),
      }),
      column('f32', Float32Array.from([1.5, -2.25, 3.4e38, 0, 7, -1e-30])),
      column('i8', Int8Array.from([-128, -1, 0, 1, 127, 5])),
      column('u8', Uint8Array.from([0, 1, 127, 128, 255, 9])),
      column('i16', Int16Array.from([-32768, -1, 0, 1, 32767, 4]), { nulls: Uint8Array.from([0, 0, 0, 0, 0, 1]) }),
      column('u16', Uint16Array.from([0, 1, 32767, 32768, 65535, 2])),
      column('i32', Int32Array.from([-2147483648, -1, 0, 1, 2147483647, 3]), {
        nulls: Uint8Array.from([0, 1, 0, 0, 0, 0]),
      }),
      column('u32', Uint32Array.from([0, 1, 2147483647, 2147483648, 4294967295, 8]), {
        nulls: Uint8Array.from([0, 0, 0, 0, 0, 1]),
      }),
      column('i64', BigInt64Array.from([-(2n ** 63n), -1n, 0n, 2n ** 53n + 1n, 2n ** 63n - 1n, 42n]), {
        nulls: Uint8Array.from([0, 0, 1, 0, 0, 0]),
      }),
      column('u64', BigUint64Array.from([0n, 1n, 2n ** 63n, 2n ** 64n - 1n, 2n ** 53n + 3n, 7n])),
      column('flag', Uint8Array.from([1, 0, 1, 0, 0, 1]), { kind: 'bool', nulls: Uint8Array.from([0, 0, 0, 1, 0, 0]) }),
      column('mask', Uint8Array.from(Array.from({ length: n * 11 }, (_, i) => ((i * 7) % 3 === 0 ? 1 : 0))), {
        kind: 'bits',
        shape: [11],
      }),
      column(
        'name',
        ['a', "it's", 'ünïcode', '', 'x'.repeat(40), 'lead space'].map((s, i) => (i === 5 ? ` ${s}` : s)),
        {
          description: 'source name',
          nulls: Uint8Array.from([0, 0, 0, 1, 0, 0]),
        },
      ),
      column('bands', ['g', 'r', 'i', 'gg', '', 'z', 'y', 'u', 'w1', 'w2', 'w3', 'w4'], { shape: [2] }),
      column('cube', Float64Array.from(Array.from({ length: n * 6 }, (_, i) => i / 4)), { shape: [2, 3], unit: 'mJy' }),
    ],
    {
      name: 'ALLKINDS',
      skyAreaDeg2: 16,
      keywords: {
        TELESCOP: 'SPT',
        NITER: 12,
        RATIO: 0.1,
        OK: true,
        BIGID: 2n ** 62n,
        LONG: `${"it's a long string with 'quotes' ".repeat(8)}end`,
        'long key name': 'hierarch',
        COMMENT: 'first comment\nsecond comment',
      },
      keywordComments: { NITER: 'iterations' },
    },
  );
}

function sameColumn(a: Column, b: Column): void {
  assert.equal(b.kind, a.kind, a.name);
  assert.deepEqual([...b.shape], [...a.shape], `${a.name} shape`);
  assert.equal(b.unit, a.unit, `${a.name} unit`);
  assert.equal(b.description, a.description, `${a.name} description`);
  const an = a.nulls ?? new Uint8Array(a.data.length);
  const bn = b.nulls ?? new Uint8Array(b.data.length);
  assert.deepEqual(Array.from(bn), Array.from(an), `${a.name} nulls`);
  const w = a.shape.reduce((x, y) => x * y, 1);
  for (let i = 0; i < a.data.length; i++) {
    if (an[Math.floor(i / w)]) continue; // the value under a null is the format's sentinel
    const x = a.data[i];
    const y = b.data[i];
    if (typeof x === 'string') assert.equal(y, a.name === 'name' ? x.replace(/ +$/, '') : x, `${a.name}[${i}]`);
    else assert.ok(Object.is(x, y), `${a.name}[${i}]: ${String(x)} vs ${String(y)}`);
  }
}

describe('FITS write/read round trip', () => {
  it('keeps every column kind, null mask, unit, description, shape and keyword', async () => {
    const t = allKinds();
    const path = join(tempDir(), 'kinds.fits');
    await writeFits(path, t);
    const back = await readFits(path);
    assert.equal(back.nrows, t.nrows);
    for (const c of t.columns) sameColumn(c, back.col(c.name));
    assert.equal(back.meta.name, 'ALLKINDS');
    assert.equal(back.meta.skyAreaDeg2, 16);
    const k = back.meta.keywords ?? {};
    for (const key of ['TELESCOP', 'NITER', 'RATIO', 'OK', 'BIGID', 'LONG', 'long key name', 'COMMENT'])
      assert.deepEqual(k[key], t.meta.keywords?.[key], key);
    assert.equal(back.meta.keywordComments?.NITER, 'iterations');
    // Strings are sized by their UTF-8 length; the 2-vector of strings is TDIM'd.
    const cards = cardsOf(readBytes(path)).join('\n');
    assert.match(cards, /TFORM13 = '40A {5}'/);
    assert.match(cards, /TDIM14 {2}= '\(2,2\) {3}'/);
    assert.match(cards, /TDIM15 {2}= '\(3,2\) {3}'/);
    assert.match(cards, /TZERO6 {2}= {16}32768/);
    assert.match(cards, /TZERO10 = {2}9223372036854775808/);
    assert.match(cards, /TZERO3 {2}= {17}-128/);
    assert.match(cards, /SKYAREA = {17}16\.0/);
  });

  it('chooses a TNULL that no valid value uses', async () => {
    // -32768 (the usual sentinel) is a real value here, so another must be chosen.
    const t = new Table([
      column('s', Int16Array.from([-32768, 32767, 0, 5]), { nulls: Uint8Array.from([0, 0, 1, 0]) }),
    ]);
    const path = join(tempDir(), 'tnull.fits');
    await writeFits(path, t);
    const back = await readFits(path);
    assert.deepEqual(Array.from(back.col('s').nulls ?? []), [0, 0, 1, 0]);
    assert.deepEqual(
      Array.from(back.col('s').data as Int16Array).filter((_, i) => i !== 2),
      [-32768, 32767, 5],
    );
    const tnull = back.col('s').meta?.tnull as number;
    assert.ok(![-32768, 32767, 5].includes(tnull));
  });

  it('writes several HDUs, chosen back by name and index, and gzipped files', async () => {
    const dir = tempDir();
    const a = new Table([column('x', Float64Array.from([1, 2, 3]))], { name: 'FIRST' });
    const b = new Table([column('y', Int32Array.from([7, 8]))], { name: 'SECOND', skyAreaDeg2: 2.5 });
    for (const file of ['two.fits', 'two.fits.gz']) {
      const path = join(dir, file);
      await writeFits(path, [a, b]);
      const hdus = await listFitsHdus(path);
      assert.deepEqual(
        hdus.map((h) => [h.index, h.name, h.type, h.rows ?? null]),
        [
          [0, 'PRIMARY', 'PRIMARY', null],
          [1, 'FIRST', 'BINTABLE', 3],
          [2, 'SECOND', 'BINTABLE', 2],
        ],
      );
      assert.deepEqual(Array.from((await readFits(path, { hdu: 'SECOND' })).col('y').data as Int32Array), [7, 8]);
      assert.deepEqual(Array.from((await readFits(path)).float64('x')), [1, 2, 3]);
      assert.equal((await readFits(path, { hdu: 2 })).meta.skyAreaDeg2, 2.5);
    }
    const gz = readBytes(join(dir, 'two.fits.gz'));
    assert.deepEqual([gz[0], gz[1]], [0x1f, 0x8b]);
  });

  it('reads an empty table and a table with no columns', async () => {
    const path = join(tempDir(), 'empty.fits');
    await writeFits(path, new Table([column('x', new Float64Array(0)), column('s', [] as string[])]));
    const back = await readFits(path);
    assert.equal(back.nrows, 0);
    assert.deepEqual(back.names, ['x', 's']);
  });
});

describe('FITS streaming', () => {
  it('streamFits chunks concatenate to the whole table', async () => {
    const t = allKinds();
    const path = join(tempDir(), 'stream.fits');
    await writeFits(path, t);
    const whole = await readFits(path);
    const chunks: Table[] = [];
    for await (const c of streamFits(path, { chunkRows: 4 })) chunks.push(c);
    assert.deepEqual(
      chunks.map((c) => c.nrows),
      [4, 2],
    );
    for (const c of whole.columns) {
      const w = c.shape.reduce((x, y) => x * y, 1);
      const parts = chunks.map((ch) => Array.from(ch.col(c.name).data as ArrayLike<unknown>));
      assert.deepEqual(parts.flat(), Array.from(c.data as ArrayLike<unknown>), c.name);
      const nulls = chunks.flatMap((ch) => Array.from(ch.col(c.name).nulls ?? new Uint8Array(ch.nrows)));
      assert.deepEqual(nulls, Array.from(c.nulls ?? new Uint8Array(whole.nrows)), `${c.name} nulls`);
      assert.ok(w >= 0);
    }
    assert.equal(chunks[1].meta.skyAreaDeg2, 16);
  });

  it('createFitsWriter writes chunk by chunk the same bytes as writeFits', async () => {
    const dir = tempDir();
    const t = allKinds();
    const whole = join(dir, 'whole.fits');
    const streamed = join(dir, 'streamed.fits');
    await writeFits(whole, t);
    const first = t.slice(0, 4);
    await assert.rejects(
      (async () => {
        const narrow = await createFitsWriter(join(dir, 'narrow.fits'), first, { nullableIntegers: false });
        await narrow.write(first);
        await narrow.write(t.slice(4, 6));
      })(),
      /column 'name', row 5: string of 40 bytes exceeds the column width 9/,
    );
    // The schema is the whole table here, so TNULLs and string widths are planned as writeFits plans them.
    const w = await createFitsWriter(streamed, t, { nullableIntegers: false });
    await w.write(first);
    await w.write(t.slice(4, 5));
    await w.write(t.slice(5, 6));
    await w.close();
    assert.deepEqual(readBytes(streamed), readBytes(whole));
    assert.deepEqual(readdirSync(dir).sort(), ['streamed.fits', 'whole.fits']);
  });

  it('streams 300k rows through the chunked writer and reader', async () => {
    const dir = tempDir();
    const path = join(dir, 'big.fits');
    const chunkRows = 50_000;
    const chunk = (k: number) => {
      const id = new Int32Array(chunkRows);
      const ra = new Float64Array(chunkRows);
      for (let i = 0; i < chunkRows; i++) {
        id[i] = k * chunkRows + i;
        ra[i] = (id[i] * 0.001) % 360;
      }
      return new Table([column('id', id), column('ra', ra, { unit: 'deg' })], { name: 'BIG' });
    };
    const w = await createFitsWriter(path, chunk(0));
    for (let k = 0; k < 6; k++) await w.write(chunk(k));
    await w.close();
    let rows = 0;
    let idSum = 0;
    let maxRa = 0;
    for await (const c of streamFits(path, { chunkRows: 70_000 })) {
      const id = c.col('id').data as Int32Array;
      const ra = c.col('ra').data as Float64Array;
      for (let i = 0; i < c.nrows; i++) {
        assert.equal(id[i], rows + i);
        idSum += id[i];
        if (ra[i] > maxRa) maxRa = ra[i];
      }
      rows += c.nrows;
    }
    assert.equal(rows, 300_000);
    assert.equal(idSum, (300_000 * 299_999) / 2);
    assert.equal((await listFitsHdus(path))[1].rows, 300_000);
    assert.ok(maxRa > 299 && maxRa < 300);
  });
});

// Format detection (src/io/format.ts): by extension, else by the file's first bytes, and readTable on it.
describe('format detection', () => {
  it('by extension', () => {
    const cases: [string, string | undefined][] = [
      ['a.fits', 'fits'],
      ['a.FIT', 'fits'],
      ['a.fits.gz', 'fits'],
      ['a.csv', 'csv'],
      ['a.csv.gz', 'csv'],
      ['a.tsv', 'tsv'],
      ['a.tab', 'tsv'],
      ['a.parquet', 'parquet'],
      ['a.pq', 'parquet'],
      ['a.arrow', 'arrow'],
      ['a.feather', 'arrow'],
      ['a.vot', 'votable'],
      ['a.xml', 'votable'],
      ['a.dat', undefined],
      ['fits', undefined],
    ];
    for (const [name, f] of cases) assert.equal(formatFromExtension(name), f, name);
    assert.throws(() => outputFormat('out.dat'), /cannot tell the output format from the extension/);
  });

  it('by magic bytes when the extension says nothing', async () => {
    const dir = tempDir();
    const fits = join(dir, 'catalogue.dat');
    copyFileSync(join(REF, 'fixtures/types.fits'), fits);
    const gz = join(dir, 'catalogue.bin');
    writeFileSync(gz, gzipSync(readFileSync(join(REF, 'fixtures/types.fits'))));
    const t = new Table([column('x', Float64Array.from([1, 2])), column('s', ['a', 'b'])]);
    await writeTable(join(dir, 'p.parquet'), t);
    await writeTable(join(dir, 'a.arrow'), t);
    copyFileSync(join(dir, 'p.parquet'), join(dir, 'p.data'));
    copyFileSync(join(dir, 'a.arrow'), join(dir, 'a.data'));
    writeFileSync(join(dir, 'c.txt'), 'x,s\n1,a\n2,b\n');
    writeFileSync(join(dir, 't.txt'), 'x\ts\n1\ta\n2\tb\n');
    writeFileSync(join(dir, 'v.out'), '<?xml version="1.0"?>\n<VOTABLE version="1.4"></VOTABLE>\n');
    writeFileSync(join(dir, 'z.bin'), Uint8Array.from([0, 1, 2, 3, 0, 0, 7]));
    assert.equal(detectFormat(fits), 'fits');
    assert.equal(detectFormat(gz), 'fits');
    assert.equal(detectFormat(join(dir, 'p.data')), 'parquet');
    assert.equal(detectFormat(join(dir, 'a.data')), 'arrow');
    assert.equal(detectFormat(join(dir, 'c.txt')), 'csv');
    assert.equal(detectFormat(join(dir, 't.txt')), 'tsv');
    assert.equal(detectFormat(join(dir, 'v.out')), 'votable');
    assert.throws(() => detectFormat(join(dir, 'z.bin')), /z\.bin: unknown binary format/);
    assert.equal((await readTable(gz)).meta.skyAreaDeg2, 12.5);
    for (const f of ['p.data', 'a.data', 'c.txt', 't.txt'])
      assert.deepEqual(Array.from((await readTable(join(dir, f))).float64('x')), [1, 2], f);
    await assert.rejects(readTable(join(dir, 'c.txt'), { hdu: 1 }), /--hdu applies to FITS files only/);
  });
});

// Every NWAY fixture FITS parses (including COSMOS_XMM.fits, whose primary HDU carries data), with
// the row count, EXTNAME and SKYAREA its header states, read here with a plain regex over the cards.
function fitsFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const p = join(dir, name);
      return statSync(p).isDirectory() ? fitsFiles(p) : name.endsWith('.fits') ? [p] : [];
    });
}

/** Values of the first BINTABLE header, by keyword. */
function firstTableHeader(bytes: Uint8Array): Map<string, string> {
  const cards = cardsOf(bytes);
  const start = cards.findIndex((c) => c.startsWith("XTENSION= 'BINTABLE'"));
  const out = new Map<string, string>();
  for (let i = start; i < cards.length && !cards[i].startsWith('END '); i++)
    out.set(
      cards[i].slice(0, 8).trim(),
      cards[i]
        .slice(10)
        .split('/')[0]
        .trim()
        .replace(/^'(.*?) *'$/, '$1'),
    );
  return out;
}

describe('NWAY fixture FITS files', () => {
  const files = fitsFiles(join(REF, 'nway'));
  it('there are some', () => assert.ok(files.length >= 17));
  it('COSMOS_XMM.fits: a primary HDU with 542 bytes of data (TOPCAT metadata) is skipped and described', async () => {
    const hdus = await listFitsHdus(join(REF, 'nway/cosmoslike/input/COSMOS_XMM.fits'));
    assert.deepEqual(hdus[0].image, { bitpix: 8, axes: [542] });
    assert.deepEqual(
      hdus.map((h) => [h.name, h.type, h.rows ?? null]),
      [
        ['PRIMARY', 'PRIMARY', null],
        ['XMM', 'BINTABLE', 1797],
      ],
    );
  });
  for (const f of files) {
    it(f.slice(REF.length + 1), async () => {
      const t = await readFits(f);
      const h = firstTableHeader(readBytes(f));
      assert.equal(t.nrows, Number(h.get('NAXIS2')));
      assert.equal(t.columns.length, Number(h.get('TFIELDS')));
      assert.equal(t.meta.name, h.get('EXTNAME'));
      assert.equal(t.meta.skyAreaDeg2, Number(h.get('SKYAREA')));
      for (const c of t.columns)
        if (c.kind === 'f64')
          assert.ok(
            t.float64(c.name).some((x) => Number.isFinite(x)),
            c.name,
          );
    });
  }
});
