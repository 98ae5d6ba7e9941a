// compile(): generated code against the eager interpreter (relative 1e-12) on models that use
// every kind of block (fused loops, 2-D loops, reductions over axes, gathers, scans, products,
// several phases), against hand-written loops, and the API's binding and error behaviour.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { UserError } from '../../src/errors.js';
import { compile, interp, type Tensor, where } from '../../src/jit/index.js';
import { assertClose } from './helpers.js';

function lcg(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}
const rnd = lcg(7);
const n = 64;
const x = new Float64Array(n).map(() => rnd() * 4 - 2);
const y = new Float64Array(n).map((_, i) => 0.5 * x[i] + rnd());
const grp = new Float64Array(n).map(() => Math.floor(rnd() * 5));
const tab = new Float64Array(3 * n).map(() => rnd());
const xg = Float64Array.of(-2, -1, 0, 0.5, 1.5, 2);

const mixed = compile(
  (p, d) => {
    const pred = d.x.mul(p.a).add(p.b);
    const resid = d.y.sub(pred).div(p.s.exp());
    const gauss = resid.square().mul(0.5).sum().add(p.s.mul(n));
    const share = p.w.softplus().div(p.w.softplus().sum()); // a later phase: needs the finished sum
    const grouped = pred.sin().segmentSum(d.grp, 6).mul(share).sum();
    const curve = interp(d.xg, p.w.cumsum().add(d.offs), d.x).mul(d.y).sum();
    const table = d.tab
      .mul(p.w.gather(d.grp).broadcastTo([3, n]))
      .logsumexp(1)
      .sum();
    const mat = p.m
      .matmul(p.m.transpose())
      .tanh()
      .sum()
      .add(p.m.matmul(p.w.gather(d.three)).sum());
    const rows = d.tab
      .mul(p.a)
      .max(0)
      .mean()
      .add(where(d.x.gt(p.b), d.x.erf(), p.a.lgamma()).sum());
    return gauss.add(grouped).add(curve).add(table).add(mat).add(rows.mul(0.1));
  },
  {
    params: { a: 'scalar', b: 'scalar', s: 'scalar', w: [6], m: [2, 3] },
    data: {
      x,
      y,
      grp,
      xg,
      offs: Float64Array.of(0, 0.1, 0.3, 0.6, 1, 1.5),
      three: Float64Array.of(0, 2, 4),
      tab: { shape: [3, n], values: tab },
    },
  },
);

test('compiled value and gradient equal the eager interpreter to 1e-12 on a model using every block kind', () => {
  fc.assert(
    fc.property(fc.array(fc.double({ min: 0.2, max: 2, noNaN: true }), { minLength: 15, maxLength: 15 }), (raw) => {
      const theta = Float64Array.from(raw);
      const g = new Float64Array(mixed.dim);
      const ge = new Float64Array(mixed.dim);
      const v = mixed.valueAndGrad(theta, g);
      const ve = mixed.eager.valueAndGrad(theta, ge);
      assertClose([v], [ve], 1e-12, 'value');
      assertClose(g, ge, 1e-12, 'gradient');
      assertClose([mixed.value(theta)], [mixed.eager.value(theta)], 1e-12, 'value()');
    }),
    { numRuns: 15, seed: 5 },
  );
  assert.ok(mixed.ir.schedule.split('\n').length > 4, 'the model spans several blocks');
});

test('loss B compiles to the value and gradient of the hand-written loop', () => {
  const f = compile(
    (p, d) => d.y.sub(d.x.mul(p.a)).sub(p.b).mul(p.ls.neg().exp()).square().mul(0.5).sum().add(p.ls.mul(n)),
    { params: { a: 'scalar', b: 'scalar', ls: 'scalar' }, data: { x, y } },
  );
  const th = Float64Array.of(0.4, -0.3, 0.2);
  const [a, b, ls] = th;
  const s = Math.exp(-ls);
  let L = n * ls;
  let ga = 0;
  let gb = 0;
  let gls = n;
  for (let i = 0; i < n; i++) {
    const r = (y[i] - a * x[i] - b) * s;
    L += 0.5 * r * r;
    ga -= r * s * x[i];
    gb -= r * s;
    gls -= r * r;
  }
  const g = new Float64Array(3);
  assertClose([f.valueAndGrad(th, g)], [L], 1e-12, 'L');
  assertClose(g, [ga, gb, gls], 1e-12, 'gradient');
  assert.equal(f.ir.schedule.split('\n').filter((l) => l.includes('loop')).length, 1, 'one fused loop');
});

