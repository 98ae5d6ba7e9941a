// Unit checks of the model's ingredients against independent references: the shipped SIDES tables,
// the SPT-3G band centres quoted in the design memo, the lensing table, abundance matching.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { meanLogMstar } from '../../src/model/abundance-matching.js';
import { BANDS } from '../../src/model/bands.js';
import { dustLnuPerLir, dustSedShape } from '../../src/model/dust-sed.js';
import { bandQuadrature } from '../../src/model/filters.js';
import { halosPerDex } from '../../src/model/halo-mass-function.js';
import { magnificationFromUniform, readLensingTable } from '../../src/model/lensing.js';
import { sigmaTable } from '../../src/model/power-spectrum.js';
import { SIDES_SMF, smfParamsAt, smfPerDex } from '../../src/model/stellar-mass-function.js';
import { RandomStream } from '../../src/random/stream.js';

const REF = new URL('../../../shared/reference/', import.meta.url);

test('embedded SIDES stellar mass function equals the reference CSV', () => {
  const rows = readFileSync(new URL('sides/smf_sides2017_double_schechter.csv', REF), 'utf8')
    .trim()
    .split('\n')
    .slice(1);
  assert.equal(rows.length, SIDES_SMF.length);
  rows.forEach((r, i) => {
    assert.deepEqual(r.split(',').map(Number), [...SIDES_SMF[i]]);
  });
});

test('shipped data files are byte-identical to the reference copies', () => {
  for (const [ours, ref] of [
    ['../../data/sides/Psupmu_table_Bethermin17.txt', 'sides/Psupmu_table_Bethermin17.txt'],
    ['../../data/filters/spt3g_150GHz_2019.csv', 'filters/spt3g_150GHz_2019.csv'],
    ['../../data/filters/egg_SPIRE.PSW.csv', 'filters/egg_SPIRE.PSW.csv'],
  ])
    assert.equal(readFileSync(new URL(ours, import.meta.url), 'utf8'), readFileSync(new URL(ref, REF), 'utf8'));
});

test('SPT-3G flat-spectrum band centres match the design memo (93.7 / 147.1 / 219.9 GHz)', () => {
  for (const b of ['spt95', 'spt150', 'spt220'] as const) {
    const q = bandQuadrature(b);
    let num = 0;
    let den = 0;
    for (let i = 0; i < q.nuGHz.length; i++) {
      num += q.weight[i] * q.nuGHz[i];
      den += q.weight[i];
    }
    assert.ok(Math.abs(num / den - BANDS[b].freqGHz) < 0.6, `${b}: ${num / den}`);
  }
});

test('EGG filter quadratures reproduce the curves mean wavelengths (memo §8)', () => {
  const expected: Record<string, number> = {
    spire250: 251.5,
    spire350: 352.8,
    spire500: 511.6,
    mips24: 23.8,
    wise_w4: 22.4,
  };
  for (const [b, lam] of Object.entries(expected)) {
    const q = bandQuadrature(b as keyof typeof BANDS);
    let acc = 0;
    for (let i = 0; i < q.nuGHz.length; i++) acc += q.weight[i] * (299792.458 / q.nuGHz[i]);
    assert.ok(Math.abs(acc - lam) / lam < 0.01, `${b}: ${acc}`);
  }
});

test('dust SED: L_nu integrates to L_IR over 8-1000 um (trapezoid on an independent grid)', () => {
  const shape = dustSedShape(30, 1.8, 2);
  let acc = 0;
  const n = 20000;
  const lo = 299792.458 / 1000;
  const hi = 299792.458 / 8;
  const h = (hi - lo) / n;
  for (let i = 0; i <= n; i++) acc += (i === 0 || i === n ? 0.5 : 1) * dustLnuPerLir(shape, lo + i * h) * 1e9 * h;
  assert.ok(Math.abs(acc - 1) < 1e-3, `${acc}`);
});

test('abundance matching reproduces the SIDES stellar mass function', () => {
  const sig = sigmaTable({ h: 0.678, omegaM: 0.307, omegaB: 0.048, sigma8: 0.823, nS: 0.96 }, 9, 15, 0.02);
  for (const z of [0.5, 2]) {
    const dn = halosPerDex(sig, 0.307, z);
    const mb = meanLogMstar(sig.logM, dn, z);
    // n_h(>M_h) at the halo whose mean M* is ~10.5 vs the SMF's n(>10.5).
    let j = 0;
    while (!(mb[j] >= 10.5)) j++;
    let nh = 0;
    for (let k = j; k < dn.length; k++) nh += dn[k] * 0.02;
    let ns = 0;
    const p = smfParamsAt(z);
    for (let m = mb[j]; m < 13; m += 0.001) ns += smfPerDex(p, m + 0.0005) * 0.001;
    assert.ok(Math.abs(nh / ns - 1) < 0.05, `z=${z}: ${nh} vs ${ns}`);
  }
});

test('lensing: sampled magnifications follow the table P(>mu | z)', () => {
  const t = readLensingTable();
  const k = 30;
  const rng = new RandomStream(5, 1);
  const n = 200000;
  let gt2 = 0;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const mu = magnificationFromUniform(t, k, rng.uniform());
    if (mu > 2) gt2++;
    sum += mu;
  }
  const nMu = t.mu.length;
  let i2 = 0;
  while (t.mu[i2] < 2) i2++;
  const pTable = t.pGt[k * nMu + i2];
  assert.ok(Math.abs(gt2 / n - pTable) < 4 * Math.sqrt(pTable / n) + 1e-5, `${gt2 / n} vs ${pTable}`);
  assert.ok(sum / n > 0.9 && sum / n < 1.05, `mean mu ${sum / n}`);
});
