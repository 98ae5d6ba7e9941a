/**
 * Graph-to-graph passes, each a small named function, run in the order listed in `PIPELINE`
 * (compile.ts). Every pass rebuilds the graph through a hash-consing Builder.
 */
import { splat } from './grad.js';
import { Builder, type Graph, type Node, printGraph, rewrite, sameShape, sizeOf } from './graph.js';
import { evalNode } from './interpret.js';
import { opInfo } from './ops.js';

/** The value of a scalar constant, or of a constant broadcast to an array; undefined otherwise. */
function constValue(n: Node): number | undefined {
  if (n.op === 'const') return n.attr.value;
  if (n.op === 'broadcast' && n.args[0].op === 'const') return n.args[0].attr.value;
  return undefined;
}

/** Evaluates elementwise ops whose arguments are all scalar constants. */
export function foldConstants(g: Graph): Graph {
  return rewrite(g, (b, n, args) => {
    const info = opInfo(n.op);
    if (info.kind !== 'elem' || n.op === 'broadcast' || info.random || args.length === 0) return undefined;
    if (!args.every((a) => a.op === 'const')) return undefined;
    const value = evalNode(
      b.node(n.op, args, n.attr),
      args.map((a) => Float64Array.of(a.attr.value ?? 0)),
      () => [],
    )[0];
    return b.constant(value);
  });
}

/** Common-subexpression elimination: rebuilding through the hash-consing Builder merges duplicates. */
export function cse(g: Graph): Graph {
  return rewrite(g, () => undefined);
}

/** Ops whose result is finite whenever their argument is anything (so x·0 = 0 is safe for them). */
const BOUNDED = new Set(['sin', 'cos', 'tanh', 'erf', 'erfc', 'sigmoid', 'sign', 'lt', 'le', 'gt', 'ge', 'eq', 'ne']);
/** Ops whose result is ≥ 0 for every argument (so exp(log y) = y is safe for them). */
const NONNEGATIVE = new Set(['exp', 'sqrt', 'sigmoid', 'softplus', 'abs', 'erfc']);

const COMPARISONS = new Set(['lt', 'le', 'gt', 'ge', 'eq', 'ne']);
/** Takes only the values 0 and 1: a comparison, or max/min (or, and) of such. */
function isBoolean(n: Node): boolean {
  if (COMPARISONS.has(n.op)) return true;
  if (n.op === 'broadcast') return isBoolean(n.args[0]);
  return (n.op === 'max' || n.op === 'min') && n.args.every(isBoolean);
}

function isBounded(n: Node): boolean {
  const c = constValue(n);
  if (c !== undefined) return Number.isFinite(c);
  return BOUNDED.has(n.op) || (n.op === 'broadcast' && isBounded(n.args[0]));
}
function isNonNegative(n: Node): boolean {
  const c = constValue(n);
  if (c !== undefined) return c >= 0;
  return NONNEGATIVE.has(n.op) || (n.op === 'broadcast' && isNonNegative(n.args[0]));
}

/** xᵏ for a small integer k as a product tree (x⁴ = (x·x)·(x·x), shared by CSE). */
function integerPower(b: Builder, x: Node, k: number): Node {
  if (k < 0) return b.node('div', [splat(b, 1, x.shape), integerPower(b, x, -k)]);
  if (k === 0) return splat(b, 1, x.shape);
  if (k === 1) return x;
  const half = integerPower(b, x, Math.floor(k / 2));
  const sq = b.node('mul', [half, half]);
  return k % 2 === 0 ? sq : b.node('mul', [sq, x]);
}

/**
 * (x·c₁)·c₂ → x·(c₁c₂) for constants, and a·(b·s) → (a·b)·s for a scalar s broadcast over arrays,
 * so that scalar factors collect at the top of a product and factorScalar can move them out of
 * sums. Reassociation rounds differently (within an ulp per product); it is the one rewrite here
 * that is not exact.
 */
