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
  /**
   * Data-only elementwise nodes the hoisting pass left per call (one-instruction ops on data):
   * each loop that reads one computes it in place from the data, so it is never stored.
   */
  readonly recomputed: ReadonlySet<number>;
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

/**
 * Argument k of n is a broadcast of a finished array that n's loop reads by index (src[i] or
 * src[j]) instead of from a materialised copy: the copy would cost a store and a load per element.
 */
export const readsBroadcastInPlace = (n: Node, k: number): boolean => {
  const a = n.args[k];
  const r = role(n);
  return (
    a.op === 'broadcast' &&
    !isSplat(a) &&
    !sameShape(a.args[0].shape, a.shape) &&
    (r === 'loop' || r === 'reduce') &&
    n.op !== 'broadcast' &&
    !randomArgs(n).includes(k) &&
    sameShape(a.shape, loopShape(n))
  );
};

export function schedule(g: Graph): Schedule {
  const variant = new Set<number>();
  for (const n of g.nodes) if (n.op === 'param' || n.args.some((a) => variant.has(a.id))) variant.add(n.id);
  const recomputable = (a: Node) =>
    role(a) === 'loop' && a.op !== 'broadcast' && !variant.has(a.id) && !opInfo(a.op).random;
  /** Argument k of n is read without a copy: a scalar, a broadcast source read by index, or recomputed data. */
  const readsInPlace = (n: Node, k: number): boolean => {
    const a = n.args[k];
    const r = role(n);
    if (isSplat(a)) return !randomArgs(n).includes(k) && r !== 'opaque';
    if (readsBroadcastInPlace(n, k)) return true;
    return (
      recomputable(a) &&
      (r === 'loop' || r === 'reduce') &&
      n.op !== 'broadcast' &&
      !randomArgs(n).includes(k) &&
      sameShape(a.shape, loopShape(n))
    );
  };
  const phase = new Map<number, number>();
  // the first phase in which a node's complete value can be read
  const avail = (a: Node): number => {
    const r = role(a);
    return r === 'loop' || r === 'reduce' ? phase.get(a.id)! + 1 : phase.get(a.id)!;
  };
  // the phase a loop member needs: same-shaped loop arguments may share its loop
  const need = (n: Node, a: Node, k: number): number =>
    readsInPlace(n, k)
      ? recomputable(a)
        ? phase.get(a.id)!
        : avail(a.args[0])
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

  // broadcasts that every user reads in place (and that are not outputs) need no loop of their own
  const copied = new Set<number>(g.outputs.map((o) => o.id));
  for (const n of g.nodes)
    n.args.forEach((a, k) => {
      if (!readsInPlace(n, k)) copied.add(a.id);
    });
  const virtual = (n: Node) => (n.op === 'broadcast' || recomputable(n)) && !copied.has(n.id);

  // Sinking: a loop node whose users all run in later loops of its shape moves, with the chain of
  // arguments only it needs, to its earliest user's phase, so it is computed where it is read
  // instead of stored and reloaded (ν^{3+β} needs only β, but is read only once T and λ_c are
  // known). Only when no argument outside that chain then needs a buffer of its own. Users first.
  const users = new Map<number, [Node, number][]>();
  for (const n of g.nodes)
    n.args.forEach((a, k) => {
      users.set(a.id, [...(users.get(a.id) ?? []), [n, k]]);
    });
  const outputs = new Set(g.outputs.map((o) => o.id));
  const usersOf = (a: Node) => users.get(a.id) ?? [];
  const fused = (a: Node) => role(a) === 'loop' && a.op !== 'broadcast' && !virtual(a);
  const movable = (a: Node) =>
    fused(a) &&
    !outputs.has(a.id) &&
    usersOf(a).length > 0 &&
    usersOf(a).every(
      ([n, k]) =>
        (role(n) === 'loop' || role(n) === 'reduce') &&
        n.op !== 'broadcast' &&
        !randomArgs(n).includes(k) &&
        sameShape(a.shape, loopShape(n)),
    );
  for (let t = g.nodes.length - 1; t >= 0; t--) {
    const a = g.nodes[t];
    if (!movable(a)) continue;
    const target = Math.min(...usersOf(a).map(([n]) => phase.get(n.id)!));
    if (target <= phase.get(a.id)!) continue;
    const chain = new Set([a.id]);
    const stack = [a];
    const outside = new Set<Node>();
    while (stack.length) {
      for (const x of stack.pop()!.args) {
        if (!fused(x) || chain.has(x.id) || !sameShape(x.shape, a.shape)) continue;
        if (movable(x) && usersOf(x).every(([u]) => chain.has(u.id) || phase.get(u.id)! >= target)) {
          chain.add(x.id);
          stack.push(x);
        } else outside.add(x);
      }
    }
    const newBuffers = [...outside].filter(
      (x) =>
        phase.get(x.id)! < target && usersOf(x).every(([u]) => chain.has(u.id) || phase.get(u.id) === phase.get(x.id)),
    );
    if (newBuffers.length === 0) for (const id of chain) phase.set(id, Math.max(phase.get(id)!, target));
  }

  const blocks: Block[] = [];
  const last = Math.max(0, ...phase.values());
  for (let p = 0; p <= last; p++) {
    const straight = g.nodes.filter((n) => phase.get(n.id) === p && (role(n) === 'scalar' || role(n) === 'opaque'));
    if (straight.length) blocks.push({ kind: 'straight', phase: p, nodes: straight });
    const loops = new Map<string, Node[]>();
    for (const n of g.nodes) {
      const r = role(n);
      if (phase.get(n.id) !== p || (r !== 'loop' && r !== 'reduce') || virtual(n)) continue;
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
      if (role(a) !== 'loop' || readsInPlace(n, k)) return;
      const together = blockOf.get(a.id) === blockOf.get(n.id) && need(n, a, k) === phase.get(a.id);
      if (!together) buffered.add(a.id);
    });
  }
  return {
    blocks,
    buffered,
    recomputed: new Set(
      g.nodes
        .filter(virtual)
        .filter(recomputable)
        .map((n) => n.id),
    ),
  };
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
