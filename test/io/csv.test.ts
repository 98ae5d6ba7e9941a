import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { UserError } from '../../src/errors.js';
import { formatCsv, parseCsv, readCsv, writeCsv } from '../../src/io/csv.js';
import { column } from '../../src/table/column.js';
import { Table } from '../../src/table/table.js';

const tmp = mkdtempSync(join(tmpdir(), 'mmassoc-csv-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

function userError(fn: () => unknown, pattern: RegExp): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof UserError, `expected a UserError, got ${String(err)}`);
    assert.ok(!err.message.includes('\n'), `message is one line: ${err.message}`);
    assert.match(err.message, pattern);
    return true;
  });
}

describe('parseCsv: syntax', () => {
  test('comments before the header, RFC 4180 quoting, CRLF, BOM, blank lines', () => {
    const text =
      '\uFEFF# written by hand\n# second comment\r\nname,note,x\r\n"a,b","say ""hi""",1\r\n\r\nplain,"two\nlines",2\n"",,3';
    const t = parseCsv(text);
    assert.deepEqual(t.names, ['name', 'note', 'x']);
    assert.equal(t.nrows, 3);
    assert.deepEqual(t.col('name').data, ['a,b', 'plain', '']);
    assert.deepEqual(t.col('note').data, ['say "hi"', 'two\nlines', '']);
    // `""` is the empty string, an empty unquoted field is null.
    assert.equal(t.col('name').nulls, undefined);
    assert.deepEqual([...(t.col('note').nulls ?? [])], [0, 0, 1]);
    assert.deepEqual([...t.col('x').data], [1, 2, 3]);
  });

  test('TSV through the delimiter option and by file extension, gzip by magic bytes', () => {
    const tsv = 'a\tb\n1.5\thello, world\n2.5\tx\n';
    assert.deepEqual(parseCsv(tsv, { delimiter: '\t' }).col('b').data, ['hello, world', 'x']);
    const p = join(tmp, 'cat.tsv');
    writeFileSync(p, tsv);
    assert.deepEqual([...readCsv(p).col('a').data], [1.5, 2.5]);
    const gz = join(tmp, 'cat.csv.gz');
    writeFileSync(gz, gzipSync('id,v\n7,-1e3\n'));
    const t = readCsv(gz);
    assert.deepEqual([...t.col('id').data], [7]);
    assert.deepEqual([...t.col('v').data], [-1000]);
    assert.equal(t.meta.name, 'cat');
  });
});

describe('parseCsv: column types', () => {
  test('int32, wide integers, exact 64-bit integers, floats, booleans, text', () => {
    const t = parseCsv(
      [
        'i,wide,id,f,special,b,s,q',
        '1,3000000000,9007199254740993,1,NaN,True,abc,"12"',
        '-2147483648,-1,-9223372036854775808,2.5e-3,inf,false,1x,"7"',
        '2147483647,,9223372036854775807,,-inf,TRUE,,"8"',
      ].join('\n'),
    );
    const kinds = Object.fromEntries(t.columns.map((c) => [c.name, c.kind]));
    assert.deepEqual(kinds, {
      i: 'i32',
      wide: 'f64',
      id: 'i64',
      f: 'f64',
      special: 'f64',
      b: 'bool',
      s: 'str',
      q: 'str',
    });
    assert.ok(t.col('i').data instanceof Int32Array);
    assert.deepEqual([...t.col('i').data], [1, -2147483648, 2147483647]);
    assert.deepEqual([...t.col('id').data], [9007199254740993n, -9223372036854775808n, 9223372036854775807n]);
    assert.deepEqual([...t.col('wide').data].slice(0, 2), [3000000000, -1]);
    assert.deepEqual([...(t.col('wide').nulls ?? [])], [0, 0, 1]);
    assert.deepEqual([...t.col('f').data].slice(0, 2), [1, 0.0025]);
    assert.deepEqual([...t.col('special').data], [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]);
    assert.equal(t.col('special').nulls, undefined, 'NaN is a value, not a null');
    assert.deepEqual([...t.col('b').data], [1, 0, 1]);
    assert.deepEqual(t.col('s').data, ['abc', '1x', '']);
    assert.deepEqual([...(t.col('s').nulls ?? [])], [0, 0, 1]);
    // A quoted field marks text (as R and Python's QUOTE_NONNUMERIC write it).
    assert.deepEqual(t.col('q').data, ['12', '7', '8']);
  });

  test('integers beyond int64 fall back to float64', () => {
    const t = parseCsv('x,y\n1,1\n99999999999999999999,9223372036854775808\n');
    assert.equal(t.col('x').kind, 'f64');
    assert.deepEqual([...t.col('x').data], [1, 1e20]);
    assert.equal(t.col('y').kind, 'f64');
    assert.deepEqual([...t.col('y').data], [1, 2 ** 63]);
  });

  test('numbers are parsed exactly as Number() does, including 16–17 digit mantissas', () => {
    const texts = [
      '0.1',
      '2.2250738585072014e-308',
      '4.9e-324',
      '1.7976931348623157e308',
      '9007199254740993',
      '0.30000000000000004',
      '123456789012345678901234567890',
      '1e23',
      '8.98846567431158e307',
      '-0.000001',
      '+5.',
      '.5',
      '352.34160253205357',
      '-54.537237196799694',
    ];
    const t = parseCsv(`x\n${texts.join('\n')}\n`);
    assert.deepEqual([...t.col('x').data], texts.map(Number));
  });
});

