// Property tests (bounded runs) for the CSV reader/writer and the float formatting.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { formatCsv, parseCsv } from '../../src/io/csv.js';
import { formatFloat32, formatFloat64 } from '../../src/io/number-format.js';
import { type Column, column } from '../../src/table/column.js';
import { Table } from '../../src/table/table.js';

const RUNS = { numRuns: 200, seed: 20261125 };

describe('float formatting', () => {
  test('known float32 shortest forms (as numpy prints them)', () => {
    const cases: [number, string][] = [
      [0.1, '0.1'],
      [1 / 3, '0.33333334'],
      [16777217, '16777216.0'],
      [3.4028234663852886e38, '3.4028235e+38'],
      [1.401298464324817e-45, '1e-45'],
      [-2.5, '-2.5'],
      [100, '100.0'],
      [-0, '-0.0'],
    ];
    for (const [x, s] of cases) assert.equal(formatFloat32(Math.fround(x)), s);
  });

  test('float32: reads back to the same float32, and one digit fewer would not', () => {
    fc.assert(
      fc.property(fc.float({ noNaN: true, noDefaultInfinity: true }), (x) => {
        const s = formatFloat32(x);
        assert.ok(Object.is(Math.fround(Number(s)), x) || (x === 0 && Number(s) === 0), `${x} → ${s}`);
        const digits = s
          .replace(/^-/, '')
          .replace(/e.*$/, '')
          .replace('.', '')
          .replace(/^0+/, '')
          .replace(/0+$/, '').length;
        if (digits > 1 && x !== 0) assert.notEqual(Math.fround(Number(x.toPrecision(digits - 1))), x);
      }),
      { ...RUNS, numRuns: 2000 },
    );
  });

  test('float64: reads back exactly', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true }), (x) => {
        const s = formatFloat64(x);
        const back = s === 'inf' ? Infinity : s === '-inf' ? -Infinity : Number(s);
        assert.ok(Object.is(back, x), `${x} → ${s}`);
      }),
      { ...RUNS, numRuns: 2000 },
    );
  });
});

describe('CSV number parsing', () => {
  test('equals Number(text) for generated decimal texts', () => {
    const decimal = fc
      .tuple(
        fc.constantFrom('', '-', '+'),
        fc.string({ unit: fc.constantFrom('0', '1', '2', '5', '7', '9'), minLength: 1, maxLength: 20 }),
        fc.option(fc.string({ unit: fc.constantFrom('0', '3', '8', '9'), maxLength: 20 })),
        fc.option(fc.integer({ min: -330, max: 330 })),
      )
      .map(
        ([sign, int, frac, exp]) => `${sign}${int}${frac === null ? '' : `.${frac}`}${exp === null ? '' : `e${exp}`}`,
      );
    fc.assert(
      fc.property(fc.array(decimal, { minLength: 1, maxLength: 20 }), (texts) => {
        const col = parseCsv(`x\n${texts.join('\n')}\n`).col('x');
        const want = texts.map(Number);
        const got = Array.from(col.data as ArrayLike<number | bigint>, Number);
        // Integer columns may come back as BigInt64 (exact); compare those through their text.
        if (col.kind === 'i64')
          assert.deepEqual(
            [...(col.data as BigInt64Array)],
            texts.map((t) => BigInt(t)),
          );
        else
          for (let i = 0; i < want.length; i++) assert.ok(got[i] === want[i], `${texts[i]}: ${got[i]} vs ${want[i]}`);
      }),
      RUNS,
    );
  });

  test('doubles printed with String() read back exactly', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), { minLength: 1, maxLength: 50 }),
        (xs) => {
          const t = parseCsv(`x\n${xs.map(String).join('\n')}\n`);
          const got = t.col('x').data as ArrayLike<number | bigint>;
          for (let i = 0; i < xs.length; i++) assert.ok(Number(got[i]) === xs[i], `${xs[i]} → ${got[i]}`);
        },
      ),
      RUNS,
    );
  });
});

describe('CSV round trip', () => {
  const text = fc.string({
    unit: fc.constantFrom('a', 'Z', ',', '"', '\n', '\r', ' ', '\t', 'µ', '🙂', '1', '.', '-', '#', 'e'),
    maxLength: 8,
  });
  const nrows = 6;
  const textCol = fc.tuple(
    fc.array(text, { minLength: nrows, maxLength: nrows }),
    fc.array(fc.boolean(), { minLength: nrows, maxLength: nrows }),
  );
  const floatCol = fc.tuple(
    fc.array(fc.double({ noDefaultInfinity: false }), { minLength: nrows, maxLength: nrows }),
    fc.array(fc.boolean(), { minLength: nrows, maxLength: nrows }),
  );
  const intCol = fc.array(fc.integer({ min: -2147483648, max: 2147483647 }), { minLength: nrows, maxLength: nrows });
  const boolCol = fc.array(fc.boolean(), { minLength: nrows, maxLength: nrows });

  test('values, nulls and text survive formatCsv → parseCsv', () => {
    fc.assert(
      fc.property(textCol, floatCol, intCol, boolCol, ([strs, sNull], [xs, xNull], ints, bools) => {
        // Keep one non-null text so the column is recognisably text on the way back.
        sNull[0] = false;
        xNull[0] = false;
        const cols: Column[] = [
          column('s', strs, { nulls: Uint8Array.from(sNull, Number) }),
          column('x', Float64Array.from(xs), { nulls: Uint8Array.from(xNull, Number) }),
          column('i', Int32Array.from(ints)),
          column('b', Uint8Array.from(bools, Number), { kind: 'bool' }),
        ];
        const back = parseCsv(formatCsv(new Table(cols)));
        assert.equal(back.nrows, nrows);
        const s = back.col('s');
        assert.equal(s.kind, 'str');
        for (let r = 0; r < nrows; r++) {
          assert.equal(s.nulls?.[r] ?? 0, sNull[r] ? 1 : 0);
          if (!sNull[r]) assert.equal((s.data as string[])[r], strs[r]);
          const x = back.col('x');
          assert.equal(x.nulls?.[r] ?? 0, xNull[r] ? 1 : 0);
          const xv = Number((x.data as ArrayLike<number>)[r]);
          if (!xNull[r]) assert.ok(xv === xs[r] || (Number.isNaN(xv) && Number.isNaN(xs[r])), `${xs[r]} → ${xv}`);
          assert.equal((back.col('i').data as Int32Array)[r], ints[r]);
          assert.equal((back.col('b').data as Uint8Array)[r], bools[r] ? 1 : 0);
        }
      }),
      RUNS,
    );
  });
});
