// Sexagesimal parsing and formatting, and IAU-style names.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { UserError } from '../../src/errors.js';
import { formatDecDms, formatIauName, formatRaHms, parseDecDms, parseRaHms } from '../../src/sky/index.js';

test('parseRaHms reads colon, space and h/m/s separated hours', () => {
  const want = 15 * (12 + 34 / 60 + 56.7 / 3600);
  assert.equal(parseRaHms('12:34:56.7'), want);
  assert.equal(parseRaHms(' 12 34 56.7 '), want);
  assert.equal(parseRaHms('12h34m56.7s'), want);
  assert.equal(parseRaHms('00:00:00'), 0);
  assert.equal(parseRaHms('23:59:59.999'), 15 * (23 + 59 / 60 + 59.999 / 3600));
  assert.equal(parseRaHms('6'), 90);
});

test('parseDecDms applies the sign to the whole angle, including −00°', () => {
  assert.equal(parseDecDms('-45 12 03.5'), -(45 + 12 / 60 + 3.5 / 3600));
  assert.equal(parseDecDms('-00 12 03.5'), -(12 / 60 + 3.5 / 3600));
  assert.equal(parseDecDms('−00:30:00'), -0.5); // Unicode minus
  assert.equal(parseDecDms('+10d20m30s'), 10 + 20 / 60 + 30 / 3600);
  assert.equal(parseDecDms('10°20′30″'), 10 + 20 / 60 + 30 / 3600);
  assert.equal(parseDecDms('-90:00:00'), -90);
});

test('malformed or out-of-range text is a UserError that quotes the text', () => {
  for (const bad of ['', 'abc', '12:61:00', '24:00:00', '1:2:3:4', '-12:00:00', '12:3a:00', '12.5:30:00']) {
    assert.throws(
      () => parseRaHms(bad),
      (e: unknown) => e instanceof UserError && e.message.includes(`'${bad}'`),
    );
  }
  for (const bad of ['', '91:00:00', '90:00:01', '-45:60:00', '--45', '45:00:00:00']) {
    assert.throws(() => parseDecDms(bad), UserError);
  }
});

test('formatRaHms and formatDecDms round to the requested decimals and carry into the next field', () => {
  assert.equal(formatRaHms(188.73625), '12:34:56.70');
  assert.equal(formatRaHms(359.9999999), '00:00:00.00');
  assert.equal(formatRaHms(-15), '23:00:00.00');
  assert.equal(formatRaHms(15 * (1 + 59 / 60 + 59.996 / 3600), 2), '02:00:00.00');
  assert.equal(formatRaHms(188.73625, 0, ' '), '12 34 57');
  assert.equal(formatDecDms(-(12 / 60 + 3.5 / 3600)), '-00:12:03.5');
  assert.equal(formatDecDms(45.999999), '+46:00:00.0');
  assert.equal(formatDecDms(-1e-9), '+00:00:00.0');
  assert.equal(formatDecDms(-89.5, 2), '-89:30:00.00');
});

test('formatting then parsing returns the angle to the formatted precision', () => {
  fc.assert(
    fc.property(
      fc.double({ min: 0, max: 360, maxExcluded: true, noNaN: true }),
      fc.double({ min: -90, max: 90, noNaN: true }),
      (ra, dec) => {
        const raBack = parseRaHms(formatRaHms(ra, 3));
        const dRa = Math.abs(raBack - ra);
        assert.ok(Math.min(dRa, 360 - dRa) <= (0.0005 * 15) / 3600 + 1e-12);
        assert.ok(Math.abs(parseDecDms(formatDecDms(dec, 2)) - dec) <= 0.005 / 3600 + 1e-12);
      },
    ),
    { numRuns: 2000, seed: 37 },
  );
});

test('formatIauName truncates (never rounds) the coordinates, as the IAU convention requires', () => {
  // RA 02h30m12.99s, Dec −55°03′09.99″ truncate to 023012 and 550309.
  const ra = 15 * (2 + 30 / 60 + 12.99 / 3600);
  const dec = -(55 + 3 / 60 + 9.99 / 3600);
  assert.equal(formatIauName('SPT-S', ra, dec), 'SPT-S J023012-550309');
  assert.equal(formatIauName('SPT-S', ra, dec, 1, 1), 'SPT-S J023012.9-550309.9');
  assert.equal(formatIauName('X', 37.55, 0.5), 'X J023012+003000');
  assert.equal(formatIauName('X', 15 * (23 + 59 / 60 + 59.9 / 3600), -1e-6), 'X J235959-000000');
});