test('bind(data) recompiles nothing but recomputes hoisted values for the new data', () => {
  const model = compile((p, d) => d.x.sin().mul(p.w).sum().add(d.x.square().sum().mul(p.w)), {
    params: { w: 'scalar' },
    data: { x: [n] },
  });
  const x2 = x.map((v) => v * 0.5);
  const f1 = model.bind({ x });
  const f2 = model.bind({ x: x2 });
  const th = Float64Array.of(1.5);
  const direct = (xs: Float64Array) => xs.reduce((acc, v) => acc + Math.sin(v) * 1.5 + v * v * 1.5, 0);
  assertClose([f1.value(th), f2.value(th)], [direct(x), direct(x2)], 1e-12, 'values for two bindings');
});

test('mistakes in data and parameter vectors are UserErrors that name the problem', () => {
  const model = compile((p, d) => d.x.mul(p.w).sum(), { params: { w: 'scalar' }, data: { x: [n] } });
  assert.throws(
    () => model.bind({ x: new Float64Array(3) }),
    (e: unknown) => e instanceof UserError && /'x' has 3 values.*\[64\]/.test(e.message),
  );
  assert.throws(
    () => model.bind({ z: x }),
    (e: unknown) => e instanceof UserError && /unknown data 'z'/.test(e.message),
  );
  const f = model.bind({ x });
  assert.throws(
    () => f.value(new Float64Array(2)),
    (e: unknown) => e instanceof UserError && /length 2; expected 1/.test(e.message),
  );
});

test('valueAndGrad has the logDensityAndGrad(theta, grad) => number shape and works detached', () => {
  const f = compile((p) => p.t.square().mul(-0.5).sum(), { params: { t: [4] } });
  const logDensityAndGrad: (theta: Float64Array, grad: Float64Array) => number = f.valueAndGrad;
  const g = new Float64Array(4);
  assert.equal(logDensityAndGrad(Float64Array.of(1, 2, 3, 4), g), -15);
  assert.deepEqual([...g], [-1, -2, -3, -4]);
});

test('calling a model before its data is bound is a UserError that says what to bind', () => {
  const model = compile((p, d) => d.x.mul(p.w).sum(), { params: { w: 'scalar' }, data: { x: [n] } });
  assert.throws(
    () => model.value(Float64Array.of(1)),
    (e: unknown) => e instanceof UserError && /'x' not bound yet/.test(e.message),
  );
});

test('edge cases: scans and gathers of broadcast scalars, a gradient equal to a parameter, an unused parameter', () => {
  const f = compile(
    (p, d) =>
      p.a
        .broadcastTo([4])
        .cumsum()
        .mul(d.x4)
        .sum()
        .add(p.a.broadcastTo([3]).gather(d.idx).sum())
        .add(p.w.dot(p.w).mul(0.5))
        .add(p.m.sum(0).exp().sum()),
    {
      params: { a: 'scalar', w: [3], unused: [2], m: [2, 2] },
      data: { x4: Float64Array.of(1, 2, 3, 4), idx: Float64Array.of(2, 0) },
    },
  );
  const theta = Float64Array.of(0.5, 1, -2, 3, 9, 9, 0.1, 0.2, 0.3, 0.4);
  const g = new Float64Array(f.dim).fill(Number.NaN);
  const ge = new Float64Array(f.dim);
  assertClose([f.valueAndGrad(theta, g)], [f.eager.valueAndGrad(theta, ge)], 1e-12, 'value');
  assertClose(g, ge, 1e-12, 'gradient');
  // cumsum of [a, a, a, a] is [a, 2a, 3a, 4a]: ∂/∂a = 1·1 + 2·2 + 3·3 + 4·4 = 30, plus 2 gathered copies
  assert.equal(g[0], 32);
  assert.deepEqual([...g.subarray(1, 6)], [1, -2, 3, 0, 0]);
});

