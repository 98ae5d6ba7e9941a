/**
 * The backward model: NUTS on the parameters of the forward model given observed counts. The
 * likelihood (counts-likelihood.ts) over the traced expected-counts model (src/model/traced) is
 * compiled once to value + gradient; free parameters keep the forward model's definitions and the
 * default priors of their ParamDef; every other parameter stays at its resolved value.
 */
import { UserError } from '../errors.js';
import type { Compiled } from '../jit/index.js';
import { allParams, type ParamDef, resolveParams } from '../model/params.js';
import { buildTracedCounts, TRACED_PARAMS, type TracedCounts } from '../model/traced/index.js';
import { closestNames } from '../table/table.js';
import { type CountsData, countsLogLikelihood, likelihoodData } from './counts-likelihood.js';
import type { ParameterSpec } from './posterior.js';
import { unconstrainedPosterior } from './posterior.js';
import type { PriorSpec } from './priors.js';
import { type SampleResult, sample } from './sampler.js';
import { type ParameterSummary, parameterChains, summarise } from './summary.js';

export interface FitOptions {
  readonly counts: readonly CountsData[];
  readonly free: readonly string[];
  /** Values of fixed (and initial values of free) parameters; defaults elsewhere. */
  readonly params?: Readonly<Record<string, number>>;
  readonly chains?: number;
  readonly warmup?: number;
  readonly draws?: number;
  readonly seed?: number;
  readonly onProgress?: (chain: number, iteration: number, total: number) => void;
  /**
   * Mass matrix: 'dense' (default) or 'diag'. The count posterior is strongly correlated (dust
   * temperature against emissivity index): on the benchmark fit a dense metric gives 6.5× the ESS per
   * gradient of a diagonal one (docs/benchmarks.md, "NUTS against Stan"), at O(d²) ≈ nothing for d ≤ 8.
   */
  readonly metric?: 'diag' | 'dense';
  /** A model already built for these counts' bins at the same reference parameters (reused across replications). */
  readonly model?: CountsModel;
}

export interface FitResult {
  readonly names: readonly string[];
  /** Per chain: draws × free parameters (constrained, row-major). */
  readonly draws: Float64Array[];
  readonly lp: Float64Array[];
  readonly divergent: Uint8Array[];
  readonly summary: ParameterSummary[];
  readonly sample: SampleResult;
  /** Every traced parameter at its reference value (the fixed ones stay there). */
  readonly reference: Readonly<Record<string, number>>;
  readonly model: CountsModel;
}

/** `uniform(0, 300)`: a prior as a user reads it in an error message. */
function describePrior(p: PriorSpec): string {
  const { kind, ...args } = p;
  return `${kind}(${Object.values(args).join(', ')})`;
}

/** Prior of a ParamDef in the sampler's spelling. */
export function priorSpec(def: ParamDef): PriorSpec {
  const p = def.prior;
  switch (p.kind) {
    case 'normal':
      return { kind: 'normal', mean: p.mean, sd: p.sd };
    case 'lognormal':
      return { kind: 'lognormal', meanlog: p.logMean, sdlog: p.logSd };
    case 'uniform':
      return { kind: 'uniform', min: p.lo, max: p.hi };
    case 'halfnormal':
      return { kind: 'halfnormal', sd: p.sd };
    case 'truncnormal':
      return { kind: 'truncnormal', mean: p.mean, sd: p.sd, min: p.lo, max: p.hi };
  }
}

/** Checks --free names against the registry and the traced model (one-line UserErrors). */
export function checkFreeNames(free: readonly string[]): ParamDef[] {
  if (!free.length) throw new UserError('fit: --free needs at least one parameter name, e.g. --free dust_T0,dust_beta');
  const defs = new Map(allParams().map((d) => [d.name, d]));
  const seen = new Set<string>();
  return free.map((name) => {
    const def = defs.get(name);
    if (!def) {
      const hint = closestNames(name, [...defs.keys()]);
      throw new UserError(
        `fit: unknown parameter '${name}' in --free${hint.length ? `; did you mean '${hint[0]}'?` : ''} (mmassoc counts --list-params lists them)`,
      );
    }
    if (!(TRACED_PARAMS as readonly string[]).includes(name))
      throw new UserError(
        `fit: parameter '${name}' cannot be fitted yet; the traced counts model frees ${TRACED_PARAMS.join(', ')}`,
      );
    if (seen.has(name)) throw new UserError(`fit: parameter '${name}' is listed twice in --free`);
    seen.add(name);
    return def;
  });
}

/** The compiled model of a set of counts: log likelihood and per-bin expectations over the traced parameters. */
export interface CountsModel {
  readonly traced: TracedCounts;
  readonly logLikelihood: Compiled;
  /** Expected sources in each bin of counts[i] (observed area; for published counts, dN/dS in Jy⁻¹ sr⁻¹) at traced parameters θ. */
  expected(theta: Float64Array): Float64Array[];
}

