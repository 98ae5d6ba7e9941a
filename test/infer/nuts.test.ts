import assert from 'node:assert/strict';
import { test } from 'node:test';
import { essMean, rhat } from '../../src/infer/diagnostics.js';
import { type SampleResult, sample } from '../../src/infer/sampler.js';
import { parameterChains, summarise } from '../../src/infer/summary.js';
import {
  correlatedGaussian,
  eightSchoolsNonCentred,
  eightSchoolsReference,
  gridMoments2d,
  iidNormal,
  logisticRegression,
  nealsFunnelNonCentred,
} from './targets.js';

function divergences(r: SampleResult): number {
  return r.chains.reduce((s, c) => s + c.divergent.reduce((a, b) => a + b, 0), 0);
}

/**
 * Checks a coordinate's mean against the truth within 4.5 Monte-Carlo standard errors
 * (sd/√ESS; 4.5σ keeps the family-wise false-alarm rate below 1e-3 over 100 coordinates)
 * and its sd within the sd's own Monte-Carlo error (≈ sd·√(1/(2·ESS)) for near-Gaussian margins, ×5 + 2%).
 */
function checkMoments(r: SampleResult, j: number, trueMean: number, trueSd: number, label: string): void {
  const chains = parameterChains(r, j);
  const s = summarise(chains, label);
  const ess = essMean(chains);
  const mcse = s.sd / Math.sqrt(ess);
  assert.ok(Math.abs(s.mean - trueMean) < 4.5 * mcse, `${label}: mean ${s.mean} vs ${trueMean} (MCSE ${mcse})`);
  assert.ok(
    Math.abs(s.sd / trueSd - 1) < 5 * Math.sqrt(1 / (2 * s.essBulk)) + 0.02,
    `${label}: sd ${s.sd} vs ${trueSd}`,
  );
  assert.ok(s.rhat < 1.01, `${label}: R-hat ${s.rhat}`);
}

test('100-d iid normal: every coordinate has mean 0 and sd 1, R-hat < 1.01, no divergences', () => {
  const t = iidNormal(100);
  const r = sample(t.logDensity, t.dim, { chains: 4, warmup: 500, draws: 1000, seed: 1 });
  assert.equal(divergences(r), 0);
  for (let j = 0; j < t.dim; j++) checkMoments(r, j, 0, 1, `x${j}`);
});

test('50-d correlated Gaussian with a dense mass matrix recovers the means and marginal sds', () => {
  const t = correlatedGaussian(50, 0.9);
  const r = sample(t.logDensity, t.dim, { chains: 4, warmup: 1000, draws: 1000, seed: 2, metric: 'dense' });
  assert.equal(divergences(r), 0);
  for (let j = 0; j < t.dim; j++) checkMoments(r, j, t.mean![j], t.sd![j], `x${j}`);
  // The adapted inverse mass matrix approaches the true covariance (a check that dense adaptation works).
  const m = r.chains[0].inverseMass;
  const rel = Math.abs(m[0 * 50 + 1] / t.cov[1] - 1);
  assert.ok(rel < 0.35, `adapted covariance off by ${rel}`);
});

test('eight schools (non-centred) matches the quadrature posterior of μ and τ', () => {
  const t = eightSchoolsNonCentred();
  const ref = eightSchoolsReference();
  const r = sample(t.logDensity, t.dim, { chains: 4, warmup: 1000, draws: 2000, seed: 3, targetAccept: 0.9 });
  assert.ok(divergences(r) <= 4, `divergences ${divergences(r)}`);
  checkMoments(r, 0, ref.meanMu, ref.sdMu, 'mu');
  const tauChains = parameterChains(r, 1, Math.exp);
  const s = summarise(tauChains, 'tau');
  const mcse = s.sd / Math.sqrt(essMean(tauChains));
  assert.ok(Math.abs(s.mean - ref.meanTau) < 4.5 * mcse, `tau mean ${s.mean} vs ${ref.meanTau} ± ${mcse}`);
  assert.ok(s.rhat < 1.01);
});

test("Neal's funnel (non-centred): v has mean 0 and sd 3, no divergences", () => {
  const t = nealsFunnelNonCentred(10);
  const r = sample(t.logDensity, t.dim, { chains: 4, warmup: 500, draws: 1000, seed: 4 });
  assert.equal(divergences(r), 0);
  for (let j = 0; j < t.dim; j++) checkMoments(r, j, t.mean![j], t.sd![j], `q${j}`);
});

test('logistic regression matches grid quadrature of the posterior', () => {
  const t = logisticRegression();
  const ref = gridMoments2d(t, [-3, 2, -1.5, 4]);
  const r = sample(t.logDensity, t.dim, { chains: 4, warmup: 500, draws: 1000, seed: 5 });
  assert.equal(divergences(r), 0);
  checkMoments(r, 0, ref.mean[0], ref.sd[0], 'intercept');
  checkMoments(r, 1, ref.mean[1], ref.sd[1], 'slope');
});

test('the same seed gives identical draws; chains use independent streams', () => {
  const t = iidNormal(3);
  const a = sample(t.logDensity, 3, { chains: 2, warmup: 50, draws: 20, seed: 9 });
  const b = sample(t.logDensity, 3, { chains: 2, warmup: 50, draws: 20, seed: 9 });
  assert.deepEqual(Array.from(a.chains[1].draws), Array.from(b.chains[1].draws));
  assert.notDeepEqual(Array.from(a.chains[0].draws), Array.from(a.chains[1].draws));
});

test('R-hat flags chains stuck in different places', () => {
  const c1 = Float64Array.from({ length: 500 }, (_, i) => Math.sin(i));
  const c2 = c1.map((x) => x + 3);
  assert.ok(rhat([c1, c2]) > 1.5);
});
