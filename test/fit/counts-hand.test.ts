import assert from 'node:assert/strict';
import { test } from 'node:test';
import { handCounts, maxRelativeDifference } from '../../bench/counts-hand.js';
import { likelihoodData, type PoissonCounts } from '../../src/infer/counts-likelihood.js';
import { buildCountsModel } from '../../src/infer/fit.js';
import { simulateCounts } from '../../src/infer/simulate-counts.js';
import { logBins } from '../../src/model/counts-bins.js';
import { resolveParams } from '../../src/model/params.js';
import { TRACED_PARAMS } from '../../src/model/traced/index.js';

// The hand-written loop the count-fit benchmark times (bench/counts-hand.ts) must compute the same
// log likelihood and gradient as the compiled traced model, or the timing comparison is meaningless.
// Two bands (a SPIRE and an SPT one) keep the forward-model precomputation short.
const bins = logBins(3, 300, 5);
const bands = ['spire500', 'spt220'] as const;
const template: PoissonCounts[] = bands.map((b) => ({
  kind: 'poisson',
  file: b,
  band: b,
  loMJy: bins.loMJy,
  hiMJy: bins.hiMJy,
  areaDeg2: 20,
  n: new Float64Array(bins.loMJy.length),
}));
// Both SED forms: the optically thin MBB (dust_lambda0_um = 0, where λ0 drops out) and the defaults'
// general-opacity one (λ0 = 92 µm, traced).
for (const [form, lambda0] of [
  ['optically thin', 0],
  ['general opacity', 92],
] as const) {
  const ref = resolveParams({ dust_lambda0_um: lambda0 });
  const model = buildCountsModel(template, ref);
  const at = (o: Record<string, number>) => Float64Array.from(TRACED_PARAMS, (n) => ({ ...ref, ...o })[n]);
  const sky = simulateCounts(model, at({ dust_T0: 26, dust_beta: 1.6, u_ms_slope: 0.3, sb_frac: 0.05 }), template, 5);
  const compiled = model.logLikelihood.bind(likelihoodData(sky));
  const hand = handCounts({ ...model.traced.data, ...likelihoodData(sky) }, [20, 20]);
  const iLambda0 = TRACED_PARAMS.indexOf('dust_lambda0_um');

  test(`hand-written count-likelihood value and gradient equal the compiled ones (1e-9 relative) at several points, ${form} SED`, () => {
    // Points move every traced parameter, including u_sb above and below the main sequence (both
    // branches of max), α_MIR (the λ_c(T, α) cut-off of the SED) and λ0 (ignored by the thin form).
    // Not the reference point itself: there every shift is 0 up to rounding, and a bin edge on the
    // tables' 0.02-dex grid would sit on a kink of the linear interpolation, where the one-sided
    // slope depends on the last bit.
    const points = [
      at({ dust_T0: 24 }),
      at({ dust_T0: 25, dust_beta: 1.65, u_ms_slope: 0.28, sb_frac: 0.04, dust_lambda0_um: 120 }),
      at({
        dust_T0: 31,
        dust_beta: 1.9,
        mir_alpha: 2.3,
        u_sb: 60,
        u_scatter_dex: 0.25,
        sb_frac: 0.1,
        lir_per_sfr: 1.3e10,
        dust_lambda0_um: 60,
      }),
      at({ dust_T0: 22, dust_beta: 1.3, mir_alpha: 1.7, u_ms_slope: 0.4, u_sb: 8, u_scatter_dex: 0.1 }),
    ];
    const gc = new Float64Array(TRACED_PARAMS.length);
    const gh = new Float64Array(TRACED_PARAMS.length);
    for (const th of points) {
      const vc = compiled.valueAndGrad(th, gc);
      const vh = hand.valueAndGrad(th, gh);
      assert.ok(Math.abs(vh - vc) <= 1e-9 * Math.abs(vc), `value ${vh} vs compiled ${vc}`);
      const rel = maxRelativeDifference(gh, gc);
      assert.ok(rel <= 1e-9, `gradient ${Array.from(gh)} vs compiled ${Array.from(gc)}: relative ${rel}`);
      // Every component is exercised (a zero on both sides would hide a missing chain-rule branch),
      // except λ0 of the thin form, which must be exactly 0 there.
      for (let j = 0; j < gc.length; j++)
        if (j === iLambda0 && lambda0 === 0) assert.equal(gc[j], 0, `thin SED: ∂L/∂λ0 = ${gc[j]}`);
        else assert.ok(gc[j] !== 0, `∂L/∂${TRACED_PARAMS[j]} is zero at ${Array.from(th)}`);
    }
  });
}
