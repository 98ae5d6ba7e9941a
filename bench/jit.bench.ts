/**
 * Benchmark of the differentiable compiler (issue 5, acceptance 4, compiler half): compiled
 * value+gradient against a hand-written Float64Array loop and against the eager interpreter, on
 * the two losses of ../shared/design/dependencies.md §A (1e6 elements), on a synthetic Poisson
 * expected-counts likelihood (C) and on the count fit's own likelihood (the traced forward model of
 * src/model/traced against bench/counts-hand.ts; fit and finer binning). Each hand loop is first
 * called 16 times with zero trips, as the generated code is (codegen.ts), so that V8 has type
 * feedback for the code after its loop before on-stack replacement; otherwise it deoptimises on
 * every call. Times are CPU time of this process (the machine is shared).
 * Run: `node --import tsx bench/jit.bench.ts [--n 1000000] [--runs 21] [--rounds 60] [--only losses|counts]`
 */
import { likelihoodData, type PoissonCounts } from '../src/infer/counts-likelihood.js';
import { buildCountsModel } from '../src/infer/fit.js';
import { simulateCounts } from '../src/infer/simulate-counts.js';
import { compile, interp } from '../src/jit/index.js';
import { logBins } from '../src/model/counts-bins.js';
import { resolveParams } from '../src/model/params.js';
import { TRACED_PARAMS } from '../src/model/traced/index.js';
import { handCounts, maxRelativeDifference } from './counts-hand.js';

const args = process.argv.slice(2);
const opt = (name: string, dflt: number) => {
  const k = args.indexOf(`--${name}`);
  return k >= 0 ? Number(args[k + 1]) : dflt;
};
const N = opt('n', 1_000_000);
const RUNS = opt('runs', 21);
const ROUNDS = opt('rounds', 60);
const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : 'all';
const WARMUP = 5;

/**
 * Times hand against compiled round-robin (so load from other processes hits both alike) after
 * warm-up, then eager against compiled in a second round-robin: the eager interpreter allocates
 * hundreds of MB per call, and keeping it out of the first series keeps its garbage collection out
 * of the hand/compiled timings. Returns medians and minima.
 */
const EAGER_RUNS = 5;
/** CPU milliseconds of this process (user + system): other processes' load does not count. */
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
function timeRoundRobin(fns: { hand: () => void; compiled: () => void; eager: () => void }) {
  const series = (names: readonly ('hand' | 'compiled' | 'eager')[], runs: number) => {
    for (let k = 0; k < WARMUP; k++) for (const name of names) if (name !== 'eager' || k < 1) fns[name]();
    const t: Record<string, number[]> = { hand: [], compiled: [], eager: [] };
    for (let k = 0; k < runs; k++) {
      for (const name of names) {
        const t0 = cpuMs();
        fns[name]();
        t[name].push(cpuMs() - t0);
      }
    }
    return t;
  };
  const first = series(['hand', 'compiled'], RUNS);
  const second = series(['compiled', 'eager'], EAGER_RUNS);
  const med = (a: number[]) => a.slice().sort((x, y) => x - y)[a.length >> 1];
  return {
    hand: med(first.hand),
    compiled: med(first.compiled),
    eager: med(second.eager),
    compiledVsEager: med(second.compiled),
    handMin: Math.min(...first.hand),
    compiledMin: Math.min(...first.compiled),
    eagerMin: Math.min(...second.eager),
    compiledVsEagerMin: Math.min(...second.compiled),
  };
}

// deterministic inputs (a fixed LCG, so every run times the same numbers)
function lcg(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}
const rnd = lcg(12345);
const x = new Float64Array(N).map(() => rnd() * 4 - 2);
const y = new Float64Array(N).map((_, i) => 0.7 * x[i] + 0.3 + (rnd() - 0.5));

interface Row {
  name: string;
  hand: number;
  compiled: number;
  eager: number;
  handMin: number;
  compiledMin: number;
  eagerMin: number;
  compiledVsEager: number;
  compiledVsEagerMin: number;
  compileMs: number;
  maxRelDiff: number;
}
const rows: Row[] = [];

