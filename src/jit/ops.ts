/**
 * The op table: every operation of the IR, its kind and (for elementwise ops) the JavaScript
 * template that both the code generator and the eager interpreter's kernels are built from.
 * Derivative rules live in grad.ts, in a table typed over this one, so a new op without a rule
 * fails the build.
 */
import type { Node } from './graph.js';

/**
 * leaf: inputs and constants. elem: one output element per element of the node's shape (may read
 * some arguments at random positions: `random`). reduce: accumulates over its first argument's
 * elements (fused into that argument's loop). opaque: needs its arguments fully computed and runs
 * its own loop (sequential scans, matrix products).
 */
export type OpKind = 'leaf' | 'elem' | 'reduce' | 'opaque';

export interface OpInfo {
  readonly kind: OpKind;
  readonly arity: number;
  /** JS expression for one element, from the argument expressions (elem ops only). */
  readonly js?: (a: readonly string[], node: Node) => string;
  /** Arguments read at arbitrary positions: they must be materialised before the loop. */
  readonly random?: readonly number[];
  /** Commutative: arguments are sorted when hash-consing, so a+b and b+a are one node. */
  readonly commutative?: boolean;
  /** Cheap to recompute (one arithmetic instruction): the hoisting pass may leave it in the loop. */
  readonly cheap?: boolean;
}

const unary = (f: (a: string) => string, cheap = false): OpInfo => ({
  kind: 'elem',
  arity: 1,
  js: (a) => f(a[0]),
  cheap,
});
const binary = (f: (a: string, b: string) => string, extra: Partial<OpInfo> = {}): OpInfo => ({
  kind: 'elem',
  arity: 2,
  js: (a) => f(a[0], a[1]),
  ...extra,
});
const compare = (sym: string): OpInfo => binary((a, b) => `(${a} ${sym} ${b} ? 1 : 0)`, { cheap: true });

export const OPS = {
  const: { kind: 'leaf', arity: 0 },
  param: { kind: 'leaf', arity: 0 },
  data: { kind: 'leaf', arity: 0 },

  neg: unary((a) => `(-${a})`, true),
  abs: unary((a) => `Math.abs(${a})`, true),
  sign: unary((a) => `H.sign(${a})`, true),
  /** Largest integer ≤ x (a cell index on a uniform grid); its derivative is zero. */
  floor: unary((a) => `Math.floor(${a})`, true),
  exp: unary((a) => `Math.exp(${a})`),
  log: unary((a) => `Math.log(${a})`),
  log1p: unary((a) => `Math.log1p(${a})`),
  expm1: unary((a) => `Math.expm1(${a})`),
  sqrt: unary((a) => `Math.sqrt(${a})`),
  sin: unary((a) => `Math.sin(${a})`),
  cos: unary((a) => `Math.cos(${a})`),
  tanh: unary((a) => `Math.tanh(${a})`),
  erf: unary((a) => `H.erf(${a})`),
  erfc: unary((a) => `H.erfc(${a})`),
  lgamma: unary((a) => `H.lgamma(${a})`),
  polygamma: { kind: 'elem', arity: 1, js: (a, n) => `H.polygamma(${n.attr.n}, ${a[0]})` },
  sigmoid: unary((a) => `H.sigmoid(${a})`),
  softplus: unary((a) => `H.softplus(${a})`),
  /** Identity whose derivative is zero (used to stabilise logsumexp). */
  stopgrad: unary((a) => a, true),
  /** Numpy broadcasting to attr.shape; attr.map[d] is the output axis of input axis d. */
  broadcast: unary((a) => a, true),

  add: binary((a, b) => `(${a} + ${b})`, { commutative: true, cheap: true }),
  sub: binary((a, b) => `(${a} - ${b})`, { cheap: true }),
  mul: binary((a, b) => `(${a} * ${b})`, { commutative: true, cheap: true }),
  div: binary((a, b) => `(${a} / ${b})`, { cheap: true }),
  pow: binary((a, b) => `Math.pow(${a}, ${b})`),
  min: binary((a, b) => `Math.min(${a}, ${b})`, { commutative: true, cheap: true }),
  max: binary((a, b) => `Math.max(${a}, ${b})`, { commutative: true, cheap: true }),
  lt: compare('<'),
  le: compare('<='),
  gt: compare('>'),
  ge: compare('>='),
  eq: { ...compare('==='), commutative: true },
  ne: { ...compare('!=='), commutative: true },
  where: { kind: 'elem', arity: 3, js: (a) => `(${a[0]} !== 0 ? ${a[1]} : ${a[2]})`, cheap: true },
  /** src[idx]: the output has idx's shape; src is read at random positions. */
  gather: { kind: 'elem', arity: 2, random: [0], js: (a) => `${a[0]}[${a[1]} | 0]` },
  /** Cell index of x in an ascending grid (see special.ts searchsorted). */
  searchsorted: {
    kind: 'elem',
    arity: 2,
    random: [0],
    js: (a, n) => `H.searchsorted(${a[0]}, ${n.args[0].shape[0]}, ${a[1]})`,
  },

  /** Sum over attr.axis (null: all), keeping the axis as size 1 when attr.keepdims. */
  sum: { kind: 'reduce', arity: 1 },
  /** Maximum over attr.axis, like sum. */
  maxreduce: { kind: 'reduce', arity: 1 },
  /** out[seg[i]] += x[i] for attr.n segments (the transpose of gather). */
  segsum: { kind: 'reduce', arity: 2 },

  /** Running sum of a 1-D array (attr.reverse: from the end). */
  cumsum: { kind: 'opaque', arity: 1 },
  matmul: { kind: 'opaque', arity: 2 },
  transpose: { kind: 'opaque', arity: 1 },
} as const satisfies Record<string, OpInfo>;

export type Op = keyof typeof OPS;

export function opInfo(op: Op): OpInfo {
  return OPS[op];
}

/** Every op name, in table order. */
export const ALL_OPS = Object.keys(OPS) as Op[];