function reassociate(b: Builder, a: Node, m: Node): Node | undefined {
  if (m.op !== 'mul') return undefined;
  const [l, r] = m.args;
  const ca = constValue(a);
  const cl = constValue(l);
  const cr = constValue(r);
  if (ca !== undefined && cr !== undefined) return b.node('mul', [l, splat(b, ca * cr, m.shape)]);
  if (ca !== undefined && cl !== undefined) return b.node('mul', [r, splat(b, ca * cl, m.shape)]);
  if (ca !== undefined || scalarOf(a) || a.shape.length === 0) return undefined;
  if (scalarOf(r) && !scalarOf(l)) return b.node('mul', [b.node('mul', [a, l]), r]);
  if (scalarOf(l) && !scalarOf(r)) return b.node('mul', [b.node('mul', [a, r]), l]);
  return undefined;
}

const scalarOf = (n: Node): Node | undefined =>
  n.op === 'broadcast' && n.args[0].shape.length === 0 ? n.args[0] : undefined;

/**
 * Σ(v·s) → s·Σv and Σ(v/s) → Σv/s for a scalar s broadcast over v, and Σ(−v) → −Σv: one multiply
 * instead of one per element, and Σv is then often parameter-free, so the hoisting pass removes
 * the whole sum from the loop (Σ x·y·a becomes a·(Σ x·y), computed once).
 */
function factorScalar(b: Builder, v: Node): Node | undefined {
  const sum = (u: Node) => b.node('sum', [u], { axis: null, keepdims: false });
  if (v.op === 'neg') return b.node('neg', [sum(v.args[0])]);
  if (v.op !== 'mul' && v.op !== 'div') return undefined;
  const [l, r] = v.args;
  const sr = scalarOf(r);
  if (sr) return b.node(v.op, [sum(l), sr]);
  const sl = scalarOf(l);
  if (sl && v.op === 'mul') return b.node('mul', [sl, sum(r)]);
  return undefined;
}

/**
 * Algebraic identities that are exact in float64: x+0, x−0, 0−x, x·1, x·(−1), x/1, −(−x), x+(−y),
 * x·0 (only for x that cannot be ±∞ or NaN), log(exp x), exp(log x) (only for x ≥ 0), xᵏ for
 * integer |k| ≤ 4, broadcast of a broadcast, where(c, x, x), scalar factors out of full sums,
 * elementwise ops on broadcast scalars done once on the scalars.
 */
export function simplify(g: Graph): Graph {
  // one sweep rewrites bottom-up; repeat until a sweep changes nothing
  let text = printGraph(g);
  for (let sweep = 0; sweep < 8; sweep++) {
    const next = dce(simplifyOnce(g));
    const nextText = printGraph(next);
    if (nextText === text) return next;
    g = next;
    text = nextText;
  }
  return g;
}

