// Parameter-invariant code motion, checked by counting the operations the generated code
// executes per call (an instrumented copy of the same code) and by the IR statistics.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compile } from '../../src/jit/index.js';
import { assertClose } from './helpers.js';

const n = 100;
const x = new Float64Array(n).map((_, i) => 0.1 + i / n);
const y = new Float64Array(n).map((_, i) => 1 + ((i * 37) % 11));

test('data-only transcendentals leave the loop; parameter-dependent ones stay in it', () => {
  // log(y), sin(x)² and Σ sin(x)² depend only on data; exp(w·x) depends on the parameters
  const f = compile((p, d) => p.w.mul(d.x).exp().mul(d.y.log()).sum().add(d.x.sin().square().sum().mul(p.a)), {
    params: { w: [n], a: 'scalar' },
    data: { x, y },
  });
  const theta = new Float64Array(n + 1).map((_, i) => 0.01 * i);
  const ops = f.countOps(theta);
  assert.equal(ops.exp, n, 'exp(w·x) once per element per call');
  assert.equal(ops.log, undefined, 'log(y) hoisted');
  assert.equal(ops.sin, undefined, 'sin(x) hoisted');
  assert.ok(f.stats.nodesHoisted >= 2, 'log(y) and Σ sin² are hoisted');
  assert.ok(f.stats.elementOpsHoisted >= 3 * n, 'log, sin and the square of n elements moved out');
  assert.equal(f.stats.elementOpsPerCall + f.stats.elementOpsHoisted > f.stats.elementOpsWithoutHoisting - 1, true);
  assert.ok(f.stats.elementOpsPerCall < f.stats.elementOpsWithoutHoisting - 2 * n);
  // moving the work must not change the result
  const g = new Float64Array(n + 1);
  const ge = new Float64Array(n + 1);
  assertClose([f.valueAndGrad(theta, g)], [f.eager.valueAndGrad(theta, ge)], 1e-12, 'value');
  assertClose(g, ge, 1e-12, 'gradient');
});

test('the counted operations per call match the per-call IR statistics', () => {
  const f = compile((p, d) => p.w.mul(d.x).exp().mul(d.y.log()).sum(), { params: { w: [n] }, data: { x, y } });
  const ops = f.countOps(new Float64Array(n));
  const counted = Object.values(ops).reduce((a, b) => a + b, 0);
  assert.equal(counted, f.stats.elementOpsPerCall);
});

test('a model whose every node depends on parameters hoists nothing', () => {
  const f = compile((p) => p.w.exp().add(p.w.square()).sum(), { params: { w: [n] } });
  assert.equal(f.stats.nodesHoisted, 0);
  assert.equal(f.stats.elementOpsPerCall, f.stats.elementOpsWithoutHoisting);
});

test('one-instruction data-only arrays (x·y) are recomputed in the loop rather than stored', () => {
  const f = compile((p, d) => d.x.mul(d.y).mul(p.a).exp().sum(), { params: { a: 'scalar' }, data: { x, y } });
  const ops = f.countOps(Float64Array.of(0.01));
  assert.equal(ops.mul, 3 * n, 'x·y, a·(x·y) and the gradient term a·… all per element');
  assert.equal(f.stats.nodesHoisted, 0);
});

test('a scalar factor moves out of a full sum, and the data-only sum that remains is hoisted', () => {
  const f = compile((p, d) => d.x.mul(d.y).mul(p.a).sum(), { params: { a: 'scalar' }, data: { x, y } });
  assert.deepEqual(f.countOps(Float64Array.of(2)), { mul: 1 }, 'a·Σ(x·y): one multiply per call');
  const direct = x.reduce((acc, v, i) => acc + v * y[i], 0);
  assertClose([f.value(Float64Array.of(2))], [2 * direct], 1e-13, 'value');
});
