import { RandomStream } from '../random/stream.js';
import {
  adaptationWindows,
  CovarianceEstimator,
  type DualAveragingState,
  dualAveragingInit,
  dualAveragingStep,
} from './adaptation.js';
import { copyPoint, hamiltonian, leapfrog, newPoint, type PhasePoint } from './integrator.js';
import { denseMetric, diagonalMetric, type Metric } from './metric.js';
import { type NutsInfo, NutsKernel } from './nuts.js';
import type { LogDensityFn } from './types.js';

export interface SampleOptions {
  chains?: number;
  warmup?: number;
  draws?: number;
  seed?: number;
  /** 'diag' (default) or 'dense' inverse mass matrix. */
  metric?: 'diag' | 'dense';
  targetAccept?: number;
  maxTreeDepth?: number;
  /** Initial positions per chain (unconstrained); default uniform(−2, 2) as Stan does. */
  init?: Float64Array[] | ((chain: number, rng: RandomStream) => Float64Array);
  onProgress?: (chain: number, iteration: number, total: number) => void;
}

export interface ChainResult {
  /** draws × dim, row-major, unconstrained parameters. */
  draws: Float64Array;
  logp: Float64Array;
  divergent: Uint8Array;
  treeDepth: Uint8Array;
  acceptProb: Float64Array;
  nLeapfrog: Int32Array;
  stepSize: number;
  inverseMass: Float64Array;
  gradientEvaluations: number;
}

export interface SampleResult {
  dim: number;
  draws: number;
  chains: ChainResult[];
}

/**
 * Explicit state of one chain: position with its cached density and gradient, metric, step size,
 * adaptation state and the chain's own random stream. `stepChain` advances it.
 */
export interface ChainState {
  readonly dim: number;
  readonly point: PhasePoint;
  metric: Metric;
  inverseMass: Float64Array;
  stepSize: number;
  rng: RandomStream;
  kernel: NutsKernel;
  /** Log-density evaluations outside NUTS transitions (initial point, step-size searches). */
  otherEvaluations: number;
  /** All log-density evaluations so far: transitions' leapfrogs plus `otherEvaluations`. */
  readonly gradientEvaluations: number;
}

export function initChain(
  logDensity: LogDensityFn,
  theta0: Float64Array,
  rng: RandomStream,
  opts: { metric?: 'diag' | 'dense'; maxTreeDepth?: number } = {},
): ChainState {
  const dim = theta0.length;
  const point = newPoint(dim);
  point.q.set(theta0);
  point.logp = logDensity(point.q, point.grad);
  if (!Number.isFinite(point.logp)) throw new Error('log density is not finite at the initial point');
  const dense = opts.metric === 'dense';
  const inverseMass = dense ? identity(dim) : new Float64Array(dim).fill(1);
  const metric = dense ? denseMetric(inverseMass, dim) : diagonalMetric(inverseMass);
  // The kernel gets the caller's function itself, not a per-chain counting wrapper: one call target
  // for every chain keeps V8's inlined call site monomorphic. Leapfrogs are counted by the kernel.
  const kernel = new NutsKernel(logDensity, dim, opts.maxTreeDepth ?? 10);
  const state: ChainState = {
    dim,
    point,
    metric,
    inverseMass,
    stepSize: 1,
    rng,
    kernel,
    otherEvaluations: 1,
    get gradientEvaluations() {
      return this.otherEvaluations + kernel.leapfrogs;
    },
  };
  state.stepSize = reasonableStepSize(logDensity, state);
  return state;
}

export function stepChain(state: ChainState): NutsInfo {
  return state.kernel.transition(state.point, state.metric, state.stepSize, state.rng);
}

/** Stan's heuristic: double or halve ε until the one-step acceptance crosses 0.8. */
function reasonableStepSize(logDensity: LogDensityFn, state: ChainState): number {
  const z = newPoint(state.dim);
  let eps = state.stepSize;
  const trial = (): number => {
    copyPoint(state.point, z);
    state.metric.sampleMomentum(state.rng, z.p);
    state.metric.velocity(z.p, z.v);
    const h0 = hamiltonian(state.metric, z);
    leapfrog(logDensity, state.metric, z, eps);
    state.otherEvaluations++;
    const h = hamiltonian(state.metric, z);
    return Number.isNaN(h) ? Number.NEGATIVE_INFINITY : h0 - h;
  };
  let delta = trial();
  const direction = delta > Math.log(0.8) ? 1 : -1;
  for (let i = 0; i < 100; i++) {
    eps = direction === 1 ? 2 * eps : 0.5 * eps;
    delta = trial();
    if (direction === 1 && !(delta > Math.log(0.8))) break;
    if (direction === -1 && delta > Math.log(0.8)) break;
    if (eps < 1e-12 || eps > 1e7) break;
  }
  return eps;
}

