import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, test } from 'node:test';
import {
  binomialUpperLimit,
  cutoffs,
  fakePositions,
  primaryPAny,
  shiftedPositions,
} from '../../src/assoc/calibrate.js';
import { separationArcsec } from '../../src/assoc/sphere.js';
import { runCutoff, runFake } from '../../src/cli/commands/calibrate.js';
import { runMatch } from '../../src/cli/commands/match.js';
import { readTable } from '../../src/io/index.js';

const COSMOS = resolve(process.cwd(), '../shared/reference/nway/cosmoslike/input');
const dir = mkdtempSync(join(tmpdir(), 'mmassoc-cal-'));
after(() => rmSync(dir, { recursive: true, force: true }));
process.env.MMASSOC_QUIET = '1';

test('fake positions: ≥ R from every real source, deterministic per seed, fine on a 3-source catalogue', () => {
  // Sparse: NWAY's create-fake-catalogue fails on such inputs (issue #20).
  const ra = Float64Array.from([10, 10.02, 200]);
  const dec = Float64Array.from([-55, -55.01, 30]);
  const r = 40;
  const a = fakePositions(ra, dec, { radiusArcsec: r, seed: 7, copies: 4 });
  const b = fakePositions(ra, dec, { radiusArcsec: r, seed: 7, copies: 4 });
  const c = fakePositions(ra, dec, { radiusArcsec: r, seed: 8, copies: 4 });
  assert.equal(a.raDeg.length, 12);
  assert.deepEqual(Array.from(a.raDeg), Array.from(b.raDeg));
  assert.notDeepEqual(Array.from(a.raDeg), Array.from(c.raDeg));
  for (let i = 0; i < a.raDeg.length; i++) {
    for (let j = 0; j < ra.length; j++) assert.ok(separationArcsec(a.raDeg[i], a.decDeg[i], ra[j], dec[j]) >= r);
    // Within the annulus [2R, 2R + 10R] of its own source.
    const d = separationArcsec(a.raDeg[i], a.decDeg[i], ra[a.sourceRow[i]], dec[a.sourceRow[i]]);
    assert.ok(d >= 2 * r - 1e-6 && d <= 12 * r + 1e-6, `${d}`);
  }
});

test('shifted positions move by an arc on the sky and drop those landing near a real source', () => {
  const ra = Float64Array.from([150, 150 + 60 / 3600 / Math.cos((60 * Math.PI) / 180)]);
  const dec = Float64Array.from([60, 60]);
  // Shifting source 0 by 60″ east lands on source 1: dropped; source 1 moves to empty sky.
  const s = shiftedPositions(ra, dec, 60, 0, 20);
  assert.deepEqual(Array.from(s.sourceRow), [1]);
  assert.ok(Math.abs(separationArcsec(s.raDeg[0], s.decDeg[0], ra[1], dec[1]) - 60) < 1e-6);
});

test('Clopper–Pearson upper limits solve P(X ≤ k | p) = 0.05', () => {
  assert.ok(Math.abs(binomialUpperLimit(0, 50) - (1 - 0.05 ** (1 / 50))) < 1e-9);
  for (const [k, n] of [
    [3, 40],
    [5, 100],
    [17, 300],
  ]) {
    const p = binomialUpperLimit(k, n);
    // Direct binomial sum, independently of the incomplete beta function.
    let cdf = 0;
    let term = (1 - p) ** n;
    for (let i = 0; i <= k; i++) {
      cdf += term;
      term *= ((n - i) / (i + 1)) * (p / (1 - p));
    }
    assert.ok(Math.abs(cdf - 0.05) < 1e-8, `k=${k} n=${n}: P = ${cdf}`);
  }
});

test('cut-offs: the smallest cut whose fake rate is ≤ the target, exact over the data', () => {
  const fake = Float64Array.from([0.05, 0.1, 0.2, 0.3, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95]);
  const real = Float64Array.from([0.1, 0.85, 0.92, 0.97, 0.99]);
  const [r10, r30] = cutoffs(real, fake, [0.1, 0.3]);
  // 1 of 10 fakes above 0.9 → 10%; 3 above 0.7 → 30%.
  assert.equal(r10.cut, 0.9);
  assert.equal(r10.nFalse, 1);
  assert.equal(r10.efficiency, 0.6);
  assert.equal(r30.cut, 0.7);
  assert.equal(r30.efficiency, 0.8);
});

test("calibrate on the COSMOS-like set: fake primaries give NWAY's documented cut-offs (±0.05) with 5 copies", async () => {
  const fake = join(dir, 'fake.fits');
  const n = await runFake(join(COSMOS, 'XMMsub.fits'), fake, { radiusArcsec: 30, seed: 3, copies: 5 });
  assert.equal(n, 5 * 309);
  const real = join(dir, 'real.fits');
  const fakeOut = join(dir, 'fakeout.fits');
  const opt = `${join(COSMOS, 'OPT.fits')}:err=0.1`;
  await runMatch({ out: real, radiusArcsec: 15, priorCompleteness: 0.9, catalogs: [join(COSMOS, 'XMMsub.fits'), opt] });
  await runMatch({ out: fakeOut, radiusArcsec: 15, priorCompleteness: 0.9, catalogs: [fake, opt] });
  assert.equal(primaryPAny(await readTable(real)).length, 309);
  assert.equal(primaryPAny(await readTable(fakeOut)).length, 5 * 309);
  const orig = process.stdout.write.bind(process.stdout);
  process.stdout.write = (() => true) as typeof process.stdout.write;
  let rows: Awaited<ReturnType<typeof runCutoff>>;
  try {
    rows = await runCutoff(real, fakeOut, { rates: [0.01, 0.03, 0.05, 0.1] });
  } finally {
    process.stdout.write = orig;
  }
  // NWAY's doc (design/nway.md §6, example2 on the real COSMOS data at the same densities):
  // p_any > 0.82 / 0.77 / 0.74 / 0.67 for 1 / 3 / 5 / 10 % false.
  const nway = [0.82, 0.77, 0.74, 0.67];
  rows.forEach((r, i) => {
    assert.ok(Math.abs(r.cut - nway[i]) < 0.05, `rate ${r.rate}: cut ${r.cut} vs NWAY ${nway[i]}`);
  });
});
