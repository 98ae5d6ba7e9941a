// Speed of the count-fit likelihood (docs/benchmarks.md, "Count fit"): compiled value and
// value+gradient against the jit's eager interpreter (same graph, one op at a time, own reverse
// pass) and against a hand-written Float64Array loop of the same likelihood value; ESS per second
// of a 4-parameter fit. Usage: npx tsx bench/fit.bench.ts
import { likelihoodData, type PoissonCounts } from '../src/infer/counts-likelihood.js';
import { buildCountsModel, fitCounts } from '../src/infer/fit.js';
import { simulateCounts } from '../src/infer/simulate-counts.js';
import { logBins } from '../src/model/counts-bins.js';
import { resolveParams } from '../src/model/params.js';
import { TRACED_PARAMS } from '../src/model/traced/index.js';

const bins = logBins(3, 300, 5);
const bands = ['spire250', 'spire500', 'spt220'] as const;
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
let t0 = performance.now();
const model = buildCountsModel(template, ref);
console.log(
  `precompute + compile: ${((performance.now() - t0) / 1000).toFixed(1)} s (compile alone ${model.logLikelihood.stats.compileMs.toFixed(0)} ms)`,
);
const truth: Record<string, number> = { ...ref, dust_T0: 25, dust_beta: 1.65, u_ms_slope: 0.28, sb_frac: 0.04 };
const theta = Float64Array.from(TRACED_PARAMS, (n) => truth[n]);
const sky = simulateCounts(model, theta, template, 3);
const f = model.logLikelihood.bind(likelihoodData(sky));
const D = { ...model.traced.data, ...likelihoodData(sky) } as Record<
  string,
  Float64Array | { values: Float64Array; shape: number[] }
>;
const arr = (k: string) => {
  const v = D[k];
  return ArrayBuffer.isView(v) ? (v as Float64Array) : (v as { values: Float64Array }).values;
};

const H_K = 0.04799243073;
const C_UM = 299792.458;
/** log K at the reference point per band and class: data-only, computed once (as the jit hoists it). */
const refLogK: Float64Array[] = [];
/** Hand-written loop of the same log likelihood (value only). */
function handValue(th: Float64Array): number {
  const [T0, beta, alpha, slope, uSb, sigU, sbFrac, lir] = th;
  const zc = arr('zc');
  const isSb = arr('isSb');
  const xu = arr('xu');
  const tRef = arr('tempRef');
  const nC = zc.length;
  const normNu = arr('normNu');
  const normW = arr('normW');
  const betaRef = arr('betaRef')[0];
  const alphaRef = arr('alphaRef')[0];
  const lirRef = arr('lirRef')[0];
  const shape = (nu: number, T: number, b: number, a: number, lc: number, nPl: number) => {
    const lam = C_UM / nu;
    const r = lam / lc;
    return (
      Math.exp(Math.log(nu) * (b + 3)) / Math.expm1((nu * H_K) / T) +
      nPl * Math.exp(Math.log(lam) * a) * Math.exp(-r * r)
    );
  };
  const lK = (T: number, b: number, a: number, rest: Float64Array, c: number, w: Float64Array) => {
    const lc = 0.75 / ((26.68 + 6.246 * a) ** -2 + (1.905e-4 + 7.243e-5 * a) * T);
    const nuC = C_UM / lc;
    const nPl = Math.exp(Math.log(nuC) * (b + 3)) / Math.expm1((nuC * H_K) / T) / Math.exp(Math.log(lc) * a);
    let norm = 0;
    for (let k = 0; k < normNu.length; k++) norm += normW[k] * shape(normNu[k], T, b, a, lc, nPl);
    let band = 0;
    const nb = w.length;
    for (let k = 0; k < nb; k++) band += w[k] * shape(rest[c * nb + k], T, b, a, lc, nPl);
    return Math.log(band) - Math.log(norm);
  };
  const shift = new Float64Array(nC);
  const grid = arr('logSGrid');
  const table = arr('table');
  const classOfQ = arr('classOfQ');
  const wConst = arr('wConst');
  const wSb = arr('wSb');
  let total = 0;
  for (let i = 0; i < bands.length; i++) {
    const rest = arr(`restNu${i}`);
    const bw = arr(`bandW${i}`);
    if (!refLogK[i])
      refLogK[i] = Float64Array.from({ length: nC }, (_, c) => lK(tRef[c], betaRef, alphaRef, rest, c, bw));
    const kRef = refLogK[i];
    for (let c = 0; c < nC; c++) {
      const ms = slope * zc[c] + Math.log10(5);
      const lu = (isSb[c] ? Math.max(ms, Math.log10(uSb)) : ms) + xu[c] * sigU;
      const T = Math.exp(((lu - Math.log10(5)) / (beta + 4) + Math.log10(T0)) * Math.LN10);
      shift[c] = (lK(T, beta, alpha, rest, c, bw) - kRef[c]) / Math.LN10 + Math.log(lir / lirRef) / Math.LN10;
    }
    const edges = arr(`edges${i}`);
    const rowBase = arr(`rowBase${i}`);
    const atEdges = new Float64Array(edges.length);
    for (let q = 0; q < classOfQ.length; q++) {
      const w = wConst[q] + wSb[q] * sbFrac;
      const s = shift[classOfQ[q]];
      for (let e = 0; e < edges.length; e++) {
        const x = edges[e] - s;
        let lo = 0;
        let hi = grid.length - 1;
        while (hi - lo > 1) {
          const mid = (lo + hi) >> 1;
          if (grid[mid] <= x) lo = mid;
          else hi = mid;
        }
        const y0 = table[rowBase[q] + lo];
        const y1 = table[rowBase[q] + lo + 1];
        const t = Math.min(1, Math.max(0, (x - grid[lo]) / 0.02));
        atEdges[e] += w * (y0 + t * (y1 - y0));
      }
    }
    const loI = arr(`loIdx${i}`);
    const hiI = arr(`hiIdx${i}`);
    const fixed = arr(`fixed${i}`);
    const n = arr(`nObs${i}`);
    const lnf = arr(`logNFact${i}`);
    const sr = 20 * (Math.PI / 180) ** 2;
    for (let k = 0; k < loI.length; k++) {
      const lam = (atEdges[hiI[k]] - atEdges[loI[k]] + fixed[k]) * sr;
      total += n[k] * Math.log(lam + 1e-300) - lam - lnf[k];
    }
  }
  return total;
}

