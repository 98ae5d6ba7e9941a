// NUTS efficiency: bulk ESS per second on standard targets, ours against Stan (rstan from Debian's
// r-cran-rstan, installed here if missing) in the same run. ESS is computed by our diagnostics on
// both samplers' draws so that only the samplers differ. Usage: npm run bench -- infer
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { essBulk } from '../src/infer/diagnostics.js';
import { sample } from '../src/infer/sampler.js';
import { parameterChains } from '../src/infer/summary.js';
import {
  EIGHT_SCHOOLS,
  eightSchoolsNonCentred,
  iidNormal,
  logisticRegression,
  type Target,
} from '../test/infer/targets.js';

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
      {
        stdio: 'ignore',
      },
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
    {
      stdio: 'inherit',
    },
  );
  spawnSync('bash', ['-c', BH_FIX]);
  return stanCompiles();
}

function ours(t: Target): { essPerS: number; seconds: number; minEss: number } {
  const t0 = performance.now();
  const r = sample(t.logDensity, t.dim, { chains: 4, warmup: 1000, draws: 1000, seed: 1 });
  const seconds = (performance.now() - t0) / 1000;
  let minEss = Number.POSITIVE_INFINITY;
  for (let j = 0; j < t.dim; j++) minEss = Math.min(minEss, essBulk(parameterChains(r, j)));
  return { essPerS: minEss / seconds, seconds, minEss };
}

function rVector(xs: ArrayLike<number>): string {
  return `c(${Array.from(xs).join(',')})`;
}

function stan(
  model: string,
  data: string,
  label: string,
): { essPerS: number; seconds: number; minEss: number; compile: number } | undefined {
  const dataPath = join(outDir, `${label}.data.R`);
  writeFileSync(dataPath, data);
  const prefix = join(outDir, label);
  const res = spawnSync(
    'Rscript',
    [join('bench', 'stan', 'run_stan.R'), join('bench', 'stan', model), dataPath, prefix, '1'],
    {
      encoding: 'utf8',
    },
  );
  if (res.status !== 0) {
    console.log(`Stan failed for ${label}: ${res.stderr.slice(-500)}`);
    return undefined;
  }
  // `elapsed` is Stan's own warm-up + sampling time (C++ only, the strictest comparison); sample_s adds rstan's R overhead.
  const time = JSON.parse(readFileSync(`${prefix}_time.json`, 'utf8')) as {
    compile_s: number;
    sample_s: number;
    elapsed: number;
  };
  const chains: Float64Array[][] = [];
  for (let c = 1; c <= 4; c++) {
    const lines = readFileSync(`${prefix}_chain${c}.csv`, 'utf8').trim().split('\n').slice(1);
    const rows = lines.map((l) => l.split(',').map(Number));
    const dim = rows[0].length;
    for (let j = 0; j < dim; j++) {
      chains[j] ??= [];
      chains[j].push(Float64Array.from(rows.map((r) => r[j])));
    }
  }
  const minEss = Math.min(...chains.map((c) => essBulk(c)));
  return { essPerS: minEss / time.elapsed, seconds: time.elapsed, minEss, compile: time.compile_s };
}

const haveStan = ensureRstan();
const logistic = logisticRegression();
const cases: Array<{ target: Target; model: string; data: string }> = [
  { target: iidNormal(100), model: 'iid_normal.stan', data: 'D <- 100\n' },
  {
    target: eightSchoolsNonCentred(),
    model: 'eight_schools_nc.stan',
    data: `J <- 8\ny <- ${rVector(EIGHT_SCHOOLS.y)}\nsigma <- ${rVector(EIGHT_SCHOOLS.sigma)}\n`,
  },
  {
    target: logistic,
    model: 'logistic.stan',
    data: `N <- ${logistic.x.length}\nx <- ${rVector(logistic.x)}\ny <- ${rVector(logistic.y)}\n`,
  },
];
console.log('target\tours_minESS\tours_s\tours_ESS/s\tstan_minESS\tstan_s\tstan_ESS/s\tratio(ours/stan)');
for (const c of cases) {
  const o = ours(c.target);
  const s = haveStan ? stan(c.model, c.data, c.model.replace('.stan', '')) : undefined;
  console.log(
    [
      c.target.name,
      o.minEss.toFixed(0),
      o.seconds.toFixed(2),
      o.essPerS.toFixed(0),
      s ? s.minEss.toFixed(0) : '-',
      s ? s.seconds.toFixed(2) : '-',
      s ? s.essPerS.toFixed(0) : '-',
      s ? (o.essPerS / s.essPerS).toFixed(2) : '-',
    ].join('\t'),
  );
}
console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB (this process; Stan runs in its own)`);