function identity(d: number): Float64Array {
  const m = new Float64Array(d * d);
  for (let i = 0; i < d; i++) m[i * d + i] = 1;
  return m;
}

/** Runs one chain: warm-up with adaptation, then `draws` sampling iterations. */
export function runChain(
  logDensity: LogDensityFn,
  theta0: Float64Array,
  rng: RandomStream,
  opts: SampleOptions & { chainIndex?: number } = {},
): ChainResult {
  const warmup = opts.warmup ?? 1000;
  const nDraws = opts.draws ?? 1000;
  const target = opts.targetAccept ?? 0.8;
  const dense = opts.metric === 'dense';
  const state = initChain(logDensity, theta0, rng, opts);
  const dim = state.dim;
  const windows = adaptationWindows(warmup);
  let da: DualAveragingState = dualAveragingInit(state.stepSize);
  let estimator = new CovarianceEstimator(dim, dense);
  let windowIndex = 0;
  const total = warmup + nDraws;

  for (let it = 0; it < warmup; it++) {
    const info = stepChain(state);
    dualAveragingStep(da, info.acceptProb, target);
    state.stepSize = Math.exp(da.logStep);
    const w = windows[windowIndex];
    if (w && it >= w[0] && it < w[1]) {
      estimator.add(state.point.q);
      if (it === w[1] - 1) {
        state.inverseMass = estimator.regularised();
        state.metric = dense ? denseMetric(state.inverseMass, dim) : diagonalMetric(state.inverseMass);
        estimator = new CovarianceEstimator(dim, dense);
        windowIndex++;
        // A new metric changes the scale: restart dual averaging from a fresh reasonable step.
        state.stepSize = reasonableStepSize(logDensity, state);
        da = dualAveragingInit(state.stepSize);
      }
    }
    opts.onProgress?.(opts.chainIndex ?? 0, it + 1, total);
  }
  if (warmup > 0) state.stepSize = Math.exp(da.logStepBar);

  const draws = new Float64Array(nDraws * dim);
  const logp = new Float64Array(nDraws);
  const divergent = new Uint8Array(nDraws);
  const treeDepth = new Uint8Array(nDraws);
  const acceptProb = new Float64Array(nDraws);
  const nLeapfrog = new Int32Array(nDraws);
  for (let it = 0; it < nDraws; it++) {
    const info = stepChain(state);
    draws.set(state.point.q, it * dim);
    logp[it] = state.point.logp;
    divergent[it] = info.divergent ? 1 : 0;
    treeDepth[it] = info.treeDepth;
    acceptProb[it] = info.acceptProb;
    nLeapfrog[it] = info.nLeapfrog;
    opts.onProgress?.(opts.chainIndex ?? 0, warmup + it + 1, total);
  }
  return {
    draws,
    logp,
    divergent,
    treeDepth,
    acceptProb,
    nLeapfrog,
    stepSize: state.stepSize,
    inverseMass: state.inverseMass,
    gradientEvaluations: state.gradientEvaluations,
  };
}

/**
 * NUTS over several chains, each with its own random stream (seed, chain index), so results do not
 * depend on how chains are scheduled.
 *
 * @example
 *   const res = sample((q, g) => { g[0] = -q[0]; return -0.5 * q[0] * q[0]; }, 1, { seed: 1 });
 */
export function sample(logDensity: LogDensityFn, dim: number, opts: SampleOptions = {}): SampleResult {
  const chains = opts.chains ?? 4;
  const seed = opts.seed ?? 1;
  const results: ChainResult[] = [];
  for (let c = 0; c < chains; c++) {
    const rng = new RandomStream(seed, 0x6e757473, c);
    let theta0: Float64Array;
    if (Array.isArray(opts.init)) theta0 = opts.init[c] ?? opts.init[0];
    else if (typeof opts.init === 'function') theta0 = opts.init(c, rng);
    else {
      theta0 = new Float64Array(dim);
      for (let i = 0; i < dim; i++) theta0[i] = 4 * rng.uniform() - 2;
    }
    results.push(runChain(logDensity, theta0, rng, { ...opts, chainIndex: c }));
  }
  return { dim, draws: opts.draws ?? 1000, chains: results };
}