test('forward mode gives the gradient of reverse mode (and one pass over a data table)', () => {
  const W = new Float64Array(4 * n).map(() => rnd());
  const model = (p: Record<string, Tensor>, d: Record<string, Tensor>) => {
    const s = d.x.mul(p.a).sin().add(p.b.exp()).square(); // [n]
    const mu = d.W.mul(s.broadcastTo([4, n]))
      .sum(1)
      .add(1); // [4], a matrix·vector over W
    const curve = interp(d.xg, d.offs.mul(p.b), d.x.mul(p.c.sigmoid())).sum();
    const grouped = s.segmentSum(d.grp, 5).logsumexp().add(s.cumsum().max());
    const picked = mu
      .gather(d.pick)
      .lgamma()
      .sum()
      .add(where(d.x.gt(p.c), mu.sum(), p.a.pow(p.b)).sum());
    return d.cnt.mul(mu.log()).sub(mu).sum().add(curve).add(grouped).add(picked);
  };
  const spec = {
    params: { a: 'scalar', b: 'scalar', c: 'scalar' } as const,
    data: {
      x,
      xg,
      grp,
      offs: Float64Array.of(0, 0.1, 0.3, 0.6, 1, 1.5),
      pick: Float64Array.of(3, 0, 3),
      cnt: Float64Array.of(3, 1, 4, 1),
      W: { shape: [4, n], values: W },
    },
  };
  const rev = compile(model, spec);
  const fwd = compile(model, { ...spec, mode: 'forward' });
  assert.equal(fwd.ir.schedule.split('\n').filter((l) => l.includes(`loop [4,${n}]`)).length, 1, 'one pass over W');
  fc.assert(
    fc.property(fc.array(fc.double({ min: 0.2, max: 1.5, noNaN: true }), { minLength: 3, maxLength: 3 }), (raw) => {
      const theta = Float64Array.from(raw);
      const gr = new Float64Array(3);
      const gf = new Float64Array(3);
      assertClose([fwd.valueAndGrad(theta, gf)], [rev.valueAndGrad(theta, gr)], 1e-12, 'value');
      assertClose(gf, gr, 1e-9, 'gradient');
    }),
    { numRuns: 10, seed: 3 },
  );
});

test('in-place broadcasts, sunk work, recomputed data and a floor-indexed table give the eager results', () => {
  const m = new Float64Array(12).map(() => rnd() * 2 - 1);
  const m2 = new Float64Array(12).map(() => rnd() + 0.5);
  const table = new Float64Array(20).map((_, i) => Math.sqrt(i + 1));
  const f = compile(
    (p, d) => {
      const share = p.v.exp().div(p.v.exp().sum()).broadcastTo([3, 4], [0]);
      const cells = d.m.mul(p.a).add(d.m.mul(d.m2)).mul(4).add(9); // positions on the table's grid
      const j = cells.floor().clamp(0, 18);
      const w = cells.sub(j).clamp(0, 1);
      const y0 = d.table.gather(j);
      const lookup = y0.add(w.mul(d.table.gather(j.add(1)).sub(y0)));
      return lookup.mul(share).mul(d.m.mul(p.a).exp()).sum();
    },
    {
      params: { a: 'scalar', v: [3] },
      data: { m: { shape: [3, 4], values: m }, m2: { shape: [3, 4], values: m2 }, table },
    },
  );
  fc.assert(
    fc.property(fc.array(fc.double({ min: -2, max: 2, noNaN: true }), { minLength: 4, maxLength: 4 }), (raw) => {
      const theta = Float64Array.from(raw);
      const g = new Float64Array(4);
      const ge = new Float64Array(4);
      assertClose([f.valueAndGrad(theta, g)], [f.eager.valueAndGrad(theta, ge)], 1e-12, 'value');
      assertClose(g, ge, 1e-12, 'gradient');
    }),
    { numRuns: 25, seed: 11 },
  );
});
