// Separations, position angles, tangent-plane offsets, destination points, chords, unit vectors.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import {
  angleDegFromChord,
  chordFromAngleDeg,
  chordFromSepArcsec,
  offsetByPA,
  positionAngleDeg,
  radecToUnit,
  sepArcsecFromChord,
  separationArcsec,
  separationDeg,
  separationsArcsec,
  tangentOffsetArcsec,
  tangentOffsetToRadec,
  unitToRadec,
  unitVectors,
} from '../../src/sky/index.js';
import { separationRad } from '../../src/sky/separation.js';
import { readFixture } from './fixtures.js';

const ra = fc.double({ min: 0, max: 360, maxExcluded: true, noNaN: true });
const dec = fc.double({ min: -90, max: 90, noNaN: true });
const RUNS = { numRuns: 2000, seed: 5 };

function angleDiffDeg(a: number, b: number): number {
  const d = Math.abs(a - b) % 360;
  return Math.min(d, 360 - d);
}

test('separationArcsec and positionAngleDeg match astropy on separations.csv (rel 1e-10 or 1e-9″; PA 1e-7°)', () => {
  const rows = readFixture('separations.csv');
  assert.equal(rows.length, 828);
  for (const r of rows) {
    const [a1, d1, a2, d2] = [r.ra1_deg, r.dec1_deg, r.ra2_deg, r.dec2_deg].map(Number);
    const want = Number(r.sep_arcsec);
    const got = separationArcsec(a1, d1, a2, d2);
    assert.ok(Math.abs(got - want) <= Math.max(1e-10 * want, 1e-9), `sep ${got} vs ${want}`);
    assert.ok(angleDiffDeg(positionAngleDeg(a1, d1, a2, d2), Number(r.pa_deg)) <= 1e-7, `pa row ${a1},${d1}`);
  }
  const a1 = Float64Array.from(rows, (r) => Number(r.ra1_deg));
  const d1 = Float64Array.from(rows, (r) => Number(r.dec1_deg));
  const a2 = Float64Array.from(rows, (r) => Number(r.ra2_deg));
  const d2 = Float64Array.from(rows, (r) => Number(r.dec2_deg));
  const batch = separationsArcsec(a1, d1, a2, d2);
  for (let i = 0; i < rows.length; i++) assert.equal(batch[i], separationArcsec(a1[i], d1[i], a2[i], d2[i]));
});

test('separation keeps full precision at tiny angles, at the poles and at the antipode', () => {
  const tiny = separationRad(0, 0, 1e-12, 0);
  assert.ok(tiny > 0 && Math.abs(tiny - 1e-12) < 1e-24);
  // 1 mas: limited only by the float64 spacing of the input declination (~2.6e-11″ at 60°).
  assert.ok(Math.abs(separationArcsec(10, -60, 10, -60 + 1e-3 / 3600) - 1e-3) < 5e-11);
  assert.equal(separationDeg(0, 0, 180, 0), 180);
  assert.ok(Math.abs(separationDeg(10, 30, 190, -30) - 180) < 1e-12);
  assert.ok(Math.abs(separationDeg(0, 90, 123, 90)) < 1e-12);
  assert.ok(Math.abs(separationDeg(5, 89, 185, 89) - 2) < 1e-12);
});

test('separation is symmetric and obeys the triangle inequality', () => {
  fc.assert(
    fc.property(ra, dec, ra, dec, ra, dec, (a1, d1, a2, d2, a3, d3) => {
      const s12 = separationDeg(a1, d1, a2, d2);
      assert.equal(s12, separationDeg(a2, d2, a1, d1));
      assert.ok(s12 >= 0 && s12 <= 180);
      assert.ok(s12 <= separationDeg(a1, d1, a3, d3) + separationDeg(a3, d3, a2, d2) + 1e-12);
    }),
    RUNS,
  );
});

test('positionAngleDeg is measured east of north', () => {
  assert.equal(positionAngleDeg(0, 0, 0, 1), 0);
  assert.equal(positionAngleDeg(0, 0, 1, 0), 90);
  assert.equal(positionAngleDeg(0, 0, 0, -1), 180);
  assert.equal(positionAngleDeg(10, 0, 9, 0), 270);
  assert.equal(positionAngleDeg(359.5, 0, 0.5, 0), 90); // across RA 0
});

