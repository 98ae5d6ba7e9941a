// Each pass on its own, on small graphs built with the Tensor front end.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { appendGradient } from '../../src/jit/grad.js';
import { Builder, type Graph, printGraph } from '../../src/jit/graph.js';
import { cse, dce, foldConstants, fuseExponentials, hoist, simplify } from '../../src/jit/passes.js';
import { printSchedule, schedule } from '../../src/jit/schedule.js';
import { Tensor } from '../../src/jit/tensor.js';

/** A builder with a scalar parameter a, a parameter vector w[4] and data x[4]. */
function setup() {
  const b = new Builder();
  const a = new Tensor(b, b.node('param', [], { name: 'a', offset: 0, shape: [] }));
  const w = new Tensor(b, b.node('param', [], { name: 'w', offset: 1, shape: [4] }));
  const x = new Tensor(b, b.node('data', [], { name: 'x', shape: [4] }));
  const c = (v: number) => new Tensor(b, b.constant(v));
  return { b, a, w, x, c, graph: (t: Tensor) => b.graph([t.node]) };
}
const ops = (g: Graph) => g.nodes.map((n) => n.op);
const count = (g: Graph, op: string) => ops(g).filter((o) => o === op).length;

test('nodes are hash-consed: building the same expression twice gives the same node', () => {
  const { x, w } = setup();
  assert.equal(x.mul(w).exp().node, w.mul(x).exp().node, 'x·w and w·x are one node (commutative)');
  assert.notEqual(x.sub(w).node, w.sub(x).node);
});

test('cse() rebuilds a graph through the hash-consing builder, keeping one node per expression', () => {
  const { x, w, graph } = setup();
  const g = graph(x.mul(w).add(w.mul(x)).sum());
  const nodes = [...g.nodes, ...g.nodes]; // duplicate every node: a graph with repeated entries
  assert.equal(cse({ nodes, outputs: g.outputs }).nodes.length, g.nodes.length);
});

test('foldConstants() evaluates constant subexpressions', () => {
  const { c, x, graph } = setup();
  const g = foldConstants(graph(x.mul(c(2).add(c(3)).exp()).sum()));
  assert.ok(g.nodes.some((n) => n.op === 'const' && n.attr.value === Math.exp(5)));
  assert.equal(count(dce(g), 'add'), 0);
});

test('simplify() applies exact identities: x+0, x·1, −(−x), log(exp x), xᵏ as products', () => {
  const { x, w, graph } = setup();
  const g = simplify(graph(x.add(0).mul(1).neg().neg().exp().log().mul(w.pow(3)).sum()));
  assert.deepEqual(
    ops(g).filter((o) => o !== 'const' && o !== 'param' && o !== 'data'),
    ['mul', 'mul', 'mul', 'sum'],
  );
});

test('simplify() keeps exp(log x) and x·0 unless they are safe for every x', () => {
  const { x, w, graph } = setup();
  assert.equal(count(simplify(graph(x.log().exp().sum())), 'exp'), 1, 'x may be negative');
  assert.equal(count(simplify(graph(w.exp().log().exp().sum())), 'log'), 0, 'exp(log(exp w)) = exp w');
  assert.equal(count(simplify(graph(w.sqrt().log().exp().sum())), 'log'), 0, 'sqrt w ≥ 0');
  assert.equal(count(simplify(graph(x.mul(0).sum())), 'mul'), 1, 'x may be ±∞');
  assert.equal(count(simplify(graph(x.sin().mul(0).add(w).sum())), 'sin'), 0, 'sin x is finite');
});

test('simplify() takes scalar factors out of full sums', () => {
  const { x, a, graph } = setup();
  const g = simplify(graph(x.mul(a).sum()));
  const last = g.outputs[0];
  assert.equal(last.op, 'mul');
  assert.deepEqual(last.args.map((n) => n.op).sort(), ['param', 'sum']);
});

test('dce() removes nodes the outputs do not use', () => {
  const { x, w, graph } = setup();
  x.sin().cos(); // unused
  const g = dce(graph(w.sum()));
  assert.deepEqual(ops(g), ['param', 'sum']);
});

test('appendGradient() adds one output per parameter, shaped like it', () => {
  const { a, w, x, graph } = setup();
  const g = graph(x.mul(w).mul(a).sum());
  const params = g.nodes.filter((n) => n.op === 'param');
  const out = appendGradient(g, params);
  assert.equal(out.outputs.length, 3);
  assert.deepEqual(
    out.outputs.map((o) => o.shape),
    [[], [], [4]],
  );
});

