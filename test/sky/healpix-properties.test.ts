// Property tests (bounded, seeded) of the HEALPix schemes at every order 0–29.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { xyfToNestBig } from '../../src/sky/healpix-bits.js';
import {
  ang2pixNest,
  ang2pixRing,
  FULL_SKY_DEG2,
  neighboursNest,
  nest2ring,
  pix2angNest,
  pix2angRing,
  pixelAreaDeg2,
  ring2nest,
} from '../../src/sky/index.js';

const orderAndPixel = fc
  .integer({ min: 0, max: 29 })
  .chain((order) => fc.tuple(fc.constant(order), fc.bigInt({ min: 0n, max: (12n << BigInt(2 * order)) - 1n })));

// Pixels on base-pixel edges and corners, where the schemes' special cases live.
const edgePixel = fc.integer({ min: 0, max: 29 }).chain((order) => {
  const n = 2 ** order;
  const coord = fc.oneof(fc.constant(0), fc.constant(n - 1), fc.integer({ min: 0, max: n - 1 }));
  return fc
    .tuple(fc.integer({ min: 0, max: 11 }), coord, coord)
    .map(([face, ix, iy]): [number, bigint] => [order, xyfToNestBig(order, ix, iy, face)]);
});
const anyPixel = fc.oneof(orderAndPixel, edgePixel);

test('nest2ring and ring2nest are inverse bijections at random orders', () => {
  fc.assert(
    fc.property(anyPixel, ([order, pix]) => {
      const ring = nest2ring(order, pix);
      assert.ok(ring >= 0n && ring < 12n << BigInt(2 * order));
      assert.equal(ring2nest(order, ring), pix);
      assert.equal(nest2ring(order, ring2nest(order, pix)), pix);
    }),
    { numRuns: 3000, seed: 7 },
  );
});

test('pix2ang then ang2pix returns the same pixel in both schemes', () => {
  fc.assert(
    fc.property(anyPixel, ([order, pix]) => {
      const [ra, dec] = pix2angNest(order, pix);
      assert.equal(ang2pixNest(order, ra, dec), pix);
      const [rra, rdec] = pix2angRing(order, pix);
      assert.equal(ang2pixRing(order, rra, rdec), pix);
    }),
    { numRuns: 3000, seed: 11 },
  );
});

test('the first and last pixels and the pole pixels round-trip at order 29', () => {
  const last = 12n * 4n ** 29n - 1n;
  for (const pix of [0n, 1n, last - 1n, last, 4n ** 29n * 4n, 4n ** 29n * 8n - 1n]) {
    assert.equal(ring2nest(29, nest2ring(29, pix)), pix);
    const [ra, dec] = pix2angNest(29, pix);
    assert.equal(ang2pixNest(29, ra, dec), pix);
  }
  // The ring scheme starts at the north pole and ends at the south pole.
  assert.equal(ang2pixRing(29, 10, 90), 0n);
  assert.equal(ang2pixRing(29, 350, -90), last);
});

test('neighbour relations are symmetric: each neighbour lists the pixel among its own', () => {
  fc.assert(
    fc.property(anyPixel, ([order, pix]) => {
      const nb = neighboursNest(order, pix);
      const missing = nb.filter((p) => p < 0n).length;
      // Only the 8 face corners where three base pixels meet lack one neighbour (order 0: two).
      assert.ok(missing <= (order === 0 ? 2 : 1));
      for (const p of nb) {
        if (p >= 0n) assert.ok(neighboursNest(order, p).includes(pix), `order ${order}: ${p} does not list ${pix}`);
      }
    }),
    { numRuns: 1500, seed: 13 },
  );
});

test('pixel areas add up to the full sky', () => {
  for (const order of [0, 10, 29]) {
    assert.ok(Math.abs(pixelAreaDeg2(order) * 12 * 4 ** order - FULL_SKY_DEG2) < 1e-9);
  }
  assert.ok(Math.abs(FULL_SKY_DEG2 - 41252.96124941928) < 1e-9);
});
