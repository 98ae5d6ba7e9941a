/**
 * Reverse-mode differentiation on the IR: one vector-Jacobian-product rule per op, in a table typed
 * over every op (a missing rule fails the build), and a pass that appends the gradient nodes to the
 * graph so the value and the gradient come out of one function.
 */
import { Builder, type Graph, type Node, type Shape, sameShape } from './graph.js';
import type { Op } from './ops.js';

/** Given the output's gradient g, one gradient per argument (null: none flows, e.g. comparisons). */
type Vjp = (g: Node, n: Node, b: Builder) => (Node | null)[];

/** A scalar constant broadcast to `shape`. */
export function splat(b: Builder, value: number, shape: Shape): Node {
  const c = b.constant(value);
  return shape.length === 0 ? c : b.node('broadcast', [c], { shape, map: [] });
}

const mul = (b: Builder, x: Node, y: Node) => b.node('mul', [x, y]);
const div = (b: Builder, x: Node, y: Node) => b.node('div', [x, y]);
const neg = (b: Builder, x: Node) => b.node('neg', [x]);
const sel = (b: Builder, c: Node, x: Node, y: Node) => b.node('where', [c, x, y]);
const zero = (b: Builder, n: Node) => splat(b, 0, n.shape);
const one = (b: Builder, n: Node) => splat(b, 1, n.shape);

/** Sums g (shaped like a broadcast's output) back to the broadcast's input shape. */
function unbroadcast(b: Builder, g: Node, src: Shape, map: readonly number[]): Node {
  const kept = new Set(map.filter((_, d) => src[d] !== 1));
  const summed = g.shape.map((_, k) => k).filter((k) => !kept.has(k));
  let s = g;
  if (summed.length === g.shape.length) s = b.node('sum', [g], { axis: null, keepdims: false });
  else if (summed.length === 1) s = b.node('sum', [g], { axis: summed[0], keepdims: false });
  if (sameShape(s.shape, src)) return s;
  const sMap = s.shape.length === 0 ? [] : [src.findIndex((d) => d !== 1)];
  return b.node('broadcast', [s], { shape: src, map: sMap });
}

/** Broadcast a reduction's gradient back over the reduced axis. */
function expand(b: Builder, g: Node, n: Node): Node {
  const x = n.args[0];
  const { axis, keepdims } = n.attr;
  const map = keepdims
    ? x.shape.map((_, d) => d)
    : axis === null
      ? []
      : x.shape.map((_, d) => d).filter((d) => d !== axis);
  return b.node('broadcast', [g], { shape: x.shape, map });
}

const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

