// The count fit as a benchmark case for bench/infer.bench.ts: the posterior that `mmassoc fit` samples
// (src/infer/fit.ts: compiled likelihood, default priors, the same unconstraining transforms) on three
// simulated 20 deg² one-band skies, and the same posterior as Stan data for bench/stan/count_fit.stan.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PoissonCounts } from '../../src/infer/counts-likelihood.js';
import { likelihoodData } from '../../src/infer/counts-likelihood.js';
import { buildCountsModel, checkFreeNames, priorSpec } from '../../src/infer/fit.js';
import { unconstrainedPosterior } from '../../src/infer/posterior.js';
import { makePrior } from '../../src/infer/priors.js';
import { simulateCounts } from '../../src/infer/simulate-counts.js';
import type { LogDensityFn } from '../../src/infer/types.js';
import { logBins } from '../../src/model/counts-bins.js';
import { resolveParams } from '../../src/model/params.js';
import { TRACED_PARAMS } from '../../src/model/traced/index.js';
import { RandomStream } from '../../src/random/stream.js';

const FREE = ['dust_T0', 'dust_beta', 'u_ms_slope', 'sb_frac'] as const;
const BANDS = ['spire250', 'spire500', 'spt220'] as const;

type DataValue = Float64Array | { values: Float64Array; shape: number[] };
const values = (v: DataValue | undefined, k: string): Float64Array => {
  if (!v) throw new Error(`count fit: no data array '${k}'`);
  return ArrayBuffer.isView(v) ? v : v.values;
};
const rVec = (xs: ArrayLike<number>) => `c(${Array.from(xs).join(',')})`;
/** An R matrix from rows (nB × n); R fills column-major, so byrow. */
const rMat = (rows: ArrayLike<number>[]) =>
  `matrix(c(${rows.map((r) => Array.from(r).join(',')).join(',')}), nrow=${rows.length}, byrow=TRUE)`;

export interface CountFitCase {
  name: string;
  label: string;
  dim: number;
  logDensity: LogDensityFn;
  stanModel: string;
  stanData: string;
  chains: number;
  warmup: number;
  draws: number;
  seeds: number;
  warmRerun: boolean;
  /** Unconstrained points at which both implementations' log densities are compared (differences). */
  checkPoints: Float64Array[];
  init: { unconstrained: Float64Array[]; constrained: Record<string, number>[] };
}

