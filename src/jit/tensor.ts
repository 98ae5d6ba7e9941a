/**
 * The tracing front end: a Tensor wraps an IR node, and its methods build new nodes with numpy
 * broadcasting. Model code written with these methods is traced once into a Graph.
 */
import { type Builder, type Node, type Shape, sameShape } from './graph.js';
import type { Op } from './ops.js';

export type TensorLike = Tensor | number;

/** Numpy broadcasting of two shapes (trailing axes aligned; a size-1 axis stretches). */
export function broadcastShapes(a: Shape, b: Shape): Shape {
  const rank = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let k = 0; k < rank; k++) {
    const da = a[a.length - rank + k] ?? 1;
    const db = b[b.length - rank + k] ?? 1;
    if (da !== db && da !== 1 && db !== 1) throw new Error(`jit: cannot broadcast [${a}] with [${b}]`);
    out.push(da === 1 ? db : da);
  }
  return out;
}

export class Tensor {
  constructor(
    readonly b: Builder,
    readonly node: Node,
  ) {}

  get shape(): Shape {
    return this.node.shape;
  }

  private lift(x: TensorLike): Tensor {
    return typeof x === 'number' ? new Tensor(this.b, this.b.constant(x)) : x;
  }
  private wrap(n: Node): Tensor {
    return new Tensor(this.b, n);
  }
  private unary(op: Op): Tensor {
    return this.wrap(this.b.node(op, [this.node]));
  }
  private binary(op: Op, other: TensorLike): Tensor {
    const o = this.lift(other);
    const shape = broadcastShapes(this.shape, o.shape);
    return this.wrap(this.b.node(op, [this.broadcastTo(shape).node, o.broadcastTo(shape).node]));
  }

  /** Broadcast to `shape`; `map[d]` is the output axis of this tensor's axis d (default: numpy's trailing alignment). */
  broadcastTo(shape: Shape, map?: readonly number[]): Tensor {
    if (sameShape(shape, this.shape)) return this;
    const m = map ?? this.shape.map((_, d) => d + shape.length - this.shape.length);
    this.shape.forEach((dim, d) => {
      if (dim !== 1 && dim !== shape[m[d]]) throw new Error(`jit: cannot broadcast [${this.shape}] to [${shape}]`);
    });
    return this.wrap(this.b.node('broadcast', [this.node], { shape, map: m }));
  }

  add(o: TensorLike): Tensor {
    return this.binary('add', o);
  }
  sub(o: TensorLike): Tensor {
    return this.binary('sub', o);
  }
  mul(o: TensorLike): Tensor {
    return this.binary('mul', o);
  }
  div(o: TensorLike): Tensor {
    return this.binary('div', o);
  }
  pow(o: TensorLike): Tensor {
    return this.binary('pow', o);
  }
  minimum(o: TensorLike): Tensor {
    return this.binary('min', o);
  }
  maximum(o: TensorLike): Tensor {
    return this.binary('max', o);
  }
  clamp(lo: TensorLike, hi: TensorLike): Tensor {
    return this.maximum(lo).minimum(hi);
  }
  lt(o: TensorLike): Tensor {
    return this.binary('lt', o);
  }
  le(o: TensorLike): Tensor {
    return this.binary('le', o);
  }
  gt(o: TensorLike): Tensor {
    return this.binary('gt', o);
  }
  ge(o: TensorLike): Tensor {
    return this.binary('ge', o);
  }
  eq(o: TensorLike): Tensor {
    return this.binary('eq', o);
  }
  ne(o: TensorLike): Tensor {
    return this.binary('ne', o);
  }
  square(): Tensor {
    return this.pow(2);
  }

  neg(): Tensor {
    return this.unary('neg');
  }
  abs(): Tensor {
    return this.unary('abs');
  }
  sign(): Tensor {
    return this.unary('sign');
  }
  floor(): Tensor {
    return this.unary('floor');
  }
  exp(): Tensor {
    return this.unary('exp');
  }
  log(): Tensor {
    return this.unary('log');
  }
  log1p(): Tensor {
    return this.unary('log1p');
  }
  expm1(): Tensor {
    return this.unary('expm1');
  }
  sqrt(): Tensor {
    return this.unary('sqrt');
  }
  sin(): Tensor {
    return this.unary('sin');
  }
  cos(): Tensor {
    return this.unary('cos');
  }
  tanh(): Tensor {
    return this.unary('tanh');
  }
  erf(): Tensor {
    return this.unary('erf');
  }
  erfc(): Tensor {
    return this.unary('erfc');
  }
  lgamma(): Tensor {
    return this.unary('lgamma');
  }
  /** ψ⁽ⁿ⁾(x); n = 0 is the digamma function. */
  polygamma(n: number): Tensor {
    return this.wrap(this.b.node('polygamma', [this.node], { n }));
  }
  sigmoid(): Tensor {
    return this.unary('sigmoid');
  }
  softplus(): Tensor {
    return this.unary('softplus');
  }
  /** The same values, with no gradient flowing through. */
  stopGradient(): Tensor {
    return this.unary('stopgrad');
  }

