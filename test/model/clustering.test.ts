// Clustered positions (clustering.ts): the field's covariance and mean density against the model,
// clustered counts per cell against the thinning intensity, bias against an independent formula,
// and determinism / independence of the area split.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Band } from '../../src/model/bands.js';
import { ClusteredSky, limberCl, tinkerBias } from '../../src/model/clustering.js';
import { buildGalaxyModel } from '../../src/model/galaxy-model.js';
import { StateBuffer } from '../../src/model/galaxy-state.js';
import { resolveParams } from '../../src/model/params.js';
import { sampleGalaxies, searchGuides } from '../../src/model/sample-galaxies.js';
import { cellsInBox } from '../../src/model/sky-cells.js';
import { RandomStream } from '../../src/random/stream.js';
import { offsetByPA } from '../../src/sky/offset-by.js';

const BANDS: Band[] = ['spire250', 'scuba850'];
const model = buildGalaxyModel(resolveParams(), BANDS);

/** Sheth, Mo & Tormen 2001 (MNRAS 323, 1) eq. 8 ellipsoidal-collapse bias, a = 0.707, b = 0.5, c = 0.6. */
function smtBias(nu: number): number {
  // biome-ignore lint/suspicious/noApproximativeNumericConstant: the SMT01 fit value, not 1/√2
  const a = 0.707;
  const b = 0.5;
  const c = 0.6;
  const dc = 1.686;
  const an2 = a * nu * nu;
  const sa = Math.sqrt(a);
  return 1 + (sa * an2 + sa * b * an2 ** (1 - c) - an2 ** c / (an2 ** c + b * (1 - c) * (1 - c / 2))) / (sa * dc);
}

test('Tinker 2010 bias follows the Sheth–Mo–Tormen 2001 bias within 20% and rises with ν', () => {
  let prev = 0;
  for (const nu of [0.5, 0.8, 1, 1.5, 2, 2.5, 3]) {
    const t = tinkerBias(nu);
    const s = smtBias(nu);
    assert.ok(Math.abs(t / s - 1) < 0.2, `ν=${nu}: Tinker ${t.toFixed(3)} vs SMT ${s.toFixed(3)}`);
    assert.ok(t > prev);
    prev = t;
  }
});

test('the field components reproduce the Limber C_ℓ: 5% (z ≲ 1.3), 30% (all slabs) over ℓ = 30–1000', () => {
  const cs = new ClusteredSky(model, 1);
  const ells = [30, 50, 100, 200, 400, 800, 1000];
  for (let k = 0; k < cs.nSlabs; k++) {
    const cl = limberCl(model, cs.slabDc[k], cs.slabDc[k + 1], ells);
    // A sum of Gaussians cannot follow the turnover of C_ℓ of the distant slabs at ℓ ≈ 100.
    const tol = cs.slabDc[k + 1] <= 3100 ? 0.05 : 0.3;
    ells.forEach((l, i) => {
      const r = cs.powerAt(k, l) / cl[i];
      assert.ok(Math.abs(r - 1) < tol, `slab ${k} ℓ=${l}: model/Limber ${r.toFixed(3)}`);
    });
  }
});

test('field covariance and lognormal mean density match the model at random sky positions', () => {
  const cs = new ClusteredSky(model, 11);
  const rng = new RandomStream(5, 1);
  const sepsDeg = [0, 8 / 60, 0.5, 1.5];
  const sums = sepsDeg.map(() => ({ s: 0, s2: 0, n: 0, model: 0 }));
  const bias = 2;
  let rhoSum = 0;
  let rho2 = 0;
  let nRho = 0;
  const nPos = 120;
  for (let i = 0; i < nPos; i++) {
    const ra = 360 * rng.uniform();
    const dec = (Math.asin(2 * rng.uniform() - 1) * 180) / Math.PI;
    const g0 = cs.fieldAt(ra, dec);
    sepsDeg.forEach((sep, j) => {
      let g1 = g0;
      if (sep > 0) {
        const [ra1, dec1] = offsetByPA(ra, dec, 360 * rng.uniform(), sep * 3600);
        g1 = cs.fieldAt(ra1, dec1);
      }
      for (let k = 0; k < cs.nSlabs; k++) {
        const v = cs.covariance(k, 0);
        const r = (g0[k] * g1[k]) / v;
        sums[j].s += r;
        sums[j].s2 += r * r;
        sums[j].n++;
        sums[j].model += cs.covariance(k, (sep * Math.PI) / 180) / v;
      }
    });
    for (let k = 0; k < cs.nSlabs; k++) {
      const rho = Math.exp(bias * g0[k] - 0.5 * bias * bias * cs.covariance(k, 0));
      rhoSum += rho;
      rho2 += rho * rho;
      nRho++;
    }
  }
  for (const [j, t] of sums.entries()) {
    const mean = t.s / t.n;
    const err = Math.sqrt((t.s2 / t.n - mean * mean) / t.n);
    const want = t.model / t.n;
    assert.ok(
      Math.abs(mean - want) < 4 * err + 0.02,
      `sep ${sepsDeg[j]}°: ⟨g g′⟩/σ² ${mean.toFixed(3)} ± ${err.toFixed(3)} vs ${want.toFixed(3)}`,
    );
  }
  const m = rhoSum / nRho;
  const e = Math.sqrt((rho2 / nRho - m * m) / nRho);
  assert.ok(Math.abs(m - 1) < 4 * e, `⟨ρ_b⟩ = ${m.toFixed(3)} ± ${e.toFixed(3)}`);
});

