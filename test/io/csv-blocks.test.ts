// The block-by-block file reader must give exactly what the in-memory parser gives, whatever
// block size cuts the records (quoted fields with line breaks spanning blocks included); and the
// byte-level number parser must agree bit for bit with Number().
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { UserError } from '../../src/errors.js';
import { formatCsv, parseCsv } from '../../src/io/csv.js';
import { type DecimalSlot, FIELD_TEXT, scanNumber } from '../../src/io/csv-number.js';
import { readCsvFile } from '../../src/io/csv-read.js';
import { column } from '../../src/table/column.js';
import { Table } from '../../src/table/table.js';

const RUNS = { numRuns: 150, seed: 20261125 };

function sameTable(a: Table, b: Table): void {
  assert.equal(a.nrows, b.nrows);
  assert.deepEqual(
    a.columns.map((c) => c.name),
    b.columns.map((c) => c.name),
  );
  for (let i = 0; i < a.columns.length; i++) {
    const x = a.columns[i];
    const y = b.columns[i];
    assert.equal(x.kind, y.kind, x.name);
    assert.equal(x.data.constructor, y.data.constructor, x.name);
    assert.deepEqual(Array.from(x.data as ArrayLike<unknown>), Array.from(y.data as ArrayLike<unknown>), x.name);
    assert.deepEqual(x.nulls ? Array.from(x.nulls) : [], y.nulls ? Array.from(y.nulls) : [], x.name);
  }
}

describe('readCsvFile in small blocks', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mmassoc-csv-blocks-'));
  const path = join(dir, 't.csv');
  const text = fc.string({
    unit: fc.constantFrom('a', ',', '"', '\n', '\r', ' ', '1', '.', '-', 'e', '\r\n'),
    maxLength: 10,
  });
  const row = fc.tuple(text, fc.double(), fc.integer(), fc.option(fc.double({ noNaN: true })));

  test('equals parseCsv for every block size', () => {
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 30 }), fc.integer({ min: 1, max: 64 }), (rows, block) => {
        const t = new Table([
          column(
            's',
            rows.map((r) => r[0]),
          ),
          column(
            'x',
            Float64Array.from(rows, (r) => r[1]),
          ),
          column(
            'i',
            Int32Array.from(rows, (r) => r[2]),
          ),
          column(
            'y',
            Float64Array.from(rows, (r) => r[3] ?? Number.NaN),
            {
              nulls: Uint8Array.from(rows, (r) => (r[3] === null ? 1 : 0)),
            },
          ),
        ]);
        const csv = formatCsv(t);
        writeFileSync(path, csv);
        sameTable(readCsvFile(path, ',', block), parseCsv(csv));
      }),
      RUNS,
    );
  });

  test('comment and blank lines before the header, a BOM, CRLF and no final line break', () => {
    const csv = '\ufeff# a comment, with "quotes\r\n\r\n# another\r\nx,name\r\n1.5,"a\r\nb"\r\n\r\n-2e-3,c';
    writeFileSync(path, csv);
    const want = parseCsv(csv);
    assert.equal(want.nrows, 2);
    for (const block of [1, 2, 5, 9, 1000]) sameTable(readCsvFile(path, ',', block), want);
  });

  test('error messages give the same line numbers as the in-memory parser', () => {
    const bad = 'a,b\n1,2\n"x\ny",3\n4,5,6\n';
    writeFileSync(path, bad);
    const msg = (f: () => unknown) => {
      try {
        f();
      } catch (err) {
        assert.ok(err instanceof UserError);
        return (err as Error).message;
      }
      assert.fail('no error');
    };
    const want = msg(() => parseCsv(bad, { fileName: path }));
    assert.match(want, /row 3 \(line 5\)/);
    for (const block of [1, 3, 7, 100])
      assert.equal(
        msg(() => readCsvFile(path, ',', block)),
        want,
      );
    writeFileSync(path, 'a\n1\n"open\n2\n');
    assert.match(
      msg(() => readCsvFile(path, ',', 4)),
      /line 3: a quoted field is never closed/,
    );
    writeFileSync(path, '');
    assert.match(
      msg(() => readCsvFile(path, ',', 4)),
      /the file is empty/,
    );
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('byte-level number parser', () => {
  const slot: DecimalSlot = { value: 0, bigInt: false, cls: FIELD_TEXT };
  const parse = (s: string): number => {
    const b = Buffer.from(s, 'latin1');
    assert.notEqual(scanNumber(b, 0, b.length, slot), FIELD_TEXT, s);
    return slot.value;
  };

  test('edge cases are bit-identical to Number()', () => {
    const cases = [
      '0',
      '-0',
      '+0',
      '-0.0',
      '0e-400',
      '1e308',
      '1.7976931348623157e308',
      '1.7976931348623159e308',
      '2e308',
      '5e-324',
      '2.4703282292062328e-324',
      '2.4703282292062327e-324',
      '2.2250738585072011e-308',
      '2.2250738585072014e-308',
      '4.9406564584124654e-324',
      '9007199254740993',
      '9007199254740992.5',
      '123456789012345678901234567890',
      '0.1',
      '0.3',
      '3.14159265358979323846264338327950288',
      '1e22',
      '1e23',
      '8.98846567431158e307',
      '0.000000000000000000000000000001',
      '.5',
      '5.',
      '-.5e-3',
      '1E+5',
      '179769313486231570000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000',
      '0.30000000000000004',
      '1.0000000000000002',
      '9.999999999999999e22',
      '123.45678901234567',
      '98765432109876543',
    ];
    for (const s of cases) assert.ok(Object.is(parse(s), Number(s)), `${s}: ${parse(s)} vs ${Number(s)}`);
    assert.ok(Number.isNaN(parse('NaN')) && Number.isNaN(parse('nan')));
    assert.equal(parse('inf'), Number.POSITIVE_INFINITY);
    assert.equal(parse('-inf'), Number.NEGATIVE_INFINITY);
    assert.equal(parse('-Infinity'), Number.NEGATIVE_INFINITY);
  });

  test('random decimal strings are bit-identical to Number()', () => {
    const digits = (min: number, max: number) =>
      fc.string({
        unit: fc.constantFrom('0', '1', '2', '3', '4', '5', '6', '7', '8', '9'),
        minLength: min,
        maxLength: max,
      });
    const decimal = fc
      .tuple(
        fc.constantFrom('', '-', '+'),
        digits(1, 25),
        fc.option(digits(0, 25)),
        fc.option(fc.integer({ min: -345, max: 330 })),
      )
      .map(
        ([sign, int, frac, exp]) => `${sign}${int}${frac === null ? '' : `.${frac}`}${exp === null ? '' : `e${exp}`}`,
      );
    fc.assert(
      fc.property(decimal, (s) => {
        assert.ok(Object.is(parse(s), Number(s)), `${s}: ${parse(s)} vs ${Number(s)}`);
      }),
      { numRuns: 20000, seed: 20261125 },
    );
    // Shortest round-trip texts of random doubles (the common case in catalogues).
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
        const s = String(x);
        assert.ok(Object.is(parse(s), Number(s)) && parse(s) === x, `${s}`);
        const p = x.toPrecision(17);
        assert.ok(Object.is(parse(p), Number(p)), p);
      }),
      { numRuns: 20000, seed: 20261125 },
    );
  });
});