describe('parseCsv: malformed input gives one-line UserErrors naming the place', () => {
  test('ragged row', () => {
    userError(
      () => parseCsv('a,b,c\n1,2,3\n4,5\n', { fileName: 'cat.csv' }),
      /^cat\.csv: row 2 \(line 3\) has 2 fields, the header has 3; quote fields that contain commas$/,
    );
    userError(
      () => parseCsv('a\tb\n1\t2\t3\n', { delimiter: '\t', fileName: 'c.tsv' }),
      /row 1 \(line 2\) has 3 fields.*tabs/,
    );
  });
  test('empty file, comments only, unclosed quote, stray quote, duplicate names', () => {
    userError(() => parseCsv('', { fileName: 'e.csv' }), /^e\.csv: the file is empty/);
    userError(() => parseCsv('# only a comment\n\n', { fileName: 'c.csv' }), /^c\.csv: no header row/);
    userError(
      () => parseCsv('a,b\n1,"open\n', { fileName: 'q.csv' }),
      /^q\.csv: line 2: a quoted field is never closed/,
    );
    userError(
      () => parseCsv('a,b\n1,"x"y\n', { fileName: 'q.csv' }),
      /^q\.csv: line 2: text after the closing quote of field 2/,
    );
    userError(
      () => parseCsv('ra,dec,ra\n1,2,3\n', { fileName: 'd.csv' }),
      /column name 'ra' appears twice.*columns 1 and 3/,
    );
    userError(() => readCsv(join(tmp, 'missing.csv')), /missing\.csv: cannot read the file \(ENOENT\)/);
  });
});

