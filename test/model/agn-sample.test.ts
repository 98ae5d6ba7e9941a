import assert from 'node:assert/strict';
import { test } from 'node:test';
import { agnExpectedDnds, sampleRadioAgn } from '../../src/model/agn/index.js';
import type { Band } from '../../src/model/bands.js';
import { KIND } from '../../src/model/population.js';
import { boxAreaDeg2, boxForArea } from '../../src/sky/area.js';

const PARAMS = {};
const SR_PER_DEG2 = (Math.PI / 180) ** 2;

/** Expected numbers in each [edges[i], edges[i+1]) mJy bin over `areaDeg2`, integrating dN/dS in ln S. */
function expectedInBins(band: Band, edges: number[], areaDeg2: number): number[] {
  const m = 24;
  const nb = edges.length - 1;
  const s = new Float64Array(nb * m);
  for (let i = 0; i < nb; i++) {
    const h = Math.log(edges[i + 1] / edges[i]) / m;
    for (let k = 0; k < m; k++) s[i * m + k] = edges[i] * Math.exp((k + 0.5) * h);
  }
  const d = agnExpectedDnds(PARAMS, band, s);
  const out: number[] = [];
  for (let i = 0; i < nb; i++) {
    const h = Math.log(edges[i + 1] / edges[i]) / m;
    let e = 0;
    for (let k = 0; k < m; k++) e += d[i * m + k] * s[i * m + k] * 1e-3 * h;
    out.push(e * areaDeg2 * SR_PER_DEG2);
  }
  return out;
}

/**
 * Poisson χ² of sampled against expected counts over bins with ≥ 10 expected sources; passes when
 * χ² is below the p = 0.005 point of the χ² distribution (Wilson & Hilferty 1931 approximation).
 */
function poissonChi2(fluxes: Float64Array, band: Band, edges: number[], areaDeg2: number) {
  let chi2 = 0;
  let dof = 0;
  const rows: string[] = [];
  const expected = expectedInBins(band, edges, areaDeg2);
  for (let i = 0; i + 1 < edges.length; i++) {
    const e = expected[i];
    if (e < 10) continue;
    let n = 0;
    for (const f of fluxes) if (f >= edges[i] && f < edges[i + 1]) n++;
    chi2 += ((n - e) * (n - e)) / e;
    dof++;
    rows.push(`${edges[i]}-${edges[i + 1]}: ${n} vs ${e.toFixed(1)}`);
  }
  const z = 2.5758; // one-sided 0.5% point of N(0,1)
  const limit = dof * (1 - 2 / (9 * dof) + z * Math.sqrt(2 / (9 * dof))) ** 3;
  return { chi2, dof, limit, rows };
}

test('sampled AGN counts agree with the expected counts (Poisson χ²) at 150 GHz and 1.4 GHz', () => {
  const area = 150;
  const box = boxForArea(30, -55, area);
  const pop = sampleRadioAgn(PARAMS, box, 2024, { spt150: 3, radio1p4ghz: 20 }, ['spt150', 'radio1p4ghz']);
  const a = poissonChi2(pop.fluxMJy.spt150!, 'spt150', [3, 4, 6, 8, 12, 16, 24, 32, 64, 128, 1024], area);
  assert.ok(a.dof >= 5, `150 GHz bins: ${a.rows.join('; ')}`);
  assert.ok(a.chi2 < a.limit, `150 GHz χ² ${a.chi2.toFixed(1)} for ${a.dof} bins: ${a.rows.join('; ')}`);
  const b = poissonChi2(pop.fluxMJy.radio1p4ghz!, 'radio1p4ghz', [20, 30, 45, 70, 100, 150, 250, 500, 1000, 1e4], area);
  assert.ok(b.dof >= 5, `1.4 GHz bins: ${b.rows.join('; ')}`);
  assert.ok(b.chi2 < b.limit, `1.4 GHz χ² ${b.chi2.toFixed(1)} for ${b.dof} bins: ${b.rows.join('; ')}`);
  // Every kept source reaches a floor, lies in the box, and is an AGN kind.
  for (let i = 0; i < pop.n; i++) {
    assert.ok(pop.fluxMJy.spt150![i] >= 3 || pop.fluxMJy.radio1p4ghz![i] >= 20);
    assert.ok(pop.decDeg[i] >= box.decMinDeg && pop.decDeg[i] <= box.decMaxDeg);
    assert.ok([KIND.fsrq, KIND.bllac, KIND.steepAgn].includes(pop.kind[i] as 10 | 11 | 12));
    assert.equal(pop.mu[i], 1);
  }
});

test('AGN sampling is deterministic per seed and independent of how the region is split', () => {
  const box = { raMinDeg: 20, raMaxDeg: 30, decMinDeg: -55, decMaxDeg: -50 };
  const floor = { spt150: 2 };
  const whole = sampleRadioAgn(PARAMS, box, 7, floor, ['spt150']);
  const again = sampleRadioAgn(PARAMS, box, 7, floor, ['spt150']);
  assert.deepEqual(whole.raDeg, again.raDeg);
  assert.deepEqual(whole.fluxMJy.spt150, again.fluxMJy.spt150);
  const other = sampleRadioAgn(PARAMS, box, 8, floor, ['spt150']);
  assert.notDeepEqual(other.raDeg, whole.raDeg);
  const parts = [
    { raMinDeg: 20, raMaxDeg: 23.7, decMinDeg: -55, decMaxDeg: -52.2 },
    { raMinDeg: 23.7, raMaxDeg: 30, decMinDeg: -55, decMaxDeg: -52.2 },
    { raMinDeg: 20, raMaxDeg: 30, decMinDeg: -52.2, decMaxDeg: -50 },
  ];
  assert.ok(
    Math.abs(
      parts.reduce((s, p) => s + boxAreaDeg2(p.raMinDeg, p.raMaxDeg, p.decMinDeg, p.decMaxDeg), 0) -
        boxAreaDeg2(20, 30, -55, -50),
    ) < 1e-9,
  );
  const key = (ra: number, dec: number, s: number) => `${ra.toFixed(12)},${dec.toFixed(12)},${s.toPrecision(15)}`;
  const all = new Set<string>();
  for (let i = 0; i < whole.n; i++) all.add(key(whole.raDeg[i], whole.decDeg[i], whole.fluxMJy.spt150![i]));
  let count = 0;
  for (const p of parts) {
    const s = sampleRadioAgn(PARAMS, p, 7, floor, ['spt150']);
    for (let i = 0; i < s.n; i++) assert.ok(all.has(key(s.raDeg[i], s.decDeg[i], s.fluxMJy.spt150![i])));
    count += s.n;
  }
  assert.equal(count, whole.n);
  assert.ok(whole.n > 50);
});
