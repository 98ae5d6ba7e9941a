/**
 * Code generation: turns a scheduled per-call graph into one JavaScript function
 * `(P, G) => value` through `new Function`. P is the flat parameter vector, G receives the
 * gradient. Data arrays (D), scratch buffers (T), the scalar helpers (H) and an optional op counter
 * (C) are passed in, so the generated code captures no globals.
 */
import { type Graph, type Node, sizeOf } from './graph.js';
import { ALL_OPS, opInfo } from './ops.js';
import { isSplat, role, type Schedule } from './schedule.js';
import { HELPERS } from './special.js';

export interface Program {
  readonly source: string;
  /** Names of the data leaves, in the order `instantiate` expects their arrays. */
  readonly dataNames: readonly string[];
  /** Builds the callable for one set of data arrays (and an op counter indexed like ALL_OPS). */
  instantiate(data: readonly ArrayLike<number>[], counter?: Float64Array): (P: Float64Array, G: Float64Array) => number;
}

function lit(v: number): string {
  return Object.is(v, -0) ? '(-0)' : `(${v})`;
}

const INIT = (op: string) => (op === 'maxreduce' ? '-Infinity' : '0');
const update = (op: string, acc: string, x: string) =>
  op === 'maxreduce' ? `if (${x} > ${acc} || ${x} !== ${x}) ${acc} = ${x};` : `${acc} += ${x};`;

/**
 * @param gradOffsets offset in G of each output after the first (null: value only)
 * @param count emit an op counter increment for every executed elementwise op and accumulation
 */