describe('writeCsv / formatCsv', () => {
  const every = new Table(
    [
      column('f64', new Float64Array([0.1, Number.NaN, -1e300, 0]), { nulls: new Uint8Array([0, 0, 0, 1]) }),
      column('f32', new Float32Array([0.1, 1 / 3, 3.4028234663852886e38, 16777217])),
      column('i32', new Int32Array([-2147483648, 0, 7, 2147483647])),
      column('i64', new BigInt64Array([9007199254740993n, -9223372036854775808n, 1n, 0n]), {
        nulls: new Uint8Array([0, 0, 0, 1]),
      }),
      column('u8', new Uint8Array([0, 1, 254, 255])),
      column('flag', new Uint8Array([1, 0, 1, 0]), { kind: 'bool', nulls: new Uint8Array([0, 0, 0, 1]) }),
      column('name', ['a,b', 'say "hi"', 'ünïcode ✓', ''], { nulls: new Uint8Array([0, 0, 0, 1]) }),
      column('txt', ['12', 'NaN', '', ' pad']),
      column('vec', new Float64Array([1, 2, 3, 4, 5, 6, 7, 8]), { shape: [2] }),
    ],
    { name: 'every' },
  );

  test('the text follows the NWAY/astropy export conventions', () => {
    const text = formatCsv(every);
    const lines = text.split('\n');
    assert.equal(lines[0], 'f64,f32,i32,i64,u8,flag,name,txt,vec_0,vec_1');
    assert.equal(lines[1], '0.1,0.1,-2147483648,9007199254740993,0,True,"a,b","12",1.0,2.0');
    assert.equal(lines[2], 'NaN,0.33333334,0,-9223372036854775808,1,False,"say ""hi""","NaN",3.0,4.0');
    assert.equal(lines[3], '-1e+300,3.4028235e+38,7,1,254,True,ünïcode ✓,"",5.0,6.0');
    assert.equal(lines[4], ',16777216.0,2147483647,,255,,," pad",7.0,8.0');
    assert.equal(lines[5], '');
  });

  test('round trip of every column kind through a file', () => {
    const p = join(tmp, 'every.csv');
    writeCsv(p, every);
    const back = readCsv(p);
    assert.deepEqual(back.names, ['f64', 'f32', 'i32', 'i64', 'u8', 'flag', 'name', 'txt', 'vec_0', 'vec_1']);
    assert.deepEqual([...back.col('f64').data].slice(0, 3), [0.1, Number.NaN, -1e300]);
    assert.deepEqual([...(back.col('f64').nulls ?? [])], [0, 0, 0, 1]);
    const f32 = back.col('f32').data as Float64Array;
    for (let i = 0; i < 4; i++) assert.equal(Math.fround(f32[i]), (every.col('f32').data as Float32Array)[i]);
    assert.deepEqual([...back.col('i32').data], [-2147483648, 0, 7, 2147483647]);
    assert.equal(back.col('i64').kind, 'i64');
    assert.deepEqual([...back.col('i64').data].slice(0, 3), [9007199254740993n, -9223372036854775808n, 1n]);
    assert.deepEqual([...(back.col('i64').nulls ?? [])], [0, 0, 0, 1]);
    assert.deepEqual([...back.col('u8').data], [0, 1, 254, 255]);
    assert.equal(back.col('flag').kind, 'bool');
    assert.deepEqual([...back.col('flag').data].slice(0, 3), [1, 0, 1]);
    assert.deepEqual([...(back.col('flag').nulls ?? [])], [0, 0, 0, 1]);
    assert.deepEqual(back.col('name').data.slice(0, 3), ['a,b', 'say "hi"', 'ünïcode ✓']);
    assert.deepEqual([...(back.col('name').nulls ?? [])], [0, 0, 0, 1]);
    assert.deepEqual(back.col('txt').data, ['12', 'NaN', '', ' pad']);
    assert.equal(back.col('txt').nulls, undefined);
    assert.deepEqual([...back.col('vec_1').data], [2, 4, 6, 8]);
    assert.equal(back.col('vec_1').kind, 'f64', 'whole floats are written with .0 and stay float');
  });

  test('TSV output for .tsv, and no partial file when the write fails', () => {
    const p = join(tmp, 'out.tsv');
    writeCsv(p, every);
    assert.ok(readFileSync(p, 'utf8').startsWith('f64\tf32\t'));
    const dir = join(tmp, 'atomic');
    rmSync(dir, { recursive: true, force: true });
    writeFileSync(join(tmp, 'atomic'), 'not a directory');
    assert.throws(() => writeCsv(join(dir, 'x.csv'), every), UserError);
    assert.deepEqual(
      readdirSync(tmp).filter((f) => f.includes('.tmp')),
      [],
    );
    userError(() => writeCsv(join(tmp, 'x.csv.gz'), every), /writing gzipped CSV is not supported/);
    assert.ok(!existsSync(join(tmp, 'x.csv.gz')));
  });
});
