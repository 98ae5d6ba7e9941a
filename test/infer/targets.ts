// Standard NUTS targets with independently known moments, shared by the tests and the benchmark.

import type { LogDensityFn } from '../../src/infer/types.js';
import { RandomStream } from '../../src/random/stream.js';

export interface Target {
  name: string;
  dim: number;
  logDensity: LogDensityFn;
  /** Known posterior means and standard deviations of the sampled (unconstrained) coordinates, where known. */
  mean?: Float64Array;
  sd?: Float64Array;
}

export function iidNormal(dim: number): Target {
  return {
    name: `iid normal ${dim}-d`,
    dim,
    logDensity: (q, g) => {
      let s = 0;
      for (let i = 0; i < dim; i++) {
        s += q[i] * q[i];
        g[i] = -q[i];
      }
      return -0.5 * s;
    },
    mean: new Float64Array(dim),
    sd: new Float64Array(dim).fill(1),
  };
}

/** N(μ, Σ) with Σ = D R D, R an AR(1)-like correlation ρ^|i−j| mixed with a random rotation-free scale. */
export function correlatedGaussian(dim: number, rho = 0.9, seed = 5): Target & { cov: Float64Array } {
  const rng = new RandomStream(seed);
  const scale = Float64Array.from({ length: dim }, () => Math.exp(rng.normal()));
  const mu = Float64Array.from({ length: dim }, () => rng.normal() * 3);
  const cov = new Float64Array(dim * dim);
  for (let i = 0; i < dim; i++)
    for (let j = 0; j < dim; j++) cov[i * dim + j] = scale[i] * scale[j] * rho ** Math.abs(i - j);
  // The precision of an AR(1) correlation is tridiagonal: closed form, no numerical inversion needed.
  const prec = new Float64Array(dim * dim);
  const c = 1 / (1 - rho * rho);
  for (let i = 0; i < dim; i++) {
    const diag = i === 0 || i === dim - 1 ? c : c * (1 + rho * rho);
    prec[i * dim + i] = diag / (scale[i] * scale[i]);
    if (i + 1 < dim) {
      prec[i * dim + i + 1] = (-rho * c) / (scale[i] * scale[i + 1]);
      prec[(i + 1) * dim + i] = prec[i * dim + i + 1];
    }
  }
  const d = new Float64Array(dim);
  return {
    name: `correlated Gaussian ${dim}-d`,
    dim,
    cov,
    logDensity: (q, g) => {
      for (let i = 0; i < dim; i++) d[i] = q[i] - mu[i];
      let s = 0;
      for (let i = 0; i < dim; i++) {
        let r = 0;
        const lo = Math.max(0, i - 1);
        const hi = Math.min(dim - 1, i + 1);
        for (let j = lo; j <= hi; j++) r += prec[i * dim + j] * d[j];
        g[i] = -r;
        s += d[i] * r;
      }
      return -0.5 * s;
    },
    mean: mu,
    sd: scale,
  };
}

/** Eight schools (Rubin 1981), non-centred: μ ~ N(0,5), τ ~ half-Cauchy(0,5), θ̃_j ~ N(0,1), y_j ~ N(μ + τθ̃_j, σ_j). Sampled as (μ, log τ, θ̃). */
export const EIGHT_SCHOOLS = {
  y: [28, 8, -3, 7, -1, 1, 18, 12],
  sigma: [15, 10, 16, 11, 9, 11, 10, 18],
};

export function eightSchoolsNonCentred(): Target {
  const { y, sigma } = EIGHT_SCHOOLS;
  return {
    name: 'eight schools (non-centred)',
    dim: 10,
    logDensity: (q, g) => {
      const mu = q[0];
      const logTau = q[1];
      const tau = Math.exp(logTau);
      // μ ~ N(0, 5); τ ~ half-Cauchy(0, 5) with the log-Jacobian of τ = e^u.
      let lp = -0.5 * (mu / 5) ** 2 - Math.log1p((tau / 5) ** 2) + logTau;
      g[0] = -mu / 25;
      g[1] = 1 - (2 * (tau / 5) ** 2) / (1 + (tau / 5) ** 2);
      for (let j = 0; j < 8; j++) {
        const t = q[2 + j];
        const r = (y[j] - mu - tau * t) / sigma[j];
        lp += -0.5 * t * t - 0.5 * r * r;
        g[0] += r / sigma[j];
        g[1] += (r / sigma[j]) * tau * t;
        g[2 + j] = -t + (r / sigma[j]) * tau;
      }
      return lp;
    },
  };
}

