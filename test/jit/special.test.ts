// The scalar helpers behind erf/erfc/lgamma/polygamma/sigmoid/softplus/interp, against published
// values (DLMF) and independent formulas.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { polygamma, searchsorted, sigmoid, softplus } from '../../src/jit/special.js';

const EULER_GAMMA = 0.5772156649015329;
const ZETA3 = 1.2020569031595942;
const near = (a: number, b: number, rel: number, what: string) =>
  assert.ok(Math.abs(a - b) <= rel * Math.abs(b), `${what}: ${a} vs ${b}`);

test('polygamma(0, x) is the digamma function at DLMF 5.4.12–5.4.13 values', () => {
  near(polygamma(0, 1), -EULER_GAMMA, 1e-14, 'ψ(1)');
  near(polygamma(0, 0.5), -EULER_GAMMA - 2 * Math.LN2, 1e-14, 'ψ(1/2)');
  near(polygamma(0, 10), -EULER_GAMMA + 7129 / 2520, 1e-14, 'ψ(10) = −γ + H₉');
  // reflection ψ(1 − x) − ψ(x) = π cot(πx) (DLMF 5.5.4) checks negative arguments
  near(polygamma(0, -0.3) - polygamma(0, 1.3), Math.PI / Math.tan(Math.PI * 1.3), 1e-12, 'ψ(−0.3)');
});

test('polygamma(n, x) for n = 1, 2 at DLMF 5.15.2–5.15.3 values', () => {
  near(polygamma(1, 1), Math.PI ** 2 / 6, 1e-14, 'ψ′(1)');
  near(polygamma(1, 0.5), Math.PI ** 2 / 2, 1e-14, 'ψ′(1/2)');
  near(polygamma(2, 1), -2 * ZETA3, 1e-13, 'ψ″(1)');
  near(polygamma(1, 100.5), 1 / 100.5 + 1 / (2 * 100.5 ** 2) + 1 / (6 * 100.5 ** 3), 1e-9, 'ψ′ asymptotic');
});

test('polygamma is NaN at the poles and for NaN', () => {
  assert.ok(Number.isNaN(polygamma(0, 0)));
  assert.ok(Number.isNaN(polygamma(1, -3)));
  assert.ok(Number.isNaN(polygamma(0, Number.NaN)));
});

test('sigmoid and softplus are exact where the naive formulas are, and finite where those overflow', () => {
  for (const x of [-30, -3.2, -0.1, 0, 0.7, 12]) near(sigmoid(x), 1 / (1 + Math.exp(-x)), 1e-15, `σ(${x})`);
  for (const x of [-3.2, -0.1, 0, 0.7, 12]) near(softplus(x), Math.log(1 + Math.exp(x)), 1e-14, `softplus(${x})`);
  // log(1 + ε) = ε − ε²/2 + … where 1 + e^x rounds away e^x
  near(softplus(-30), Math.exp(-30) - Math.exp(-60) / 2, 1e-15, 'softplus(−30)');
  assert.equal(sigmoid(-1000), 0);
  assert.equal(sigmoid(1000), 1);
  assert.equal(softplus(1000), 1000);
  assert.equal(softplus(-1000), 0);
});

test('searchsorted(grid, x) returns the cell index, clamped to the end cells', () => {
  const grid = [0, 1, 2.5, 4];
  assert.deepEqual(
    [-1, 0, 0.5, 1, 2.49, 2.5, 3.9, 4, 9].map((x) => searchsorted(grid, grid.length, x)),
    [0, 0, 0, 1, 1, 2, 2, 2, 2],
  );
});
