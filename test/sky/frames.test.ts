// ICRS ↔ FK5 J2000 ↔ Galactic against astropy 5.2.1 (frames_icrs_to_galactic.csv).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import {
  FK5_TO_GALACTIC,
  fk5ToGalactic,
  fk5ToIcrs,
  galacticToFk5,
  galacticToIcrs,
  ICRS_TO_GALACTIC,
  icrsToFk5,
  icrsToGalactic,
  rotateLonLatBatch,
  separationArcsec,
} from '../../src/sky/index.js';
import { readFixture } from './fixtures.js';

const rows = readFixture('frames_icrs_to_galactic.csv').map((r) =>
  Object.fromEntries(Object.entries(r).map(([k, v]) => [k, Number(v)])),
);

test('icrsToGalactic matches astropy within 1 mas on every fixture row (measured: < 1 µas)', () => {
  assert.equal(rows.length, 414);
  let worstMas = 0;
  for (const r of rows) {
    const [l, b] = icrsToGalactic(r.ra_deg, r.dec_deg);
    worstMas = Math.max(worstMas, separationArcsec(l, b, r.l_deg, r.b_deg) * 1000);
  }
  assert.ok(worstMas < 1, `worst ${worstMas} mas`);
  assert.ok(worstMas < 1e-3, `worst ${worstMas} mas: the matrices no longer reproduce astropy's`);
});

test('icrsToFk5 matches astropy’s FK5(equinox J2000) within 1 µas on every fixture row', () => {
  for (const r of rows) {
    const [ra, dec] = icrsToFk5(r.ra_deg, r.dec_deg);
    assert.ok(separationArcsec(ra, dec, r.fk5_ra_deg, r.fk5_dec_deg) < 1e-6);
    const [gl, gb] = fk5ToGalactic(ra, dec);
    assert.ok(separationArcsec(gl, gb, r.l_deg, r.b_deg) < 1e-6);
  }
});

test('the inverse rotations undo the forward ones, and the batch form equals the single form', () => {
  fc.assert(
    fc.property(
      fc.double({ min: 0, max: 360, maxExcluded: true, noNaN: true }),
      fc.double({ min: -90, max: 90, noNaN: true }),
      (ra, dec) => {
        const [l, b] = icrsToGalactic(ra, dec);
        const [ra2, dec2] = galacticToIcrs(l, b);
        assert.ok(separationArcsec(ra, dec, ra2, dec2) < 1e-9);
        const [fr, fd] = icrsToFk5(ra, dec);
        const [ra3, dec3] = fk5ToIcrs(fr, fd);
        assert.ok(separationArcsec(ra, dec, ra3, dec3) < 1e-9);
        const [gl, gb] = galacticToFk5(l, b);
        assert.ok(separationArcsec(gl, gb, fr, fd) < 1e-9);
      },
    ),
    { numRuns: 1000, seed: 3 },
  );
  const ra = Float64Array.from(rows, (r) => r.ra_deg);
  const dec = Float64Array.from(rows, (r) => r.dec_deg);
  const [l, b] = rotateLonLatBatch(ICRS_TO_GALACTIC, ra, dec);
  for (let i = 0; i < rows.length; i++) assert.deepEqual([l[i], b[i]], icrsToGalactic(ra[i], dec[i]));
});

test('the Galactic pole and centre sit where the IAU definition puts them in FK5 J2000', () => {
  // Pole: astropy's FK5 J2000 north Galactic pole has b = 90 exactly.
  assert.ok(Math.abs(fk5ToGalactic(192.8594812065348, 27.12825118085622)[1] - 90) < 1e-12);
  // Centre (l, b) = (0, 0) at 17h45m37.199s −28°56′10.22″ (Liu, Zhu & Zhang 2011, A&A 526, A16).
  const [ra, dec] = galacticToFk5(0, 0);
  assert.ok(separationArcsec(ra, dec, (17 + 45 / 60 + 37.199 / 3600) * 15, -(28 + 56 / 60 + 10.22 / 3600)) < 0.05);
  // The matrices are rotations: rows orthonormal.
  for (let i = 0; i < 3; i++) {
    const n = Math.hypot(FK5_TO_GALACTIC[3 * i], FK5_TO_GALACTIC[3 * i + 1], FK5_TO_GALACTIC[3 * i + 2]);
    assert.ok(Math.abs(n - 1) < 1e-15);
  }
});