function simplifyOnce(g: Graph): Graph {
  return rewrite(g, (b, n, args) => {
    const info = opInfo(n.op);
    if (info.kind === 'elem' && n.op !== 'broadcast' && !info.random && args.length && args.every((a) => scalarOf(a))) {
      // an op on scalars broadcast to an array is the scalar op, broadcast once
      const scalar = b.node(
        n.op,
        args.map((a) => a.args[0]),
        n.attr,
      );
      return b.node('broadcast', [scalar], { shape: n.shape, map: [] });
    }
    const [x, y] = args;
    const cx = x && constValue(x);
    const cy = y && constValue(y);
    switch (n.op) {
      case 'add':
        if (x === y) return b.node('mul', [x, splat(b, 2, n.shape)]);
        if (cy === 0 && sameShape(x.shape, n.shape)) return x;
        if (cx === 0 && sameShape(y.shape, n.shape)) return y;
        if (y.op === 'neg') return b.node('sub', [x, y.args[0]]);
        if (x.op === 'neg') return b.node('sub', [y, x.args[0]]);
        return undefined;
      case 'sub':
        if (cy === 0) return x;
        if (cx === 0) return b.node('neg', [y]);
        if (y.op === 'neg') return b.node('add', [x, y.args[0]]);
        return undefined;
      case 'mul':
        if (cy === 1) return x;
        if (cx === 1) return y;
        if (cy === -1) return b.node('neg', [x]);
        if (cx === -1) return b.node('neg', [y]);
        if ((cy === 0 && isBounded(x)) || (cx === 0 && isBounded(y))) return splat(b, 0, n.shape);
        if (x.op === 'neg' && y.op === 'neg') return b.node('mul', [x.args[0], y.args[0]]);
        if (x.op === 'neg' || y.op === 'neg') {
          return b.node('neg', [x.op === 'neg' ? b.node('mul', [x.args[0], y]) : b.node('mul', [x, y.args[0]])]);
        }
        return reassociate(b, x, y) ?? reassociate(b, y, x);
      case 'div':
        if (cy === 1) return x;
        // x / r with r broadcast from fewer values: one reciprocal per value of r, then a multiply
        // per element (a division costs several multiplies; like reassociation, not exact to the bit)
        if (y.op === 'broadcast' && sizeOf(y.args[0].shape) < sizeOf(y.shape)) {
          const r = y.args[0];
          const inverse = b.node('div', [splat(b, 1, r.shape), r]);
          return b.node('mul', [x, b.node('broadcast', [inverse], y.attr)]);
        }
        return undefined;
      case 'neg':
        if (x.op === 'neg') return x.args[0];
        return undefined;
      case 'log':
        if (x.op === 'exp') return x.args[0];
        return undefined;
      case 'exp':
        if (x.op === 'log' && isNonNegative(x.args[0])) return x.args[0];
        return undefined;
      case 'pow':
        if (cy !== undefined && Number.isInteger(cy) && Math.abs(cy) <= 4) return integerPower(b, x, cy);
        return undefined;
      case 'broadcast':
        if (x.op === 'broadcast') {
          const inner = x.attr.map ?? [];
          const outer = n.attr.map ?? [];
          return b.node('broadcast', [x.args[0]], { shape: n.shape, map: inner.map((d) => outer[d]) });
        }
        return undefined;
      case 'where': {
        const [c, a, e] = args;
        if (a === e) return a;
        // nested selections with a shared branch test one combined mask: (c₁ or c₂) as max,
        // (c₁ and c₂) as min, so one mask instead of two is stored for the reverse pass
        if (e.op === 'where' && e.args[1] === a && isBoolean(c) && isBoolean(e.args[0]))
          return b.node('where', [b.node('max', [c, e.args[0]]), a, e.args[2]]);
        if (a.op === 'where' && a.args[2] === e && isBoolean(c) && isBoolean(a.args[0]))
          return b.node('where', [b.node('min', [c, a.args[0]]), a.args[1], e]);
        return undefined;
      }
      case 'sum':
        if (x.op === 'neg') return b.node('neg', [b.node('sum', [x.args[0]], n.attr)]);
        return n.attr.axis === null && !n.attr.keepdims ? factorScalar(b, x) : undefined;
      default:
        return undefined;
    }
  });
}

/**
 * exp(a)·exp(b) → exp(a + b), also as a factor of a product (y·exp(a))·exp(b) → y·exp(a + b), when
 * each exponential has no other use: one exp instead of two (e.g. λ^α e^{−(λ/λ_c)²} of the dust
 * SED). Runs before differentiation, so the gradient uses the one exp too. Not exact to the bit,
 * and it cannot overflow where the separate factors could.
 */
