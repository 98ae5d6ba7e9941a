import erfc from '@stdlib/math-base-special-erfc';

/** A prior on one constrained parameter: log density (up to a constant) and its derivative. */
export type PriorSpec =
  | { kind: 'normal'; mean: number; sd: number }
  | { kind: 'lognormal'; meanlog: number; sdlog: number }
  | { kind: 'uniform'; min: number; max: number }
  | { kind: 'halfnormal'; sd: number }
  | { kind: 'truncnormal'; mean: number; sd: number; min: number; max: number };

export interface Prior {
  readonly spec: PriorSpec;
  /** log p(θ) including normalising constants (so that priors can be compared). */
  logDensity(theta: number): number;
  gradient(theta: number): number;
  /** Support of θ, used to choose the unconstraining transform. */
  readonly min: number;
  readonly max: number;
}

const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

function normalCdf(x: number): number {
  return 0.5 * erfc(-x / Math.SQRT2);
}

export function makePrior(spec: PriorSpec): Prior {
  switch (spec.kind) {
    case 'normal':
      return {
        spec,
        min: Number.NEGATIVE_INFINITY,
        max: Number.POSITIVE_INFINITY,
        logDensity: (t) => -0.5 * ((t - spec.mean) / spec.sd) ** 2 - Math.log(spec.sd) - LOG_SQRT_2PI,
        gradient: (t) => -(t - spec.mean) / (spec.sd * spec.sd),
      };
    case 'lognormal':
      return {
        spec,
        min: 0,
        max: Number.POSITIVE_INFINITY,
        logDensity: (t) =>
          t > 0
            ? -0.5 * ((Math.log(t) - spec.meanlog) / spec.sdlog) ** 2 - Math.log(spec.sdlog * t) - LOG_SQRT_2PI
            : -Infinity,
        gradient: (t) => (-(Math.log(t) - spec.meanlog) / (spec.sdlog * spec.sdlog) - 1) / t,
      };
    case 'uniform':
      return {
        spec,
        min: spec.min,
        max: spec.max,
        logDensity: (t) => (t >= spec.min && t <= spec.max ? -Math.log(spec.max - spec.min) : -Infinity),
        gradient: () => 0,
      };
    case 'halfnormal':
      return {
        spec,
        min: 0,
        max: Number.POSITIVE_INFINITY,
        logDensity: (t) =>
          t >= 0 ? -0.5 * (t / spec.sd) ** 2 - Math.log(spec.sd) - LOG_SQRT_2PI + Math.LN2 : -Infinity,
        gradient: (t) => -t / (spec.sd * spec.sd),
      };
    case 'truncnormal': {
      const logZ = Math.log(normalCdf((spec.max - spec.mean) / spec.sd) - normalCdf((spec.min - spec.mean) / spec.sd));
      return {
        spec,
        min: spec.min,
        max: spec.max,
        logDensity: (t) =>
          t >= spec.min && t <= spec.max
            ? -0.5 * ((t - spec.mean) / spec.sd) ** 2 - Math.log(spec.sd) - LOG_SQRT_2PI - logZ
            : -Infinity,
        gradient: (t) => -(t - spec.mean) / (spec.sd * spec.sd),
      };
    }
  }
}
