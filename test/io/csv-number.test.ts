// The CSV field parser (src/io/csv-number.ts) against JavaScript's own correctly rounded Number():
// every decimal text it accepts must give exactly Number(text) (sign of zero included), and it must
// accept exactly the texts of the decimal grammar. Generated texts cover 1–25 significant digits
// (the 15-digit, 16–19-digit double-double and > 19-digit paths), denormals, overflow, exponents
// with and without signs, leading dots and zeros; fixed cases cover rounding midpoints and words.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { type DecimalSlot, FIELD_FLOAT, FIELD_INT, FIELD_TEXT, scanNumber } from '../../src/io/csv-number.js';

const RUNS = { numRuns: 3000, seed: 20261125 };
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function scan(text: string): { cls: number; value: number } {
  const slot: DecimalSlot = { value: 0, bigInt: false, cls: FIELD_TEXT };
  const b = Buffer.from(text, 'latin1');
  const cls = scanNumber(b, 0, b.length, slot);
  return { cls, value: slot.value };
}

function checkAgainstNumber(text: string): void {
  const { cls, value } = scan(text);
  if (!DECIMAL.test(text)) {
    assert.equal(cls, FIELD_TEXT, `'${text}' is not a decimal number`);
    return;
  }
  assert.ok(cls === FIELD_INT || cls === FIELD_FLOAT, `'${text}' should parse`);
  assert.ok(Object.is(value, Number(text)), `'${text}': ${value} vs Number() ${Number(text)}`);
  assert.equal(cls === FIELD_INT, /^[+-]?\d+$/.test(text), `'${text}': int/float class`);
}

const digits = (min: number, max: number) =>
  fc.string({
    unit: fc.constantFrom('0', '1', '2', '3', '4', '5', '6', '7', '8', '9'),
    minLength: min,
    maxLength: max,
  });

/** sign, integer digits, optional fraction (possibly empty: '1.'), optional exponent (possibly without digits). */
const decimalText = fc
  .tuple(
    fc.constantFrom('', '-', '+'),
    digits(0, 25),
    fc.option(digits(0, 25)),
    fc.option(
      fc.tuple(
        fc.constantFrom('e', 'E'),
        fc.constantFrom('', '-', '+'),
        fc.oneof(
          fc.integer({ min: 0, max: 30 }).map(String),
          fc.integer({ min: 280, max: 345 }).map(String),
          fc.constant(''),
        ),
      ),
    ),
  )
  .map(
    ([sign, int, frac, exp]) => `${sign}${int}${frac === null ? '' : `.${frac}`}${exp === null ? '' : exp.join('')}`,
  );

/** Doubles written the ways other programs write them: shortest, fixed 17 digits, exponent forms. */
const printedDouble = fc
  .tuple(
    fc.oneof(
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.double({ min: -1e-300, max: 1e-300, noNaN: true }),
      fc.double({ min: 1e-3, max: 1e4, noNaN: true }),
    ),
    fc.integer({ min: 0, max: 4 }),
    fc.integer({ min: 1, max: 21 }),
  )
  .map(([x, style, p]) => {
    switch (style) {
      case 0:
        return String(x);
      case 1:
        return x.toPrecision(17);
      case 2:
        return x.toExponential(Math.min(p, 20));
      case 3:
        return Math.abs(x) < 1e21 ? x.toFixed(Math.min(p, 20)) : String(x);
      default:
        return x.toPrecision(p);
    }
  });

describe('CSV number parsing equals Number()', () => {
  test('generated decimal texts (1–25 digits, all exponent forms)', () => {
    fc.assert(
      fc.property(decimalText, (t) => checkAgainstNumber(t)),
      RUNS,
    );
  });

  test('doubles printed as shortest, 17-digit, exponent and fixed text, denormals included', () => {
    fc.assert(
      fc.property(printedDouble, (t) => checkAgainstNumber(t)),
      RUNS,
    );
  });

  test('17-digit mantissas with exponents up to ±22 (the double-double path)', () => {
    const text = fc
      .tuple(fc.bigInt({ min: 10n ** 16n, max: 10n ** 17n - 1n }), fc.integer({ min: -22, max: 22 }))
      .map(([m, e]) => `${m}e${e}`);
    fc.assert(
      fc.property(text, (t) => checkAgainstNumber(t)),
      RUNS,
    );
  });

  test('edge cases', () => {
    for (const t of [
      '0',
      '-0',
      '+0',
      '0.0',
      '-0.0e5',
      '.5',
      '-.5',
      '5.',
      '.',
      '-',
      '+',
      '1e',
      '1e+',
      '1e-',
      'e5',
      '.e1',
      '1.5e-3',
      '00000000000000000000000012.5',
      '0.000000000000000000000000001234567890123456789',
      '4.9e-324',
      '5e-324',
      '2.4703282292062327e-324',
      '2.4703282292062328e-324',
      '2.2250738585072011e-308',
      '2.2250738585072014e-308',
      '1.7976931348623157e308',
      '1.7976931348623158e308',
      '1.7976931348623159e308',
      '1e309',
      '-1e309',
      '9007199254740992',
      '9007199254740993',
      '9007199254740993.0',
      '9007199254740992.5',
      '18014398509481985e-1',
      '0.1000000000000000055511151231257827',
      '0.10000000000000000555111512312578270211815834045410156251',
      '1234567890123456789',
      '12345678901234567890',
      '1234567890123456789e-22',
      '9999999999999999999e-22',
      '8.98846567431158e307',
      '1e22',
      '1e23',
      '123456789012345678e5',
    ])
      checkAgainstNumber(t);
  });

  test('words: nan, inf, infinity (any case, signed) and booleans', () => {
    const f = (t: string) => scan(t);
    assert.ok(Number.isNaN(f('nan').value) && f('NaN').cls === FIELD_FLOAT);
    assert.equal(f('inf').value, Number.POSITIVE_INFINITY);
    assert.equal(f('-inf').value, Number.NEGATIVE_INFINITY);
    assert.equal(f('+Infinity').value, Number.POSITIVE_INFINITY);
    assert.equal(f('-INFINITY').value, Number.NEGATIVE_INFINITY);
    assert.equal(f('infinit').cls, FIELD_TEXT);
    assert.equal(f('nano').cls, FIELD_TEXT);
    assert.equal(f(' 1.5 ').value, 1.5);
    assert.equal(f('1.5x').cls, FIELD_TEXT);
  });
});