/** Reference E[μ], E[τ], sd: by 2-D quadrature of the marginal p(μ, τ | y) with θ integrated out analytically. */
export function eightSchoolsReference(): { meanMu: number; sdMu: number; meanTau: number; sdTau: number } {
  const { y, sigma } = EIGHT_SCHOOLS;
  let z = 0;
  let m1 = 0;
  let m2 = 0;
  let t1 = 0;
  let t2 = 0;
  const nMu = 800;
  const nT = 3000;
  for (let a = 0; a < nMu; a++) {
    const mu = -30 + (60 * (a + 0.5)) / nMu;
    for (let b = 0; b < nT; b++) {
      // τ on a substitution u = log τ ∈ [−12, 6] to resolve both the spike near 0 and the tail.
      const u = -12 + (18 * (b + 0.5)) / nT;
      const tau = Math.exp(u);
      let lp = -0.5 * (mu / 5) ** 2 - Math.log1p((tau / 5) ** 2) + u;
      for (let j = 0; j < 8; j++) {
        const v = sigma[j] * sigma[j] + tau * tau;
        lp += -0.5 * Math.log(v) - (0.5 * (y[j] - mu) ** 2) / v;
      }
      const w = Math.exp(lp + 30);
      z += w;
      m1 += w * mu;
      m2 += w * mu * mu;
      t1 += w * tau;
      t2 += w * tau * tau;
    }
  }
  const meanMu = m1 / z;
  const meanTau = t1 / z;
  return { meanMu, sdMu: Math.sqrt(m2 / z - meanMu ** 2), meanTau, sdTau: Math.sqrt(t2 / z - meanTau ** 2) };
}

/** Neal's funnel, non-centred: v ~ N(0, 3), z_i ~ N(0, 1), x_i = z_i e^{v/2}. Sampled as (v, z). */
export function nealsFunnelNonCentred(dim = 10): Target {
  return {
    name: "Neal's funnel (non-centred)",
    dim,
    logDensity: (q, g) => {
      let lp = -0.5 * (q[0] / 3) ** 2;
      g[0] = -q[0] / 9;
      for (let i = 1; i < dim; i++) {
        lp += -0.5 * q[i] * q[i];
        g[i] = -q[i];
      }
      return lp;
    },
    mean: new Float64Array(dim),
    sd: Float64Array.from({ length: dim }, (_, i) => (i === 0 ? 3 : 1)),
  };
}

/** Logistic regression on a fixed synthetic set (seeded): intercept and slope with N(0, 2.5²) priors. */
export function logisticRegression(n = 100, seed = 11): Target & { x: Float64Array; y: Uint8Array } {
  const rng = new RandomStream(seed);
  const x = new Float64Array(n);
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    x[i] = rng.normal();
    const p = 1 / (1 + Math.exp(-(-0.5 + 1.2 * x[i])));
    y[i] = rng.uniform() < p ? 1 : 0;
  }
  return {
    name: 'logistic regression',
    dim: 2,
    x,
    y,
    logDensity: (q, g) => {
      const [a, b] = [q[0], q[1]];
      let lp = -0.5 * (a / 2.5) ** 2 - 0.5 * (b / 2.5) ** 2;
      g[0] = -a / 6.25;
      g[1] = -b / 6.25;
      for (let i = 0; i < n; i++) {
        const eta = a + b * x[i];
        // log σ(η) for y=1, log σ(−η) for y=0, computed stably; one exp serves the value and σ(η).
        const s = y[i] ? eta : -eta;
        const e = Math.exp(-Math.abs(eta));
        lp -= Math.max(0, -s) + Math.log1p(e);
        const r = y[i] - (eta >= 0 ? 1 / (1 + e) : e / (1 + e));
        g[0] += r;
        g[1] += r * x[i];
      }
      return lp;
    },
  };
}

/** Posterior means and sds of a 2-parameter target by brute-force grid quadrature over a box. */
export function gridMoments2d(
  t: Target,
  box: [number, number, number, number],
  n = 600,
): { mean: number[]; sd: number[] } {
  const g = new Float64Array(2);
  const q = new Float64Array(2);
  let z = 0;
  const m = [0, 0];
  const s = [0, 0];
  let maxLp = Number.NEGATIVE_INFINITY;
  const lps = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      q[0] = box[0] + ((box[1] - box[0]) * (i + 0.5)) / n;
      q[1] = box[2] + ((box[3] - box[2]) * (j + 0.5)) / n;
      lps[i * n + j] = t.logDensity(q, g);
      maxLp = Math.max(maxLp, lps[i * n + j]);
    }
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      const a = box[0] + ((box[1] - box[0]) * (i + 0.5)) / n;
      const b = box[2] + ((box[3] - box[2]) * (j + 0.5)) / n;
      const w = Math.exp(lps[i * n + j] - maxLp);
      z += w;
      m[0] += w * a;
      m[1] += w * b;
      s[0] += w * a * a;
      s[1] += w * b * b;
    }
  const mean = [m[0] / z, m[1] / z];
  return { mean, sd: [Math.sqrt(s[0] / z - mean[0] ** 2), Math.sqrt(s[1] / z - mean[1] ** 2)] };
}