function relDiff(a: Float64Array, b: Float64Array, va: number, vb: number): number {
  let m = Math.abs(va - vb) / Math.max(1e-300, Math.abs(vb));
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]) / Math.max(1e-300, Math.abs(b[i])));
  return m;
}

// Loss A: L(w) = Σ ½(w·x − y)² + log1p(exp(w)), one parameter per element
function benchLossA() {
  const f = compile((p, d) => p.w.mul(d.x).sub(d.y).square().mul(0.5).add(p.w.exp().log1p()).sum(), {
    params: { w: [N] },
    data: { x, y },
  });
  const w = new Float64Array(N).map(() => rnd() - 0.5);
  const g = new Float64Array(N);
  const gh = new Float64Array(N);
  const ge = new Float64Array(N);
  const hand = (w: Float64Array, g: Float64Array, n = N) => {
    const xs = x; // locals: V8 keeps closure and module variables out of registers
    const ys = y;
    let L = 0;
    for (let i = 0; i < n; i++) {
      const r = w[i] * xs[i] - ys[i];
      const e = Math.exp(w[i]);
      L += 0.5 * r * r + Math.log1p(e);
      g[i] = r * xs[i] + e / (1 + e);
    }
    return L;
  };
  for (let k = 0; k < 16; k++) hand(w, gh, 0);
  const vc = f.valueAndGrad(w, g);
  const vh = hand(w, gh);
  rows.push({
    name: 'A: Σ ½(w·x − y)² + log1p(e^w), 1e6 params',
    ...timeRoundRobin({
      hand: () => hand(w, gh),
      compiled: () => f.valueAndGrad(w, g),
      eager: () => f.eager.valueAndGrad(w, ge),
    }),
    compileMs: f.stats.compileMs,
    maxRelDiff: relDiff(g, gh, vc, vh),
  });
}

// Loss B: L(a, b, ls) = Σ ½((y − a·x − b)·e^{−ls})² + N·ls
function benchLossB() {
  const f = compile(
    (p, d) => d.y.sub(d.x.mul(p.a)).sub(p.b).mul(p.ls.neg().exp()).square().mul(0.5).sum().add(p.ls.mul(N)),
    { params: { a: 'scalar', b: 'scalar', ls: 'scalar' }, data: { x, y } },
  );
  const th = Float64Array.of(0.6, 0.2, -0.1);
  const g = new Float64Array(3);
  const gh = new Float64Array(3);
  const ge = new Float64Array(3);
  const hand = (th: Float64Array, g: Float64Array, n = N) => {
    const a = th[0];
    const b = th[1];
    const ls = th[2];
    const s = Math.exp(-ls);
    let L = 0;
    let ga = 0;
    let gb = 0;
    let rr = 0;
    const xs = x;
    const ys = y;
    for (let i = 0; i < n; i++) {
      const r = (ys[i] - a * xs[i] - b) * s;
      const r2 = r * r;
      L += 0.5 * r2;
      rr += r2;
      ga -= r * xs[i];
      gb -= r;
    }
    g[0] = ga * s;
    g[1] = gb * s;
    g[2] = n - rr;
    return L + n * ls;
  };
  for (let k = 0; k < 16; k++) hand(th, gh, 0);
  const vc = f.valueAndGrad(th, g);
  const vh = hand(th, gh);
  rows.push({
    name: 'B: Σ ½((y − a·x − b)·e^{−ls})² + N·ls, 3 params',
    ...timeRoundRobin({
      hand: () => hand(th, gh),
      compiled: () => f.valueAndGrad(th, g),
      eager: () => f.eager.valueAndGrad(th, ge),
    }),
    compileMs: f.stats.compileMs,
    maxRelDiff: relDiff(g, gh, vc, vh),
  });
}

