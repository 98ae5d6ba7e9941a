// Calibration of the count fit (docs/validation.md, "Backward model"): coverage of 95% intervals
// over replications at a fixed non-default truth, and simulation-based calibration (Talts et al.
// 2018) of a small model with θ drawn from the prior. Skies are Poisson draws of the traced model
// (src/infer/simulate-counts.ts), so the fitted model is the generating one.
// Usage: npx tsx bench/fit-calibration.ts coverage [reps] | sbc [reps]   (one JSON line per replication on stdout)
import gammaln from '@stdlib/math-base-special-gammaln';
import { likelihoodData, type PoissonCounts } from '../src/infer/counts-likelihood.js';
import { buildCountsModel, type CountsModel, fitCounts } from '../src/infer/fit.js';
import { simulateCounts } from '../src/infer/simulate-counts.js';
import { logBins } from '../src/model/counts-bins.js';
import { GALAXY_PARAMS } from '../src/model/galaxy-params.js';
import { resolveParams } from '../src/model/params.js';
import { TRACED_PARAMS } from '../src/model/traced/index.js';
import { RandomStream } from '../src/random/stream.js';

const mode = process.argv[2] ?? 'coverage';
const reps = Number(process.argv[3] ?? (mode === 'sbc' ? 100 : 20));

function template(bands: readonly ('spire250' | 'spire500' | 'spt220')[], areaDeg2: number): PoissonCounts[] {
  const bins = logBins(3, 300, 5);
  return bands.map((b) => ({
    kind: 'poisson',
    file: b,
    band: b,
    loMJy: bins.loMJy,
    hiMJy: bins.hiMJy,
    areaDeg2,
    n: new Float64Array(bins.loMJy.length),
  }));
}

/** χ² upper-tail probability for k degrees of freedom (regularised Γ(k/2, x/2) by its series/continued fraction). */
export function chiSquareP(x: number, k: number): number {
  const a = k / 2;
  const y = x / 2;
  const lg = gammaln(a);
  if (y < a + 1) {
    let sum = 1 / a;
    let term = sum;
    for (let n = 1; n < 500; n++) {
      term *= y / (a + n);
      sum += term;
    }
    return 1 - Math.exp(-y + a * Math.log(y) - lg) * sum;
  }
  // Lentz continued fraction (Numerical Recipes §6.2).
  let b = y + 1 - a;
  let c = 1e300;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 500; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    d = 1 / d;
    c = b + an / c;
    h *= d * c;
  }
  return Math.exp(-y + a * Math.log(y) - lg) * h;
}

/** The same compiled model with this sky's observed counts bound (hoisted data recomputed, no retrace). */
function rebind(model: CountsModel, sky: readonly PoissonCounts[]): CountsModel {
  return { ...model, logLikelihood: model.logLikelihood.bind(likelihoodData(sky)) };
}

if (mode === 'coverage') {
  const ref = resolveParams();
  const tpl = template(['spire250', 'spire500', 'spt220'], 20);
  const model = buildCountsModel(tpl, ref);
  const truth: Record<string, number> = { ...ref, dust_T0: 34, dust_beta: 1.65, u_ms_slope: 0.28, sb_frac: 0.04 };
  const free = ['dust_T0', 'dust_beta', 'u_ms_slope', 'sb_frac'];
  const theta = Float64Array.from(TRACED_PARAMS, (n) => truth[n]);
  let covered = 0;
  let total = 0;
  for (let r = 0; r < reps; r++) {
    const sky = simulateCounts(model, theta, tpl, 1000 + r);
    const fit = fitCounts({
      counts: sky,
      free,
      chains: 2,
      warmup: 200,
      draws: 200,
      seed: r + 1,
      model: rebind(model, sky),
    });
    const rows = fit.summary.map((s) => {
      const ok = s.q2_5 <= truth[s.param] && truth[s.param] <= s.q97_5;
      covered += ok ? 1 : 0;
      total++;
      return { param: s.param, mean: s.mean, sd: s.sd, covered: ok, rhat: s.rhat, essBulk: s.essBulk };
    });
    console.log(JSON.stringify({ rep: r, rows, coverage: covered / total }));
  }
} else {
  // Small model: one 5 deg² sky in spire250, free dust_T0 and dust_beta from their priors.
  const ref = resolveParams();
  const tpl = template(['spire250'], 5);
  const model = buildCountsModel(tpl, ref);
  const free = ['dust_T0', 'dust_beta'];
  const rng = new RandomStream(2024, 7);
  const priorOf = (name: string) => GALAXY_PARAMS.find((d) => d.name === name)?.prior;
  const t0Prior = priorOf('dust_T0');
  const betaPrior = priorOf('dust_beta');
  if (t0Prior?.kind !== 'normal' || betaPrior?.kind !== 'truncnormal')
    throw new Error('SBC expects a normal dust_T0 prior and a truncated-normal dust_beta prior');
  const L = 19; // thinned draws per replication → ranks 0…19
  const ranks: number[][] = free.map(() => []);
  for (let r = 0; r < reps; r++) {
    // θ from the fit's own priors (src/model/galaxy-params.ts), as SBC requires.
    const t0 = t0Prior.mean + t0Prior.sd * rng.normal();
    let beta = 0;
    do beta = betaPrior.mean + betaPrior.sd * rng.normal();
    while (beta < betaPrior.lo || beta > betaPrior.hi);
    const truth: Record<string, number> = { ...ref, dust_T0: t0, dust_beta: beta };
    const sky = simulateCounts(
      model,
      Float64Array.from(TRACED_PARAMS, (n) => truth[n]),
      tpl,
      5000 + r,
    );
    const fit = fitCounts({
      counts: sky,
      free,
      chains: 1,
      warmup: 150,
      draws: 190,
      seed: r + 1,
      model: rebind(model, sky),
    });
    const out = free.map((name, j) => {
      let rank = 0;
      for (let i = 0; i < L; i++) if (fit.draws[0][i * 10 * free.length + j] < truth[name]) rank++;
      ranks[j].push(rank);
      return rank;
    });
    console.log(JSON.stringify({ rep: r, truth: [t0, beta], ranks: out }));
  }
  // χ² of the rank histogram in 5 groups of 4 ranks (20 ranks) against uniform.
  free.forEach((name, j) => {
    const h = new Array(5).fill(0);
    for (const k of ranks[j]) h[Math.floor(k / 4)]++;
    const e = ranks[j].length / 5;
    const chi2 = h.reduce((a, o) => a + (o - e) ** 2 / e, 0);
    console.log(JSON.stringify({ param: name, histogram: h, chi2, p: chiSquareP(chi2, 4) }));
  });
}
