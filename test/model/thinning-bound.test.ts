// The clustered sampler's thinning bound (src/model/thinning-bound.ts) must be an upper bound of
// ρ_b(x) = exp(b g(x) − b² v(x)/2) over the whole cell and bias class — else thinning is not exact —
// and the quadratic-program solver must find the simplex maximum, checked here by brute force.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cellRateBound, simplexQpMax } from '../../src/model/thinning-bound.js';
import { RandomStream } from '../../src/random/stream.js';

/** Corner covariance of a lat-long cell (order 00, 10, 01, 11) for a Gaussian-smoothed field. */
function cellCovariance(sigma2: number, widthOverScale: number, heightOverScale: number): Float64Array {
  const xy = [
    [0, 0],
    [widthOverScale, 0],
    [0, heightOverScale],
    [widthOverScale, heightOverScale],
  ];
  const c = new Float64Array(16);
  for (let i = 0; i < 4; i++)
    for (let j = 0; j < 4; j++) {
      const d2 = (xy[i][0] - xy[j][0]) ** 2 + (xy[i][1] - xy[j][1]) ** 2;
      c[i * 4 + j] = sigma2 * Math.exp(-d2 / 4);
    }
  return c;
}

/** A draw of the four corner values from N(0, C), times `boost` (to reach the field's extremes). */
function corners(c: Float64Array, rng: RandomStream, boost: number): number[] {
  // Cholesky of the 4 × 4 matrix (jittered for the nearly singular cases).
  const l = new Float64Array(16);
  for (let i = 0; i < 4; i++)
    for (let j = 0; j <= i; j++) {
      let s = c[i * 4 + j] + (i === j ? 1e-12 * c[0] : 0);
      for (let k = 0; k < j; k++) s -= l[i * 4 + k] * l[j * 4 + k];
      l[i * 4 + j] = i === j ? Math.sqrt(Math.max(s, 0)) : s / (l[j * 4 + j] || 1);
    }
  const z = [rng.normal(), rng.normal(), rng.normal(), rng.normal()];
  return [0, 1, 2, 3].map(
    (i) => boost * (l[i * 4] * z[0] + l[i * 4 + 1] * z[1] + l[i * 4 + 2] * z[2] + l[i * 4 + 3] * z[3]),
  );
}

test('simplexQpMax equals the brute-force maximum over the simplex', () => {
  const rng = new RandomStream(31, 1);
  for (let trial = 0; trial < 60; trial++) {
    const c = cellCovariance(0.005 + 0.05 * rng.uniform(), 3 * rng.uniform(), 3 * rng.uniform());
    const g = corners(c, rng, 1 + 4 * rng.uniform());
    const beta = 0.5 + 60 * rng.uniform();
    const gamma = (beta * beta) / 2;
    const qp = simplexQpMax(g, c, beta, gamma);
    let brute = Number.NEGATIVE_INFINITY;
    const n = 40;
    for (let i = 0; i <= n; i++)
      for (let j = 0; i + j <= n; j++)
        for (let k = 0; i + j + k <= n; k++) {
          const w = [i / n, j / n, k / n, (n - i - j - k) / n];
          let lin = 0;
          let quad = 0;
          for (let a = 0; a < 4; a++) {
            lin += w[a] * g[a];
            for (let b = 0; b < 4; b++) quad += w[a] * w[b] * c[a * 4 + b];
          }
          brute = Math.max(brute, beta * lin - gamma * quad);
        }
    // The grid cannot exceed the true maximum; the optimum lies within one grid step of a node.
    assert.ok(qp >= brute - 1e-9, `trial ${trial}: QP ${qp} below the grid's ${brute}`);
    assert.ok(qp <= brute + 0.05 * (1 + Math.abs(brute)), `trial ${trial}: QP ${qp} far above the grid's ${brute}`);
  }
});

/** max of exp(b g(x) − b² v(x)/2) over a (n + 1)² grid of the cell and the given biases. */
function gridMaxRate(g: readonly number[], c: Float64Array, biases: readonly number[], n: number): number {
  let rhoMax = 0;
  for (let i = 0; i <= n; i++)
    for (let j = 0; j <= n; j++) {
      const fx = i / n;
      const fy = j / n;
      const w = [(1 - fx) * (1 - fy), fx * (1 - fy), (1 - fx) * fy, fx * fy];
      let gx = 0;
      let vx = 0;
      for (let a = 0; a < 4; a++) {
        gx += w[a] * g[a];
        for (let d = 0; d < 4; d++) vx += w[a] * w[d] * c[a * 4 + d];
      }
      for (const b of biases) rhoMax = Math.max(rhoMax, Math.exp(b * gx - 0.5 * b * b * vx));
    }
  return rhoMax;
}

test('cellRateBound ≥ ρ_b everywhere in the cell for every bias of the class, and far below the cheap bound at high bias', () => {
  const rng = new RandomStream(32, 2);
  for (let trial = 0; trial < 300; trial++) {
    const c = cellCovariance(0.003 + 0.06 * rng.uniform(), 4 * rng.uniform(), 4 * rng.uniform());
    const g = corners(c, rng, 1 + 4 * rng.uniform());
    const bA = 0.5 * 150 ** rng.uniform();
    const bB = bA * (1 + 0.25 * rng.uniform());
    const vLo = Math.min(...c);
    const lambda = cellRateBound(g, c, vLo, bA, bB);
    const rhoMax = gridMaxRate(
      g,
      c,
      [0, 1, 2, 3, 4].map((bi) => bA + ((bB - bA) * bi) / 4),
      30,
    );
    assert.ok(lambda >= rhoMax * (1 - 1e-12), `trial ${trial}: bound ${lambda} < max ρ ${rhoMax}`);
  }
  // A high-z cell of the default model (slab 10, shell 170 at seed 1): corner g 0.44–0.50 on the lower
  // edge, 0.17–0.19 on the upper one, σ² 0.0136, smallest covariance 0.0072; biases 55–69. The cheap
  // bound is e^17; the simplex bound must be within a factor 100 of the largest rate in the cell.
  const c = cellCovariance(0.013553, 1.2, 1.35);
  const g = [0.4426, 0.4981, 0.1873, 0.1723];
  const vLo = Math.min(...c);
  const cheap = cellRateBound(g, c, vLo, 55, 69, 0);
  const tight = cellRateBound(g, c, vLo, 55, 69);
  const rhoMax = gridMaxRate(g, c, [55, 62, 69], 50);
  assert.ok(tight >= rhoMax && tight < 100 * rhoMax, `tight bound ${tight}, max ρ ${rhoMax}`);
  assert.ok(cheap > 1e4 * tight, `cheap ${cheap} vs tight ${tight}`);
});
