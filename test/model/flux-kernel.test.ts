// The per-galaxy kernels of the sampler (issue 4 acceptance 6): tabulated band fluxes against direct
// integration of the SED through the bandpass, and the table/ziggurat draws against exact references.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import erfc from '@stdlib/math-base-special-erfc';
import { BAND_NAMES, isRadioBand } from '../../src/model/bands.js';
import { comovingAt } from '../../src/model/cosmology.js';
import { dustLnuPerLir, dustSedShape } from '../../src/model/dust-sed.js';
import { guideDecreasing, halfErfc, normalZig, pow10 } from '../../src/model/fast-draws.js';
import { bandQuadrature } from '../../src/model/filters.js';
import { buildGalaxyModel } from '../../src/model/galaxy-model.js';
import { magnificationFromUniform } from '../../src/model/lensing.js';
import { resolveParams } from '../../src/model/params.js';
import { KIND } from '../../src/model/population.js';
import { radioSedRatio } from '../../src/model/radio-sf.js';
import { galaxyFluxes, magnificationGuided, StateBuffer } from '../../src/model/sample-galaxies.js';
import { RandomStream } from '../../src/random/stream.js';

const params = resolveParams();
const model = buildGalaxyModel(params, BAND_NAMES);
const MPC_M = 3.085677581491367e22;
const PER_W = 1 / (4 * Math.PI * MPC_M * MPC_M) / 1e-29; // mJy per (W/Hz) at 1 Mpc

test('tabulated band fluxes equal direct SED × bandpass integration to < 2e-4 (dust) and < 2e-5 (radio)', () => {
  const rng = new RandomStream(2024, 1);
  const n = 1200;
  const buf = new StateBuffer(n);
  for (let k = 0; k < n; k++) {
    const i = buf.add();
    const s = Math.floor(rng.uniform() * model.nShells);
    buf.shell[i] = s;
    buf.z[i] = model.zLo[s] + rng.uniform() * (model.zHi[s] - model.zLo[s]);
    buf.logT[i] = 1 + rng.uniform(); // 10–100 K
    buf.kind[i] = KIND.starForming;
    buf.logSfr[i] = 1;
    buf.logLRadio[i] = 22;
    buf.mu[i] = 1 + rng.uniform();
    buf.logMstar[i] = 10;
  }
  const st = buf.state(false);
  const flux = galaxyFluxes(model, st, BAND_NAMES);
  const quad = BAND_NAMES.map(bandQuadrature);
  let worstDust = 0;
  let worstRadio = 0;
  for (let i = 0; i < n; i++) {
    const z = st.z[i];
    const dl = (1 + z) * comovingAt(model.dist, z);
    const shape = dustSedShape(10 ** st.logT[i], params.dust_beta, params.mir_alpha, params.dust_lambda0_um);
    for (let b = 0; b < BAND_NAMES.length; b++) {
      const q = quad[b];
      const radio = isRadioBand(BAND_NAMES[b]);
      let acc = 0;
      for (let k = 0; k < q.nuGHz.length; k++) {
        const nu = q.nuGHz[k] * (1 + z);
        acc += q.weight[k] * (radio ? radioSedRatio(nu, params) : dustLnuPerLir(shape, nu));
      }
      const lum = radio ? 10 ** st.logLRadio[i] : 10 ** st.logSfr[i] * params.lir_per_sfr * 3.828e26;
      const direct = ((1 + z) * acc * lum * PER_W * st.mu[i]) / (dl * dl);
      const e = Math.abs((flux[BAND_NAMES[b]] as Float64Array)[i] / direct - 1);
      if (radio) worstRadio = Math.max(worstRadio, e);
      else worstDust = Math.max(worstDust, e);
    }
  }
  console.log(`max relative error: dust ${worstDust.toExponential(2)}, radio ${worstRadio.toExponential(2)}`);
  assert.ok(worstDust < 2e-4, `dust ${worstDust}`);
  assert.ok(worstRadio < 2e-5, `radio ${worstRadio}`);
});

test('pow10 and the ½ erfc table against exact values', () => {
  // The rounding of y·log2(10) dominates: ~1e-16 · |y| relative.
  let worst = 0;
  let worstWide = 0;
  for (let y = -300; y <= 300; y += 0.0137) {
    const e = Math.abs(pow10(y) / 10 ** y - 1);
    worstWide = Math.max(worstWide, e);
    if (Math.abs(y) <= 30) worst = Math.max(worst, e);
  }
  assert.ok(worst < 1.5e-14, `pow10 ${worst}`);
  assert.ok(worstWide < 1.5e-13, `pow10 ${worstWide}`);
  assert.equal(pow10(Number.NEGATIVE_INFINITY), 0);
  let worstE = 0;
  for (let x = -7; x <= 7; x += 0.000917) worstE = Math.max(worstE, Math.abs(halfErfc(x) - 0.5 * erfc(x)));
  assert.ok(worstE < 6e-8, `halfErfc ${worstE}`);
});

test('ziggurat normals: moments and tail probabilities of N(0, 1)', () => {
  const rng = new RandomStream(9, 9);
  const n = 400_000;
  let s1 = 0;
  let s2 = 0;
  let s4 = 0;
  const edges = [-3, -2, -1, 0, 1, 2, 3];
  const below = new Float64Array(edges.length);
  for (let i = 0; i < n; i++) {
    const x = normalZig(rng);
    s1 += x;
    s2 += x * x;
    s4 += x * x * x * x;
    for (let k = 0; k < edges.length; k++) if (x < edges[k]) below[k]++;
  }
  const sd = Math.sqrt(1 / n);
  assert.ok(Math.abs(s1 / n) < 5 * sd);
  assert.ok(Math.abs(s2 / n - 1) < 5 * Math.sqrt(2 / n));
  assert.ok(Math.abs(s4 / n - 3) < 5 * Math.sqrt(96 / n));
  for (let k = 0; k < edges.length; k++) {
    const p = 0.5 * erfc(-edges[k] / Math.SQRT2);
    assert.ok(Math.abs(below[k] / n - p) < 5 * Math.sqrt((p * (1 - p)) / n), `P(x < ${edges[k]})`);
  }
});

test('guided magnification search returns exactly the bisection answer', () => {
  const t = model.lensing;
  const guide = guideDecreasing(t.pGt, t.z.length, t.mu.length);
  const rng = new RandomStream(3, 3);
  for (let k = 0; k < t.z.length; k++)
    for (let i = 0; i < 2000; i++) {
      // Half the draws in the strong-lensing tail, where the guide's first bucket bisects.
      const u = i % 2 ? rng.uniform() : rng.uniform() * 1e-3;
      assert.equal(magnificationGuided(t, guide, k, u), magnificationFromUniform(t, k, u));
    }
});
