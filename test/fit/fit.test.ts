import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { writeFitOutputs } from '../../src/cli/commands/fit.js';
import { UserError } from '../../src/errors.js';
import { likelihoodData, type PoissonCounts, readCounts } from '../../src/infer/counts-likelihood.js';
import { buildCountsModel, checkFreeNames, fitCounts } from '../../src/infer/fit.js';
import { unconstrainedPosterior } from '../../src/infer/posterior.js';
import { simulateCounts } from '../../src/infer/simulate-counts.js';
import { expectedDnds } from '../../src/model/counts.js';
import { logBins } from '../../src/model/counts-bins.js';
import { resolveParams } from '../../src/model/params.js';
import { TRACED_PARAMS } from '../../src/model/traced/index.js';

// One model shared by the tests: 20 deg² skies in spire250 and spt220, 3–300 mJy, 5 bins per dex.
const bins = logBins(3, 300, 5);
const bands = ['spire250', 'spt220'] as const;
const template: PoissonCounts[] = bands.map((b) => ({
  kind: 'poisson',
  file: b,
  band: b,
  loMJy: bins.loMJy,
  hiMJy: bins.hiMJy,
  areaDeg2: 20,
  n: new Float64Array(bins.loMJy.length),
}));
const ref = resolveParams();
const model = buildCountsModel(template, ref);
// Truth away from the defaults (dust_T0 31.83 K general-opacity convention, dust_beta 1.656, u_ms_slope 0.258, sb_frac 0.0395).
const truth: Record<string, number> = { ...ref, dust_T0: 35, dust_beta: 1.6, u_ms_slope: 0.3, sb_frac: 0.05 };
const thetaTrue = Float64Array.from(TRACED_PARAMS, (n) => truth[n]);
const sky = simulateCounts(model, thetaTrue, template, 11);
const skyModel = { ...model, logLikelihood: model.logLikelihood.bind(likelihoodData(sky)) };

test('traced counts agree with the forward model expected counts away from the reference point (≤ 20% where ≥ 10 sources)', () => {
  const e1 = expectedDnds(truth, [...bands], bins);
  const traced = model.expected(thetaTrue);
  const sr = 20 * (Math.PI / 180) ** 2;
  let checked = 0;
  bands.forEach((b, i) => {
    const all = (e1.get(b) as { all: Float64Array }).all;
    for (let k = 0; k < bins.loMJy.length; k++) {
      const n = ((all[k] * (bins.hiMJy[k] - bins.loMJy[k])) / 1000) * sr;
      if (n < 10) continue;
      checked++;
      assert.ok(
        Math.abs(traced[i][k] / n - 1) < 0.2,
        `${b} bin ${bins.loMJy[k].toPrecision(3)} mJy: traced ${traced[i][k]} vs forward ${n}`,
      );
    }
  });
  assert.ok(checked >= 8, `only ${checked} bins with ≥ 10 sources`);
});

test('traced counts follow dust_lambda0_um: agree with the forward model at λ0 = 60 and 140 µm (reference 92 µm; ≤ 20% where ≥ 10 sources)', () => {
  // The shift of the band response with λ0 is all the traced model knows of λ0, so a wrong sign or
  // scale shows up here as a disagreement of order the λ0 effect itself (×1.5–3 in the mm bins).
  const sr = 20 * (Math.PI / 180) ** 2;
  for (const lambda0 of [60, 140]) {
    const at: Record<string, number> = { ...truth, dust_lambda0_um: lambda0 };
    const forward = expectedDnds(at, [...bands], bins);
    const traced = model.expected(Float64Array.from(TRACED_PARAMS, (n) => at[n]));
    let checked = 0;
    let moved = 0;
    bands.forEach((b, i) => {
      const all = (forward.get(b) as { all: Float64Array }).all;
      const base = model.expected(thetaTrue)[i];
      for (let k = 0; k < bins.loMJy.length; k++) {
        const n = ((all[k] * (bins.hiMJy[k] - bins.loMJy[k])) / 1000) * sr;
        if (n < 10) continue;
        checked++;
        if (Math.abs(Math.log(traced[i][k] / base[k])) > Math.log(1.25)) moved++;
        assert.ok(
          Math.abs(traced[i][k] / n - 1) < 0.2,
          `λ0 ${lambda0}: ${b} bin ${bins.loMJy[k].toPrecision(3)} mJy: traced ${traced[i][k]} vs forward ${n}`,
        );
      }
    });
    assert.ok(checked >= 8, `only ${checked} bins with ≥ 10 sources`);
    assert.ok(moved >= 3, `λ0 ${lambda0}: only ${moved} bins moved by > 25 % from λ0 = 92 µm`);
  }
});

