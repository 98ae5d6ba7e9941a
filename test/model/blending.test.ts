// Beam blending (src/model/blending.ts, blended-counts.ts) against analytic Gaussian-beam results.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { blendingBoost } from '../../src/model/blended-counts.js';
import { beamMap, findPeaks } from '../../src/model/blending.js';

const FWHM = 36;
const beam = (r: number) => Math.exp((-4 * Math.LN2 * r * r) / (FWHM * FWHM));
const f64 = (...v: number[]) => Float64Array.from(v);

test('an isolated source peaks at its flux and position, from any sub-pixel offset', () => {
  for (const [x, y] of [
    [0, 0],
    [1.7, -2.1],
    [-3.3, 2.2],
  ]) {
    const m = beamMap(f64(x), f64(y), f64(25), FWHM, 400, 8, false);
    const p = findPeaks(m, 1, 300);
    assert.equal(p.fluxMJy.length, 1);
    assert.ok(Math.abs(p.fluxMJy[0] / 25 - 1) < 0.01, `flux ${p.fluxMJy[0]}`);
    assert.ok(Math.hypot(p.xArcsec[0] - x, p.yArcsec[0] - y) < 0.01 * FWHM);
  }
});

test('exact stamps and deposit + kernel give the same map to ~2 % of the peak', () => {
  const xs = f64(0, 30, -70, 120.3);
  const ys = f64(0, -12.2, 40.7, -90);
  const fl = f64(20, 8, 5, 3);
  const a = beamMap(xs, ys, fl, FWHM, 400, 8, false, 0);
  const b = beamMap(xs, ys, fl, FWHM, 400, 8, false, Number.POSITIVE_INFINITY);
  let worst = 0;
  for (let k = 0; k < a.data.length; k++) worst = Math.max(worst, Math.abs(a.data[k] - b.data[k]));
  assert.ok(worst < 0.025 * 20, String(worst));
});

test('the map conserves flux: Σ map · pix² = S · 2πσ_k², σ_k² = σ_beam² − pix²/6 (the deposit adds pix²/6)', () => {
  // exactAboveMJy = Infinity: every source goes through the deposit + kernel path.
  const m = beamMap(f64(0, 100, -150), f64(0, 50, -80), f64(10, 5, 2), FWHM, 600, 8, false, Number.POSITIVE_INFINITY);
  let sum = 0;
  for (const v of m.data) sum += v;
  const sigma2 = (FWHM * FWHM) / (8 * Math.LN2);
  const omegaK = 2 * Math.PI * (sigma2 - m.pixArcsec ** 2 / 6);
  assert.ok(Math.abs((sum * m.pixArcsec ** 2) / (17 * omegaK) - 1) < 1e-4); // 4σ truncation
  // …which is the beam solid angle 1.1331 FWHM² to 1.5 % at 8 pixels per FWHM.
  assert.ok(Math.abs(omegaK / (2 * Math.PI * sigma2) - 1) < 0.015);
});

test('two sources closer than the beam merge into one detection with the summed beam-weighted flux', () => {
  const d = 0.3 * FWHM;
  const m = beamMap(f64(0, d), f64(0, 0), f64(20, 10), FWHM, 400, 8, false);
  const p = findPeaks(m, 1, 300);
  assert.equal(p.fluxMJy.length, 1);
  // Analytic maximum of 20 b(x) + 10 b(x − d) along the line through both sources.
  let best = 0;
  for (let i = 0; i <= 10000; i++) {
    const x = (d * i) / 10000;
    best = Math.max(best, 20 * beam(x) + 10 * beam(x - d));
  }
  assert.ok(best > 28 && Math.abs(p.fluxMJy[0] / best - 1) < 0.01, `${p.fluxMJy[0]} vs ${best}`);
});

test('sources 3 beams apart stay two detections with their own fluxes', () => {
  const m = beamMap(f64(-54, 54), f64(0, 0), f64(20, 10), FWHM, 400, 8, false);
  const p = findPeaks(m, 1, 300);
  assert.equal(p.fluxMJy.length, 2);
  const sorted = Array.from(p.fluxMJy).sort((a, b) => b - a);
  assert.ok(Math.abs(sorted[0] / 20 - 1) < 0.01 && Math.abs(sorted[1] / 10 - 1) < 0.01, String(sorted));
});

test('the mean is removed and peaks outside the core are dropped', () => {
  const m = beamMap(f64(0, 250), f64(0, 0), f64(20, 30), FWHM, 400);
  let mean = 0;
  for (const v of m.data) mean += v;
  assert.ok(Math.abs(mean / m.data.length) < 1e-12);
  assert.ok(m.meanMJyPerBeam > 0);
  const p = findPeaks(m, 1, 200);
  assert.equal(p.fluxMJy.length, 1);
  assert.ok(Math.abs(p.fluxMJy[0] - (20 - m.meanMJyPerBeam)) < 0.2);
});

test('blendingBoost is the ratio of cumulative counts, held above the last reliable flux', () => {
  const boost = blendingBoost(f64(12, 22, 32, 42), f64(11, 12, 21, 31, 41, 51), 2);
  assert.equal(boost(15), 3 / 4); // blended > 15: 22, 32, 42; intrinsic: 21, 31, 41, 51
  assert.equal(boost(35), 1 / 2); // 42 vs 41, 51
  assert.equal(boost(100), boost(41)); // held at the 2nd brightest intrinsic flux
  assert.ok(Number.isNaN(boost(5)));
});
