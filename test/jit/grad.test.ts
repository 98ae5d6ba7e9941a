// Acceptance 1 (issue 5): every op's reverse-mode gradient against finite differences
// (fourth-order central differences, relative error < 1e-6) over random inputs in the op's domain,
// and compiled value and gradient against the eager interpreter (relative 1e-12).

import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { compile, type DataSpec, interp, type Tensor, where } from '../../src/jit/index.js';
import { ALL_OPS } from '../../src/jit/ops.js';
import { assertClose, finiteDifference, relErr } from './helpers.js';

type Params = Record<string, Tensor>;
/** Ops that appear in the traced graphs of the gradient checks below. */
const covered = new Set<string>();
type Model = (p: Params, d: Params) => Tensor;
const W3 = Float64Array.of(0.7, -1.3, 0.45);

/** Compiles `model` of the given parameters, then checks gradients on random θ drawn from [lo, hi]. */
function checkGradient(
  name: string,
  params: Record<string, readonly number[]>,
  lo: number,
  hi: number,
  model: Model,
  data: Record<string, DataSpec> = {},
) {
  test(`${name}: gradient matches finite differences and the interpreter`, () => {
    const f = compile((p, d) => model(p as Params, d as Params), { params, data });
    for (const line of f.ir.stages[0].ir.split('\n')) covered.add(line.split(' ')[2]);
    const size = f.dim;
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: lo, max: hi, noNaN: true }), { minLength: size, maxLength: size }),
        (raw) => {
          const theta = Float64Array.from(raw);
          const grad = new Float64Array(size);
          const value = f.valueAndGrad(theta, grad);
          const eagerGrad = new Float64Array(size);
          const eagerValue = f.eager.valueAndGrad(theta, eagerGrad);
          assertClose([value], [eagerValue], 1e-12, `${name} value vs eager`);
          assertClose(grad, eagerGrad, 1e-12, `${name} gradient vs eager`);
          assert.ok(relErr(f.value(theta), value, 1e-300) <= 1e-12, `${name}: value() differs from valueAndGrad()`);
          for (let k = 0; k < size; k++) {
            const fd = finiteDifference(f.value, theta, k);
            const e = relErr(grad[k], fd);
            assert.ok(e < 1e-6, `${name} ∂/∂θ${k} at [${raw}]: ${grad[k]} vs finite difference ${fd} (rel. ${e})`);
          }
        },
      ),
      { numRuns: 12, seed: 20261125 },
    );
  });
}

const unary: [string, number, number, (t: Tensor) => Tensor][] = [
  ['neg', -3, 3, (t) => t.neg()],
  ['abs', 0.1, 3, (t) => t.neg().abs()],
  ['sign (times e^x)', 0.1, 3, (t) => t.neg().sign().mul(t.exp())],
  // floor(t/2 + 2.03) = 2 on the whole range, so finite differences never straddle a step
  ['floor (times e^x)', 0.1, 1.9, (t) => t.mul(0.5).add(2.03).floor().mul(t.exp())],
  ['exp', -5, 5, (t) => t.exp()],
  ['log', 0.05, 20, (t) => t.log()],
  ['log1p', -0.9, 20, (t) => t.log1p()],
  ['expm1', -5, 5, (t) => t.expm1()],
  ['sqrt', 0.05, 20, (t) => t.sqrt()],
  ['sin', -6, 6, (t) => t.sin()],
  ['cos', -6, 6, (t) => t.cos()],
  ['tanh', -4, 4, (t) => t.tanh()],
  ['erf', -3, 3, (t) => t.erf()],
  ['erfc', -3, 3, (t) => t.erfc()],
  ['lgamma', 0.1, 30, (t) => t.lgamma()],
  ['polygamma(0)', 0.2, 30, (t) => t.polygamma(0)],
  ['polygamma(1)', 0.3, 30, (t) => t.polygamma(1)],
  ['sigmoid', -15, 15, (t) => t.sigmoid()],
  ['softplus', -30, 30, (t) => t.softplus()],
  ['square (pow 2)', -3, 3, (t) => t.square()],
  ['pow with a constant exponent 2.5', 0.1, 4, (t) => t.pow(2.5)],
];
for (const [name, lo, hi, op] of unary) {
  checkGradient(name, { t: [3] }, lo, hi, (p, d) => op(p.t).mul(d.w).sum(), { w: W3 });
}