// C: Poisson log-likelihood of binned counts whose expectation is a sum over a (z × L) grid of
// fixed weights times a parameter-dependent luminosity function, with a tabulated k-correction:
// μ_b = Σ_{z,L} W[b,z,L]·φ(L; α, L*)·(1+z)^γ, φ = (L/L*)^α e^{−L/L*}; ℓ = Σ_b n_b log μ_b − μ_b.
function benchCounts(mode: 'forward' | 'reverse') {
  const NZ = 40;
  const NL = 250;
  const NB = 100; // W is NB × (NZ·NL) = 1e6 weights
  const zGrid = new Float64Array(NZ).map((_, i) => 0.1 + (5 * i) / NZ);
  const lGrid = new Float64Array(NL).map((_, i) => 10 ** (-2 + (4 * i) / NL));
  const kx = new Float64Array(11).map((_, i) => i * 0.6);
  const ky = new Float64Array(11).map((_, i) => 1 + 0.3 * Math.sin(i));
  const W = new Float64Array(NB * NZ * NL).map(() => rnd() * 1e-2);
  const zFlat = new Float64Array(NZ * NL).map((_, k) => zGrid[Math.floor(k / NL)]);
  const lFlat = new Float64Array(NZ * NL).map((_, k) => lGrid[k % NL]);
  const counts = new Float64Array(NB).map(() => Math.floor(rnd() * 50));
  const f = compile(
    (p, d) => {
      const u = d.lum.div(p.lstar);
      const phi = u.pow(p.alpha).mul(u.neg().exp());
      const evol = d.z
        .add(1)
        .log()
        .mul(p.gamma)
        .exp()
        .mul(interp(d.kx, d.ky, d.z));
      const mu = d.W.mul(phi.mul(evol).broadcastTo([NB, NZ * NL])).sum(1);
      return d.n.mul(mu.log()).sub(mu).sum();
    },
    {
      mode,
      params: { alpha: 'scalar', lstar: 'scalar', gamma: 'scalar' },
      data: { lum: lFlat, z: zFlat, kx, ky, n: counts, W: { shape: [NB, NZ * NL], values: W } },
    },
  );
  const th = Float64Array.of(-0.5, 1.3, 0.8);
  const g = new Float64Array(3);
  const gh = new Float64Array(3);
  const ge = new Float64Array(3);
  const M = NZ * NL;
  // what a careful hand-written version does: the grid-only work (k-correction, log(1+z)) once,
  // then per call one pass over the grid and one over W
  const lz = zFlat.map((z) => Math.log(1 + z));
  const kc = zFlat.map((z) => {
    let j = 0;
    while (j < kx.length - 2 && kx[j + 1] <= z) j++;
    const w = Math.min(1, Math.max(0, (z - kx[j]) / (kx[j + 1] - kx[j])));
    return ky[j] + w * (ky[j + 1] - ky[j]);
  });
  const s = new Float64Array(M);
  const dsA = new Float64Array(M);
  const dsL = new Float64Array(M);
  const dsG = new Float64Array(M);
  const hand = (th: Float64Array, g: Float64Array, z = 1) => {
    const alpha = th[0];
    const lstar = th[1];
    const gamma = th[2];
    const [lF, lzs, kcs, Ws, cs, ss, sA, sL, sG, m, nb] = [lFlat, lz, kc, W, counts, s, dsA, dsL, dsG, M * z, NB * z];
    for (let k = 0; k < m; k++) {
      const u = lF[k] / lstar;
      const v = u ** alpha * Math.exp(-u) * Math.exp(gamma * lzs[k]) * kcs[k];
      ss[k] = v;
      sA[k] = v * Math.log(u);
      sL[k] = (v * (u - alpha)) / lstar;
      sG[k] = v * lzs[k];
    }
    let L = 0;
    let ga = 0;
    let gl = 0;
    let gg = 0;
    for (let b = 0; b < nb; b++) {
      let mu = 0;
      let ma = 0;
      let ml = 0;
      let mg = 0;
      const row = b * m;
      for (let k = 0; k < m; k++) {
        const w = Ws[row + k];
        mu += w * ss[k];
        ma += w * sA[k];
        ml += w * sL[k];
        mg += w * sG[k];
      }
      L += cs[b] * Math.log(mu) - mu;
      const c = cs[b] / mu - 1;
      ga += c * ma;
      gl += c * ml;
      gg += c * mg;
    }
    g[0] = ga;
    g[1] = gl;
    g[2] = gg;
    return L;
  };
  for (let k = 0; k < 16; k++) hand(th, gh, 0);
  const vc = f.valueAndGrad(th, g);
  const vh = hand(th, gh);
  rows.push({
    name: `C: Poisson counts, μ = W·(φ(L)·(1+z)^γ·k(z)), W 100×1e4, ${mode} mode`,
    ...timeRoundRobin({
      hand: () => hand(th, gh),
      compiled: () => f.valueAndGrad(th, g),
      eager: () => f.eager.valueAndGrad(th, ge),
    }),
    compileMs: f.stats.compileMs,
    maxRelDiff: relDiff(g, gh, vc, vh),
  });
}
if (only !== 'counts') {
  benchLossA();
  benchLossB();
  benchCounts('forward');
  benchCounts('reverse');
}