test('hoist() moves data-only work to the invariant graph and leaves parameter work per call', () => {
  const { a, x, graph } = setup();
  const g = graph(x.exp().mul(a).exp().sum());
  const { perCall, invariant } = hoist(g);
  assert.equal(count(perCall, 'exp'), 1, 'exp(a·…) stays');
  assert.equal(count(invariant, 'exp'), 1, 'exp(x) moves');
  assert.ok(printGraph(perCall).includes('data $h0 : [4]'));
});

test('schedule() fuses an elementwise chain and its sums into one loop, and a normalisation into two phases', () => {
  const { w, x, graph } = setup();
  const fused = schedule(graph(w.mul(x).exp().sum().add(w.square().sum())));
  assert.equal(fused.blocks.filter((bl) => bl.kind === 'loop').length, 1);
  const norm = schedule(graph(w.exp().div(w.exp().sum()).log().mul(x).sum()));
  assert.match(printSchedule(norm), /phase 0 loop \[4\].*\n.*phase 1 loop \[4\]/s);
  assert.equal(norm.buffered.size, 1, 'exp(w) is stored between the phases');
});

test('schedule() reads broadcasts in place, sinks work to the loop that reads it, recomputes one-op data arrays', () => {
  const b = new Builder();
  const a = new Tensor(b, b.node('param', [], { name: 'a', offset: 0, shape: [] }));
  const v = new Tensor(b, b.node('param', [], { name: 'v', offset: 1, shape: [3] }));
  const m = new Tensor(b, b.node('data', [], { name: 'm', shape: [3, 4] }));
  const m2 = new Tensor(b, b.node('data', [], { name: 'm2', shape: [3, 4] }));
  const r = v.exp();
  const share = r.div(r.sum()).broadcastTo([3, 4], [0]); // per-row values, known only after a sum
  const q = m.mul(a).exp(); // needs only a, but is read only where share is
  const g = b.graph([q.mul(share).mul(m.mul(m2)).sum().node]);
  const s = schedule(g);
  const loops = s.blocks.filter((bl) => bl.kind === 'loop');
  assert.ok(
    loops.every((bl) => bl.nodes.every((n) => n.op !== 'broadcast')),
    'no broadcast is copied',
  );
  const grid = loops.filter((bl) => bl.kind === 'loop' && bl.shape.length === 2);
  assert.equal(grid.length, 1, 'one [3,4] loop');
  assert.deepEqual(
    grid[0].nodes.filter((n) => n.op === 'exp' || n.op === 'sum').map((n) => n.op),
    ['exp', 'sum'],
    'exp(a·m) is computed in the loop that sums it, after the row shares exist',
  );
  assert.deepEqual(
    [...s.buffered].map((id) => g.nodes[id].op).sort(),
    ['div', 'exp'],
    'only the [3] vectors exp(v) and its shares are stored',
  );
  assert.deepEqual(
    [...s.recomputed].map((id) => g.nodes[id].op),
    ['mul'],
    'm·m2 is recomputed where it is read',
  );
});

test('simplify() merges nested selections into one mask and moves a negation out of an axis sum', () => {
  const { w, x, graph } = setup();
  const clamped = simplify(appendGradient(graph(w.clamp(0, 1).mul(x).sum()), [w.node]));
  assert.equal(count(clamped, 'where'), 1, 'the clamp gradient tests one combined mask');
  const b = new Builder();
  const m = new Tensor(b, b.node('param', [], { name: 'm', offset: 0, shape: [2, 4] }));
  const g = simplify(b.graph([m.neg().sum(1).exp().sum().node]));
  assert.deepEqual(ops(g), ['param', 'sum', 'neg', 'exp', 'sum']);
});

test('fuseExponentials() turns exp(a)·exp(b), also inside a product, into one exp, unless an exp is used again', () => {
  const { a, w, x, graph } = setup();
  const fused = fuseExponentials(graph(x.mul(w.exp()).mul(w.square().neg().exp()).sum()));
  assert.equal(count(fused, 'exp'), 1, 'x·e^w·e^{−w²} = x·e^{w − w²}');
  const shared = w.exp();
  const kept = fuseExponentials(graph(shared.mul(w.mul(a).exp()).sum().add(shared.sum())));
  assert.equal(count(kept, 'exp'), 2, 'e^w is also summed on its own');
});
