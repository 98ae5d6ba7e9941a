/**
 * Writes docs/jit.md: the prose below plus the IR of an example model after every pass, the loop
 * schedule and the generated JavaScript, all produced by running the compiler, so the page cannot
 * drift from the code. Run: `node --import tsx bench/jit-doc.ts`
 */
import { writeFileAtomicSync } from '../src/io/atomic.js';
import { compile } from '../src/jit/index.js';
import { ALL_OPS, type Op, opInfo } from '../src/jit/ops.js';

const DERIVATIVE: Record<Op, string> = {
  const: '—',
  param: '—',
  data: '—',
  neg: '−ḡ',
  abs: 'ḡ·sign x',
  sign: '0',
  floor: '0',
  exp: 'ḡ·eˣ',
  log: 'ḡ/x',
  log1p: 'ḡ/(1+x)',
  expm1: 'ḡ·(y+1)',
  sqrt: 'ḡ/(2y)',
  sin: 'ḡ·cos x',
  cos: '−ḡ·sin x',
  tanh: 'ḡ·(1−y²)',
  erf: 'ḡ·2/√π·e^{−x²}',
  erfc: '−ḡ·2/√π·e^{−x²}',
  lgamma: 'ḡ·ψ(x)',
  polygamma: 'ḡ·ψ⁽ⁿ⁺¹⁾(x)',
  sigmoid: 'ḡ·y(1−y)',
  softplus: 'ḡ·σ(x)',
  stopgrad: '0',
  broadcast: 'sum of ḡ over the broadcast axes',
  add: 'ḡ, ḡ',
  sub: 'ḡ, −ḡ',
  mul: 'ḡ·b, ḡ·a',
  div: 'ḡ/b, −ḡ·y/b',
  pow: 'ḡ·b·a^{b−1}, ḡ·y·log a',
  min: 'to the smaller (a on ties)',
  max: 'to the larger (a on ties)',
  lt: '0',
  le: '0',
  gt: '0',
  ge: '0',
  eq: '0',
  ne: '0',
  where: '0, where(c, ḡ, 0), where(c, 0, ḡ)',
  gather: 'segsum(ḡ, idx) into src, 0',
  searchsorted: '0',
  sum: 'ḡ broadcast back',
  maxreduce: 'ḡ to every element equal to the maximum',
  segsum: 'gather(ḡ, seg), 0',
  cumsum: 'cumsum of ḡ in the other direction',
  matmul: 'ḡ·Bᵀ, Aᵀ·ḡ',
  transpose: 'transpose of ḡ',
};

const x = Float64Array.of(0.5, 1.2, 2.0, 3.1);
const y = Float64Array.of(0.1, 0.4, 0.9, 1.3);
const example = compile(
  (p, d) => {
    const r = d.y.sub(d.x.log().mul(p.a)).mul(p.ls.neg().exp());
    return r.pow(2).mul(0.5).sum().add(p.ls.mul(4));
  },
  { params: { a: 'scalar', ls: 'scalar' }, data: { x, y } },
);

const opRows = ALL_OPS.map((op) => `| \`${op}\` | ${opInfo(op).kind} | ${opInfo(op).arity} | ${DERIVATIVE[op]} |`);
const stages = example.ir.stages.map((s) => `### ${s.name}\n\n\`\`\`\n${s.ir}\n\`\`\``);

