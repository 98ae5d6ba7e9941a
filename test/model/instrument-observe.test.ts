import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Band } from '../../src/model/bands.js';
import { getSurveyPreset, observe, type SurveyPreset } from '../../src/model/instruments/index.js';
import { RandomStream } from '../../src/random/stream.js';

/** n sources scattered over a 10° × 10° patch around (30, −55), all with the same fluxes. */
function truthAt(n: number, flux: Partial<Record<Band, number>>) {
  const rng = new RandomStream(99, 1);
  const raDeg = new Float64Array(n);
  const decDeg = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    raDeg[i] = 25 + 10 * rng.uniform();
    decDeg[i] = -60 + 10 * rng.uniform();
  }
  const fluxMJy: Partial<Record<Band, Float64Array>> = {};
  for (const [b, f] of Object.entries(flux)) fluxMJy[b as Band] = new Float64Array(n).fill(f as number);
  return { n, raDeg, decDeg, fluxMJy };
}

const oneBand = (floorArcsec: number): SurveyPreset => ({
  name: 'test',
  description: 'one band, unit noise',
  references: [],
  bands: [{ band: 'spt150', fwhmArcsec: 60, noiseMJy: 1, confusionMJy: 0 }],
  detection: { bands: ['spt150'], snrThreshold: 5 },
  positionalError: { coefficient: 0.6, systematicArcsec: floorArcsec },
});

function scatterArcsec(truth: ReturnType<typeof truthAt>, obs: ReturnType<typeof observe>) {
  const ra = obs.catalogue.float64('ra');
  const dec = obs.catalogue.float64('dec');
  let sx = 0;
  let sy = 0;
  const m = obs.catalogue.nrows;
  for (let k = 0; k < m; k++) {
    const i = obs.detectedTruthIndex[k];
    let dra = ra[k] - truth.raDeg[i];
    if (dra > 180) dra -= 360;
    if (dra < -180) dra += 360;
    const dx = dra * Math.cos((truth.decDeg[i] * Math.PI) / 180) * 3600;
    const dy = (dec[k] - truth.decDeg[i]) * 3600;
    sx += dx * dx;
    sy += dy * dy;
  }
  return { x: Math.sqrt(sx / m), y: Math.sqrt(sy / m) };
}

function mean(a: Float64Array): number {
  let s = 0;
  for (const v of a) s += v;
  return s / a.length;
}

test('measured positional scatter matches the quoted sigma per axis (S/N 8, no floor)', () => {
  const truth = truthAt(20000, { spt150: 8 });
  const obs = observe(truth, oneBand(0), 5);
  assert.ok(obs.catalogue.nrows > 19000);
  const s = scatterArcsec(truth, obs);
  const quoted = mean(obs.catalogue.float64('pos_err_arcsec'));
  const expected = (0.6 * 60) / 8; // 4.5 arcsec at the true S/N
  for (const v of [s.x, s.y]) {
    assert.ok(Math.abs(v / expected - 1) < 0.02, `scatter ${v} vs 0.6 FWHM/SNR ${expected}`);
    assert.ok(Math.abs(v / quoted - 1) < 0.04, `scatter ${v} vs mean quoted ${quoted}`);
  }
});

test('SPT-3G preset: high-S/N positions scatter by the systematic floor in quadrature', () => {
  const truth = truthAt(20000, { spt95: 20 * 0.24, spt150: 30 * 0.28, spt220: 2 });
  const survey = getSurveyPreset('spt3g');
  const obs = observe(truth, survey, 11, { skyAreaDeg2: 100 });
  const s = scatterArcsec(truth, obs);
  const quoted = mean(obs.catalogue.float64('pos_err_arcsec'));
  const expected = Math.hypot((0.6 * 72) / 30, 3.5);
  for (const v of [s.x, s.y]) {
    assert.ok(Math.abs(v / expected - 1) < 0.03, `scatter ${v} vs ${expected}`);
    assert.ok(Math.abs(v / quoted - 1) < 0.03, `scatter ${v} vs quoted ${quoted}`);
  }
  assert.equal(obs.catalogue.meta.name, 'spt3g');
  assert.equal(obs.catalogue.meta.skyAreaDeg2, 100);
  for (const c of [
    'id',
    'ra',
    'dec',
    'ra_err',
    'dec_err',
    'pos_err_arcsec',
    'S_spt95',
    'S_spt95_err',
    'S_spt150',
    'S_spt150_err',
    'S_spt220',
    'S_spt220_err',
    'snr',
  ])
    assert.ok(obs.catalogue.has(c), `column ${c}`);
});

test('flux boosting and incompleteness below the threshold follow the Gaussian-noise analytic values', () => {
  // True S/N 4.5 with a 5σ cut: P(detect) = 1 − Φ(0.5) = 0.3085; E[S_obs | detected] = 4.5 + φ(0.5)/(1 − Φ(0.5)).
  const n = 40000;
  const truth = truthAt(n, { spt150: 4.5 });
  const obs = observe(truth, oneBand(1), 3);
  const frac = obs.catalogue.nrows / n;
  assert.ok(Math.abs(frac - 0.30854) < 0.008, `completeness ${frac}`);
  const boost = mean(obs.catalogue.float64('S_spt150')) / 4.5;
  const phi = Math.exp(-0.125) / Math.sqrt(2 * Math.PI);
  const expected = 1 + phi / 0.30854 / 4.5;
  assert.ok(Math.abs(boost - expected) < 0.01, `boost ${boost} vs ${expected}`);
  assert.ok(boost > 1.2);
});

test('detection bookkeeping and determinism', () => {
  const truth = truthAt(3000, { spt150: 5 });
  const a = observe(truth, oneBand(1), 42);
  const b = observe(truth, oneBand(1), 42);
  const c = observe(truth, oneBand(1), 43);
  assert.deepEqual(a.catalogue.float64('ra'), b.catalogue.float64('ra'));
  assert.deepEqual(a.detectedTruthIndex, b.detectedTruthIndex);
  assert.notDeepEqual(a.detectedTruthIndex, c.detectedTruthIndex);
  let detected = 0;
  for (let i = 0; i < truth.n; i++) {
    const id = a.truthDetectionId[i];
    if (id >= 0) {
      detected++;
      assert.equal(a.detectedTruthIndex[id], i);
    }
  }
  assert.equal(detected, a.catalogue.nrows);
  const snr = a.catalogue.float64('snr');
  for (const v of snr) assert.ok(v >= 5);
});
