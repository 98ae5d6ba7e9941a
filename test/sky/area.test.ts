// Box and pixel areas: analytic values, boxForArea's exact area, and a numerical HEALPix sum.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { UserError } from '../../src/errors.js';
import {
  boxAreaDeg2,
  boxForArea,
  FULL_SKY_DEG2,
  pix2angNestNumber,
  pixelAreaDeg2,
  raWidthDeg,
} from '../../src/sky/index.js';

test('boxAreaDeg2 gives the whole sky, a hemisphere, and wraps RA through 0', () => {
  assert.ok(Math.abs(boxAreaDeg2(0, 360, -90, 90) - FULL_SKY_DEG2) < 1e-9);
  assert.ok(Math.abs(boxAreaDeg2(0, 360, 0, 90) - FULL_SKY_DEG2 / 2) < 1e-9);
  assert.equal(boxAreaDeg2(350, 10, -5, 5), boxAreaDeg2(0, 20, -5, 5));
  assert.equal(raWidthDeg(350, 10), 20);
  // A 1°×1° box on the equator: (π/180)·2 sin(0.5°) sr.
  const expected = (Math.PI / 180) * 2 * Math.sin(Math.PI / 360) * (180 / Math.PI) ** 2;
  assert.ok(Math.abs(boxAreaDeg2(10, 11, -0.5, 0.5) - expected) < 1e-13);
  assert.throws(() => boxAreaDeg2(0, 10, 5, -5), UserError);
  assert.throws(() => boxAreaDeg2(0, 10, -95, 5), UserError);
});

test('boxForArea returns a box of exactly the requested area, centred and square at its centre', () => {
  fc.assert(
    fc.property(
      fc.double({ min: 0, max: 360, maxExcluded: true, noNaN: true }),
      fc.double({ min: -75, max: 75, noNaN: true }),
      fc.double({ min: 1e-4, max: 800, noNaN: true }), // half-height ≤ 15°: never reaches a pole
      (ra, dec, area) => {
        const b = boxForArea(ra, dec, area);
        const got = boxAreaDeg2(b.raMinDeg, b.raMaxDeg, b.decMinDeg, b.decMaxDeg);
        assert.ok(Math.abs(got - area) <= 1e-9 * area, `${got} vs ${area}`);
        assert.ok(Math.abs((b.decMinDeg + b.decMaxDeg) / 2 - dec) < 1e-9);
        const width = raWidthDeg(b.raMinDeg, b.raMaxDeg);
        const mid = b.raMinDeg + width / 2;
        assert.ok(Math.abs(((mid - ra + 540) % 360) - 180) < 1e-9);
        // Square on the sky at the centre: Δα·cos δ0 = Δδ.
        const height = b.decMaxDeg - b.decMinDeg;
        assert.ok(Math.abs(width * Math.cos((dec * Math.PI) / 180) - height) < 1e-9 * Math.max(1, height));
      },
    ),
    { numRuns: 1000, seed: 17 },
  );
  const b = boxForArea(0, 0, 100);
  assert.ok(b.raMinDeg > 354 && b.raMaxDeg < 6, 'a box around RA 0 wraps');
});

test('boxForArea falls back to a full-RA band of the same area near the poles and for huge areas', () => {
  for (const [ra, dec, area] of [
    [10, 85, 100],
    [10, -89, 5],
    [200, -60, 20000],
    [0, 0, FULL_SKY_DEG2],
  ]) {
    const b = boxForArea(ra, dec, area);
    assert.equal(b.raMinDeg, 0);
    assert.equal(b.raMaxDeg, 360);
    assert.ok(b.decMinDeg >= -90 && b.decMaxDeg <= 90);
    assert.ok(Math.abs(boxAreaDeg2(0, 360, b.decMinDeg, b.decMaxDeg) - area) <= 1e-9 * area);
  }
  assert.throws(() => boxForArea(0, 0, 0), UserError);
  assert.throws(() => boxForArea(0, 0, 50000), UserError);
  assert.throws(() => boxForArea(0, 95, 1), UserError);
});

test('box areas agree with the summed area of HEALPix pixels whose centres fall in the box', () => {
  const order = 8;
  const npix = 12 * 4 ** order;
  const ra = new Float64Array(npix);
  const dec = new Float64Array(npix);
  for (let p = 0; p < npix; p++) [ra[p], dec[p]] = pix2angNestNumber(order, p);
  const side = Math.sqrt(pixelAreaDeg2(order));
  const boxes = [
    [0, 360, -90, -60],
    [340, 25, -30, -5],
    [100, 160, 10, 40],
    [20, 60, -75, -45],
    [200, 330, -10, 70],
  ];
  for (const [r0, r1, d0, d1] of boxes) {
    const width = raWidthDeg(r0, r1);
    let n = 0;
    for (let p = 0; p < npix; p++) {
      if (dec[p] >= d0 && dec[p] <= d1 && (ra[p] - r0 + 360) % 360 <= width) n++;
    }
    const summed = n * pixelAreaDeg2(order);
    const exact = boxAreaDeg2(r0, r1, d0, d1);
    // Each edge misplaces at most half a pixel row along its length.
    const perimeter = 2 * (d1 - d0) + width * (Math.cos((d0 * Math.PI) / 180) + Math.cos((d1 * Math.PI) / 180));
    assert.ok(
      Math.abs(summed - exact) <= 0.5 * perimeter * side,
      `box ${r0}..${r1} × ${d0}..${d1}: ${summed} vs ${exact}`,
    );
  }
});
