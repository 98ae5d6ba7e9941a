// Single-order HEALPix coverage: construction, area, membership, order changes, union.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import {
  ang2pixNest,
  coverageAreaDeg2,
  coverageContains,
  coverageContainsBatch,
  coverageFromPixels,
  coverageFromPositions,
  coverageToOrder,
  coverageUnion,
  FULL_SKY_DEG2,
  pixelAreaDeg2,
} from '../../src/sky/index.js';

const position = fc.tuple(
  fc.double({ min: 0, max: 360, maxExcluded: true, noNaN: true }),
  fc.double({ min: -90, max: 90, noNaN: true }),
);
const positions = fc.array(position, { minLength: 1, maxLength: 60 });

function columns(pts: [number, number][]): [Float64Array, Float64Array] {
  return [Float64Array.from(pts, (p) => p[0]), Float64Array.from(pts, (p) => p[1])];
}

test('coverageFromPositions holds exactly the pixels of the positions, sorted and unique', () => {
  fc.assert(
    fc.property(fc.constantFrom(3, 10, 24, 29), positions, positions, (order, pts, others) => {
      const cov = coverageFromPositions(order, ...columns(pts));
      const oracle = new Set(pts.map(([ra, dec]) => ang2pixNest(order, ra, dec)));
      assert.deepEqual(
        Array.from(cov.pixels),
        [...oracle].sort((a, b) => (a < b ? -1 : 1)),
      );
      assert.ok(Math.abs(coverageAreaDeg2(cov) - oracle.size * pixelAreaDeg2(order)) < 1e-9);
      const [ra, dec] = columns(others);
      const batch = coverageContainsBatch(cov, ra, dec);
      others.forEach(([r, d], i) => {
        const want = oracle.has(ang2pixNest(order, r, d));
        assert.equal(coverageContains(cov, r, d), want);
        assert.equal(batch[i], want ? 1 : 0);
      });
      for (const [r, d] of pts) assert.ok(coverageContains(cov, r, d));
    }),
    { numRuns: 200, seed: 23 },
  );
});

test('coverageToOrder degrades to the parents and refines to the children', () => {
  fc.assert(
    fc.property(positions, (pts) => {
      const fine = coverageFromPositions(29, ...columns(pts));
      const coarse = coverageFromPositions(10, ...columns(pts));
      assert.deepEqual(coverageToOrder(fine, 10), coarse);
      const refined = coverageToOrder(coarse, 12);
      assert.equal(refined.pixels.length, coarse.pixels.length * 16);
      assert.ok(Math.abs(coverageAreaDeg2(refined) - coverageAreaDeg2(coarse)) < 1e-9);
      assert.deepEqual(coverageToOrder(refined, 10), coarse);
    }),
    { numRuns: 100, seed: 29 },
  );
});

test('coverageUnion contains exactly what either input contains, at the finer order', () => {
  fc.assert(
    fc.property(positions, positions, positions, (a, b, probes) => {
      const ca = coverageFromPositions(6, ...columns(a));
      const cb = coverageFromPositions(9, ...columns(b));
      const u = coverageUnion(ca, cb);
      assert.equal(u.order, 9);
      for (let i = 1; i < u.pixels.length; i++) assert.ok(u.pixels[i - 1] < u.pixels[i]);
      for (const [r, d] of [...a, ...b, ...probes]) {
        assert.equal(coverageContains(u, r, d), coverageContains(ca, r, d) || coverageContains(cb, r, d));
      }
    }),
    { numRuns: 100, seed: 31 },
  );
});

test('the 12 base pixels cover the whole sky; out-of-range pixels are refused', () => {
  const all = coverageFromPixels(0, [11n, 3n, 0n, 1n, 2n, 4n, 5n, 6n, 7n, 8n, 9n, 10n, 3n]);
  assert.equal(all.pixels.length, 12);
  assert.ok(Math.abs(coverageAreaDeg2(all) - FULL_SKY_DEG2) < 1e-9);
  assert.throws(() => coverageFromPixels(0, [12n]), RangeError);
});
