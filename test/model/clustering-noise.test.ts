// Instrumental noise of the blended maps (blending.ts addBeamNoise): per-pixel standard deviation and
// the beam ⊗ beam correlation of white noise filtered by the beam.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { blendingBoost } from '../../src/model/blended-counts.js';
import { addBeamNoise, beamMap } from '../../src/model/blending.js';
import { RandomStream } from '../../src/random/stream.js';

test('beam-filtered noise has the requested σ per pixel and a Gaussian correlation of FWHM √2 × beam', () => {
  const fwhm = 36;
  const empty = beamMap(new Float64Array(0), new Float64Array(0), new Float64Array(0), fwhm, 3000, 8, false);
  const sigma = 7.7;
  const noisy = addBeamNoise(empty, fwhm, sigma, new RandomStream(3, 9));
  const { n, data, pixArcsec } = noisy;
  // Interior only (the convolution is truncated at the edges).
  const edge = Math.ceil((4 * fwhm) / pixArcsec);
  let s2 = 0;
  let cnt = 0;
  const lag = 8; // pixels = 1 FWHM
  let c = 0;
  for (let j = edge; j < n - edge; j++)
    for (let i = edge; i < n - edge - lag; i++) {
      const v = data[j * n + i];
      s2 += v * v;
      c += v * data[j * n + i + lag];
      cnt++;
    }
  const sd = Math.sqrt(s2 / cnt);
  // The map spans ~150 beams a side, ~10⁴ correlation areas: ~1 % scatter on σ.
  assert.ok(Math.abs(sd / sigma - 1) < 0.08, `σ ${sd.toFixed(2)} vs ${sigma}`);
  // Beam ⊗ beam: ρ(r) = exp(−r²/(4σ_b²)); at r = FWHM, exp(−(2√(2 ln 2))²/4) = exp(−2 ln 2) = 0.25.
  const rho = c / s2;
  assert.ok(Math.abs(rho - 0.25) < 0.05, `ρ(FWHM) = ${rho.toFixed(3)}`);
  // The sky map itself is unchanged underneath.
  assert.equal(empty.data[0], 0);
});

test('blendingBoost with decay: the measured ratio up to S_cap, boost(S_cap)^(S_cap/S) above, → 1', () => {
  // 20 intrinsic sources at 1..20 mJy; blended: the same fluxes × 1.5.
  const intrinsic = Float64Array.from({ length: 20 }, (_, i) => i + 1);
  const blended = intrinsic.map((s) => 1.5 * s);
  const hold = blendingBoost(blended, intrinsic, 10);
  const decay = blendingBoost(blended, intrinsic, 10, true);
  // S_cap = the 10th brightest intrinsic flux = 11 mJy; N_b(>11) = #(1.5 s > 11) = 13, N_i(>11) = 9.
  assert.equal(hold(11), 13 / 9);
  assert.equal(decay(11), 13 / 9);
  assert.equal(hold(44), 13 / 9);
  assert.ok(Math.abs(decay(44) - (13 / 9) ** (11 / 44)) < 1e-12);
  assert.ok(Math.abs(decay(1e6) - 1) < 1e-4);
});
