// Sampled vs expected galaxy counts (issue 4 acceptance 4) and determinism / split independence
// (acceptance 5), on small areas.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Band } from '../../src/model/bands.js';
import { fineToBins, logBins } from '../../src/model/counts-bins.js';
import { expectedGalaxyCounts } from '../../src/model/expected-counts.js';
import { buildGalaxyModel } from '../../src/model/galaxy-model.js';
import { resolveParams } from '../../src/model/params.js';
import { sampleGalaxies } from '../../src/model/sample-galaxies.js';
import { boxForArea } from '../../src/sky/area.js';

const BANDS: Band[] = ['spire250', 'scuba850', 'spt220', 'radio1p4ghz'];
const model = buildGalaxyModel(resolveParams(), BANDS);

/** Upper tail of χ² with k dof (Wilson–Hilferty 1931 cube-root normal approximation). */
function chi2Sf(x: number, k: number): number {
  const z = ((x / k) ** (1 / 3) - (1 - 2 / (9 * k))) / Math.sqrt(2 / (9 * k));
  return 0.5 * erfc(z / Math.SQRT2);
}
function erfc(x: number): number {
  const t = 1 / (1 + 0.5 * Math.abs(x));
  const r =
    t *
    Math.exp(
      -x * x -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t *
                      (-0.18628806 +
                        t *
                          (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

test('sampled galaxy counts agree with the expected counts (χ², p > 0.01)', () => {
  const area = 0.02;
  const pop = sampleGalaxies(model, boxForArea(30, -55, area), 11, BANDS, 1e-3);
  const fine = expectedGalaxyCounts(model, BANDS);
  const bins = logBins();
  const sr = area * (Math.PI / 180) ** 2;
  let chi2 = 0;
  let dof = 0;
  for (const b of BANDS) {
    const fc = fine.get(b);
    assert.ok(fc);
    const d = fineToBins(fc.dusty, bins);
    const s = fineToBins(fc.synchrotron, bins);
    const obs = new Float64Array(d.length);
    for (const f of pop.fluxMJy[b] as Float64Array) {
      const k = Math.floor(Math.log10(f / 1e-3) * 10);
      if (k >= 0 && k < obs.length) obs[k]++;
    }
    for (let i = 0; i < d.length; i++) {
      const e = (d[i] + s[i]) * sr;
      if (e < 10) continue;
      chi2 += (obs[i] - e) ** 2 / e;
      dof++;
    }
  }
  const p = chi2Sf(chi2, dof);
  console.log(`chi2 = ${chi2.toFixed(1)} for ${dof} bins, p = ${p.toFixed(3)}`);
  assert.ok(dof > 50);
  assert.ok(p > 0.01, `p = ${p}`);
});

test('same seed gives identical galaxies; splitting the box gives the same sources', () => {
  const box = { raMinDeg: 29.9, raMaxDeg: 30.1, decMinDeg: -55.05, decMaxDeg: -54.95 };
  const a = sampleGalaxies(model, box, 3, BANDS, 1e-3);
  const b = sampleGalaxies(model, box, 3, BANDS, 1e-3);
  assert.deepEqual(a.raDeg, b.raDeg);
  assert.deepEqual(a.fluxMJy.spire250, b.fluxMJy.spire250);
  const west = sampleGalaxies(model, { ...box, raMaxDeg: 30.0123 }, 3, BANDS, 1e-3);
  const east = sampleGalaxies(model, { ...box, raMinDeg: 30.0123 }, 3, BANDS, 1e-3);
  const key = (ra: Float64Array, f: Float64Array) => Array.from(ra, (r, i) => `${r}|${f[i]}`).sort();
  const whole = key(a.raDeg, a.fluxMJy.spire250 as Float64Array);
  const parts = [
    ...key(west.raDeg, west.fluxMJy.spire250 as Float64Array),
    ...key(east.raDeg, east.fluxMJy.spire250 as Float64Array),
  ].sort();
  assert.ok(whole.length > 100);
  assert.deepEqual(parts, whole);
  const other = sampleGalaxies(model, box, 4, BANDS, 1e-3);
  assert.notDeepEqual(other.raDeg, a.raDeg);
});
