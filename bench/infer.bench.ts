// NUTS efficiency against Stan (rstan from Debian's r-cran-rstan, installed here if missing), same run,
// same targets, same chains × (warm-up + draws), same settings (diagonal metric — and for the count fit
// also dense, as `mmassoc fit` uses —, target acceptance 0.8, max tree depth 10, same inits where the
// target needs them). Reported per target, for both samplers:
//  - minimum bulk ESS over parameters, by OUR estimator (src/infer/diagnostics.ts) and by rstan's
//    ess_bulk (both Vehtari et al. 2021), each applied to both samplers' draws;
//  - CPU seconds of warm-up + sampling: Stan's own timer (get_elapsed_time; clock() in Stan 2.21, so
//    process CPU time, excluding compilation, data loading and rstan's R-side overhead); ours
//    process.cpuUsage() around sample() (includes V8's compiler and GC threads); the first run in the
//    process ("cold", V8 compiles the sampler and the target meanwhile) is reported apart, the totals
//    are of the following ("warm") runs;
//  - everything summed over seeds 1…N for both samplers (one seed's ESS varies by ±15%: the adapted
//    step size of a chain lands anywhere in a ~±10% band, and trees are 2^k leapfrogs long);
//  - gradient evaluations (Stan: Σ n_leapfrog__ over warm-up + sampling; ours: every call of the log
//    density, including initialisation and step-size search), ESS per gradient (algorithmic efficiency),
//    and our time split into the target's gradient (timed separately over the draws) and the sampler.
// Usage: npm run bench -- infer [--seeds N] [--no-counts] [--no-stan] [--only iid_normal,eight_schools_nc,logistic,count_fit]
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { essBulk } from '../src/infer/diagnostics.js';
import { type SampleResult, sample } from '../src/infer/sampler.js';
import { parameterChains } from '../src/infer/summary.js';
import type { LogDensityFn } from '../src/infer/types.js';
import { EIGHT_SCHOOLS, eightSchoolsNonCentred, iidNormal, logisticRegression } from '../test/infer/targets.js';
import { countFitCase, writeCheckPoints } from './stan/count-fit.js';

const CHAINS = 4;
const WARMUP = 1000;
const DRAWS = 1000;
const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const SEEDS = arg('--seeds', 3);
const outDir = join('bench', 'out', 'stan');
mkdirSync(outDir, { recursive: true });

// Debian's r-cran-bh relies on libboost-dev's /usr/include but ships no include/ folder, which rstan
// looks for: point it there (benchmark setup only).
const BH_FIX = 'd=/usr/lib/R/site-library/BH; [ -d $d ] && [ ! -e $d/include ] && ln -s /usr/include $d/include; true';

function stanCompiles(): boolean {
  return (
    spawnSync(
      'Rscript',
      ['-e', 'library(rstan); invisible(stanc(model_code="parameters{real x;} model{x~normal(0,1);}"))'],
      { stdio: 'ignore' },
    ).status === 0 &&
    spawnSync('Rscript', ['-e', 'stopifnot(nzchar(system.file("include", package="BH")))'], { stdio: 'ignore' })
      .status === 0
  );
}

