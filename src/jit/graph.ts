/**
 * The IR: an SSA graph of immutable nodes in topological order. Nodes are hash-consed when built,
 * so building the same operation on the same arguments twice returns the same node: common
 * subexpressions are shared by construction (and every pass that rebuilds a graph re-runs CSE).
 */
import { type Op, opInfo } from './ops.js';

export type Shape = readonly number[];

export interface Attr {
  readonly value?: number;
  readonly name?: string;
  /** param: position of the first element in the flat parameter vector. */
  readonly offset?: number;
  readonly shape?: Shape;
  readonly map?: readonly number[];
  readonly axis?: number | null;
  readonly keepdims?: boolean;
  readonly n?: number;
  readonly reverse?: boolean;
}

export interface Node {
  readonly id: number;
  readonly op: Op;
  readonly args: readonly Node[];
  readonly shape: Shape;
  readonly attr: Attr;
}

export interface Graph {
  /** Every node, arguments before users. */
  readonly nodes: readonly Node[];
  readonly outputs: readonly Node[];
}

export const sizeOf = (shape: Shape): number => shape.reduce((a, b) => a * b, 1);
export const sameShape = (a: Shape, b: Shape): boolean => a.length === b.length && a.every((d, i) => d === b[i]);

function constKey(v: number): string {
  return Object.is(v, -0) ? '-0' : String(v);
}

function reducedShape(shape: Shape, axis: number | null | undefined, keepdims: boolean | undefined): Shape {
  if (axis === null || axis === undefined) return keepdims ? shape.map(() => 1) : [];
  return keepdims ? shape.map((d, i) => (i === axis ? 1 : d)) : shape.filter((_, i) => i !== axis);
}

function inferShape(op: Op, args: readonly Node[], attr: Attr): Shape {
  const info = opInfo(op);
  if (args.length !== info.arity) throw new Error(`jit: ${op} takes ${info.arity} arguments, got ${args.length}`);
  switch (op) {
    case 'const':
      return [];
    case 'param':
    case 'data':
    case 'broadcast':
      return attr.shape ?? [];
    case 'gather':
    case 'searchsorted':
      return args[1].shape;
    case 'sum':
    case 'maxreduce':
      return reducedShape(args[0].shape, attr.axis, attr.keepdims);
    case 'segsum':
      if (!sameShape(args[0].shape, args[1].shape))
        throw new Error('jit: segsum needs values and segment ids of one shape');
      return [attr.n ?? 0];
    case 'transpose':
      return [...args[0].shape].reverse();
    case 'matmul': {
      const [a, b] = args;
      if (a.shape.length !== 2 || b.shape.length !== 2 || a.shape[1] !== b.shape[0]) {
        throw new Error(`jit: matmul of [${a.shape}] and [${b.shape}]`);
      }
      return [a.shape[0], b.shape[1]];
    }
    default: {
      const s = args[0].shape;
      for (const a of args) {
        if (!sameShape(a.shape, s)) throw new Error(`jit: ${op} of shapes [${s}] and [${a.shape}] (broadcast first)`);
      }
      return s;
    }
  }
}

/** Builds nodes, returning the existing node when an identical one was built before. */
export class Builder {
  readonly nodes: Node[] = [];
  private readonly table = new Map<string, Node>();

  node(op: Op, args: readonly Node[], attr: Attr = {}): Node {
    let ordered = args;
    if (opInfo(op).commutative && args[0].id > args[1].id) ordered = [args[1], args[0]];
    const key =
      op === 'const'
        ? `c${constKey(attr.value ?? 0)}`
        : `${op}(${ordered.map((a) => a.id).join(',')})${JSON.stringify(attr)}`;
    const found = this.table.get(key);
    if (found) return found;
    const node: Node = { id: this.nodes.length, op, args: ordered, shape: inferShape(op, ordered, attr), attr };
    this.nodes.push(node);
    this.table.set(key, node);
    return node;
  }

  constant(value: number): Node {
    return this.node('const', [], { value });
  }

  graph(outputs: readonly Node[]): Graph {
    return { nodes: this.nodes.slice(), outputs };
  }
}

/**
 * Rebuilds a graph node by node through a fresh Builder (so it is hash-consed again). `rule`
 * returns a replacement for a node given its already-rebuilt arguments, or undefined to keep it.
 */
export function rewrite(g: Graph, rule: (b: Builder, n: Node, args: Node[]) => Node | undefined): Graph {
  const b = new Builder();
  const map = new Map<number, Node>();
  for (const n of g.nodes) {
    const args = n.args.map((a) => map.get(a.id)!);
    map.set(n.id, rule(b, n, args) ?? b.node(n.op, args, n.attr));
  }
  return b.graph(g.outputs.map((o) => map.get(o.id)!));
}

function attrText(n: Node): string {
  const { attr } = n;
  if (n.op === 'const') return String(attr.value);
  if (n.op === 'param' || n.op === 'data') return attr.name ?? '';
  const parts: string[] = [];
  if (attr.axis !== undefined) parts.push(`axis=${attr.axis}`);
  if (attr.keepdims) parts.push('keepdims');
  if (attr.n !== undefined) parts.push(`n=${attr.n}`);
  if (attr.reverse) parts.push('reverse');
  const rank = (attr.shape ?? []).length;
  const trailing = (attr.map ?? []).every((d, k, m) => d === rank - m.length + k);
  if (n.op === 'broadcast' && !trailing) parts.push(`map=${attr.map}`);
  return parts.join(' ');
}

/** One line per node: `%7 = mul %3 %5 : [1000]`, then the outputs. */
export function printGraph(g: Graph): string {
  const lines = g.nodes.map((n) => {
    const args = n.args.map((a) => `%${a.id}`).join(' ');
    const extra = attrText(n);
    const shape = n.shape.length ? ` : [${n.shape.join(',')}]` : '';
    return `%${n.id} = ${n.op}${args ? ` ${args}` : ''}${extra ? ` ${extra}` : ''}${shape}`;
  });
  lines.push(`return ${g.outputs.map((o) => `%${o.id}`).join(', ')}`);
  return lines.join('\n');
}