test('compiled log likelihood: gradient matches central finite differences; eager interpreter agrees to 1e-10', () => {
  const f = skyModel.logLikelihood;
  const grad = new Float64Array(f.dim);
  const v = f.valueAndGrad(thetaTrue, grad);
  const eagerGrad = new Float64Array(f.dim);
  const ve = f.eager.valueAndGrad(thetaTrue, eagerGrad);
  assert.ok(Math.abs(v - ve) <= 1e-10 * Math.abs(v), `${v} vs eager ${ve}`);
  for (const name of [
    'dust_T0',
    'dust_beta',
    'u_ms_slope',
    'sb_frac',
    'mir_alpha',
    'u_scatter_dex',
    'lir_per_sfr',
    'dust_lambda0_um',
  ]) {
    const j = TRACED_PARAMS.indexOf(name as (typeof TRACED_PARAMS)[number]);
    const h = 1e-5 * Math.abs(thetaTrue[j]);
    const up = thetaTrue.slice();
    const dn = thetaTrue.slice();
    up[j] += h;
    dn[j] -= h;
    const fd = (f.value(up) - f.value(dn)) / (2 * h);
    // The cumulative flux tables are interpolated linearly: the exact gradient is piecewise constant
    // per cell, and the FD step crosses cell edges in some of the thousands of evaluation points.
    assert.ok(Math.abs(grad[j] - fd) <= 2e-3 * Math.abs(fd) + 1e-6, `${name}: ${grad[j]} vs FD ${fd}`);
    assert.ok(
      Math.abs(grad[j] - eagerGrad[j]) <= 1e-8 * Math.abs(grad[j]) + 1e-10,
      `${name}: eager gradient ${eagerGrad[j]}`,
    );
  }
});

test('recovery: dust_T0 and dust_beta of a synthetic two-band sky within 3 sd, informative posterior', () => {
  // The shared model's reference is the default point; u_ms_slope and sb_frac are held at their true values.
  const fit = fitCounts({
    counts: sky,
    free: ['dust_T0', 'dust_beta'],
    params: { u_ms_slope: 0.3, sb_frac: 0.05 },
    chains: 2,
    warmup: 200,
    draws: 400,
    seed: 4,
    model: skyModel,
  });
  for (const s of fit.summary) {
    assert.ok(Math.abs(s.mean - truth[s.param]) < 3 * s.sd, `${s.param}: ${s.mean} ± ${s.sd}, truth ${truth[s.param]}`);
    // Short chains for test time; the acceptance thresholds (R-hat < 1.01, ESS > 400) are run in bench/fit-calibration.ts.
    assert.ok(s.rhat < 1.1 && s.essBulk > 50, `${s.param}: R-hat ${s.rhat}, bulk ESS ${s.essBulk}`);
  }
  assert.ok(fit.summary[0].sd < 1, `sd(dust_T0) = ${fit.summary[0].sd}`);
  assert.ok(fit.summary[1].sd < 0.1, `sd(dust_beta) = ${fit.summary[1].sd}`);
});

