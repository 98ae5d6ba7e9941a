// Detection-bounded sampling (simulate --detectable-only; issue 4 acceptance 6): the sources above
// the floor follow the expected counts of the full model, and the output does not depend on how
// the sky is split.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Band } from '../../src/model/bands.js';
import { fineToBins, logBins } from '../../src/model/counts-bins.js';
import { detectablePlan, sampleDetectableGalaxies } from '../../src/model/detectable.js';
import { expectedGalaxyCounts } from '../../src/model/expected-counts.js';
import { buildGalaxyModel } from '../../src/model/galaxy-model.js';
import { resolveParams } from '../../src/model/params.js';
import { boxForArea } from '../../src/sky/area.js';

const BANDS: Band[] = ['spt150', 'spt220', 'radio1p4ghz'];
const model = buildGalaxyModel(resolveParams(), BANDS);

/** Upper tail of χ² with k dof (Wilson–Hilferty 1931). */
function chi2Sf(x: number, k: number): number {
  const z = ((x / k) ** (1 / 3) - (1 - 2 / (9 * k))) / Math.sqrt(2 / (9 * k));
  // Φ(−z) by the Abramowitz & Stegun 26.2.17 polynomial (|ε| < 7.5e-8).
  const t = 1 / (1 + 0.2316419 * Math.abs(z));
  const q =
    0.3989422804014327 *
    Math.exp((-z * z) / 2) *
    t *
    (0.31938153 + t * (-0.356563782 + t * (1.781477937 + t * (-1.821255978 + t * 1.330274429))));
  return z >= 0 ? q : 1 - q;
}

test('detectable-only galaxies above the floor agree with the expected counts (χ², p > 0.01)', () => {
  const area = 3;
  const sr = area * (Math.PI / 180) ** 2;
  const fine = expectedGalaxyCounts(model, BANDS);
  const bins = logBins();
  let chi2 = 0;
  let dof = 0;
  for (const [b, floor] of [
    ['spt150', 0.3],
    ['radio1p4ghz', 0.3],
  ] as [Band, number][]) {
    const pop = sampleDetectableGalaxies(model, boxForArea(30, -55, area), 7, BANDS, { [b]: floor });
    const fc = fine.get(b);
    assert.ok(fc);
    const d = fineToBins(fc.dusty, bins);
    const s = fineToBins(fc.synchrotron, bins);
    const obs = new Float64Array(d.length);
    for (const f of pop.fluxMJy[b] as Float64Array) {
      assert.ok(f >= floor);
      const k = Math.floor(Math.log10(f / 1e-3) * 10);
      if (k >= 0 && k < obs.length) obs[k]++;
    }
    for (let i = 0; i < d.length; i++) {
      const e = (d[i] + s[i]) * sr;
      if (bins.loMJy[i] < floor || e < 10) continue;
      chi2 += (obs[i] - e) ** 2 / e;
      dof++;
    }
  }
  const p = chi2Sf(chi2, dof);
  console.log(`detectable-only: chi2 = ${chi2.toFixed(1)} for ${dof} bins, p = ${p.toFixed(3)}`);
  assert.ok(dof >= 8);
  assert.ok(p > 0.01, `p = ${p}`);
});

test('detectable-only: far fewer candidates than halos; box split gives the same sources', () => {
  const plan = detectablePlan(model, ['spt150'], [0.5]);
  let halos = 0;
  for (const v of model.halosPerSr) halos += v;
  assert.ok(plan.perSr < halos / 50, `${plan.perSr} of ${halos}`);
  const box = { raMinDeg: 29.5, raMaxDeg: 30.5, decMinDeg: -55.3, decMaxDeg: -54.7 };
  const floors = { spt150: 0.1 };
  const a = sampleDetectableGalaxies(model, box, 3, BANDS, floors);
  const west = sampleDetectableGalaxies(model, { ...box, raMaxDeg: 30.0123 }, 3, BANDS, floors);
  const east = sampleDetectableGalaxies(model, { ...box, raMinDeg: 30.0123 }, 3, BANDS, floors);
  const key = (ra: Float64Array, f: Float64Array) => Array.from(ra, (r, i) => `${r}|${f[i]}`).sort();
  const whole = key(a.raDeg, a.fluxMJy.spt150 as Float64Array);
  const parts = [
    ...key(west.raDeg, west.fluxMJy.spt150 as Float64Array),
    ...key(east.raDeg, east.fluxMJy.spt150 as Float64Array),
  ].sort();
  assert.ok(whole.length > 50);
  assert.deepEqual(parts, whole);
});
