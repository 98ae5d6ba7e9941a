// Association benchmark (issue 3, acceptance 4): cold CLI runs of `mmassoc nway` on the inputs NWAY
// was timed on (design/nway.md §5.2, shared/reference/nway/timings.tsv), wall time and peak RSS from
// /usr/bin/time -v (worker threads live in the same process, so its peak RSS is the total).
//
// Inputs (bench/data, git-ignored) are regenerated with the scripts in ../shared/tools when missing:
//   python3 ../shared/tools/make_spt_bench.py --area 1500 --outdir bench/data/spt1500 --seed 1
//   python3 ../shared/tools/make_cosmos_like.py ../shared/reference/nway/cosmoslike/input/COSMOS_XMM.fits \
//       bench/data/cosmosfull --seed 42 --ra0 150.11 --width 1.52 --dec-lo 1.47 --dec-hi 2.96
// and the four-catalogue case uses ../shared/reference/nway/cosmoslike/input plus a copy of IRAC.fits
// with EXTNAME IRAC2 (written here).
//
// Usage: npx tsc -p tsconfig.build.json && node --import tsx bench/assoc.bench.ts [case ...]
//        cases: spt1500 cosmos four (default: all)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { readTable, writeTable } from '../src/io/index.js';

const root = resolve(import.meta.dirname, '..');
const shared = resolve(root, '../shared');
const data = join(root, 'bench/data');
const outDir = join(root, 'bench/out/assoc');
const cli = join(root, 'dist/cli/main.js');
const python = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';

interface Case {
  name: string;
  cwd: string;
  args: string[];
  nway: { wallS: number; rssMB: number };
  target: { wallS: number; rssMB: number };
  prepare(): Promise<void>;
}

function run(cmd: string, args: string[], cwd: string): void {
  const r = spawnSync(cmd, args, { cwd, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status})`);
}

const cosmosRef = join(shared, 'reference/nway/cosmoslike/input');
const cases: Case[] = [
  {
    name: 'spt1500',
    cwd: join(data, 'spt1500'),
    args: ['SPT.fits', ':pos_err', 'FIR.fits', ':pos_err', 'RADIO.fits', ':pos_err', '--radius', '20'],
    nway: { wallS: 29.9, rssMB: 1704 },
    target: { wallS: 1.5, rssMB: 340 },
    async prepare() {
      if (!existsSync(join(this.cwd, 'RADIO.fits')))
        run(
          python,
          [join(shared, 'tools/make_spt_bench.py'), '--area', '1500', '--outdir', this.cwd, '--seed', '1'],
          root,
        );
    },
  },
  {
    name: 'cosmos',
    cwd: join(data, 'cosmosfull'),
    args: [
      'XMMsub.fits',
      ':pos_err',
      'OPT.fits',
      '0.1',
      'IRAC.fits',
      '0.5',
      '--radius',
      '20',
      '--prior-completeness',
      '0.9',
    ],
    nway: { wallS: 27.6, rssMB: 1970 },
    target: { wallS: 1.4, rssMB: 390 },
    async prepare() {
      if (!existsSync(join(this.cwd, 'IRAC.fits')))
        run(
          python,
          [
            join(shared, 'tools/make_cosmos_like.py'),
            join(cosmosRef, 'COSMOS_XMM.fits'),
            this.cwd,
            '--seed',
            '42',
            '--ra0',
            '150.11',
            '--width',
            '1.52',
            '--dec-lo',
            '1.47',
            '--dec-hi',
            '2.96',
          ],
          root,
        );
    },
  },
  {
    name: 'four',
    cwd: join(data, 'four'),
    args: ['XMMsub.fits', ':pos_err', 'OPT.fits', '0.1', 'IRAC.fits', '0.5', 'IRAC2.fits', '0.5', '--radius', '20'],
    // NWAY: 28.9 s for 3 primaries (about 9 s each); the target is all 309 primaries in ≤ 5 s.
    nway: { wallS: 28.9, rssMB: 295 },
    target: { wallS: 5, rssMB: Number.POSITIVE_INFINITY },
    async prepare() {
      mkdirSync(this.cwd, { recursive: true });
      for (const f of ['XMMsub.fits', 'OPT.fits', 'IRAC.fits'])
        if (!existsSync(join(this.cwd, f))) await writeTable(join(this.cwd, f), await readTable(join(cosmosRef, f)));
      if (!existsSync(join(this.cwd, 'IRAC2.fits'))) {
        const t = await readTable(join(cosmosRef, 'IRAC.fits'));
        await writeTable(join(this.cwd, 'IRAC2.fits'), t.withMeta({ name: 'IRAC2' }));
      }
    },
  },
];

/** One cold run: wall seconds and peak RSS (MB) from GNU time. */
function timeRun(c: Case, out: string): { wallS: number; rssMB: number; cpuS: number } {
  rmSync(out, { force: true });
  const r = spawnSync('/usr/bin/time', ['-v', process.execPath, cli, 'nway', ...c.args, `--out=${out}`], {
    cwd: c.cwd,
    encoding: 'utf8',
    env: { ...process.env, MMASSOC_QUIET: '1' },
  });
  if (r.status !== 0) throw new Error(`${c.name}: mmassoc nway failed:\n${r.stderr}`);
  const wall = /Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)/.exec(r.stderr);
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr);
  const user = /User time \(seconds\): ([\d.]+)/.exec(r.stderr);
  const sys = /System time \(seconds\): ([\d.]+)/.exec(r.stderr);
  if (!wall || !rss || !user || !sys) throw new Error(`cannot parse /usr/bin/time output:\n${r.stderr}`);
  return {
    wallS: Number(wall[1] ?? 0) * 3600 + Number(wall[2]) * 60 + Number(wall[3]),
    rssMB: Number(rss[1]) / 1024,
    cpuS: Number(user[1]) + Number(sys[1]),
  };
}

async function main(): Promise<void> {
  if (!existsSync(cli)) throw new Error('build first: npx tsc -p tsconfig.build.json');
  const wanted = process.argv.slice(2);
  const repeats = Number(process.env.BENCH_REPEATS ?? 3);
  mkdirSync(outDir, { recursive: true });
  const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  console.log(`load average before: ${load}; ${repeats} cold runs per case, best wall time and its RSS\n`);
  console.log(
    '| case | output rows | wall [s] (best of runs) | CPU [s] | peak RSS [MB] | NWAY wall / RSS | target | met |',
  );
  console.log('|---|---|---|---|---|---|---|---|');
  for (const c of cases) {
    if (wanted.length > 0 && !wanted.includes(c.name)) continue;
    await c.prepare();
    const out = join(outDir, `${c.name}.fits`);
    let best = { wallS: Number.POSITIVE_INFINITY, rssMB: 0, cpuS: 0 };
    for (let i = 0; i < repeats; i++) {
      const t = timeRun(c, out);
      if (t.wallS < best.wallS) best = t;
    }
    const rows = (await readTable(out)).nrows;
    const met = best.wallS <= c.target.wallS && best.rssMB <= c.target.rssMB;
    console.log(
      `| ${c.name} | ${rows} | ${best.wallS.toFixed(2)} | ${best.cpuS.toFixed(2)} | ${best.rssMB.toFixed(0)} | ${c.nway.wallS} s / ${c.nway.rssMB} MB | ≤ ${c.target.wallS} s${Number.isFinite(c.target.rssMB) ? ` / ≤ ${c.target.rssMB} MB` : ''} | ${met ? 'yes' : 'no'} |`,
    );
  }
}

await main();