export function fuseExponentials(g: Graph): Graph {
  const uses = new Map<number, number>();
  for (const n of [...g.nodes.flatMap((n) => n.args), ...g.outputs]) uses.set(n.id, (uses.get(n.id) ?? 0) + 1);
  const b = new Builder();
  const map = new Map<number, Node>();
  const m = (x: Node) => map.get(x.id)!;
  const lone = (x: Node) => x.op === 'exp' && uses.get(x.id) === 1;
  const expSum = (x: Node, y: Node) => b.node('exp', [b.node('add', [m(x.args[0]), m(y.args[0])])]);
  for (const n of g.nodes) {
    let out: Node | undefined;
    if (n.op === 'mul') {
      const [x, y] = n.args;
      if (lone(x) && lone(y)) out = expSum(x, y);
      for (const [e, p] of [
        [x, y],
        [y, x],
      ]) {
        if (out || !lone(e) || p.op !== 'mul' || uses.get(p.id) !== 1) continue;
        const [p0, p1] = p.args;
        if (lone(p0)) out = b.node('mul', [m(p1), expSum(p0, e)]);
        else if (lone(p1)) out = b.node('mul', [m(p0), expSum(p1, e)]);
      }
    }
    map.set(n.id, out ?? b.node(n.op, n.args.map(m), n.attr));
  }
  return dce(b.graph(g.outputs.map(m)));
}

/** Dead-code elimination: keeps only the nodes the outputs depend on. */
export function dce(g: Graph): Graph {
  const live = new Set<number>(g.outputs.map((o) => o.id));
  for (let k = g.nodes.length - 1; k >= 0; k--) {
    const n = g.nodes[k];
    if (live.has(n.id)) for (const a of n.args) live.add(a.id);
  }
  return cse({ nodes: g.nodes.filter((n) => live.has(n.id)), outputs: g.outputs });
}

export interface HoistResult {
  /** The per-call graph, in which hoisted values are `data` leaves named `$h<k>`. */
  readonly perCall: Graph;
  /** Computes the hoisted values (its outputs, in the order of their `$h<k>` names) from data. */
  readonly invariant: Graph;
}

/** Reads no computed array: a leaf, or a scalar leaf broadcast. */
const isInput = (n: Node): boolean =>
  opInfo(n.op).kind === 'leaf' || (n.op === 'broadcast' && n.args[0].shape.length === 0 && isInput(n.args[0]));

/**
 * One one-instruction elementwise op (not a division) over data and constants: cheaper to redo in
 * the loop than to load. Longer chains are stored once, like any other data-only value.
 */
function cheapToRecompute(n: Node): boolean {
  const info = opInfo(n.op);
  return info.kind === 'elem' && info.cheap === true && n.op !== 'div' && n.args.every(isInput);
}

/**
 * Parameter-invariant code motion: every node that depends on no parameter and is used by a
 * parameter-dependent node (or is an output) is computed once per data binding and read from a
 * buffer in each call. Exception: arrays made only of one-instruction ops on data (−x, x·y, a
 * broadcast) are recomputed in the loop, since loading a stored copy costs more memory traffic than
 * the instruction it saves; their own invariant inputs are still hoisted.
 */
export function hoist(g: Graph): HoistResult {
  const variant = new Set<number>();
  for (const n of g.nodes) if (n.op === 'param' || n.args.some((a) => variant.has(a.id))) variant.add(n.id);
  const hoisted: Node[] = [];
  const seen = new Set<number>();
  const visit = (n: Node, broadcastSource = false) => {
    if (variant.has(n.id) || seen.has(n.id)) return;
    seen.add(n.id);
    if (isInput(n)) return;
    // a broadcast is read in place by its consumers' loops (schedule.ts): keep it, compute its
    // source once, since recomputing the source in the loop would repeat it per broadcast element
    if (n.op === 'broadcast') for (const a of n.args) visit(a, true);
    else if (sizeOf(n.shape) === 1 || broadcastSource || !cheapToRecompute(n)) hoisted.push(n);
    else for (const a of n.args) visit(a);
  };
  for (const n of g.nodes) if (variant.has(n.id)) for (const a of n.args) visit(a);
  for (const o of g.outputs) visit(o);
  const names = new Map(hoisted.map((n, k) => [n.id, `$h${k}`]));
  const perCall = rewrite(g, (b, n) => {
    const name = names.get(n.id);
    return name ? b.node('data', [], { name, shape: n.shape }) : undefined;
  });
  return { perCall: dce(perCall), invariant: dce({ nodes: g.nodes, outputs: hoisted }) };
}