export function buildCountsModel(
  counts: readonly CountsData[],
  reference: Readonly<Record<string, number>>,
): CountsModel {
  const traced = buildTracedCounts(
    reference,
    counts.map((c) => ({ band: c.band, loMJy: c.loMJy, hiMJy: c.hiMJy })),
  );
  const logLikelihood = traced.compileWith((e, d) => countsLogLikelihood(counts, e, d), likelihoodData(counts));
  // One compiled Σ_k sel_k e_i[k]; per-bin values by binding one-hot selections (cheap, used for plots only).
  const picks = counts.map((c, i) => {
    const n = c.loMJy.length;
    const f = traced.compileWith((e, d) => e[i].mul(d.sel).sum(), { sel: new Float64Array(n) });
    return Array.from({ length: n }, (_, k) => {
      const sel = new Float64Array(n);
      sel[k] = 1;
      return f.bind({ sel });
    });
  });
  const sr = (c: CountsData) => (c.kind === 'poisson' ? c.areaDeg2 * (Math.PI / 180) ** 2 : 1);
  return {
    traced,
    logLikelihood,
    expected: (theta) =>
      counts.map((c, i) =>
        Float64Array.from(picks[i], (f, k) =>
          c.kind === 'poisson' ? f.value(theta) * sr(c) : (f.value(theta) * 1000) / (c.hiMJy[k] - c.loMJy[k]),
        ),
      ),
  };
}

/**
 * Samples the posterior of the free parameters.
 *
 * @example fitCounts({ counts: [readCounts('sky.csv')], free: ['dust_T0', 'dust_beta'], seed: 1 })
 */
export function fitCounts(opts: FitOptions): FitResult {
  const defs = checkFreeNames(opts.free);
  const resolved = resolveParams(opts.params ?? {});
  if (opts.free.includes('dust_lambda0_um') && !(resolved.dust_lambda0_um > 0))
    throw new UserError(
      'fit: dust_lambda0_um = 0 selects the optically thin SED, which does not depend on λ0; give --param dust_lambda0_um=100 (any value > 0) to fit the general-opacity form',
    );
  const reference = Object.fromEntries(TRACED_PARAMS.map((n) => [n, resolved[n]]));
  const model = opts.model ?? buildCountsModel(opts.counts, resolved);
  const slot = defs.map((d) => TRACED_PARAMS.indexOf(d.name as (typeof TRACED_PARAMS)[number]));
  const full = Float64Array.from(TRACED_PARAMS, (n) => reference[n]);
  const gradFull = new Float64Array(full.length);
  const logLik = (theta: Float64Array, grad: Float64Array) => {
    for (let j = 0; j < slot.length; j++) full[slot[j]] = theta[j];
    const v = model.logLikelihood.valueAndGrad(full, gradFull);
    for (let j = 0; j < slot.length; j++) grad[j] = gradFull[slot[j]];
    return Number.isFinite(v) ? v : Number.NEGATIVE_INFINITY;
  };
  const specs: ParameterSpec[] = defs.map((d) => ({ name: d.name, prior: priorSpec(d), min: d.min, max: d.max }));
  const post = unconstrainedPosterior(specs, logLik);
  defs.forEach((d, j) => {
    const t = post.transforms[j];
    if (!Number.isFinite(t.inverse(resolved[d.name])))
      throw new UserError(
        `fit: the start of ${d.name} (${resolved[d.name]}) lies on or outside the support of its prior ${describePrior(specs[j].prior)}; give --param ${d.name}=VALUE inside it`,
      );
  });
  // Start every chain near the reference point (jittered by the sampler's own stream) so warm-up
  // does not begin in the far tails of wide priors.
  const u0 = post.toUnconstrained(Float64Array.from(defs, (d) => resolved[d.name]));
  const result = sample(post.logDensity, defs.length, {
    chains: opts.chains ?? 4,
    warmup: opts.warmup ?? 500,
    draws: opts.draws ?? 500,
    seed: opts.seed ?? 1,
    init: (_chain, rng) => u0.map((x) => x + 0.2 * (rng.uniform() - 0.5)),
    metric: opts.metric ?? 'dense',
    onProgress: opts.onProgress,
  });
  const names = defs.map((d) => d.name);
  const draws = result.chains.map((c) => {
    const out = new Float64Array(result.draws * names.length);
    for (let i = 0; i < result.draws; i++)
      for (let j = 0; j < names.length; j++)
        out[i * names.length + j] = post.transforms[j].forward(c.draws[i * names.length + j]);
    return out;
  });
  const summary = names.map((n, j) =>
    summarise(
      parameterChains(result, j, (x) => post.transforms[j].forward(x)),
      n,
    ),
  );
  return {
    names,
    draws,
    lp: result.chains.map((c) => c.logp),
    divergent: result.chains.map((c) => c.divergent),
    summary,
    sample: result,
    reference,
    model,
  };
}
