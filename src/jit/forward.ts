/**
 * Forward-mode differentiation on the IR, for models with a few scalar parameters: one tangent
 * per parameter is carried alongside every node, so the value and all derivatives come out of the
 * same loops. Where reverse mode must read a large data table twice (forward, then transposed), a
 * forward sweep reads it once: μ = W·s and ∂μ/∂θ = W·∂s/∂θ share one pass over W.
 *
 * Elementwise ops have diagonal Jacobians, so their tangent rule is the reverse rule applied to
 * the argument's tangent (J·t = Jᵀ·t); linear structural ops apply themselves to the tangent.
 */
import { splat, VJP } from './grad.js';
import { Builder, type Graph, type Node } from './graph.js';
import { opInfo } from './ops.js';

type Tangent = Node | null;

function add(b: Builder, x: Tangent, y: Tangent): Tangent {
  if (!x) return y;
  if (!y) return x;
  return b.node('add', [x, y]);
}

/** The tangent of n given its arguments' tangents (null: zero). */
function jvp(b: Builder, n: Node, ts: readonly Tangent[]): Tangent {
  if (ts.every((t) => !t)) return null;
  const [t0, t1] = ts;
  switch (n.op) {
    case 'broadcast':
    case 'sum':
    case 'cumsum':
    case 'transpose':
      return b.node(n.op, [t0!], n.attr);
    case 'segsum':
      return t0 ? b.node('segsum', [t0, n.args[1]], n.attr) : null;
    case 'gather':
      return t0 ? b.node('gather', [t0, n.args[1]]) : null;
    case 'searchsorted':
      return null;
    case 'maxreduce': {
      // the tangent of the maximum is the tangent at the maximising element(s)
      const x = n.args[0];
      const map = n.attr.keepdims
        ? x.shape.map((_, d) => d)
        : n.attr.axis === null
          ? []
          : x.shape.map((_, d) => d).filter((d) => d !== n.attr.axis);
      const at = b.node('eq', [x, b.node('broadcast', [n], { shape: x.shape, map })]);
      return b.node('sum', [b.node('mul', [t0!, at])], n.attr);
    }
    case 'matmul': {
      const [x, y] = n.args;
      const left = t0 ? b.node('matmul', [t0, y]) : null;
      return add(b, left, t1 ? b.node('matmul', [x, t1]) : null);
    }
    default: {
      if (opInfo(n.op).kind !== 'elem') throw new Error(`jit: no tangent rule for ${n.op}`);
      let out: Tangent = null;
      ts.forEach((t, i) => {
        if (t) out = add(b, out, VJP[n.op](t, n, b)[i] ?? null);
      });
      return out;
    }
  }
}

/**
 * Like appendGradient, but by forward mode: outputs [value, ∂value/∂p₀, …] for scalar params.
 */
export function appendGradientForward(g: Graph, wrt: readonly Node[]): Graph {
  if (wrt.some((p) => p.shape.length !== 0)) throw new Error('jit: forward mode takes scalar parameters only');
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
  const loss = map.get(g.outputs[0].id)!;
  const grads = params.map((p) => {
    const tangent = new Map<number, Tangent>([[p.id, b.constant(1)]]);
    for (const n of forward) {
      if (n.op === 'param' || n.args.length === 0) continue;
      tangent.set(
        n.id,
        jvp(
          b,
          n,
          n.args.map((a) => tangent.get(a.id) ?? null),
        ),
      );
    }
    return tangent.get(loss.id) ?? splat(b, 0, []);
  });
  return b.graph([loss, ...grads]);
}