// D: the count fit's likelihood, Poisson on three 20 deg² skies (spire250, spire500, spt220) under
// the traced forward model, gradient in all 8 traced parameters, against the hand-written loop of
// bench/counts-hand.ts. A call takes well under a millisecond, so each round times a batch of calls
// of each implementation (rotating their order); medians of per-call CPU time over ROUNDS rounds.
interface CountsRow {
  readonly label: string;
  readonly ms: Record<'hand' | 'compiled' | 'value' | 'eager', number>;
  readonly ch: string;
  readonly ec: string;
  readonly opsPerCall: number;
  readonly compileMs: number;
  readonly maxRelDiff: number;
}
const countsRows: CountsRow[] = [];
function benchTracedCounts(label: string, loMJy: number, hiMJy: number, perDex: number) {
  const bands = ['spire250', 'spire500', 'spt220'] as const;
  const bins = logBins(loMJy, hiMJy, perDex);
  const template: PoissonCounts[] = bands.map((b) => ({
    kind: 'poisson',
    file: b,
    band: b,
    loMJy: bins.loMJy,
    hiMJy: bins.hiMJy,
    areaDeg2: 20,
    n: new Float64Array(bins.loMJy.length),
  }));
  // The defaults' general-opacity SED (λ0 traced); `--thin`: the optically thin form (dust_lambda0_um = 0).
  const thin = process.argv.includes('--thin');
  const ref = resolveParams(thin ? { dust_lambda0_um: 0 } : {});
  const at = (o: Record<string, number>) => Float64Array.from(TRACED_PARAMS, (n) => ({ ...ref, ...o })[n]);
  const theta = thin
    ? at({ dust_T0: 25, dust_beta: 1.65, u_ms_slope: 0.28, sb_frac: 0.04 })
    : at({ dust_T0: 35, dust_beta: 1.6, u_ms_slope: 0.3, sb_frac: 0.05 });
  const model = buildCountsModel(template, ref);
  const sky = simulateCounts(model, theta, template, 3);
  const f = model.logLikelihood.bind(likelihoodData(sky));
  const hand = handCounts(
    { ...model.traced.data, ...likelihoodData(sky) },
    sky.map((c) => c.areaDeg2),
  );
  const gc = new Float64Array(f.dim);
  const gh = new Float64Array(f.dim);
  const ge = new Float64Array(f.dim);
  // the hand loop must compute what the compiled code computes (test/fit/counts-hand.test.ts too)
  let maxRelDiff = 0;
  const other = { dust_T0: 28, dust_beta: 1.8, mir_alpha: 2.2, u_sb: 40, u_scatter_dex: 0.25, sb_frac: 0.05 };
  for (const th of [theta, at(other)]) {
    const vc = f.valueAndGrad(th, gc);
    const vh = hand.valueAndGrad(th, gh);
    maxRelDiff = Math.max(maxRelDiff, maxRelativeDifference(gh, gc), Math.abs(vh - vc) / Math.abs(vc));
  }
  if (!(maxRelDiff <= 1e-9)) throw new Error(`${label}: hand loop and compiled likelihood differ (${maxRelDiff})`);
  const impls: ['hand' | 'compiled' | 'value' | 'eager', () => void, number][] = [
    ['hand', () => hand.valueAndGrad(theta, gh), 20],
    ['compiled', () => f.valueAndGrad(theta, gc), 20],
    ['value', () => f.value(theta), 20],
    ['eager', () => f.eager.valueAndGrad(theta, ge), 2],
  ];
  for (const [, fn, n] of impls) for (let i = 0; i < 20 * n; i++) fn();
  const t: Record<string, number[]> = { hand: [], compiled: [], value: [], eager: [] };
  for (let r = 0; r < ROUNDS; r++)
    for (let j = 0; j < impls.length; j++) {
      const [name, fn, n] = impls[(j + r) % impls.length];
      const t0 = cpuMs();
      for (let i = 0; i < n; i++) fn();
      t[name].push((cpuMs() - t0) / n);
    }
  const sorted = (a: number[]) => a.slice().sort((u, v) => u - v);
  const med = (a: number[]) => sorted(a)[a.length >> 1];
  const quartiles = (a: number[]) =>
    [0.25, 0.5, 0.75].map((q) => sorted(a)[Math.floor(q * (a.length - 1))].toFixed(2)).join(' / ');
  countsRows.push({
    label,
    ms: { hand: med(t.hand), compiled: med(t.compiled), value: med(t.value), eager: med(t.eager) },
    ch: quartiles(t.compiled.map((c, r) => c / t.hand[r])),
    ec: quartiles(t.eager.map((e, r) => e / t.compiled[r])),
    opsPerCall: f.stats.elementOpsPerCall,
    compileMs: model.logLikelihood.stats.compileMs,
    maxRelDiff,
  });
}
if (only !== 'losses') {
  benchTracedCounts('fit: 3–300 mJy, 5 bins/dex (10 bins per band)', 3, 300, 5);
  benchTracedCounts('fine: 1–1000 mJy, 20 bins/dex (60 bins per band)', 1, 1000, 20);
}