// binary ops: both arguments depend on parameters (t0..t2 against t3..t5)
const binary: [string, number, number, (a: Tensor, b: Tensor) => Tensor][] = [
  ['add', -3, 3, (a, b) => a.add(b)],
  ['sub', -3, 3, (a, b) => a.sub(b)],
  ['mul', -3, 3, (a, b) => a.mul(b)],
  ['div', 0.2, 3, (a, b) => a.div(b)],
  ['pow', 0.2, 3, (a, b) => a.pow(b)],
  ['minimum', -3, 3, (a, b) => a.minimum(b.mul(1.7).sub(0.4))],
  ['maximum', -3, 3, (a, b) => a.maximum(b.mul(1.7).sub(0.4))],
  ['where(lt)', -3, 3, (a, b) => where(a.lt(b.mul(1.3).add(0.37)), a.sin(), b.exp())],
  [
    'where(ge, gt, le, eq, ne)',
    -3,
    3,
    (a, b) => {
      const c = b.add(0.29); // keeps the comparison away from ties where shrinking lands (a = b = 0)
      return where(a.ge(c), a, b.mul(2))
        .add(where(a.gt(c).add(a.le(c)).eq(1), a.mul(3), 0))
        .add(a.ne(c).mul(a));
    },
  ],
  ['clamp', -3, 3, (a, b) => a.mul(1.5).clamp(b.neg().sub(0.5), b.add(0.5)).add(b)],
];
for (const [name, lo, hi, op] of binary) {
  checkGradient(name, { a: [3], b: [3] }, lo, hi, (p, d) => op(p.a, p.b).mul(d.w).sum(), { w: W3 });
}

// shapes, reductions and structured ops
const W23 = Float64Array.of(0.3, -0.2, 1.1, 0.5, 0.9, -0.7);
// distinct offsets keep maxima free of ties (where the maximum has no derivative)
const OFFSETS = Float64Array.of(0, 0.61, 1.37, 2.11, 2.93, 3.71);
checkGradient('broadcast scalar to [3]', { s: [] }, -2, 2, (p, d) => p.s.broadcastTo([3]).mul(d.w).exp().sum(), {
  w: W3,
});
checkGradient(
  'broadcast [3] to [2,3] (rows) and [2,1] to [2,3] (columns)',
  { r: [3], c: [2, 1], v: [2] },
  -2,
  2,
  (p, d) => {
    const rows = p.r.broadcastTo([2, 3]);
    const cols = p.c.broadcastTo([2, 3]);
    const vcols = p.v.broadcastTo([2, 3], [0]);
    return rows.mul(cols).add(vcols).sin().mul(d.w).sum();
  },
  { w: { shape: [2, 3], values: W23 } },
);
checkGradient(
  'sum over all, axis 0, axis 1 (keepdims), mean',
  { m: [2, 3] },
  -2,
  2,
  (p, d) => {
    const x = p.m.sin().add(p.m.mul(d.w));
    return x
      .sum()
      .add(x.sum(0).square().sum())
      .add(x.sum(1, true).exp().sum())
      .add(x.mean(1).square().sum())
      .add(x.mean().mul(3));
  },
  { w: { shape: [2, 3], values: W23 } },
);
checkGradient(
  'max over all, axis 0, axis 1',
  { m: [2, 3] },
  -2,
  2,
  (p, d) => {
    const x = p.m.add(d.off);
    return x.max().add(x.max(0).mul(d.w).sum()).add(x.max(1).square().sum());
  },
  { off: { shape: [2, 3], values: OFFSETS }, w: W3 },
);
checkGradient(
  'logsumexp over all, axis 0, axis 1',
  { m: [2, 3] },
  -40,
  40,
  (p, d) => {
    return p.m.logsumexp().add(p.m.logsumexp(0).mul(d.w).sum()).add(p.m.logsumexp(1).sin().sum());
  },
  { w: W3 },
);
checkGradient('gather with repeated indices', { t: [4] }, -2, 2, (p, d) => p.t.gather(d.idx).sin().mul(d.w).sum(), {
  idx: Float64Array.of(3, 0, 0, 2, 3, 1),
  w: Float64Array.of(1, 2, 3, 4, 5, 6),
});
checkGradient('segmentSum', { t: [6] }, -2, 2, (p, d) => p.t.exp().segmentSum(d.seg, 3).log().mul(d.w).sum(), {
  seg: Float64Array.of(2, 0, 2, 1, 0, 2),
  w: W3,
});
checkGradient(
  'cumsum forward and reverse',
  { t: [5] },
  -2,
  2,
  (p, d) => p.t.cumsum().sin().mul(d.w).sum().add(p.t.cumsum(true).square().mul(d.w).sum()),
  {
    w: Float64Array.of(1, -2, 3, 0.5, 0.25),
  },
);
checkGradient('matmul and transpose', { a: [2, 3], b: [3, 2] }, -2, 2, (p) => {
  return p.a.matmul(p.b).sin().sum().add(p.a.transpose().matmul(p.a).mul(0.1).exp().sum());
});
checkGradient('matrix·vector, vector·matrix, dot', { a: [2, 3], v: [3], u: [2] }, -2, 2, (p) => {
  return p.a.matmul(p.v).exp().sum().add(p.u.matmul(p.a).sin().sum()).add(p.v.dot(p.v.cos()));
});
checkGradient(
  'interp: query points and table values',
  { q: [3], y: [4] },
  0.05,
  0.95,
  (p, d) => {
    const xq = p.q.mul(4.2).sub(0.1); // spans beyond both ends of the grid
    return interp(d.xg, p.y.exp(), xq).mul(d.w).sum();
  },
  { xg: Float64Array.of(0, 1, 2.5, 4), w: W3 },
);

test('the gradient checks above cover every op of the table', () => {
  const missing = ALL_OPS.filter((op) => !covered.has(op));
  assert.deepEqual(missing, []);
});
