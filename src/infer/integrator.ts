import type { Metric } from './metric.js';
import type { LogDensityFn } from './types.js';

/** A point in phase space with its cached log density, gradient and velocity M⁻¹p. */
export interface PhasePoint {
  q: Float64Array;
  p: Float64Array;
  grad: Float64Array;
  v: Float64Array;
  logp: number;
}

export function newPoint(dim: number): PhasePoint {
  return {
    q: new Float64Array(dim),
    p: new Float64Array(dim),
    grad: new Float64Array(dim),
    v: new Float64Array(dim),
    logp: Number.NaN,
  };
}

export function copyPoint(from: PhasePoint, to: PhasePoint): void {
  to.q.set(from.q);
  to.p.set(from.p);
  to.grad.set(from.grad);
  to.v.set(from.v);
  to.logp = from.logp;
}

/** One leapfrog (velocity Verlet) step of size `eps` (negative for backwards), in place. */
export function leapfrog(logDensity: LogDensityFn, metric: Metric, z: PhasePoint, eps: number): void {
  const d = z.q.length;
  for (let i = 0; i < d; i++) z.p[i] += 0.5 * eps * z.grad[i];
  metric.velocity(z.p, z.v);
  for (let i = 0; i < d; i++) z.q[i] += eps * z.v[i];
  z.logp = logDensity(z.q, z.grad);
  for (let i = 0; i < d; i++) z.p[i] += 0.5 * eps * z.grad[i];
  metric.velocity(z.p, z.v);
}

/** H = −log p(q) + K(p). */
export function hamiltonian(metric: Metric, z: PhasePoint): number {
  return -z.logp + metric.kinetic(z.p);
}