  /** Sum over `axis` (all axes when omitted). */
  sum(axis: number | null = null, keepdims = false): Tensor {
    return this.wrap(this.b.node('sum', [this.node], { axis, keepdims }));
  }
  max(axis: number | null = null, keepdims = false): Tensor {
    return this.wrap(this.b.node('maxreduce', [this.node], { axis, keepdims }));
  }
  mean(axis: number | null = null, keepdims = false): Tensor {
    const count = axis === null ? this.node.shape.reduce((a, b) => a * b, 1) : this.shape[axis];
    return this.sum(axis, keepdims).div(count);
  }
  /** log Σ exp(x) over `axis`, shifted by the (gradient-free) maximum so it cannot overflow. */
  logsumexp(axis: number | null = null, keepdims = false): Tensor {
    const m = this.max(axis, true).stopGradient();
    const s = this.sub(
      m.broadcastTo(
        this.shape,
        this.shape.map((_, d) => d),
      ),
    )
      .exp()
      .sum(axis, true)
      .log()
      .add(m);
    return keepdims ? s : s.sum(axis);
  }
  /** Inner product of two 1-D tensors. */
  dot(o: Tensor): Tensor {
    return this.mul(o).sum();
  }
  /** Matrix product; a 1-D operand is a vector (matrix·vector and vector·matrix stay fused loops). */
  matmul(o: Tensor): Tensor {
    const [a, b] = [this.shape, o.shape];
    if (a.length === 2 && b.length === 2) return this.wrap(this.b.node('matmul', [this.node, o.node]));
    if (a.length === 2 && b.length === 1) return this.mul(o.broadcastTo(a, [1])).sum(1);
    if (a.length === 1 && b.length === 2) return o.mul(this.broadcastTo(b, [0])).sum(0);
    return this.dot(o);
  }
  transpose(): Tensor {
    return this.unary('transpose');
  }
  /** this[idx]: values of this 1-D tensor at integer positions idx. */
  gather(idx: Tensor): Tensor {
    return this.wrap(this.b.node('gather', [this.node, idx.node]));
  }
  /** out[s] = Σ_{i: seg[i] = s} this[i], for s < nSegments. */
  segmentSum(seg: Tensor, nSegments: number): Tensor {
    return this.wrap(this.b.node('segsum', [this.node, seg.node], { n: nSegments }));
  }
  cumsum(reverse = false): Tensor {
    return this.wrap(this.b.node('cumsum', [this.node], { reverse }));
  }
}

function lift(ref: Tensor, x: TensorLike): Tensor {
  return typeof x === 'number' ? new Tensor(ref.b, ref.b.constant(x)) : x;
}

/** cond ≠ 0 ? a : b, elementwise with broadcasting. */
export function where(cond: Tensor, a: TensorLike, b: TensorLike): Tensor {
  const ta = lift(cond, a);
  const tb = lift(cond, b);
  const shape = broadcastShapes(broadcastShapes(cond.shape, ta.shape), tb.shape);
  const args = [cond, ta, tb].map((t) => t.broadcastTo(shape).node);
  return new Tensor(cond.b, cond.b.node('where', args));
}

/**
 * Piecewise-linear interpolation of the table (xGrid, yGrid) at x, like numpy.interp: outside the
 * grid the end values are held. xGrid must be ascending; yGrid may depend on parameters.
 */
export function interp(xGrid: Tensor, yGrid: Tensor, x: Tensor): Tensor {
  const b = x.b;
  const j = new Tensor(b, b.node('searchsorted', [xGrid.node, x.node]));
  const j1 = j.add(1);
  const x0 = xGrid.gather(j);
  const x1 = xGrid.gather(j1);
  const y0 = yGrid.gather(j);
  const w = x.sub(x0).div(x1.sub(x0)).clamp(0, 1);
  return y0.add(w.mul(yGrid.gather(j1).sub(y0)));
}

const fn =
  (
    op:
      | 'exp'
      | 'log'
      | 'log1p'
      | 'expm1'
      | 'sqrt'
      | 'sin'
      | 'cos'
      | 'tanh'
      | 'erf'
      | 'erfc'
      | 'lgamma'
      | 'sigmoid'
      | 'softplus'
      | 'abs'
      | 'neg',
  ) =>
  (x: Tensor): Tensor =>
    x[op]();

/** Free-function spellings of the Tensor methods, for model code that reads like maths. */
export const J = {
  exp: fn('exp'),
  log: fn('log'),
  log1p: fn('log1p'),
  expm1: fn('expm1'),
  sqrt: fn('sqrt'),
  sin: fn('sin'),
  cos: fn('cos'),
  tanh: fn('tanh'),
  erf: fn('erf'),
  erfc: fn('erfc'),
  lgamma: fn('lgamma'),
  sigmoid: fn('sigmoid'),
  softplus: fn('softplus'),
  abs: fn('abs'),
  neg: fn('neg'),
  where,
  interp,
  sum: (x: Tensor, axis: number | null = null) => x.sum(axis),
  logsumexp: (x: Tensor, axis: number | null = null) => x.logsumexp(axis),
};