test('clustered counts per cell follow the thinned intensity n̄ ∫ρ_b (χ²), and differ from Poisson', () => {
  // Strong clustering (C_ℓ × 20) so that the test can tell the intensity from a uniform one.
  const cs = new ClusteredSky(model, 7, { powerScale: 20 });
  const guides = searchGuides(model);
  const box = { raMinDeg: 40, raMaxDeg: 41.2, decMinDeg: -10.6, decMaxDeg: -9.4 };
  const cells = cellsInBox(box);
  const everywhere = { raMinDeg: 0, raMaxDeg: 360, decMinDeg: -90, decMaxDeg: 90 };
  // Three shells near z ≈ 1 (one slab): Tinker biases ≈ 0.9–3.
  const s0 = model.zRep.findIndex((z) => z > 1);
  const shells = [s0, s0 + 1, s0 + 2];
  const nMh = model.logMh.length;
  const buf = new StateBuffer(1 << 14);
  const sf = new Float64Array(4);
  const q = 6;
  let chi2 = 0;
  let chi2Uniform = 0;
  let nTot = 0;
  let eTot = 0;
  for (const c of cells) {
    buf.n = 0;
    for (const s of shells) cs.sampleCell(guides, s, c, everywhere, buf, sf);
    let e = 0;
    let eU = 0;
    for (const s of shells) {
      const k = cs.slabOfShell[s];
      const meanHalos = (model.halosPerSr[s] * 4 * Math.PI) / (2048 * 4096);
      eU += meanHalos;
      for (let j = model.firstHalo[s]; j < nMh; j++) {
        const pj = model.haloPerSrBin[s * nMh + j] / model.halosPerSr[s];
        if (pj < 1e-9) continue;
        let acc = 0;
        for (let a = 0; a < q; a++)
          for (let b = 0; b < q; b++) acc += cs.densityInCell(k, cs.bias[s * nMh + j], c, (a + 0.5) / q, (b + 0.5) / q);
        e += (meanHalos * pj * acc) / (q * q);
      }
    }
    chi2 += (buf.n - e) ** 2 / e;
    chi2Uniform += (buf.n - eU) ** 2 / eU;
    nTot += buf.n;
    eTot += e;
  }
  const n = cells.length;
  assert.ok(Math.abs(chi2 - n) < 5 * Math.sqrt(2 * n), `χ² ${chi2.toFixed(0)} for ${n} cells`);
  assert.ok(chi2Uniform > 2 * n, `uniform-intensity χ² ${chi2Uniform.toFixed(0)} for ${n} cells`);
  assert.ok(Math.abs(nTot - eTot) < 5 * Math.sqrt(eTot), `total ${nTot} vs ${eTot.toFixed(0)}`);
});

test('clustered sampling: same seed identical, any split of the box gives the same sources', () => {
  const box = { raMinDeg: 29.9, raMaxDeg: 30.1, decMinDeg: -55.05, decMaxDeg: -54.95 };
  const a = sampleGalaxies(model, box, 3, BANDS, 1e-3, new ClusteredSky(model, 3));
  const b = sampleGalaxies(model, box, 3, BANDS, 1e-3, new ClusteredSky(model, 3));
  assert.deepEqual(a.raDeg, b.raDeg);
  assert.deepEqual(a.fluxMJy.spire250, b.fluxMJy.spire250);
  // Each half with its own field object: nothing depends on what was evaluated before.
  const west = sampleGalaxies(model, { ...box, raMaxDeg: 30.0123 }, 3, BANDS, 1e-3, new ClusteredSky(model, 3));
  const east = sampleGalaxies(model, { ...box, raMinDeg: 30.0123 }, 3, BANDS, 1e-3, new ClusteredSky(model, 3));
  const key = (ra: Float64Array, f: Float64Array) => Array.from(ra, (r, i) => `${r}|${f[i]}`).sort();
  const whole = key(a.raDeg, a.fluxMJy.spire250 as Float64Array);
  const parts = [
    ...key(west.raDeg, west.fluxMJy.spire250 as Float64Array),
    ...key(east.raDeg, east.fluxMJy.spire250 as Float64Array),
  ].sort();
  assert.ok(whole.length > 100);
  assert.deepEqual(parts, whole);
  const poisson = sampleGalaxies(model, box, 3, BANDS, 1e-3);
  assert.notDeepEqual(poisson.raDeg, a.raDeg);
});