export function countFitCase(): CountFitCase {
  // count_fit.stan writes the optically thin SED, so both sides use it (the defaults are general opacity)
  const ref = resolveParams({ dust_lambda0_um: 0 });
  const truth: Record<string, number> = { ...ref, dust_T0: 25, dust_beta: 1.65, u_ms_slope: 0.28, sb_frac: 0.04 };
  const bins = logBins(3, 300, 5);
  const tpl: PoissonCounts[] = BANDS.map((b) => ({
    kind: 'poisson',
    file: b,
    band: b,
    loMJy: bins.loMJy,
    hiMJy: bins.hiMJy,
    areaDeg2: 20,
    n: new Float64Array(bins.loMJy.length),
  }));
  const model = buildCountsModel(tpl, ref);
  const sky = simulateCounts(
    model,
    Float64Array.from(TRACED_PARAMS, (n) => truth[n]),
    tpl,
    3,
  );
  const f = model.logLikelihood.bind(likelihoodData(sky));

  // The posterior exactly as fitCounts builds it.
  const defs = checkFreeNames(FREE);
  const slot = defs.map((d) => TRACED_PARAMS.indexOf(d.name as (typeof TRACED_PARAMS)[number]));
  const full = Float64Array.from(TRACED_PARAMS, (n) => ref[n]);
  const gradFull = new Float64Array(full.length);
  const logLik = (theta: Float64Array, grad: Float64Array) => {
    for (let j = 0; j < slot.length; j++) full[slot[j]] = theta[j];
    const v = f.valueAndGrad(full, gradFull);
    for (let j = 0; j < slot.length; j++) grad[j] = gradFull[slot[j]];
    return Number.isFinite(v) ? v : Number.NEGATIVE_INFINITY;
  };
  const specs = defs.map((d) => ({ name: d.name, prior: priorSpec(d), min: d.min, max: d.max }));
  const post = unconstrainedPosterior(specs, logLik);

  const d = { ...model.traced.data, ...likelihoodData(sky) } as Record<string, DataValue>;
  const a = (k: string) => values(d[k], k);
  const nB = BANDS.length;
  const bandIdx = Array.from({ length: nB }, (_, i) => i);
  const nodes = bandIdx.map((i) => a(`bandW${i}`).length);
  const nE = a('edges0').length;
  const nK = a('loIdx0').length;
  for (const i of bandIdx)
    if (a(`edges${i}`).length !== nE || a(`loIdx${i}`).length !== nK)
      throw new Error('count fit: the Stan model expects the same bins in every band');
  const cum = (xs: number[]) => xs.map((_, i) => xs.slice(0, i).reduce((s, x) => s + x, 0));
  const restLen = bandIdx.map((i) => a(`restNu${i}`).length);
  const prior = specs.map((s) => makePrior(s.prior));
  const trunc = specs.map((s) =>
    s.prior.kind === 'truncnormal' ? [s.prior.min, s.prior.max] : [Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY],
  );
  for (const s of specs)
    if (s.prior.kind !== 'normal' && s.prior.kind !== 'truncnormal')
      throw new Error(`count fit: the Stan model has normal priors only (${s.name}: ${s.prior.kind})`);
  const num = (x: number) => (Number.isFinite(x) ? String(x) : x > 0 ? 'Inf' : '-Inf');
  const lines = [
    `nC <- ${a('zc').length}`,
    `zc <- ${rVec(a('zc'))}`,
    `isSb <- as.integer(${rVec(a('isSb'))})`,
    `xu <- ${rVec(a('xu'))}`,
    `tempRef <- ${rVec(a('tempRef'))}`,
    `nNorm <- ${a('normNu').length}`,
    `normNu <- ${rVec(a('normNu'))}`,
    `normW <- ${rVec(a('normW'))}`,
    `betaRef <- ${a('betaRef')[0]}`,
    `alphaRef <- ${a('alphaRef')[0]}`,
    `lirRef <- ${a('lirRef')[0]}`,
    `logS0 <- ${a('logS0')[0]}`,
    `nGrid <- 601`,
    `nTable <- ${a('table').length}`,
    `table <- ${rVec(a('table'))}`,
    `nQ <- ${a('classOfQ').length}`,
    `classOfQ <- as.integer(${rVec(a('classOfQ').map((c) => c + 1))})`,
    `wConst <- ${rVec(a('wConst'))}`,
    `wSb <- ${rVec(a('wSb'))}`,
    `nB <- ${nB}`,
    `nodes <- as.integer(${rVec(nodes)})`,
    `nuOff <- as.integer(${rVec(cum(restLen))})`,
    `wOff <- as.integer(${rVec(cum(nodes))})`,
    `nRest <- ${restLen.reduce((s, x) => s + x, 0)}`,
    `restNu <- ${rVec(bandIdx.flatMap((i) => Array.from(a(`restNu${i}`))))}`,
    `nBandW <- ${nodes.reduce((s, x) => s + x, 0)}`,
    `bandW <- ${rVec(bandIdx.flatMap((i) => Array.from(a(`bandW${i}`))))}`,
    `nE <- ${nE}`,
    `edges <- ${rMat(bandIdx.map((i) => a(`edges${i}`)))}`,
    `rowBase <- matrix(as.integer(${rVec(bandIdx.flatMap((i) => Array.from(a(`rowBase${i}`))))}), nrow=${nB}, byrow=TRUE)`,
    `nK <- ${nK}`,
    `loIdx <- matrix(as.integer(${rVec(bandIdx.flatMap((i) => Array.from(a(`loIdx${i}`), (x) => x + 1)))}), nrow=${nB}, byrow=TRUE)`,
    `hiIdx <- matrix(as.integer(${rVec(bandIdx.flatMap((i) => Array.from(a(`hiIdx${i}`), (x) => x + 1)))}), nrow=${nB}, byrow=TRUE)`,
    `fixedCounts <- ${rMat(bandIdx.map((i) => a(`fixed${i}`)))}`,
    `nObs <- ${rMat(bandIdx.map((i) => a(`nObs${i}`)))}`,
    `logNFact <- ${rMat(bandIdx.map((i) => a(`logNFact${i}`)))}`,
    `sr <- ${rVec(sky.map((c) => (c as PoissonCounts).areaDeg2 * (Math.PI / 180) ** 2))}`,
    `mirAlpha <- ${ref.mir_alpha}`,
    `uSb <- ${ref.u_sb}`,
    `uScatterDex <- ${ref.u_scatter_dex}`,
    `lirPerSfr <- ${ref.lir_per_sfr}`,
    `lo <- ${rVec(specs.map((s, j) => s.min ?? prior[j].min))}`,
    `hi <- ${rVec(specs.map((s, j) => s.max ?? prior[j].max))}`,
    `priorMean <- ${rVec(specs.map((s) => (s.prior as { mean: number }).mean))}`,
    `priorSd <- ${rVec(specs.map((s) => (s.prior as { sd: number }).sd))}`,
    `truncLo <- c(${trunc.map((t) => num(t[0])).join(',')})`,
    `truncHi <- c(${trunc.map((t) => num(t[1])).join(',')})`,
  ];
  const u0 = post.toUnconstrained(Float64Array.from(defs, (x) => ref[x.name]));
  const uTruth = post.toUnconstrained(Float64Array.from(defs, (x) => truth[x.name]));
  // fitCounts starts each chain at the reference point jittered by ±0.1 on the unconstrained scale
  // (uniform(−2, 2) would put sb_frac beyond its prior's truncation at 0.2); both samplers start here.
  const rng = new RandomStream(1, 0x696e6974);
  const inits = Array.from({ length: 4 }, () => u0.map((x) => x + 0.2 * (rng.uniform() - 0.5)));
  return {
    name: `count fit (${FREE.join(', ')}; 3 skies × 20 deg², 10 bins each)`,
    label: 'count_fit',
    dim: FREE.length,
    logDensity: post.logDensity,
    stanModel: 'count_fit.stan',
    stanData: `${lines.join('\n')}\n`,
    chains: 4,
    warmup: 500,
    draws: 500,
    seeds: 1,
    warmRerun: false,
    init: {
      unconstrained: inits,
      constrained: inits.map((u) => Object.fromEntries(FREE.map((n, j) => [n, post.transforms[j].forward(u[j])]))),
    },
    checkPoints: [u0, uTruth, u0.map((x, j) => 0.5 * (x + uTruth[j]) + 0.05 * (j + 1))],
  };
}

/** Writes the check points where run_stan.R evaluates Stan's log density (rstan::log_prob). */
export function writeCheckPoints(prefix: string, points: Float64Array[]): void {
  writeFileSync(join(`${prefix}.check.csv`), `${points.map((p) => Array.from(p).join(',')).join('\n')}\n`);
}