export const VJP: { readonly [P in Op]: Vjp } = {
  const: () => [],
  param: () => [],
  data: () => [],
  neg: (g, _n, b) => [neg(b, g)],
  abs: (g, n, b) => [mul(b, g, b.node('sign', [n.args[0]]))], // d|x| = sign(x) dx
  sign: () => [null],
  floor: () => [null],
  exp: (g, n, b) => [mul(b, g, n)], // d e^x = e^x dx
  log: (g, n, b) => [div(b, g, n.args[0])], // d log x = dx / x
  log1p: (g, n, b) => [div(b, g, b.node('add', [one(b, n), n.args[0]]))], // dx / (1 + x)
  expm1: (g, n, b) => [mul(b, g, b.node('add', [n, one(b, n)]))], // d(e^x − 1) = e^x dx
  sqrt: (g, n, b) => [div(b, g, mul(b, splat(b, 2, n.shape), n))], // dx / (2√x)
  sin: (g, n, b) => [mul(b, g, b.node('cos', [n.args[0]]))],
  cos: (g, n, b) => [neg(b, mul(b, g, b.node('sin', [n.args[0]])))],
  tanh: (g, n, b) => [mul(b, g, b.node('sub', [one(b, n), mul(b, n, n)]))], // (1 − tanh²) dx
  // d erf x = 2/√π e^{−x²} dx; erfc = 1 − erf
  erf: (g, n, b) => [mul(b, g, mul(b, splat(b, TWO_OVER_SQRT_PI, n.shape), erfKernel(b, n.args[0])))],
  erfc: (g, n, b) => [neg(b, mul(b, g, mul(b, splat(b, TWO_OVER_SQRT_PI, n.shape), erfKernel(b, n.args[0]))))],
  lgamma: (g, n, b) => [mul(b, g, b.node('polygamma', [n.args[0]], { n: 0 }))], // d lnΓ(x) = ψ(x) dx
  polygamma: (g, n, b) => [mul(b, g, b.node('polygamma', [n.args[0]], { n: (n.attr.n ?? 0) + 1 }))],
  sigmoid: (g, n, b) => [mul(b, g, mul(b, n, b.node('sub', [one(b, n), n])))], // σ(1 − σ) dx
  softplus: (g, n, b) => [mul(b, g, b.node('sigmoid', [n.args[0]]))], // d log(1+e^x) = σ(x) dx
  stopgrad: () => [null],
  broadcast: (g, n, b) => [unbroadcast(b, g, n.args[0].shape, n.attr.map ?? [])],

  add: (g) => [g, g],
  sub: (g, _n, b) => [g, neg(b, g)],
  mul: (g, n, b) => [mul(b, g, n.args[1]), mul(b, g, n.args[0])],
  div: (g, n, b) => [div(b, g, n.args[1]), neg(b, div(b, mul(b, g, n), n.args[1]))], // d(x/y) = dx/y − (x/y) dy/y
  // d xʸ = y x^{y−1} dx + xʸ log x dy
  pow: (g, n, b) => {
    const [x, y] = n.args;
    const dx = mul(b, g, mul(b, y, b.node('pow', [x, b.node('sub', [y, one(b, n)])])));
    return [dx, mul(b, g, mul(b, n, b.node('log', [x])))];
  },
  min: (g, n, b) => {
    const c = b.node('le', n.args);
    return [sel(b, c, g, zero(b, n)), sel(b, c, zero(b, n), g)];
  },
  max: (g, n, b) => {
    const c = b.node('ge', n.args);
    return [sel(b, c, g, zero(b, n)), sel(b, c, zero(b, n), g)];
  },
  lt: () => [null, null],
  le: () => [null, null],
  gt: () => [null, null],
  ge: () => [null, null],
  eq: () => [null, null],
  ne: () => [null, null],
  where: (g, n, b) => [null, sel(b, n.args[0], g, zero(b, n)), sel(b, n.args[0], zero(b, n), g)],
  gather: (g, n, b) => [b.node('segsum', [g, n.args[1]], { n: n.args[0].shape[0] }), null], // transpose of gather
  searchsorted: () => [null, null],

  sum: (g, n, b) => [expand(b, g, n)],
  // the maximum's gradient goes to every element equal to it
  maxreduce: (g, n, b) => [mul(b, expand(b, g, n), b.node('eq', [n.args[0], expand(b, n, n)]))],
  segsum: (g, n, b) => [b.node('gather', [g, n.args[1]]), null],
  cumsum: (g, n, b) => [b.node('cumsum', [g], { reverse: !n.attr.reverse })],
  matmul: (g, n, b) => {
    const [x, y] = n.args;
    return [b.node('matmul', [g, b.node('transpose', [y])]), b.node('matmul', [b.node('transpose', [x]), g])];
  },
  transpose: (g, _n, b) => [b.node('transpose', [g])],
};

function erfKernel(b: Builder, x: Node): Node {
  return b.node('exp', [neg(b, mul(b, x, x))]);
}

/**
 * Appends the gradient of `g.outputs[0]` (a scalar) with respect to each of `wrt` (param nodes,
 * matched by their attributes, so they may come from an earlier version of the graph) and returns
 * a graph whose outputs are [value, ∂value/∂wrt₀, ∂value/∂wrt₁, …].
 */
export function appendGradient(g: Graph, wrt: readonly Node[]): Graph {
  const b = new Builder();
  const map = new Map<number, Node>();
  for (const n of g.nodes)
    map.set(
      n.id,
      b.node(
        n.op,
        n.args.map((a) => map.get(a.id)!),
        n.attr,
      ),
    );
  const params = wrt.map((p) => b.node('param', [], p.attr));
  const forward = b.nodes.slice();
  const dependsOnParam = new Set<number>();
  for (const n of forward)
    if (n.op === 'param' || n.args.some((a) => dependsOnParam.has(a.id))) dependsOnParam.add(n.id);
  const loss = map.get(g.outputs[0].id)!;
  if (loss.shape.length !== 0) throw new Error('jit: the traced function must return a scalar');
  const grads = new Map<number, Node>([[loss.id, b.constant(1)]]);
  for (let k = forward.length - 1; k >= 0; k--) {
    const n = forward[k];
    const gn = grads.get(n.id);
    if (!gn || !dependsOnParam.has(n.id) || n.args.length === 0) continue;
    const contributions = VJP[n.op](gn, n, b);
    n.args.forEach((a, i) => {
      const c = contributions[i];
      if (!c || !dependsOnParam.has(a.id)) return;
      const prev = grads.get(a.id);
      grads.set(a.id, prev ? b.node('add', [prev, c]) : c);
    });
  }
  return b.graph([loss, ...params.map((p) => grads.get(p.id) ?? splat(b, 0, p.shape))]);
}
