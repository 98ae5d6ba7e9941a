/**
 * Warm-up adaptation as in Stan (Stan Reference Manual, "HMC algorithm parameters"):
 * dual averaging of the step size (Nesterov 2009; Hoffman & Gelman 2014 §3.2, with
 * γ = 0.05, t0 = 10, κ = 0.75, μ = log(10 ε₀)) and windowed estimation of the inverse mass matrix
 * (an initial fast buffer of 75 iterations, slow windows starting at 25 and doubling, a final
 * fast buffer of 50), the variance regularised towards 1e-3 as Stan does.
 */
export interface DualAveragingState {
  logStep: number;
  logStepBar: number;
  hBar: number;
  mu: number;
  count: number;
}

export function dualAveragingInit(stepSize: number): DualAveragingState {
  return { logStep: Math.log(stepSize), logStepBar: 0, hBar: 0, mu: Math.log(10 * stepSize), count: 0 };
}

export function dualAveragingUpdate(
  s: DualAveragingState,
  acceptProb: number,
  targetAccept: number,
): DualAveragingState {
  const next = { ...s };
  dualAveragingStep(next, acceptProb, targetAccept);
  return next;
}

/** `dualAveragingUpdate` in place (the sampler's warm-up loop: no allocation per iteration). */
export function dualAveragingStep(s: DualAveragingState, acceptProb: number, targetAccept: number): void {
  const gamma = 0.05;
  const t0 = 10;
  const kappa = 0.75;
  const count = s.count + 1;
  const eta = 1 / (count + t0);
  s.hBar = (1 - eta) * s.hBar + eta * (targetAccept - acceptProb);
  s.logStep = s.mu - (Math.sqrt(count) / gamma) * s.hBar;
  const w = count ** -kappa;
  s.logStepBar = w * s.logStep + (1 - w) * s.logStepBar;
  s.count = count;
}

/** The windows of the slow (mass-matrix) phase: [start, end) iteration ranges. */
export function adaptationWindows(
  warmup: number,
  initBuffer = 75,
  termBuffer = 50,
  baseWindow = 25,
): Array<[number, number]> {
  if (warmup < 20) return [];
  if (initBuffer + termBuffer + baseWindow > warmup) {
    // Stan's fallback for short warm-ups: 15% / 75% / 10%.
    initBuffer = Math.floor(0.15 * warmup);
    termBuffer = Math.floor(0.1 * warmup);
    baseWindow = warmup - initBuffer - termBuffer;
  }
  const windows: Array<[number, number]> = [];
  const slowEnd = warmup - termBuffer;
  let start = initBuffer;
  let size = baseWindow;
  while (start < slowEnd) {
    let end = start + size;
    // The last window absorbs what is left if the next one would not fit.
    if (end + 2 * size > slowEnd) end = slowEnd;
    windows.push([start, end]);
    start = end;
    size *= 2;
  }
  return windows;
}

/** Welford accumulator of mean and (co)variance. */
export class CovarianceEstimator {
  n = 0;
  readonly mean: Float64Array;
  readonly m2: Float64Array;
  private readonly delta: Float64Array;

  constructor(
    readonly dim: number,
    readonly dense: boolean,
  ) {
    this.mean = new Float64Array(dim);
    this.m2 = new Float64Array(dense ? dim * dim : dim);
    this.delta = new Float64Array(dim);
  }

  add(x: Float64Array): void {
    this.n++;
    const d = this.dim;
    const delta = this.delta;
    for (let i = 0; i < d; i++) {
      delta[i] = x[i] - this.mean[i];
      this.mean[i] += delta[i] / this.n;
    }
    if (this.dense) {
      for (let i = 0; i < d; i++) {
        const di = x[i] - this.mean[i];
        for (let j = 0; j < d; j++) this.m2[i * d + j] += delta[j] * di;
      }
    } else {
      for (let i = 0; i < d; i++) this.m2[i] += delta[i] * (x[i] - this.mean[i]);
    }
  }

  /** The regularised estimate Stan uses: (n/(n+5)) Σ̂ + 1e-3 (5/(n+5)) I. */
  regularised(): Float64Array {
    const n = this.n;
    const d = this.dim;
    const out = new Float64Array(this.m2.length);
    const a = n / ((n + 5) * Math.max(1, n - 1));
    const b = (1e-3 * 5) / (n + 5);
    if (this.dense) {
      for (let i = 0; i < d; i++)
        for (let j = 0; j < d; j++) out[i * d + j] = a * this.m2[i * d + j] + (i === j ? b : 0);
    } else {
      for (let i = 0; i < d; i++) out[i] = a * this.m2[i] + b;
    }
    return out;
  }
}
