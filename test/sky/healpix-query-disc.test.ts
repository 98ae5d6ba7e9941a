// queryDisc against healpy's query_disc (fixture) and against brute force.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import {
  ang2pixNest,
  offsetByPA,
  pix2angNest,
  pix2angNestNumber,
  queryDiscNest,
  queryDiscNestNumber,
  separationDeg,
} from '../../src/sky/index.js';
import { readFixture } from './fixtures.js';

const rows = readFixture('healpix_query_disc_nest.csv').map((r) => ({
  order: Number(r.order),
  ra: Number(r.ra_deg),
  dec: Number(r.dec_deg),
  radius: Number(r.radius_deg),
  inclusive: r.inclusive === '1',
  pixels: r.pixels.trim().split(' ').map(BigInt),
}));

test('queryDiscNest(…, {inclusive: false}) returns exactly healpy’s set (pixel centres inside the disc), sorted', () => {
  for (const r of rows.filter((x) => !x.inclusive)) {
    const got = queryDiscNest(r.order, r.ra, r.dec, r.radius);
    assert.deepEqual(
      got,
      [...r.pixels].sort((a, b) => (a < b ? -1 : 1)),
      `disc ${r.order} (${r.ra}, ${r.dec}) r=${r.radius}`,
    );
    assert.deepEqual(Array.from(queryDiscNestNumber(r.order, r.ra, r.dec, r.radius)), got.map(Number));
  }
});

/** Whether a pixel touches the disc, judged by its 4^5 sub-pixel centres. */
function overlaps(order: number, pix: bigint, ra: number, dec: number, radiusDeg: number): boolean {
  const sub = 5;
  const first = Number(pix) * 4 ** sub;
  for (let k = 0; k < 4 ** sub; k++) {
    const [pra, pdec] = pix2angNestNumber(order + sub, first + k);
    if (separationDeg(ra, dec, pra, pdec) <= radiusDeg) return true;
  }
  return false;
}

test('queryDiscNest(…, {inclusive: true}) holds the exact set and every pixel of healpy’s inclusive set that overlaps the disc', () => {
  for (const r of rows.filter((x) => x.inclusive)) {
    const got = queryDiscNest(r.order, r.ra, r.dec, r.radius, { inclusive: true });
    const have = new Set(got);
    for (const p of queryDiscNest(r.order, r.ra, r.dec, r.radius)) assert.ok(have.has(p));
    let overlapping = 0;
    for (const p of r.pixels) {
      if (overlaps(r.order, p, r.ra, r.dec, r.radius)) {
        overlapping++;
        assert.ok(have.has(p), `pixel ${p} overlaps disc ${r.order} (${r.ra}, ${r.dec}) r=${r.radius}`);
      }
    }
    assert.ok(overlapping > 0);
    // Conservative, but not wastefully so.
    assert.ok(got.length <= 2 * r.pixels.length, `${got.length} pixels vs healpy ${r.pixels.length}`);
    assert.deepEqual(
      Array.from(queryDiscNestNumber(r.order, r.ra, r.dec, r.radius, { inclusive: true })),
      got.map(Number),
    );
  }
});

test('exact query_disc equals a brute-force scan of all pixel centres; inclusive holds every sampled point of the disc', () => {
  const order = 5;
  const npix = 12 * 4 ** order;
  const centres = Array.from({ length: npix }, (_, p) => pix2angNestNumber(order, p));
  fc.assert(
    fc.property(
      fc.double({ min: 0, max: 360, maxExcluded: true, noNaN: true }),
      fc.double({ min: -90, max: 90, noNaN: true }),
      fc.double({ min: 0.5, max: 25, noNaN: true }),
      fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 360, noNaN: true })), {
        minLength: 20,
        maxLength: 20,
      }),
      (ra, dec, radius, samples) => {
        const want: number[] = [];
        for (let p = 0; p < npix; p++) {
          if (separationDeg(ra, dec, centres[p][0], centres[p][1]) <= radius) want.push(p);
        }
        const got = queryDiscNestNumber(order, ra, dec, radius);
        // Centres within 1e-12 deg of the rim may fall either side.
        const rim = (p: number) => Math.abs(separationDeg(ra, dec, centres[p][0], centres[p][1]) - radius) < 1e-12;
        assert.deepEqual(
          Array.from(got).filter((p) => !rim(p)),
          want.filter((p) => !rim(p)),
        );
        const inclusive = new Set(queryDiscNest(order + 3, ra, dec, radius, { inclusive: true }));
        for (const [u, pa] of samples) {
          const [sra, sdec] = offsetByPA(ra, dec, pa, Math.sqrt(u) * radius * 0.999999 * 3600);
          assert.ok(inclusive.has(ang2pixNest(order + 3, sra, sdec)));
        }
      },
    ),
    { numRuns: 40, seed: 20260101 },
  );
});

test('discs centred on base-pixel corners (3 faces meet), on the poles and on the equator match brute force', () => {
  const order = 6;
  const npix = 12 * 4 ** order;
  const centres = Array.from({ length: npix }, (_, p) => pix2angNestNumber(order, p));
  const corner = (Math.asin(2 / 3) * 180) / Math.PI;
  for (const [ra, dec] of [
    [0, corner],
    [90, -corner],
    [45, 90],
    [300, -90],
    [0, 0],
    [45, 0],
    [359.99, 0.01],
  ]) {
    for (const radius of [0.1, 0.9, 2, 10]) {
      const want: number[] = [];
      for (let p = 0; p < npix; p++) if (separationDeg(ra, dec, centres[p][0], centres[p][1]) <= radius) want.push(p);
      assert.deepEqual(Array.from(queryDiscNestNumber(order, ra, dec, radius)), want, `(${ra}, ${dec}) r=${radius}`);
      const inclusive = new Set(queryDiscNestNumber(order, ra, dec, radius, { inclusive: true }));
      for (const p of want) assert.ok(inclusive.has(p));
      // The pixel holding the centre and the pixels of points on the rim overlap the disc.
      for (let pa = 0; pa < 360; pa += 15) {
        const [rra, rdec] = offsetByPA(ra, dec, pa, radius * 3600 * 0.999999);
        assert.ok(inclusive.has(Number(ang2pixNest(order, rra, rdec))), `rim point at PA ${pa}`);
      }
    }
  }
});

test('queryDiscNest works at order 29 around a pole and stays sorted', () => {
  const got = queryDiscNest(29, 12.5, -89.9999999, 1e-6, { inclusive: true });
  assert.ok(got.length > 10);
  for (let i = 1; i < got.length; i++) assert.ok(got[i - 1] < got[i]);
  assert.ok(got.includes(ang2pixNest(29, 12.5, -89.9999999)));
  for (const p of queryDiscNest(29, 12.5, -89.9999999, 1e-6)) {
    const [pra, pdec] = pix2angNest(29, p);
    assert.ok(separationDeg(12.5, -89.9999999, pra, pdec) <= 1e-6);
  }
});

test('queryDiscNest refuses a disc with more pixels than maxPixels', () => {
  assert.throws(() => queryDiscNest(20, 0, 0, 10), RangeError);
});
