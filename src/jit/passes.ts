/**
 * Graph-to-graph passes, each a small named function, run in the order listed in `PIPELINE`
 * (compile.ts). Every pass rebuilds the graph through a hash-consing Builder.
 */
import { splat } from './grad.js';
import { type Builder, type Graph, type Node, printGraph, rewrite, sameShape, sizeOf } from './graph.js';
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
      case 'where':
        if (args[1] === args[2]) return args[1];
        return undefined;
      case 'sum':
        return n.attr.axis === null && !n.attr.keepdims ? factorScalar(b, x) : undefined;
      default:
        return undefined;
    }
  });
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

/** Parameter-independent and made only of one-instruction elementwise ops over data and constants. */
function cheapToRecompute(n: Node): boolean {
  const info = opInfo(n.op);
  if (info.kind === 'leaf') return true;
  return info.kind === 'elem' && info.cheap === true && n.args.every(cheapToRecompute);
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
  const visit = (n: Node) => {
    if (variant.has(n.id) || seen.has(n.id)) return;
    seen.add(n.id);
    if (opInfo(n.op).kind === 'leaf') return;
    if (sizeOf(n.shape) === 1 || !cheapToRecompute(n)) hoisted.push(n);
    else n.args.forEach(visit);
  };
  for (const n of g.nodes) if (variant.has(n.id)) n.args.forEach(visit);
  g.outputs.forEach(visit);
  const names = new Map(hoisted.map((n, k) => [n.id, `$h${k}`]));
  const perCall = rewrite(g, (b, n) => {
    const name = names.get(n.id);
    return name ? b.node('data', [], { name, shape: n.shape }) : undefined;
  });
  return { perCall: dce(perCall), invariant: dce({ nodes: g.nodes, outputs: hoisted }) };
}
