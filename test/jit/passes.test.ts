// Each pass on its own, on small graphs built with the Tensor front end.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { appendGradient } from '../../src/jit/grad.js';
import { Builder, type Graph, printGraph } from '../../src/jit/graph.js';
import { cse, dce, foldConstants, hoist, simplify } from '../../src/jit/passes.js';
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
