import type { RandomStream } from '../random/stream.js';
import { ziggurat } from './normal.js';

/**
 * The Euclidean metric of HMC, parametrised by the inverse mass matrix M⁻¹ (the posterior covariance
 * estimate): kinetic energy K(p) = ½ pᵀ M⁻¹ p and momenta p ~ N(0, M). Diagonal or dense.
 */
export interface Metric {
  readonly dim: number;
  /** The diagonal of M⁻¹ for a diagonal metric (lets the NUTS kernel fuse its leapfrog loops); absent for dense. */
  readonly inverseMassDiag?: Float64Array;
  /** Draws p ~ N(0, M) into `p`. */
  sampleMomentum(rng: RandomStream, p: Float64Array): void;
  /** Writes v = M⁻¹ p (the velocity, Stan's p♯) into `v`. */
  velocity(p: Float64Array, v: Float64Array): void;
  /** ½ pᵀ M⁻¹ p. */
  kinetic(p: Float64Array): number;
}

export function diagonalMetric(inverseMassDiag: Float64Array): Metric {
  const dim = inverseMassDiag.length;
  const sd = inverseMassDiag.map((m) => 1 / Math.sqrt(m));
  return {
    dim,
    inverseMassDiag,
    sampleMomentum(rng, p) {
      for (let i = 0; i < dim; i++) p[i] = ziggurat(rng) * sd[i];
    },
    velocity(p, v) {
      for (let i = 0; i < dim; i++) v[i] = inverseMassDiag[i] * p[i];
    },
    kinetic(p) {
      let s = 0;
      for (let i = 0; i < dim; i++) s += inverseMassDiag[i] * p[i] * p[i];
      return 0.5 * s;
    },
  };
}

/**
 * Dense metric from a row-major dim×dim inverse mass matrix Σ. With Σ = C Cᵀ (Cholesky),
 * M = Σ⁻¹ = C⁻ᵀ C⁻¹, so p = C⁻ᵀ z has covariance M.
 */
export function denseMetric(inverseMass: Float64Array, dim: number): Metric {
  const chol = cholesky(inverseMass, dim);
  const tmp = new Float64Array(dim);
  return {
    dim,
    sampleMomentum(rng, p) {
      for (let i = 0; i < dim; i++) tmp[i] = ziggurat(rng);
      // Solve Cᵀ p = z (back substitution on the upper-triangular Cᵀ).
      for (let i = dim - 1; i >= 0; i--) {
        let s = tmp[i];
        for (let k = i + 1; k < dim; k++) s -= chol[k * dim + i] * p[k];
        p[i] = s / chol[i * dim + i];
      }
    },
    velocity(p, v) {
      for (let i = 0; i < dim; i++) {
        let s = 0;
        const row = i * dim;
        for (let j = 0; j < dim; j++) s += inverseMass[row + j] * p[j];
        v[i] = s;
      }
    },
    kinetic(p) {
      let s = 0;
      for (let i = 0; i < dim; i++) {
        let r = 0;
        const row = i * dim;
        for (let j = 0; j < dim; j++) r += inverseMass[row + j] * p[j];
        s += p[i] * r;
      }
      return 0.5 * s;
    },
  };
}

/** Lower-triangular Cholesky factor (row-major) of a symmetric positive-definite matrix. */
export function cholesky(a: Float64Array, n: number): Float64Array {
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i * n + j];
      for (let k = 0; k < j; k++) s -= l[i * n + k] * l[j * n + k];
      if (i === j) {
        if (!(s > 0)) throw new Error('inverse mass matrix is not positive definite');
        l[i * n + i] = Math.sqrt(s);
      } else {
        l[i * n + j] = s / l[j * n + j];
      }
    }
  }
  return l;
}