if (rows.length) printLosses();
if (countsRows.length) {
  console.log(
    `\nD: count-fit likelihood, CPU ms per value+gradient call, medians of ${ROUNDS} rotating rounds (batches of 20 calls; eager 2); per-round ratio quartiles`,
  );
  console.log(
    '| config | hand ms | compiled ms | compiled value ms | eager ms | compiled/hand | eager/compiled | compiled/hand (q1 / med / q3) | eager/compiled (q1 / med / q3) | element ops per call | compile ms | max rel. diff vs hand |',
  );
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const r of countsRows)
    console.log(
      `| ${r.label} | ${r.ms.hand.toFixed(3)} | ${r.ms.compiled.toFixed(3)} | ${r.ms.value.toFixed(3)} | ${r.ms.eager.toFixed(2)} | **${(r.ms.compiled / r.ms.hand).toFixed(2)}** | **${(r.ms.eager / r.ms.compiled).toFixed(1)}** | ${r.ch} | ${r.ec} | ${r.opsPerCall} | ${r.compileMs.toFixed(0)} | ${r.maxRelDiff.toExponential(1)} |`,
    );
}

function printLosses() {
  console.log(
    `node ${process.version}, n = ${N}, CPU ms (process.cpuUsage), median of ${RUNS} runs after ${WARMUP} warm-ups (hand and compiled round-robin; then eager and compiled round-robin, ${EAGER_RUNS} runs)`,
  );
  console.log(
    '| loss | hand ms | compiled ms | compiled/hand | eager ms | eager/compiled | min-time ratios c/h, e/c | compile ms | max rel. diff vs hand |',
  );
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const r of rows) {
    console.log(
      `| ${r.name} | ${r.hand.toFixed(2)} | ${r.compiled.toFixed(2)} | ${(r.compiled / r.hand).toFixed(2)} | ${r.eager.toFixed(1)} | ${(r.eager / r.compiledVsEager).toFixed(1)} | ${(r.compiledMin / r.handMin).toFixed(2)}, ${(r.eagerMin / r.compiledVsEagerMin).toFixed(0)} | ${r.compileMs.toFixed(1)} | ${r.maxRelDiff.toExponential(1)} |`,
    );
  }
}
