// Acceptance 3 of issue 4: the redshift distribution of SPT-DSFG-like galaxies (S_220 > 20 mJy,
// z > 0.5) against the 81 spectroscopic redshifts of Reuter et al. 2020 (test/fixtures), and the
// one-sample test statistics used for it (src/science/one-sample-tests.ts) against tabulated critical values.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { countAbove, expectedGalaxyCounts } from '../../src/model/expected-counts.js';
import { buildGalaxyModel } from '../../src/model/galaxy-model.js';
import { resolveParams } from '../../src/model/params.js';
import { adInfCdf, oneSampleTests, shellRedshiftCdf } from '../../src/science/one-sample-tests.js';
import { reuterRedshifts } from './reuter.js';

test('KS and Anderson–Darling p-values reproduce the tabulated critical values', () => {
  // Asymptotic AD: 90 / 95 / 99 % points 1.933 / 2.492 / 3.857 (Stephens 1974, case 0).
  assert.ok(Math.abs(adInfCdf(1.933) - 0.9) < 1e-3);
  assert.ok(Math.abs(adInfCdf(2.492) - 0.95) < 1e-3);
  assert.ok(Math.abs(adInfCdf(3.857) - 0.99) < 1.5e-3);
  // KS: a sample whose largest CDF gap is D has p = Q((√n + 0.12 + 0.11/√n) D); the 5 % point of the
  // Kolmogorov distribution is λ = 1.3581. Evenly spaced quantiles shifted to give that λ exactly.
  const n = 81;
  const lambda = 1.3581;
  const d = lambda / (Math.sqrt(n) + 0.12 + 0.11 / Math.sqrt(n));
  const x = Array.from({ length: n }, (_, i) => (i + 1) / n - d);
  const r = oneSampleTests(x, (v) => Math.min(Math.max(v, 0), 1));
  assert.ok(Math.abs(r.ksD - d) < 1e-12, `D ${r.ksD} vs ${d}`);
  assert.ok(Math.abs(r.ksP - 0.05) < 1e-3, `p ${r.ksP}`);
});

test('Reuter et al. 2020 fixture: 81 redshifts, median 3.9 as published', () => {
  const z = reuterRedshifts().sort((a, b) => a - b);
  assert.equal(z.length, 81);
  assert.equal(z[40], 3.9);
  assert.ok(z[0] > 1.8 && z[80] < 7);
});

test('S_220 > 20 mJy galaxies at z > 0.5: z distribution consistent with Reuter+2020, mostly lensed', () => {
  const params = resolveParams();
  const m = buildGalaxyModel(params, ['spt220']);
  const per = new Float64Array(m.nShells);
  const all = expectedGalaxyCounts(m, ['spt220'], { perShell: { band: 'spt220', sMinMJy: 20, out: per } });
  const lensed = expectedGalaxyCounts(m, ['spt220'], { muMin: 2 });
  const { cdf } = shellRedshiftCdf(m.zLo, m.zHi, per, 0.5);
  const t = oneSampleTests(reuterRedshifts(), cdf);
  console.log(`KS D ${t.ksD.toFixed(3)} p ${t.ksP.toFixed(3)}; AD A² ${t.ad.toFixed(2)} p ${t.adP.toFixed(3)}`);
  assert.ok(t.ksP > 0.05 && t.adP > 0.05, `KS p ${t.ksP}, AD p ${t.adP}`);
  const fl = countAbove(lensed.get('spt220') as never, 20) / countAbove(all.get('spt220') as never, 20);
  assert.ok(fl > 0.5, `lensed fraction ${fl}`);
});
