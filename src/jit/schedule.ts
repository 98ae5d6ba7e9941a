/**
 * Loop fusion: assigns every node of the per-call graph to a block of the generated function.
 * Elementwise nodes of one shape that can run together go into one loop, and reductions accumulate
 * inside the loop of their argument, so an elementwise chain and its sum become a single pass.
 * A node that needs a finished array (a broadcast source, a gather table, a matmul operand, a
 * reduction's result) starts a later phase; phases run in order, blocks within a phase in order.
 */
import { type Graph, type Node, type Shape, sameShape } from './graph.js';
import { opInfo } from './ops.js';

export type Block =
  | { readonly kind: 'straight'; readonly phase: number; readonly nodes: readonly Node[] }
  | { readonly kind: 'loop'; readonly phase: number; readonly shape: Shape; readonly nodes: readonly Node[] };

export interface Schedule {
  readonly blocks: readonly Block[];
  /** Loop nodes whose values other blocks read: they are stored to a buffer. */
  readonly buffered: ReadonlySet<number>;
}

/** The role of a node in generated code. */
export function role(n: Node): 'leaf' | 'scalar' | 'loop' | 'reduce' | 'opaque' {
  const kind = opInfo(n.op).kind;
  if (kind === 'elem') return n.shape.length === 0 ? 'scalar' : 'loop';
  return kind;
}

/** A scalar broadcast over an array: consumers read the scalar itself, so it never needs a buffer. */
export const isSplat = (n: Node): boolean => n.op === 'broadcast' && n.args[0].shape.length === 0;

const randomArgs = (n: Node): readonly number[] => {
  const info = opInfo(n.op);
  return info.random ?? [];
};

/** The shape of the loop a node is computed in (a reduction runs in its argument's loop). */
export const loopShape = (n: Node): Shape => (role(n) === 'reduce' ? n.args[0].shape : n.shape);

export function schedule(g: Graph): Schedule {
  const phase = new Map<number, number>();
  // the first phase in which a node's complete value can be read
  const avail = (a: Node): number => {
    const r = role(a);
    return r === 'loop' || r === 'reduce' ? phase.get(a.id)! + 1 : phase.get(a.id)!;
  };
  // the phase a loop member needs: same-shaped loop arguments may share its loop
  const need = (n: Node, a: Node, k: number): number =>
    isSplat(a) && !randomArgs(n).includes(k) && role(n) !== 'opaque'
      ? avail(a.args[0])
      : role(a) === 'loop' && !randomArgs(n).includes(k) && n.op !== 'broadcast' && sameShape(a.shape, loopShape(n))
        ? phase.get(a.id)!
        : avail(a);
  for (const n of g.nodes) {
    const r = role(n);
    let p = 0;
    n.args.forEach((a, k) => {
      p = Math.max(p, r === 'loop' || r === 'reduce' ? need(n, a, k) : avail(a));
    });
    phase.set(n.id, p);
  }

  const blocks: Block[] = [];
  const last = Math.max(0, ...phase.values());
  for (let p = 0; p <= last; p++) {
    const straight = g.nodes.filter((n) => phase.get(n.id) === p && (role(n) === 'scalar' || role(n) === 'opaque'));
    if (straight.length) blocks.push({ kind: 'straight', phase: p, nodes: straight });
    const loops = new Map<string, Node[]>();
    for (const n of g.nodes) {
      const r = role(n);
      if (phase.get(n.id) !== p || (r !== 'loop' && r !== 'reduce')) continue;
      const key = loopShape(n).join('x');
      loops.set(key, [...(loops.get(key) ?? []), n]);
    }
    for (const nodes of loops.values()) blocks.push({ kind: 'loop', phase: p, shape: loopShape(nodes[0]), nodes });
  }

  const blockOf = new Map<number, Block>();
  for (const bl of blocks) for (const n of bl.nodes) blockOf.set(n.id, bl);
  const buffered = new Set<number>();
  for (const n of g.nodes) {
    n.args.forEach((a, k) => {
      if (role(a) !== 'loop' || (isSplat(a) && !randomArgs(n).includes(k) && role(n) !== 'opaque')) return;
      const together = blockOf.get(a.id) === blockOf.get(n.id) && need(n, a, k) === phase.get(a.id);
      if (!together) buffered.add(a.id);
    });
  }
  return { blocks, buffered };
}

/** One line per block, e.g. `phase 0 loop [1000] : %3 %4 %7(sum)`. */
export function printSchedule(s: Schedule): string {
  return s.blocks
    .map((bl) => {
      const head = bl.kind === 'loop' ? `phase ${bl.phase} loop [${bl.shape.join(',')}]` : `phase ${bl.phase} straight`;
      const body = bl.nodes.map(
        (n) => `%${n.id}${role(n) === 'reduce' ? `(${n.op})` : s.buffered.has(n.id) ? '*' : ''}`,
      );
      return `${head} : ${body.join(' ')}`;
    })
    .join('\n');
}
