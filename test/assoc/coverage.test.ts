import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, test } from 'node:test';
import {
  autoCoverageOrder,
  coverageFromSources,
  coverageMap,
  decodeUniq,
  encodeUniq,
  estimateAreaDeg2,
  readCoverage,
} from '../../src/assoc/coverage.js';
import { runMatch } from '../../src/cli/commands/match.js';
import { UserError } from '../../src/errors.js';
import { readTable, writeTable } from '../../src/io/index.js';
import { RandomStream } from '../../src/random/index.js';
import { ang2pixNest } from '../../src/sky/index.js';
import { column, Table } from '../../src/table/index.js';

const FULL_SKY_DEG2 = (4 * Math.PI * 180 * 180) / (Math.PI * Math.PI);
const dir = mkdtempSync(join(tmpdir(), 'mmassoc-cov-'));
after(() => rmSync(dir, { recursive: true, force: true }));
process.env.MMASSOC_QUIET = '1';

/** healpy's ang2pix (NESTED) for random points at several orders (shared/reference/fixtures). */
function fixture(): { order: number; ra: number; dec: number; nest: bigint; ring: bigint }[] {
  const text = readFileSync(resolve(process.cwd(), '../shared/reference/fixtures/healpix_ang2pix.csv'), 'utf8');
  return text
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split(','))
    .filter((_, i) => i % 97 === 0)
    .map(([o, ra, dec, nest, ring]) => ({
      order: Number(o),
      ra: Number(ra),
      dec: Number(dec),
      nest: BigInt(nest),
      ring: BigInt(ring),
    }));
}

test('NUNIQ encoding (IVOA MOC 1.1 §3.2: uniq = 4·4^order + ipix)', () => {
  assert.deepEqual(decodeUniq(4n), { order: 0, pixel: 0n });
  assert.deepEqual(decodeUniq(15n), { order: 0, pixel: 11n });
  assert.deepEqual(decodeUniq(16n), { order: 1, pixel: 0n });
  assert.deepEqual(decodeUniq(63n), { order: 1, pixel: 47n });
  const max29 = 12n * 4n ** 29n - 1n;
  assert.deepEqual(decodeUniq(encodeUniq(29, max29)), { order: 29, pixel: max29 });
  assert.throws(() => decodeUniq(3n), RangeError);
});

test('a MOC FITS file (UNIQ column) contains the points healpy puts in its cells, and nothing else', async () => {
  const pts = fixture();
  const uniq = BigInt64Array.from(pts.map((p) => encodeUniq(p.order, p.nest)));
  const path = join(dir, 'moc.fits');
  await writeTable(
    path,
    new Table([column('UNIQ', uniq)], { name: 'MOC', keywords: { MOCORDER: 29, ORDERING: 'NUNIQ', COORDSYS: 'C' } }),
  );
  const cov = await readCoverage(path);
  for (const p of pts) assert.ok(cov.contains(p.ra, p.dec), `order ${p.order} pixel ${p.nest}`);
  // The antipode of a fine cell's point is outside unless a coarse cell covers it.
  let outside = 0;
  for (const p of pts.filter((q) => q.order >= 8)) {
    const ra = (p.ra + 180) % 360;
    const dec = -p.dec;
    const inCoarse = pts.some((q) => q.nest === ang2pixNest(q.order, ra, dec));
    if (!inCoarse) {
      assert.equal(cov.contains(ra, dec), false);
      outside++;
    }
  }
  assert.ok(outside > 10);
});

test('coverage area: pixel areas 4π/(12·4^order) sr, nested cells counted once', () => {
  const cov = coverageMap(
    new Map([
      [0, [3n]],
      [2, [3n * 16n + 5n, 100n]], // the first lies inside order-0 pixel 3 (and is dropped), the second does not
    ]),
    'test',
  );
  assert.ok(Math.abs(cov.areaDeg2 - (FULL_SKY_DEG2 / 12 + FULL_SKY_DEG2 / 192)) < 1e-9);
  const fromSources = coverageFromSources(Float64Array.from([10, 10.001, -99]), Float64Array.from([-55, -55, 0]), 6);
  assert.ok(Math.abs(fromSources.areaDeg2 - FULL_SKY_DEG2 / (12 * 4 ** 6)) < 1e-12);
  assert.ok(fromSources.contains(10, -55));
});