test('fit inputs: unknown parameter, untraced parameter, several bands in one sky, malformed file', () => {
  assert.throws(
    () => checkFreeNames(['dust_T']),
    (e: Error) => e instanceof UserError && /did you mean 'dust_T0'/.test(e.message),
  );
  assert.throws(
    () => checkFreeNames(['sigma8']),
    (e: Error) => e instanceof UserError && /cannot be fitted/.test(e.message),
  );
  // A start inside the parameter's limits (0–400 µm) but outside its uniform(0, 300) prior: the
  // sampler's support is the prior's, and the start is refused with a one-line error.
  assert.throws(
    () => fitCounts({ counts: sky, free: ['dust_lambda0_um'], params: { dust_lambda0_um: 350 }, model: skyModel }),
    (e: Error) =>
      e instanceof UserError &&
      /start of dust_lambda0_um \(350\).*uniform\(0, 300\).*--param dust_lambda0_um=/.test(e.message),
  );
  const post = unconstrainedPosterior(
    [{ name: 'x', prior: { kind: 'uniform', min: 0, max: 300 }, min: 0, max: 400 }],
    () => 0,
  );
  assert.equal(post.toConstrained(Float64Array.of(50))[0], 300, 'u → +∞ maps to the prior edge, not the limit');
  assert.throws(
    () => fitCounts({ counts: sky, free: ['dust_lambda0_um'], params: { dust_lambda0_um: 0 }, model: skyModel }),
    (e: Error) => e instanceof UserError && /optically thin SED.*--param dust_lambda0_um=/.test(e.message),
  );
  const dir = mkdtempSync(join(tmpdir(), 'mmassoc-fit-'));
  const two = join(dir, 'two.csv');
  writeFileSync(
    two,
    'band,population,S_lo_mJy,S_hi_mJy,area_deg2,n_sim,dNdS_sim,dNdS_expected\nspire250,all,1,2,20,5,0,0\nspt220,all,1,2,20,3,0,0\n',
  );
  assert.throws(
    () => readCounts(two),
    (e: Error) => e instanceof UserError && /share their sources/.test(e.message),
  );
  assert.equal(readCounts(`${two}:spt220`).band, 'spt220');
  const bad = join(dir, 'bad.csv');
  writeFileSync(bad, 'band,population,S_lo_mJy,S_hi_mJy,area_deg2,n_sim\nspire250,all,2,1,20,5\n');
  assert.throws(
    () => readCounts(bad),
    (e: Error) => e instanceof UserError && /row 2: need 0 < S_lo_mJy < S_hi_mJy/.test(e.message),
  );
  const junk = join(dir, 'junk.csv');
  writeFileSync(junk, 'a,b\n1,2\n');
  assert.throws(
    () => readCounts(junk),
    (e: Error) => e instanceof UserError && /not a counts file/.test(e.message),
  );
});

test('fit outputs: draws.csv and summary.csv columns, corner and posterior-predictive SVGs', () => {
  const fit = fitCounts({
    counts: sky,
    free: ['dust_T0'],
    params: { dust_beta: 1.6, u_ms_slope: 0.3, sb_frac: 0.05 },
    chains: 2,
    warmup: 30,
    draws: 20,
    seed: 2,
    model: skyModel,
  });
  const dir = mkdtempSync(join(tmpdir(), 'mmassoc-fit-out-'));
  writeFitOutputs(dir, fit, sky);
  const draws = readFileSync(join(dir, 'draws.csv'), 'utf8').trim().split('\n');
  assert.equal(draws[0], 'dust_T0,chain,draw,lp,divergent');
  assert.equal(draws.length, 1 + 2 * 20);
  const summary = readFileSync(join(dir, 'summary.csv'), 'utf8').trim().split('\n');
  assert.equal(summary[0], 'param,mean,sd,q2.5,q50,q97.5,rhat,ess_bulk,ess_tail');
  assert.match(summary[1], /^dust_T0,3[45]\./);
  for (const f of ['corner.svg', 'ppc.svg'])
    assert.match(readFileSync(join(dir, f), 'utf8'), /^<svg [^>]*>[\s\S]*<\/svg>\n$/);
});