const page = `# jit: the differentiable compiler

\`src/jit\` traces a model written with tensor operations into an SSA graph, optimises it, appends
its reverse-mode gradient, moves parameter-independent work out of the per-call code, fuses
elementwise work with its reductions into loops, and emits one JavaScript function (exact float64
\`Math.*\`) that returns the value and writes the gradient. It is the engine behind the backward
model: the likelihood of the counts is traced once and NUTS calls the compiled function.

## Use

\`\`\`ts
import { compile, interp } from 'mmassoc';

const f = compile(
  (p, d) => d.y.sub(d.x.mul(p.a)).sub(p.b).mul(p.ls.neg().exp()).square().mul(0.5).sum().add(p.ls.mul(d.x.shape[0])),
  { params: { a: 'scalar', b: 'scalar', ls: 'scalar' }, data: { x, y } },  // x, y: Float64Array
);
const grad = new Float64Array(f.dim);
const loss = f.valueAndGrad(Float64Array.of(0.6, 0.2, -0.1), grad);  // value; grad filled
\`\`\`

- \`params\`: what the sampler varies, in declaration order in one flat vector (\`f.params\` gives
  each one's \`offset\` and \`shape\`): \`'scalar'\`, \`[n]\` or \`[m, n]\`.
- \`data\`: fixed arrays. A \`Float64Array\` (1-D) or \`{ shape, values }\` binds now; a shape
  (\`[n]\`) declares it to be bound later with \`f.bind({ x })\`, which returns a new function over
  the same code with the hoisted values recomputed for the new data.
- \`mode\`: \`'reverse'\` (default; one backward sweep, any number of parameters) or \`'forward'\`
  (scalar parameters only: one tangent per parameter rides along the forward loops, so a large
  data table is read once instead of twice — μ = W·s and ∂μ/∂θ = W·∂s/∂θ share one pass over W;
  the better choice for a likelihood with a handful of parameters over a big weight table).
- \`f.valueAndGrad(theta, grad) → number\` has the \`logDensityAndGrad\` shape the sampler takes and
  may be passed detached. \`f.value(theta)\` skips the gradient. The generated code reuses scratch
  buffers, so one compiled function must not be called re-entrantly.
- \`f.eager\` runs the same graph one op at a time through the interpreter (the test oracle and the
  benchmark baseline); \`f.countOps(theta)\` runs an instrumented copy and returns the element
  operations executed per call, by op; \`f.stats\` gives node and operation counts before and after
  hoisting and the compile time; \`f.ir\` holds the IR after every pass, the loop schedule and the
  generated source.
- Errors a caller can cause (data of the wrong length, an unknown data name, data not bound, a
  parameter vector of the wrong length) are \`UserError\`s; a shape mismatch inside model code is a
  programming error (\`Error: jit: cannot broadcast [3] with [4]\`).

Tensor methods: \`add sub mul div pow minimum maximum clamp lt le gt ge eq ne square neg abs sign floor exp
log log1p expm1 sqrt sin cos tanh erf erfc lgamma polygamma(n) sigmoid softplus stopGradient
sum(axis?, keepdims?) max(axis?) mean(axis?) logsumexp(axis?) dot matmul transpose gather(idx)
segmentSum(seg, n) cumsum(reverse?) broadcastTo(shape, map?)\`; free functions \`where(c, a, b)\` and
\`interp(xGrid, yGrid, x)\` (numpy.interp: linear, ends held; \`yGrid\` may depend on parameters). Numbers
are lifted to constants; broadcasting follows numpy (trailing axes; size-1 axes stretch), and
\`broadcastTo(shape, map)\` places an axis explicitly (\`v.broadcastTo([m, n], [0])\` repeats a column).

## Design

- **One op table** (\`ops.ts\`): each op's kind (leaf, elementwise, reduction, opaque) and, for
  elementwise ops, the JS template that both the code generator and the interpreter's kernels use.
- **One derivative table** (\`grad.ts\`), typed \`{ [P in Op]: Vjp }\`: an op without a rule does not
  compile. Transcendentals are primitives with their own rules (no exp-through-exp2 composites).
  erf, erfc and lgamma call @stdlib; ψ⁽ⁿ⁾ (for lgamma's derivatives) is written in \`special.ts\`
  (DLMF 5.15.5 recurrence plus the asymptotic series 5.11.2/5.15.8).
- **Forward mode** (\`forward.ts\`): elementwise ops have diagonal Jacobians, so their tangent
  rule is the reverse rule applied to the tangent (J·t = Jᵀ·t); linear structural ops (broadcast,
  sums, gather, segment sum, cumsum, transpose, matmul) apply themselves to the tangent. A test
  checks forward against reverse on a model mixing these ops.
- **Hash-consed nodes** (\`graph.ts\`): building an existing expression returns the existing node,
  so common subexpressions are shared by construction; commutative ops sort their arguments.
- **Passes** are small functions run in one listed pipeline (\`PIPELINE\` in \`compile.ts\`):
  foldConstants → simplify → fuseExponentials → grad → foldConstants → simplify → cse → dce, then
  hoist, schedule (fusion) and codegen. fuseExponentials turns exp(a)·exp(b), also inside a
  product, into exp(a + b) when neither exponential has another use (one exp instead of two). simplify applies exact identities (x+0, x·1, −(−x), log∘exp, exp∘log only
  for arguments known ≥ 0, x·0 only for x known finite, integer powers |k| ≤ 4 as products,
  ops on broadcast scalars done once), pulls broadcast scalar factors out of full sums (Σ v·s →
  s·Σv) and negations out of any sum, turns division by a broadcast value into multiplication by
  its reciprocal (one division per source value), merges nested selections that share a branch into one mask
  (where(c₁, 0, where(c₂, 0, x)) → where(max(c₁, c₂), 0, x): a clamp's gradient then keeps one
  mask per element for the reverse pass, not two), and reassociates products so scalar factors
  collect (these last rewrites, like fuseExponentials, may change the last bits).
- **Hoisting** (parameter-invariant code motion): every node that depends on no parameter and feeds
  a parameter-dependent one is computed once per data binding (by the interpreter) and becomes a
  data leaf \`$hK\` of the per-call graph. Exception: arrays built only from one-instruction ops on
  data (x·y, −x) are recomputed in every loop that reads them, since re-reading a stored copy
  costs more memory traffic than the instruction; but the source of a broadcast is always
  computed once (recomputing it would repeat it per broadcast element). Σ x·y·a therefore becomes
  a·(Σ x·y) with Σ x·y hoisted: one multiply per call.
- **Fusion** (\`schedule.ts\`): elementwise nodes of one shape go in one loop; reductions accumulate
  in their argument's loop; a node that needs a finished array (a reduction's result, a gather
  source, a matmul operand) starts a later phase. Loss A and loss B are one loop each. Three
  rules keep values out of memory: a **broadcast is never copied**: a loop reads its source by
  index (a per-row value of a 2-D loop is loaded once per row, before the inner loop); data-only
  one-instruction arrays are **recomputed** in the loop that reads them; and a node is **sunk**
  from its earliest possible phase to the phase of its first user, with the chain of arguments
  only it needs, when no other argument then needs a buffer (so ν^{3+β}, which needs only β, is
  computed in the loop that also needs T and λ_c, instead of stored by an earlier loop and
  reloaded). Stored values are then mostly what the reverse pass reads back.
- **Codegen** (\`codegen.ts\`): a \`const\` per node inside the loop, accumulators outside, the
  gradient written straight into \`G\`; data, scratch buffers and helpers are passed to
  \`new Function\`, so the code captures no globals. Loop bounds are multiplied by \`z\`: when a
  function is instantiated it is called 16 times with \`z = 0\` (no loop runs), so V8 has type
  feedback for the code after each loop before it compiles the loop on stack; otherwise the cached
  on-stack code deoptimises on every call (see docs/benchmarks.md).
- **Interpreter** (\`interpret.ts\`): one op at a time over fresh Float64Arrays, with its own
  reductions, scans and products; the oracle in the tests and the eager baseline in the benchmark.

## Ops and their derivative rules

ḡ is the gradient arriving at the op's output y; a rule gives one gradient per argument.

| op | kind | arity | gradient to the arguments |
| --- | --- | --- | --- |
${opRows.join('\n')}

## The passes on an example

Model: \`L(a, ls) = Σ ½((y − a·log x)·e^{−ls})² + 4·ls\` over four data points, traced from

\`\`\`ts
(p, d) => d.y.sub(d.x.log().mul(p.a)).mul(p.ls.neg().exp()).pow(2).mul(0.5).sum().add(p.ls.mul(4))
\`\`\`

The outputs after \`grad\` are [L, ∂L/∂a, ∂L/∂ls]. \`log x\` depends only on data, so \`hoist\`
moves it out (\`$h0\`). Statistics: ${example.stats.nodesTraced} nodes traced, ${example.stats.nodesPerCall} per call,
${example.stats.elementOpsPerCall} element operations per call instead of ${example.stats.elementOpsWithoutHoisting} without hoisting.

${stages.join('\n\n')}

### schedule (fusion)

\`*\` marks a value stored for a later block.

\`\`\`
${example.ir.schedule}
\`\`\`

### generated JavaScript (body of \`function compiled(P, G)\`)

\`\`\`js
${example.ir.source}
\`\`\`

## Checks

\`node scripts/test.mjs test/jit\`:
- \`grad.test.ts\`: every op's gradient against fourth-order central finite differences on random
  inputs in the op's domain (fast-check, relative error < 1e-6), compiled value and gradient
  against the interpreter (1e-12), and a check that these models cover every op of the table.
- \`compile.test.ts\`: a model using every block kind (2-D loops, reductions over each axis,
  segment sums, gathers, interpolation, cumulative sums, matrix products, several phases) against
  the interpreter (1e-12); loss B against a hand-written loop; binding and error messages.
- \`hoist.test.ts\`: operation counts from the instrumented code show data-only transcendentals
  leave the loop while parameter-dependent ones stay, and agree with \`f.stats\`; forward mode
  against reverse mode (in \`compile.test.ts\`).
- \`passes.test.ts\`: each pass alone. \`special.test.ts\`: ψ⁽ⁿ⁾ at DLMF values, stable σ and
  softplus, the interpolation cell search.

Speed: \`node --import tsx bench/jit.bench.ts\`, results in \`docs/benchmarks.md\`.

This page is generated by \`node --import tsx bench/jit-doc.ts\`.
`;

writeFileAtomicSync(new URL('../docs/jit.md', import.meta.url).pathname, page);
console.log('wrote docs/jit.md');
