// Speed of the count-fit likelihood (docs/benchmarks.md, "Count fit"): compiled value+gradient
// against a hand-written Float64Array value+gradient loop of the same likelihood (bench/counts-hand.ts,
// checked here against the compiled gradient to 1e-9) and against the jit's eager interpreter (same
// graph, one op at a time, own reverse pass); on the fit configuration and on a finer-binned one;
// then ESS per second of a 4-parameter fit. Usage: npx tsx bench/fit.bench.ts [--no-fit] [--rounds N]
import { loadavg } from 'node:os';
import { likelihoodData, type PoissonCounts } from '../src/infer/counts-likelihood.js';
import { buildCountsModel, type CountsModel, fitCounts } from '../src/infer/fit.js';
import { simulateCounts } from '../src/infer/simulate-counts.js';
import { logBins } from '../src/model/counts-bins.js';
import { resolveParams } from '../src/model/params.js';
import { TRACED_PARAMS } from '../src/model/traced/index.js';
import { handCounts, maxRelativeDifference } from './counts-hand.js';

const bands = ['spire250', 'spire500', 'spt220'] as const;
// The defaults' general-opacity SED (λ0 = 92 µm, traced), as the fits of docs/validation.md; `--thin`
// times the optically thin form (dust_lambda0_um = 0) instead.
const THIN = process.argv.includes('--thin');
const ref = resolveParams(THIN ? { dust_lambda0_um: 0 } : {});
const truth: Record<string, number> = THIN
  ? { ...ref, dust_T0: 25, dust_beta: 1.65, u_ms_slope: 0.28, sb_frac: 0.04 }
  : { ...ref, dust_T0: 35, dust_beta: 1.6, u_ms_slope: 0.3, sb_frac: 0.05 };