test('offsetByPA lands at the requested separation and position angle', () => {
  fc.assert(
    fc.property(
      ra,
      fc.double({ min: -89.9, max: 89.9, noNaN: true }),
      fc.double({ min: 0, max: 360, maxExcluded: true, noNaN: true }),
      fc.double({ min: 1e-3, max: 170 * 3600, noNaN: true }),
      (a, d, pa, sep) => {
        const [a2, d2] = offsetByPA(a, d, pa, sep);
        // Output coordinates are quantised to ~1e-13° (≈ 2e-10″) near RA 360.
        assert.ok(Math.abs(separationArcsec(a, d, a2, d2) - sep) <= 1e-9 * Math.max(1, sep));
        assert.ok(angleDiffDeg(positionAngleDeg(a, d, a2, d2), pa) <= 1e-7 * Math.max(1, 3600 / sep));
      },
    ),
    RUNS,
  );
  const [a, d] = offsetByPA(10, 0, 90, 3600);
  assert.ok(Math.abs(a - 11) < 1e-12 && Math.abs(d) < 1e-12);
  // Over the north pole: 2° north from Dec 89 lands at Dec 89 on the opposite meridian.
  const [pa, pd] = offsetByPA(30, 89, 0, 7200);
  assert.ok(Math.abs(pa - 210) < 1e-9 && Math.abs(pd - 89) < 1e-9);
});

test('tangent-plane offsets: ρ = tan(separation), and the inverse recovers the position', () => {
  fc.assert(
    fc.property(
      ra,
      fc.double({ min: -89, max: 89, noNaN: true }),
      fc.double({ min: 0, max: 360, noNaN: true }),
      fc.double({ min: 1e-3, max: 30 * 3600, noNaN: true }),
      (a0, d0, pa, sep) => {
        const [a, d] = offsetByPA(a0, d0, pa, sep);
        const [dx, dy] = tangentOffsetArcsec(a0, d0, a, d);
        const rhoRad = (Math.hypot(dx, dy) / 3600) * (Math.PI / 180);
        const sepRad = separationRad(
          (a0 * Math.PI) / 180,
          (d0 * Math.PI) / 180,
          (a * Math.PI) / 180,
          (d * Math.PI) / 180,
        );
        assert.ok(Math.abs(rhoRad - Math.tan(sepRad)) <= 1e-12 * Math.tan(sepRad) + 1e-15);
        // The offset points along the position angle: east = sin PA, north = cos PA.
        assert.ok(angleDiffDeg((Math.atan2(dx, dy) * 180) / Math.PI, pa) < 1e-6 * Math.max(1, 3600 / sep));
        const [ba, bd] = tangentOffsetToRadec(a0, d0, dx, dy);
        assert.ok(separationArcsec(a, d, ba, bd) < 1e-9 * Math.max(1, sep));
      },
    ),
    RUNS,
  );
  const [dx, dy] = tangentOffsetArcsec(150, -30, 150 + 1 / 3600 / Math.cos((30 * Math.PI) / 180), -30);
  assert.ok(Math.abs(dx - 1) < 1e-6 && Math.abs(dy) < 1e-5);
  assert.deepEqual(tangentOffsetArcsec(0, 0, 180, 0), [Number.NaN, Number.NaN]);
});

test('chords convert to angles and back, and equal the distance between unit vectors', () => {
  assert.ok(Math.abs(chordFromAngleDeg(60) - 1) < 1e-15);
  assert.equal(chordFromAngleDeg(180), 2);
  fc.assert(
    fc.property(ra, dec, ra, dec, (a1, d1, a2, d2) => {
      const u = radecToUnit(a1, d1);
      const v = radecToUnit(a2, d2);
      const chord = Math.hypot(u[0] - v[0], u[1] - v[1], u[2] - v[2]);
      const sep = separationDeg(a1, d1, a2, d2);
      assert.ok(Math.abs(chordFromAngleDeg(sep) - chord) < 1e-14);
      if (sep < 179) assert.ok(Math.abs(angleDegFromChord(chord) - sep) < 1e-12);
      assert.ok(
        Math.abs(sepArcsecFromChord(chordFromSepArcsec(sep * 3600)) - sep * 3600) < 1e-9 * Math.max(1, sep * 3600),
      );
    }),
    RUNS,
  );
});

test('unit vectors round-trip to (RA, Dec) and the batch equals the single form', () => {
  fc.assert(
    fc.property(ra, fc.double({ min: -89.999, max: 89.999, noNaN: true }), (a, d) => {
      const [x, y, z] = radecToUnit(a, d);
      assert.ok(Math.abs(Math.hypot(x, y, z) - 1) < 1e-15);
      const [ba, bd] = unitToRadec(x, y, z);
      assert.ok(separationArcsec(a, d, ba, bd) < 1e-9);
      const batch = unitVectors(new Float64Array([a]), new Float64Array([d]));
      assert.deepEqual(Array.from(batch), [x, y, z]);
    }),
    RUNS,
  );
  assert.deepEqual(unitToRadec(0, 0, 1), [0, 90]);
});