export function codegen(g: Graph, sched: Schedule, gradOffsets: readonly number[] | null, count = false): Program {
  const dataLeaves = g.nodes.filter((n) => n.op === 'data');
  const prologue: string[] = [];
  const temps: number[] = [];
  const views = new Set<number>();
  const storeTo = new Map<number, number[]>();
  (gradOffsets ?? []).forEach((off, k) => {
    const o = g.outputs[k + 1];
    storeTo.set(o.id, [...(storeTo.get(o.id) ?? []), off]);
  });
  const counter = (n: Node) => (count ? `C[${ALL_OPS.indexOf(n.op)}]++; ` : '');

  dataLeaves.forEach((n, k) => {
    prologue.push(n.shape.length === 0 ? `const v${n.id} = D[${k}][0];` : `const b${n.id} = D[${k}];`);
  });
  for (const n of g.nodes) {
    if (n.op === 'param' && n.shape.length === 0) prologue.push(`const v${n.id} = P[${n.attr.offset}];`);
    const r = role(n);
    const needsBuffer = sched.buffered.has(n.id) || r === 'opaque' || (r === 'reduce' && n.shape.length > 0);
    if (needsBuffer) {
      prologue.push(`const b${n.id} = T[${temps.length}];`);
      temps.push(sizeOf(n.shape));
    }
  }

  const scalarRef = (a: Node): string => (a.op === 'const' ? lit(a.attr.value ?? 0) : `v${a.id}`);
  /** A finished array: a data leaf, a buffer, or a view of a parameter vector. */
  const arrayName = (a: Node): string => {
    if (a.op !== 'param') return `b${a.id}`;
    if (!views.has(a.id)) {
      views.add(a.id);
      prologue.push(`const b${a.id} = P.subarray(${a.attr.offset}, ${(a.attr.offset ?? 0) + sizeOf(a.shape)});`);
    }
    return `b${a.id}`;
  };
  const load = (a: Node, idx: string): string =>
    a.op === 'param' ? `P[${a.attr.offset} + ${idx}]` : `${arrayName(a)}[${idx}]`;

  const body: string[] = [];
  for (const bl of sched.blocks) {
    if (bl.kind === 'straight') {
      for (const n of bl.nodes) body.push(...straight(n));
      continue;
    }
    const shape = bl.shape;
    const flat = shape.length === 2 ? 'k' : 'i';
    const inLoop = new Set(bl.nodes.filter((n) => role(n) === 'loop').map((n) => n.id));
    const loaded = new Set<number>();
    const pre: string[] = [];
    const rowPre: string[] = [];
    const inner: string[] = [];
    const rowPost: string[] = [];
    const post: string[] = [];
    const vars = shape.length === 2 ? ['i', 'j'] : ['i'];
    /** The source index a broadcast node reads at this loop's position. */
    const sourceIndex = (n: Node): string => {
      const x = n.args[0];
      const st = x.shape.length === 2 ? [x.shape[1], 1] : [1];
      const terms = x.shape.flatMap((dim, d) => (dim === 1 ? [] : [`${vars[(n.attr.map ?? [])[d]]} * ${st[d]}`]));
      return terms.join(' + ') || '0';
    };
    const ref = (a: Node, idx = flat): string => {
      if (a.shape.length === 0) return scalarRef(a);
      if (isSplat(a)) return scalarRef(a.args[0]);
      if (inLoop.has(a.id) && idx === flat) return `v${a.id}`;
      if (sched.recomputed.has(a.id) && idx === flat) {
        if (!loaded.has(a.id)) {
          loaded.add(a.id);
          const args = a.args.map((x) => ref(x));
          inner.push(`${counter(a)}const v${a.id} = ${opInfo(a.op).js!(args, a)};`);
        }
        return `v${a.id}`;
      }
      if (a.op === 'broadcast' && idx === flat) {
        // read in place from the finished source; a per-row value is loaded once per row
        if (!loaded.has(a.id)) {
          loaded.add(a.id);
          const at = sourceIndex(a);
          const line = `const v${a.id} = ${ref(a.args[0], at)};`;
          (shape.length === 2 && !at.includes('j') ? rowPre : inner).push(line);
        }
        return `v${a.id}`;
      }
      if (idx !== flat) return load(a, idx);
      if (!loaded.has(a.id)) {
        loaded.add(a.id);
        inner.push(`const v${a.id} = ${load(a, flat)};`);
      }
      return `v${a.id}`;
    };
    for (const n of bl.nodes) {
      const x = n.args[0];
      if (n.op === 'broadcast') {
        inner.push(`const v${n.id} = ${ref(x, sourceIndex(n))};`);
      } else if (role(n) === 'loop') {
        const info = opInfo(n.op);
        const random = info.random ?? [];
        const args = n.args.map((a, k) => (random.includes(k) ? arrayName(a) : ref(a)));
        inner.push(`${counter(n)}const v${n.id} = ${info.js!(args, n)};`);
      } else {
        const v = ref(x);
        const acc = `acc${n.id}`;
        const axis = x.shape.length === 2 ? n.attr.axis : null;
        if (n.op === 'segsum') {
          pre.push(`b${n.id}.fill(0);`);
          inner.push(`${counter(n)}b${n.id}[${ref(n.args[1])} | 0] += ${v};`);
        } else if (axis === 0) {
          pre.push(`b${n.id}.fill(${INIT(n.op)});`);
          inner.push(`${counter(n)}${update(n.op, `b${n.id}[j]`, v)}`);
        } else if (axis === 1) {
          rowPre.push(`let ${acc} = ${INIT(n.op)};`);
          inner.push(`${counter(n)}${update(n.op, acc, v)}`);
          rowPost.push(`b${n.id}[i] = ${acc};`);
        } else {
          pre.push(`let ${acc} = ${INIT(n.op)};`);
          inner.push(`${counter(n)}${update(n.op, acc, v)}`);
          post.push(n.shape.length === 0 ? `const v${n.id} = ${acc};` : `b${n.id}[0] = ${acc};`);
        }
      }
      if (role(n) === 'loop') {
        if (sched.buffered.has(n.id)) inner.push(`b${n.id}[${flat}] = v${n.id};`);
        for (const off of storeTo.get(n.id) ?? []) inner.push(`G[${off} + ${flat}] = v${n.id};`);
      }
    }
    const [m, c] = shape.length === 2 ? shape : [shape[0], 1];
    body.push(...pre);
    if (shape.length === 2) {
      body.push(
        `for (let i = 0; i < z * ${m}; i++) {`,
        ...rowPre,
        `for (let j = 0; j < ${c}; j++) {`,
        `const k = i * ${c} + j;`,
      );
      body.push(...inner, '}', ...rowPost, '}');
    } else {
      body.push(`for (let i = 0; i < z * ${m}; i++) {`, ...inner, '}');
    }
    body.push(...post);
  }

  function straight(n: Node): string[] {
    const r = role(n);
    if (r === 'scalar') {
      const info = opInfo(n.op);
      const random = info.random ?? [];
      const args = n.args.map((a, k) =>
        random.includes(k) ? arrayName(a) : a.shape.length ? `${arrayName(a)}[0]` : scalarRef(a),
      );
      return [`${counter(n)}const v${n.id} = ${info.js!(args, n)};`];
    }
    const out = `b${n.id}`;
    const [x, y] = n.args.map(arrayName);
    if (n.op === 'cumsum') {
      const len = sizeOf(n.shape);
      const idx = n.attr.reverse ? `${len - 1} - t` : 't';
      return [
        `{ let acc = 0; for (let t = 0; t < z * ${len}; t++) { const i = ${idx}; acc += ${x}[i]; ${out}[i] = acc; } }`,
      ];
    }
    if (n.op === 'transpose') {
      const [m, c] = n.args[0].shape.length === 2 ? n.args[0].shape : [1, sizeOf(n.args[0].shape)];
      return [
        `for (let i = 0; i < z * ${m}; i++) for (let j = 0; j < ${c}; j++) ${out}[j * ${m} + i] = ${x}[i * ${c} + j];`,
      ];
    }
    const [m, kk] = n.args[0].shape;
    const c = n.args[1].shape[1];
    return [
      `${out}.fill(0);`,
      `for (let i = 0; i < z * ${m}; i++) for (let l = 0; l < ${kk}; l++) { const a = ${x}[i * ${kk} + l];`,
      `for (let j = 0; j < ${c}; j++) ${out}[i * ${c} + j] += a * ${y}[l * ${c} + j]; }`,
    ];
  }

  const epilogue: string[] = [];
  (gradOffsets ?? []).forEach((off, k) => {
    const o = g.outputs[k + 1];
    if (role(o) === 'loop') return;
    if (o.shape.length === 0) epilogue.push(`G[${off}] = ${scalarRef(o)};`);
    else epilogue.push(`for (let i = 0; i < z * ${sizeOf(o.shape)}; i++) G[${off} + i] = ${load(o, 'i')};`);
  });
  const value = g.outputs[0];
  const ret = value.shape.length === 0 ? scalarRef(value) : `${arrayName(value)}[0]`;
  const source = ['const z = Z[0];', ...prologue, ...body, ...epilogue, `return ${ret};`].join('\n');
  const factory = new Function(
    'H',
    'D',
    'T',
    'C',
    'Z',
    `"use strict";\nreturn function compiled(P, G) {\n${source}\n};`,
  );
  const params = g.nodes.filter((n) => n.op === 'param');
  const pLen = Math.max(0, ...params.map((n) => (n.attr.offset ?? 0) + sizeOf(n.shape)));
  const gLen = Math.max(0, ...(gradOffsets ?? []).map((off, k) => off + sizeOf(g.outputs[k + 1].shape)));
  return {
    source,
    dataNames: dataLeaves.map((n) => n.attr.name ?? ''),
    instantiate(data, ctr) {
      const T = temps.map((len) => new Float64Array(len));
      const counter = ctr ?? new Float64Array(ALL_OPS.length);
      // Calls with every loop cut to zero trips run the straight-line code, so V8 has type feedback
      // for the code after each loop before it compiles the hot loop on stack (OSR). Without it,
      // the cached OSR code deoptimises on every call when it leaves the loop. V8 allocates a
      // function's feedback vector only after several calls, hence more than one.
      const Z = Int32Array.of(0);
      const fn = factory(HELPERS, data, T, counter, Z);
      for (let k = 0; k < 16; k++) fn(new Float64Array(pLen), new Float64Array(gLen));
      Z[0] = 1;
      counter.fill(0);
      return fn;
    },
  };
}