const theta = Float64Array.from(TRACED_PARAMS, (n) => truth[n]);
const roundsArg = process.argv.indexOf('--rounds');
const ROUNDS = roundsArg > 0 ? Number(process.argv[roundsArg + 1]) : 100;
const median = (a: number[]) => {
  const s = [...a].sort((x, y) => x - y);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const quartiles = (a: number[]) => {
  const s = [...a].sort((x, y) => x - y);
  return [0.25, 0.5, 0.75].map((p) => s[Math.floor(p * (s.length - 1))].toFixed(2)).join(' / ');
};
const load = () =>
  loadavg()
    .map((x) => x.toFixed(1))
    .join(' ');

function template(loMJy: number, hiMJy: number, perDex: number): PoissonCounts[] {
  const bins = logBins(loMJy, hiMJy, perDex);
  return bands.map((b) => ({
    kind: 'poisson',
    file: b,
    band: b,
    loMJy: bins.loMJy,
    hiMJy: bins.hiMJy,
    areaDeg2: 20,
    n: new Float64Array(bins.loMJy.length),
  }));
}

/** Times hand, compiled and eager value+gradient, alternating them; returns the sky and the compiled model. */
function measure(label: string, tpl: PoissonCounts[]) {
  console.log(`\n== ${label}: ${tpl[0].loMJy.length} bins per band, bands ${bands.join(', ')} ==`);
  let t0 = performance.now();
  const model = buildCountsModel(tpl, ref);
  console.log(
    `precompute + compile: ${((performance.now() - t0) / 1000).toFixed(1)} s (compile alone ${model.logLikelihood.stats.compileMs.toFixed(0)} ms)`,
  );
  const sky = simulateCounts(model, theta, tpl, 3);
  const f = model.logLikelihood.bind(likelihoodData(sky));
  t0 = performance.now();
  const hand = handCounts(
    { ...model.traced.data, ...likelihoodData(sky) },
    sky.map((c) => c.areaDeg2),
  );
  console.log(`hand loop setup (reference-point SED, once): ${(performance.now() - t0).toFixed(1)} ms`);
  const gc = new Float64Array(f.dim);
  const gh = new Float64Array(f.dim);
  const ge = new Float64Array(f.dim);
  // The hand loop must compute what the compiled code computes, or the comparison means nothing.
  // (Not at the reference point itself: there the shifts are 0 up to rounding, edges on the table's
  // 0.02-dex grid sit on kinks of the linear interpolation, and the one-sided slope depends on the last bit.)
  const other: Record<string, number> = {
    ...truth,
    dust_T0: 28,
    dust_beta: 1.8,
    mir_alpha: 2.2,
    u_sb: 40,
    u_scatter_dex: 0.25,
    sb_frac: 0.05,
  };
  for (const th of [theta, Float64Array.from(TRACED_PARAMS, (n) => other[n])]) {
    const vc = f.valueAndGrad(th, gc);
    const vh = hand.valueAndGrad(th, gh);
    const ve = f.eager.valueAndGrad(th, ge);
    const rel = maxRelativeDifference(gh, gc);
    const relE = maxRelativeDifference(ge, gc);
    console.log(
      `check: value compiled ${vc}, hand ${vh}, eager ${ve}; gradient max relative difference hand ${rel.toExponential(1)}, eager ${relE.toExponential(1)}`,
    );
    if (!(Math.abs(vh - vc) <= 1e-9 * Math.abs(vc)) || !(rel <= 1e-9))
      throw new Error(
        `hand-written loop disagrees with the compiled likelihood: ${Array.from(gh)} vs ${Array.from(gc)}`,
      );
  }
  const impls: [string, () => void, number][] = [
    ['hand', () => hand.valueAndGrad(theta, gh), 20],
    ['compiled', () => f.valueAndGrad(theta, gc), 20],
    ['compiledValue', () => f.value(theta), 20],
    ['eager', () => f.eager.valueAndGrad(theta, ge), 2],
  ];
  // Warm-up until V8 has optimised every path (the generated function starts in the interpreter).
  for (const [, fn, n] of impls) for (let i = 0; i < 20 * n; i++) fn();
  const times: Record<string, number[]> = Object.fromEntries(impls.map(([k]) => [k, []]));
  const loadBefore = load();
  for (let r = 0; r < ROUNDS; r++)
    for (let j = 0; j < impls.length; j++) {
      const [k, fn, n] = impls[(j + r) % impls.length]; // rotate the order so no implementation always follows another
      const t = performance.now();
      for (let i = 0; i < n; i++) fn();
      times[k].push((performance.now() - t) / n);
    }
  const m = Object.fromEntries(Object.entries(times).map(([k, v]) => [k, median(v)]));
  console.log(
    `median of ${ROUNDS} alternating rounds (load average ${loadBefore} → ${load()}): hand value+grad ${m.hand.toFixed(3)} ms, compiled value+grad ${m.compiled.toFixed(3)} ms (value only ${m.compiledValue.toFixed(3)} ms), eager value+grad ${m.eager.toFixed(3)} ms`,
  );
  console.log(
    `compiled / hand = ${(m.compiled / m.hand).toFixed(2)}, eager / compiled = ${(m.eager / m.compiled).toFixed(1)}; per-round compiled/hand quartiles ${quartiles(times.compiled.map((t, r) => t / times.hand[r]))}, eager/compiled quartiles ${quartiles(times.eager.map((t, r) => t / times.compiled[r]))}`,
  );
  console.log(
    `element ops per call ${f.stats.elementOpsPerCall}, hoisted once ${f.stats.elementOpsHoisted}, without hoisting ${f.stats.elementOpsWithoutHoisting}`,
  );
  return { model, sky, f };
}

const { model, sky, f } = measure('fit configuration (3–300 mJy, 5 bins/dex)', template(3, 300, 5));
if (!process.argv.includes('--fit-only-config'))
  measure('finer configuration (1–1000 mJy, 20 bins/dex)', template(1, 1000, 20));

if (process.argv.includes('--no-fit')) process.exit(0);
const t0 = performance.now();
const fit = fitCounts({
  counts: sky,
  free: ['dust_T0', 'dust_beta', 'u_ms_slope', 'sb_frac'],
  chains: 4,
  warmup: 300,
  draws: 300,
  seed: 1,
  model: { ...(model as CountsModel), logLikelihood: f },
});
const sec = (performance.now() - t0) / 1000;
const minEss = Math.min(...fit.summary.map((s) => s.essBulk));
const evals = fit.sample.chains.reduce((a, c) => a + c.gradientEvaluations, 0);
console.log(
  `fit 4 params, 4 chains × (300 + 300): ${sec.toFixed(1)} s, ${evals} gradients, min bulk ESS ${minEss.toFixed(0)} → ${(minEss / sec).toFixed(1)} ESS/s`,
);
for (const s of fit.summary)
  console.log(
    `  ${s.param}: ${s.mean.toPrecision(5)} ± ${s.sd.toPrecision(2)} (truth ${truth[s.param]}), R-hat ${s.rhat.toFixed(3)}, ESS ${s.essBulk.toFixed(0)}`,
  );
