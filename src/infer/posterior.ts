import { makePrior, type PriorSpec } from './priors.js';
import { type Transform, transformFor } from './transforms.js';
import type { LogDensityFn } from './types.js';

export interface ParameterSpec {
  name: string;
  prior: PriorSpec;
  /** Narrower support (the parameter's allowed range); the sampled support is its intersection with the prior's. */
  min?: number;
  max?: number;
}

/**
 * Builds the sampler's log density on unconstrained u from named constrained parameters with priors
 * and a log likelihood on θ (value and gradient ∂/∂θ):
 * log p(u) = log L(θ(u)) + Σ log prior(θ_i) + Σ log|dθ_i/du_i|.
 */
export function unconstrainedPosterior(
  params: readonly ParameterSpec[],
  logLikelihood: (theta: Float64Array, gradTheta: Float64Array) => number,
): {
  logDensity: LogDensityFn;
  transforms: Transform[];
  toConstrained(u: Float64Array): Float64Array;
  toUnconstrained(theta: Float64Array): Float64Array;
} {
  const priors = params.map((p) => makePrior(p.prior));
  // Where the prior's support is narrower than the allowed range (a uniform prior inside the
  // parameter's limits), the prior's bounds the sampler: θ outside it has log density −∞.
  const transforms = params.map((p, i) =>
    transformFor(Math.max(p.min ?? -Infinity, priors[i].min), Math.min(p.max ?? Infinity, priors[i].max)),
  );
  const d = params.length;
  const theta = new Float64Array(d);
  const gradTheta = new Float64Array(d);
  const logDensity: LogDensityFn = (u, grad) => {
    for (let i = 0; i < d; i++) theta[i] = transforms[i].forward(u[i]);
    gradTheta.fill(0);
    let lp = logLikelihood(theta, gradTheta);
    for (let i = 0; i < d; i++) {
      const t = transforms[i];
      lp += priors[i].logDensity(theta[i]) + t.logJacobian(u[i]);
      grad[i] = (gradTheta[i] + priors[i].gradient(theta[i])) * t.derivative(u[i]) + t.logJacobianGrad(u[i]);
    }
    return lp;
  };
  return {
    logDensity,
    transforms,
    toConstrained: (u) => u.map((x, i) => transforms[i].forward(x)),
    toUnconstrained: (t) => t.map((x, i) => transforms[i].inverse(x)),
  };
}