function ensureRstan(): boolean {
  spawnSync('bash', ['-c', BH_FIX]);
  if (stanCompiles()) return true;
  console.log('installing r-cran-rstan from Debian (one-off)…');
  spawnSync(
    'bash',
    ['-c', 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq r-cran-rstan r-cran-bh'],
    { stdio: 'inherit' },
  );
  spawnSync('bash', ['-c', BH_FIX]);
  return stanCompiles();
}

export interface BenchCase {
  name: string;
  label: string;
  dim: number;
  logDensity: LogDensityFn;
  stanModel: string;
  /** The data in R syntax (sourced by run_stan.R). */
  stanData: string;
  chains: number;
  warmup: number;
  draws: number;
  /** Seeds 1…seeds are run by both samplers; ESS, time and gradients are summed over them. */
  seeds: number;
  /** Re-run seed 1 after the cold run (false for long runs, where V8's warm-up is negligible). */
  warmRerun: boolean;
  /** Unconstrained points where Stan's log density is compared with ours (up to a constant). */
  checkPoints?: Float64Array[];
  /** Mass matrix of both samplers (default diagonal, Stan's default). */
  metric?: 'diag' | 'dense';
  /** Initial points per chain, the same for both samplers (default: both draw uniform(−2, 2) unconstrained). */
  init?: { unconstrained: Float64Array[]; constrained: Record<string, number>[] };
}

function cpuSeconds(since: NodeJS.CpuUsage): number {
  const c = process.cpuUsage(since);
  return (c.user + c.system) / 1e6;
}

function minOurEss(chainsOf: (j: number) => Float64Array[], dim: number): number {
  let m = Number.POSITIVE_INFINITY;
  for (let j = 0; j < dim; j++) m = Math.min(m, essBulk(chainsOf(j)));
  return m;
}

interface OursRun {
  coldS: number;
  /** Σ over seeds of warm CPU seconds, minimum bulk ESS (ours and rstan's estimator), gradients. */
  cpuS: number;
  ess: number;
  essRstan: number;
  grads: number;
  divergent: number;
  gradientUs: number;
  stepSizes: number[];
}

function writeDraws(path: (k: number) => string, r: SampleResult, dim: number, draws: number): void {
  const header = Array.from({ length: dim }, (_, j) => `x${j + 1}`).join(',');
  r.chains.forEach((ch, k) => {
    const lines = [header];
    for (let i = 0; i < draws; i++) lines.push(Array.from(ch.draws.subarray(i * dim, (i + 1) * dim)).join(','));
    writeFileSync(path(k + 1), `${lines.join('\n')}\n`);
  });
}

function ours(c: BenchCase): OursRun {
  const run = (seed: number) => {
    const t0 = process.cpuUsage();
    const r = sample(c.logDensity, c.dim, {
      chains: c.chains,
      warmup: c.warmup,
      draws: c.draws,
      seed,
      init: c.init?.unconstrained,
      metric: c.metric,
    });
    return { r, cpu: cpuSeconds(t0) };
  };
  // The first run in the process is "cold" (V8 compiles the sampler and the target while it runs).
  const cold = run(1);
  const out: OursRun = {
    coldS: cold.cpu,
    cpuS: 0,
    ess: 0,
    essRstan: Number.NaN,
    grads: 0,
    divergent: 0,
    gradientUs: 0,
    stepSizes: [],
  };
  let last = cold.r;
  for (let seed = 1; seed <= c.seeds; seed++) {
    const { r, cpu } = seed === 1 && !c.warmRerun ? cold : run(seed);
    last = r;
    out.cpuS += cpu;
    out.ess += minOurEss((j) => parameterChains(r, j), c.dim);
    out.grads += r.chains.reduce((a, ch) => a + ch.gradientEvaluations, 0);
    out.divergent += r.chains.reduce((a, ch) => a + ch.divergent.reduce((x, y) => x + y, 0), 0);
    out.stepSizes.push(...r.chains.map((ch) => ch.stepSize));
    writeDraws((k) => join(outDir, `${c.label}_ours_s${seed}_chain${k}.csv`), r, c.dim, c.draws);
  }
  // Cost of the target's gradient alone: re-evaluated at the recorded draws (warm code, same points).
  const g = new Float64Array(c.dim);
  const q = new Float64Array(c.dim);
  let calls = 0;
  const t0 = process.cpuUsage();
  let sink = 0;
  do {
    for (const ch of last.chains)
      for (let i = 0; i < c.draws; i++) {
        for (let j = 0; j < c.dim; j++) q[j] = ch.draws[i * c.dim + j];
        sink += c.logDensity(q, g);
        calls++;
      }
  } while (cpuSeconds(t0) < 0.2 && calls < out.grads);
  out.gradientUs = (cpuSeconds(t0) / calls) * 1e6;
  if (Number.isNaN(sink)) console.log('(a log density was NaN at a draw)');
  return out;
}

interface StanRun {
  seconds: number;
  rstanCpuS: number;
  leapfrogs: number;
  divergent: number;
  ess: number;
  essRstan: number;
  oursEssRstan: number;
  stepSizes: number[];
}

function stan(c: BenchCase): StanRun | undefined {
  const prefix = join(outDir, c.label);
  const dataPath = `${prefix}.data.R`;
  writeFileSync(dataPath, c.stanData);
  rmSync(`${prefix}.check.csv`, { force: true });
  if (c.checkPoints) writeCheckPoints(prefix, c.checkPoints);
  rmSync(`${prefix}.init.csv`, { force: true });
  if (c.init) {
    const names = Object.keys(c.init.constrained[0]);
    const rows = c.init.constrained.map((r) => names.map((n) => r[n]).join(','));
    writeFileSync(`${prefix}.init.csv`, `${names.join(',')}\n${rows.join('\n')}\n`);
  }
  const seeds = Array.from({ length: c.seeds }, (_, i) => i + 1);
  const res = spawnSync(
    'Rscript',
    [
      join('bench', 'stan', 'run_stan.R'),
      join('bench', 'stan', c.stanModel),
      dataPath,
      prefix,
      seeds.join(','),
      String(c.chains),
      String(c.warmup),
      String(c.draws),
      `${prefix}_ours`,
      c.metric === 'dense' ? 'dense_e' : 'diag_e',
    ],
    { encoding: 'utf8' },
  );
  if (res.status !== 0) {
    console.log(`Stan failed for ${c.label}: ${res.stderr.slice(-800)}`);
    return undefined;
  }
  const r = JSON.parse(readFileSync(`${prefix}_result.json`, 'utf8')) as {
    seeds: Array<{
      seed: number;
      rstan_cpu_s: number;
      elapsed_warmup_s: number;
      elapsed_sampling_s: number;
      leapfrogs: number;
      divergent: number;
      stepsizes: number[];
      rstan_ess_stan: number[];
      rstan_ess_ours: number[];
    }>;
    log_prob_check: number[];
  };
  if (c.checkPoints) {
    // Same posterior up to a constant: differences of log density between points must agree.
    const g = new Float64Array(c.dim);
    const mine = c.checkPoints.map((u) => c.logDensity(u, g));
    let worst = 0;
    for (let i = 1; i < mine.length; i++)
      worst = Math.max(worst, Math.abs(mine[i] - mine[0] - (r.log_prob_check[i] - r.log_prob_check[0])));
    console.log(
      `log density check at ${mine.length} points (differences, ours vs Stan): max |Δ| = ${worst.toExponential(2)} (ours ${mine.map((x) => x.toFixed(4)).join(', ')}; Stan ${r.log_prob_check.map((x) => x.toFixed(4)).join(', ')})`,
    );
    if (!(worst < 1e-6)) throw new Error(`${c.label}: Stan's model is not the same posterior as ours`);
  }
  const out: StanRun = {
    seconds: 0,
    rstanCpuS: 0,
    leapfrogs: 0,
    divergent: 0,
    ess: 0,
    essRstan: 0,
    oursEssRstan: 0,
    stepSizes: [],
  };
  for (const s of r.seeds) {
    const chains: Float64Array[][] = [];
    for (let k = 1; k <= c.chains; k++) {
      const lines = readFileSync(`${prefix}_s${s.seed}_chain${k}.csv`, 'utf8').trim().split('\n').slice(1);
      const rows = lines.map((l) => l.split(',').map(Number));
      for (let j = 0; j < rows[0].length; j++) {
        chains[j] ??= [];
        chains[j].push(Float64Array.from(rows.map((row) => row[j])));
      }
    }
    out.seconds += s.elapsed_warmup_s + s.elapsed_sampling_s;
    out.rstanCpuS += s.rstan_cpu_s;
    out.leapfrogs += s.leapfrogs;
    out.divergent += s.divergent;
    out.ess += minOurEss((j) => chains[j], chains.length);
    out.essRstan += Math.min(...s.rstan_ess_stan);
    out.oursEssRstan += Math.min(...s.rstan_ess_ours);
    out.stepSizes.push(...s.stepsizes);
  }
  return out;
}

function rVector(xs: ArrayLike<number>): string {
  return `c(${Array.from(xs).join(',')})`;
}

const standard = (
  name: string,
  label: string,
  dim: number,
  logDensity: LogDensityFn,
  stanModel: string,
  stanData: string,
): BenchCase => ({
  name,
  label,
  dim,
  logDensity,
  stanModel,
  stanData,
  chains: CHAINS,
  warmup: WARMUP,
  draws: DRAWS,
  seeds: SEEDS,
  warmRerun: true,
});

const haveStan = !process.argv.includes('--no-stan') && ensureRstan();
const logistic = logisticRegression();
const iid = iidNormal(100);
const es = eightSchoolsNonCentred();
const cases: BenchCase[] = [
  standard(iid.name, 'iid_normal', 100, iid.logDensity, 'iid_normal.stan', 'D <- 100\n'),
  standard(
    es.name,
    'eight_schools_nc',
    es.dim,
    es.logDensity,
    'eight_schools_nc.stan',
    `J <- 8\ny <- ${rVector(EIGHT_SCHOOLS.y)}\nsigma <- ${rVector(EIGHT_SCHOOLS.sigma)}\n`,
  ),
  standard(
    logistic.name,
    'logistic',
    2,
    logistic.logDensity,
    'logistic.stan',
    `N <- ${logistic.x.length}\nx <- ${rVector(logistic.x)}\ny <- ${rVector(logistic.y)}\n`,
  ),
];
if (!process.argv.includes('--no-counts')) {
  // The fit's posterior with Stan's default diagonal metric, and with the dense metric `fitCounts` uses.
  const diag = countFitCase();
  cases.push(diag, { ...diag, name: `${diag.name}, dense metric`, label: 'count_fit_dense', metric: 'dense' });
}
const onlyAt = process.argv.indexOf('--only');
const only = onlyAt > 0 ? process.argv[onlyAt + 1].split(',') : undefined;

console.log(
  `${CHAINS} chains; load average ${loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')}; CPU seconds; ESS = minimum bulk ESS over parameters (ours / rstan's estimator)`,
);
const fmt = (x: number, d = 0) => (Number.isFinite(x) ? x.toFixed(d) : '-');
const spread = (xs: number[]) => `${Math.min(...xs).toFixed(3)}–${Math.max(...xs).toFixed(3)}`;
for (const c of cases) {
  if (only && !only.includes(c.label)) continue;
  const o = ours(c);
  const oursPerS = o.ess / o.cpuS;
  const samplerUs = (o.cpuS / o.grads) * 1e6 - o.gradientUs;
  console.log(
    `\n== ${c.name} (d = ${c.dim}; ${c.chains} chains × (${c.warmup} + ${c.draws}); seeds 1–${c.seeds}, summed) ==`,
  );
  const s = haveStan ? stan(c) : undefined;
  if (s) o.essRstan = s.oursEssRstan;
  console.log(
    `ours: ESS ${fmt(o.ess)} / ${fmt(o.essRstan)}; CPU ${o.cpuS.toFixed(3)} s${c.warmRerun ? ` warm (seed 1 cold ${o.coldS.toFixed(3)} s)` : ' (first run)'}; ` +
      `${o.grads} gradients (${((o.cpuS / o.grads) * 1e6).toFixed(2)} µs each: target ${o.gradientUs.toFixed(2)} + sampler ${samplerUs.toFixed(2)}); ` +
      `ESS/s ${fmt(oursPerS)}; ESS/gradient ${(o.ess / o.grads).toFixed(4)}; divergent ${o.divergent}; step sizes ${spread(o.stepSizes)}`,
  );
  if (!s) continue;
  const stanPerS = s.ess / s.seconds;
  console.log(
    `Stan: ESS ${fmt(s.ess)} / ${fmt(s.essRstan)}; CPU ${s.seconds.toFixed(3)} s (rstan sampling() incl. R: ${s.rstanCpuS.toFixed(2)} s); ` +
      `${s.leapfrogs} gradients (${((s.seconds / s.leapfrogs) * 1e6).toFixed(2)} µs each); ESS/s ${fmt(stanPerS)}; ` +
      `ESS/gradient ${(s.ess / s.leapfrogs).toFixed(4)}; divergent ${s.divergent}; step sizes ${spread(s.stepSizes)}`,
  );
  const coldNote = c.warmRerun
    ? `; seed 1 cold ÷ Stan seed-average ${(o.ess / c.seeds / o.coldS / stanPerS).toFixed(2)}`
    : '';
  console.log(
    `ours ÷ Stan: ESS/s ${(oursPerS / stanPerS).toFixed(2)} (${(o.essRstan / o.cpuS / (s.essRstan / s.seconds)).toFixed(2)} with rstan's ESS${coldNote}); ` +
      `ESS/gradient ${(o.ess / o.grads / (s.ess / s.leapfrogs)).toFixed(2)}; time per gradient ${(s.seconds / s.leapfrogs / (o.cpuS / o.grads)).toFixed(2)}× faster`,
  );
}
console.log(`\npeak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB (this process; Stan runs in its own)`);