test('a CSV pixel list with "# ORDER = n" (or a RING list) reads as NESTED cells; bad files are UserErrors', async () => {
  const pts = fixture().filter((p) => p.order === 5);
  const path = join(dir, 'pix.csv');
  writeFileSync(path, `# ORDER = 5\nipix\n${pts.map((p) => p.nest).join('\n')}\n`);
  const cov = await readCoverage(path);
  for (const p of pts) assert.ok(cov.contains(p.ra, p.dec));
  assert.ok(Math.abs(cov.areaDeg2 - (new Set(pts.map((p) => p.nest)).size * FULL_SKY_DEG2) / (12 * 4 ** 5)) < 1e-9);
  const ringPath = join(dir, 'ring.fits');
  await writeTable(
    ringPath,
    new Table([column('IPIX', BigInt64Array.from(pts.map((p) => p.ring)))], {
      keywords: { ORDER: 5, ORDERING: 'RING' },
    }),
  );
  const ring = await readCoverage(ringPath);
  for (const p of pts) assert.ok(ring.contains(p.ra, p.dec));
  assert.equal(ring.areaDeg2, cov.areaDeg2);
  const noOrder = join(dir, 'noorder.csv');
  writeFileSync(noOrder, 'ipix\n1\n2\n');
  await assert.rejects(
    readCoverage(noOrder),
    (e: unknown) => e instanceof UserError && /ORDER/.test(e.message) && e.message.includes(noOrder),
  );
  const badPix = join(dir, 'badpix.csv');
  writeFileSync(badPix, '# ORDER = 0\nipix\n12\n');
  await assert.rejects(readCoverage(badPix), (e: unknown) => e instanceof UserError && /row 1/.test(e.message));
});

test('match flags primaries outside a secondary footprint (covered_<NAME>)', async () => {
  const prim = join(dir, 'p.fits');
  const sec = join(dir, 's.fits');
  const ra = Float64Array.from([150, 150.01]);
  const dec = Float64Array.from([2, 2]);
  await writeTable(
    prim,
    new Table(
      [
        column('ID', Int32Array.from([1, 2])),
        column('RA', ra),
        column('DEC', dec),
        column('pos_err', Float64Array.from([1, 1])),
      ],
      { name: 'P', skyAreaDeg2: 1 },
    ),
  );
  await writeTable(
    sec,
    new Table(
      [
        column('ID', Int32Array.from([7])),
        column('RA', Float64Array.from([150 + 1 / 3600])),
        column('DEC', Float64Array.from([2])),
        column('pos_err', Float64Array.from([0.5])),
      ],
      { name: 'S', skyAreaDeg2: 1 },
    ),
  );
  // The footprint: the order-14 cell (≈13″) of primary 1 only; primary 2 is 36″ away.
  const moc = join(dir, 's-moc.csv');
  writeFileSync(moc, `uniq\n${encodeUniq(14, ang2pixNest(14, 150, 2))}\n`);
  const out = join(dir, 'cov.csv');
  await runMatch({ out, radiusArcsec: 10, catalogs: [prim, `${sec}:coverage=${moc}`] });
  const t = await readTable(out);
  const id = t.float64('P_ID');
  const cov = t.float64('covered_S');
  for (let i = 0; i < t.nrows; i++) assert.equal(cov[i], id[i] === 1 ? 1 : 0);
});

test('sky area from the sources: density in interior pixels, not the inflated occupied-pixel area', () => {
  const rng = new RandomStream(11);
  // 2000 and 20 000 sources uniform in a 10° × 10° box at the equator: area 10·2 sin 5° · 180/π deg².
  const s = Math.sin((5 * Math.PI) / 180);
  const trueArea = (10 * 2 * s * 180) / Math.PI;
  for (const n of [2000, 20000]) {
    const ra = Float64Array.from({ length: n }, () => 100 + (rng.uniform() - 0.5) * 10);
    const dec = Float64Array.from({ length: n }, () => (Math.asin((2 * rng.uniform() - 1) * s) * 180) / Math.PI);
    const order = autoCoverageOrder(ra, dec);
    const est = estimateAreaDeg2(ra, dec, order).areaDeg2;
    const occupied = coverageFromSources(ra, dec, order).areaDeg2;
    assert.ok(Math.abs(est / trueArea - 1) < 0.05, `n=${n}: ${est} vs ${trueArea}`);
    assert.ok(Math.abs(est - trueArea) < Math.abs(occupied - trueArea), `n=${n}: occupied ${occupied}`);
  }
});
