/**
 * Transforms from the unconstrained space the sampler explores (u ∈ ℝ) to a constrained parameter θ,
 * each with log|dθ/du| and its derivative, so that densities on θ become densities on u
 * (Stan Reference Manual, "Constraint transforms").
 */
export interface Transform {
  readonly name: string;
  /** θ(u) */
  forward(u: number): number;
  /** u(θ) */
  inverse(theta: number): number;
  /** dθ/du */
  derivative(u: number): number;
  /** log|dθ/du| */
  logJacobian(u: number): number;
  /** d/du log|dθ/du| */
  logJacobianGrad(u: number): number;
}

export const identityTransform: Transform = {
  name: 'identity',
  forward: (u) => u,
  inverse: (t) => t,
  derivative: () => 1,
  logJacobian: () => 0,
  logJacobianGrad: () => 0,
};

/** θ = lower + exp(u). */
export function lowerBounded(lower = 0): Transform {
  return {
    name: lower === 0 ? 'log' : `lower(${lower})`,
    forward: (u) => lower + Math.exp(u),
    inverse: (t) => Math.log(t - lower),
    derivative: (u) => Math.exp(u),
    logJacobian: (u) => u,
    logJacobianGrad: () => 1,
  };
}

/** θ = upper − exp(u). */
export function upperBounded(upper: number): Transform {
  return {
    name: `upper(${upper})`,
    forward: (u) => upper - Math.exp(u),
    inverse: (t) => Math.log(upper - t),
    derivative: (u) => -Math.exp(u),
    logJacobian: (u) => u,
    logJacobianGrad: () => 1,
  };
}

function sigmoid(u: number): number {
  return u >= 0 ? 1 / (1 + Math.exp(-u)) : Math.exp(u) / (1 + Math.exp(u));
}

/** θ = lower + (upper − lower)·σ(u): the scaled logit transform. */
export function bounded(lower: number, upper: number): Transform {
  const width = upper - lower;
  return {
    name: lower === 0 && upper === 1 ? 'logit' : `bounded(${lower},${upper})`,
    forward: (u) => lower + width * sigmoid(u),
    inverse: (t) => {
      const x = (t - lower) / width;
      return Math.log(x) - Math.log1p(-x);
    },
    derivative: (u) => {
      const s = sigmoid(u);
      return width * s * (1 - s);
    },
    // log(width) + log σ(u) + log σ(−u), computed stably.
    logJacobian: (u) => Math.log(width) - Math.abs(u) - 2 * Math.log1p(Math.exp(-Math.abs(u))),
    logJacobianGrad: (u) => 1 - 2 * sigmoid(u),
  };
}

/** Chooses the transform for a support [min, max] (either end may be infinite). */
export function transformFor(min = Number.NEGATIVE_INFINITY, max = Number.POSITIVE_INFINITY): Transform {
  const lo = Number.isFinite(min);
  const hi = Number.isFinite(max);
  if (lo && hi) return bounded(min, max);
  if (lo) return lowerBounded(min);
  if (hi) return upperBounded(max);
  return identityTransform;
}
