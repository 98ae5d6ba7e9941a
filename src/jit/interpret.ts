/**
 * The eager interpreter: evaluates a graph one op at a time, each op a loop over typed arrays
 * writing a fresh Float64Array (scalars are length-1 arrays). It is the oracle for the generated
 * code and the "eager" baseline of the benchmarks. Elementwise kernels come from the op table's
 * templates; reductions, scans and products are written out here.
 */
import { type Graph, type Node, type Shape, sizeOf } from './graph.js';
import { opInfo } from './ops.js';
import { HELPERS } from './special.js';

type Kernel = (out: Float64Array, n: number, ...args: ArrayLike<number>[]) => void;
const kernels = new Map<string, Kernel>();

/** The loop `out[i] = <op template>(a0[i], a1[i], …)`, compiled once per distinct template. */
function elementKernel(n: Node): Kernel {
  const info = opInfo(n.op);
  const random = info.random ?? [];
  const names = n.args.map((_, k) => (random.includes(k) ? `a${k}` : `a${k}[i]`));
  const body = info.js!(names, n);
  let k = kernels.get(body);
  if (!k) {
    const params = n.args.map((_, i) => `a${i}`).join(', ');
    k = new Function('H', `return function (out, n, ${params}) { for (let i = 0; i < n; i++) out[i] = ${body}; };`)(
      HELPERS,
    ) as Kernel;
    kernels.set(body, k);
  }
  return k;
}

const strides = (s: Shape): number[] => (s.length === 2 ? [s[1], 1] : s.map(() => 1));

function broadcast(src: Float64Array, from: Shape, to: Shape, map: readonly number[]): Float64Array {
  const out = new Float64Array(sizeOf(to));
  if (sizeOf(from) === 1) return out.fill(src[0]);
  // coef[t]: how far the source index moves per step along output axis t
  const st = strides(from);
  const coef = [0, 0];
  from.forEach((dim, d) => {
    if (dim !== 1) coef[map[d]] += st[d];
  });
  const [m, c] = to.length === 2 ? to : [to[0], 1];
  const [ci, cj] = to.length === 2 ? coef : [coef[0], 0];
  for (let i = 0; i < m; i++) for (let j = 0; j < c; j++) out[i * c + j] = src[i * ci + j * cj];
  return out;
}

function reduce(x: Float64Array, shape: Shape, axis: number | null | undefined, isMax: boolean): Float64Array {
  const init = isMax ? Number.NEGATIVE_INFINITY : 0;
  const op = isMax ? (a: number, v: number) => (v > a || Number.isNaN(v) ? v : a) : (a: number, v: number) => a + v;
  if (axis === null || axis === undefined || shape.length < 2) {
    let a = init;
    for (let i = 0; i < x.length; i++) a = op(a, x[i]);
    return Float64Array.of(a);
  }
  const [m, n] = shape;
  const out = new Float64Array(axis === 0 ? n : m).fill(init);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      const o = axis === 0 ? j : i;
      out[o] = op(out[o], x[i * n + j]);
    }
  }
  return out;
}

function matmul(a: Float64Array, b: Float64Array, m: number, k: number, n: number): Float64Array {
  const out = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let l = 0; l < k; l++) {
      const ail = a[i * k + l];
      for (let j = 0; j < n; j++) out[i * n + j] += ail * b[l * n + j];
    }
  }
  return out;
}

/** Evaluates one node from its arguments' values. `leaf` supplies param and data values. */
export function evalNode(n: Node, args: readonly Float64Array[], leaf: (n: Node) => ArrayLike<number>): Float64Array {
  const { attr } = n;
  switch (n.op) {
    case 'const':
      return Float64Array.of(attr.value ?? 0);
    case 'param':
    case 'data': {
      const v = leaf(n);
      return v instanceof Float64Array ? v : Float64Array.from(v);
    }
    case 'broadcast':
      return broadcast(args[0], n.args[0].shape, n.shape, attr.map ?? []);
    case 'sum':
    case 'maxreduce':
      return reduce(args[0], n.args[0].shape, attr.axis, n.op === 'maxreduce');
    case 'segsum': {
      const out = new Float64Array(attr.n ?? 0);
      for (let i = 0; i < args[0].length; i++) out[args[1][i] | 0] += args[0][i];
      return out;
    }
    case 'cumsum': {
      const x = args[0];
      const out = new Float64Array(x.length);
      let acc = 0;
      for (let t = 0; t < x.length; t++) {
        const i = attr.reverse ? x.length - 1 - t : t;
        acc += x[i];
        out[i] = acc;
      }
      return out;
    }
    case 'matmul':
      return matmul(args[0], args[1], n.args[0].shape[0], n.args[0].shape[1], n.args[1].shape[1]);
    case 'transpose': {
      const [m, c] = n.args[0].shape.length === 2 ? n.args[0].shape : [1, n.args[0].shape[0] ?? 1];
      const out = new Float64Array(m * c);
      for (let i = 0; i < m; i++) for (let j = 0; j < c; j++) out[j * m + i] = args[0][i * c + j];
      return out;
    }
    default: {
      const out = new Float64Array(sizeOf(n.shape));
      elementKernel(n)(out, out.length, ...args);
      return out;
    }
  }
}

/** Evaluates every node of g in order; returns the outputs' values. */
export function interpret(g: Graph, leaf: (n: Node) => ArrayLike<number>): Float64Array[] {
  const values = new Map<number, Float64Array>();
  for (const n of g.nodes)
    values.set(
      n.id,
      evalNode(
        n,
        n.args.map((a) => values.get(a.id)!),
        leaf,
      ),
    );
  return g.outputs.map((o) => values.get(o.id)!);
}