const grad = new Float64Array(f.dim);
const vc = f.value(theta);
const vh = handValue(theta);
console.log(
  `value: compiled ${vc}, hand-written ${vh} (relative difference ${Math.abs(vc / vh - 1).toExponential(1)})`,
);
function time(label: string, fn: () => void, reps: number): number {
  // Warm up until V8 has optimised the (large) generated function: the first calls run in the interpreter.
  for (let i = 0; i < 3 * reps; i++) fn();
  t0 = performance.now();
  for (let i = 0; i < reps; i++) fn();
  const ms = (performance.now() - t0) / reps;
  console.log(`${label}: ${ms.toFixed(3)} ms`);
  return ms;
}
const rounds: Record<string, number[]> = { hand: [], value: [], vg: [], eager: [] };
for (let r = 0; r < 3; r++) {
  rounds.hand.push(time('hand-written loop, value', () => handValue(theta), 100));
  rounds.value.push(time('compiled value', () => f.value(theta), 100));
  rounds.vg.push(time('compiled value+gradient', () => f.valueAndGrad(theta, grad), 100));
  rounds.eager.push(time('eager interpreter value+gradient', () => f.eager.valueAndGrad(theta, grad), 10));
}
const best = (k: string) => Math.min(...rounds[k]);
console.log(
  `best of 3: hand value ${best('hand').toFixed(3)} ms, compiled value ${best('value').toFixed(3)} ms (×${(best('value') / best('hand')).toFixed(2)} of hand), compiled value+grad ${best('vg').toFixed(3)} ms, eager value+grad ${best('eager').toFixed(3)} ms (compiled ${(best('eager') / best('vg')).toFixed(1)}× faster)`,
);
console.log(
  `element ops per call ${f.stats.elementOpsPerCall}, hoisted once ${f.stats.elementOpsHoisted}, without hoisting ${f.stats.elementOpsWithoutHoisting}`,
);

if (process.argv.includes('--no-fit')) process.exit(0);
t0 = performance.now();
const fit = fitCounts({
  counts: sky,
  free: ['dust_T0', 'dust_beta', 'u_ms_slope', 'sb_frac'],
  chains: 4,
  warmup: 300,
  draws: 300,
  seed: 1,
  model: { ...model, logLikelihood: f },
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
