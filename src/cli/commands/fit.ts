import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { UserError } from '../../errors.js';
import { type CountsData, readCounts, restrictFluxRange } from '../../infer/counts-likelihood.js';
import { type FitResult, fitCounts } from '../../infer/fit.js';
import { writeFileAtomicSync } from '../../io/atomic.js';
import { parseParamAssignments } from '../../model/params.js';
import { TRACED_PARAMS } from '../../model/traced/index.js';
import { cornerSvg } from '../../report/corner.js';
import { type PpcPanel, ppcSvg } from '../../report/ppc-plot.js';
import { log, progressBar } from '../progress.js';

/**
 * `mmassoc fit --counts FILE[:BAND] [--counts ...] --free NAME,NAME [--param NAME=VALUE ...]
 *  [--chains 4] [--warmup N] [--draws N] [--seed N] --out DIR`
 *
 * @example mmassoc fit --counts sky250.csv --counts sky500.csv --free dust_T0,dust_beta --out fit/
 */
export function register(program: Command): void {
  program
    .command('fit')
    .description(
      'fit forward-model parameters to number counts with NUTS (Poisson on mmassoc counts output, Gaussian on published dN/dS)',
    )
    .option(
      '--counts <FILE[:BAND]...>',
      'counts file, one independent sky (repeatable); :BAND picks one band',
      collect,
      [],
    )
    .option('--free <names>', `comma-separated parameters to fit (others fixed): any of ${TRACED_PARAMS.join(', ')}`)
    .option('--param <NAME=VALUE...>', 'value of a fixed parameter / start of a free one (repeatable)', collect, [])
    .option('--flux-range <lo,hi>', 'use only bins inside [lo, hi] mJy')
    .option('--chains <n>', 'number of chains', '4')
    .option('--warmup <n>', 'warm-up iterations per chain', '500')
    .option('--draws <n>', 'draws per chain', '500')
    .option('--metric <kind>', "mass matrix adapted in warm-up: 'dense' (correlated parameters) or 'diag'", 'dense')
    .option('--seed <n>', 'random seed', '1')
    .option('--out <dir>', 'output folder')
    .action(
      (opts: {
        counts: string[];
        free?: string;
        fluxRange?: string;
        param: string[];
        chains: string;
        warmup: string;
        draws: string;
        seed: string;
        metric: string;
        out?: string;
      }) => {
        if (opts.metric !== 'dense' && opts.metric !== 'diag')
          throw new UserError(`--metric: expected 'dense' or 'diag', got '${opts.metric}'`);
        const metric: 'dense' | 'diag' = opts.metric;
        if (!opts.counts.length)
          throw new UserError('--counts: give at least one counts file (mmassoc counts --bands B --out FILE)');
        if (!opts.free) throw new UserError('--free: give the parameters to fit, e.g. --free dust_T0,dust_beta');
        if (!opts.out) throw new UserError('--out: give the output folder, e.g. --out fit/');
        let counts = opts.counts.map(readCounts);
        if (opts.fluxRange) {
          const [lo, hi] = opts.fluxRange.split(',').map(Number);
          if (!(lo > 0 && hi > lo))
            throw new UserError(`--flux-range: expected LO,HI in mJy with 0 < LO < HI, got '${opts.fluxRange}'`);
          counts = counts.map((c) => restrictFluxRange(c, lo, hi));
        }
        const int = (name: string, text: string, min: number) => {
          const v = Number(text);
          if (!Number.isInteger(v) || v < min)
            throw new UserError(`--${name}: expected an integer ≥ ${min}, got '${text}'`);
          return v;
        };
        const chains = int('chains', opts.chains, 1);
        const warmup = int('warmup', opts.warmup, 10);
        const draws = int('draws', opts.draws, 10);
        let bar: ReturnType<typeof progressBar> | null = null;
        let barChain = -1;
        const result = fitCounts({
          counts,
          free: opts.free
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean),
          params: parseParamAssignments(opts.param),
          chains,
          warmup,
          draws,
          seed: int('seed', opts.seed, 0),
          metric,
          onProgress: (chain, it, total) => {
            if (chain !== barChain) {
              bar?.stop();
              bar = progressBar(`chain ${chain + 1}/${chains}`);
              barChain = chain;
            }
            bar?.update(it, total);
          },
        });
        (bar as ReturnType<typeof progressBar> | null)?.stop();
        mkdirSync(opts.out, { recursive: true });
        writeFitOutputs(opts.out, result, counts);
        const nDiv = result.divergent.reduce((a, d) => a + d.reduce((x, y) => x + y, 0), 0);
        for (const s of result.summary)
          log(
            `${s.param}: ${s.mean.toPrecision(4)} ± ${s.sd.toPrecision(2)} (R-hat ${s.rhat.toFixed(3)}, bulk ESS ${Math.round(s.essBulk)})`,
          );
        if (nDiv) log(`warning: ${nDiv} divergent transitions`);
      },
    );
}

const num = (x: number) => (Number.isFinite(x) ? Number(x.toPrecision(10)).toString() : 'nan');

/** draws.csv, summary.csv, corner.svg and ppc.svg in `dir`. */
export function writeFitOutputs(dir: string, r: FitResult, counts: readonly CountsData[]): void {
  const d = r.names.length;
  const lines = [[...r.names, 'chain', 'draw', 'lp', 'divergent'].join(',')];
  r.draws.forEach((dr, c) => {
    const n = dr.length / d;
    for (let i = 0; i < n; i++)
      lines.push(
        [...Array.from(dr.subarray(i * d, (i + 1) * d), num), c + 1, i + 1, num(r.lp[c][i]), r.divergent[c][i]].join(
          ',',
        ),
      );
  });
  writeFileAtomicSync(join(dir, 'draws.csv'), `${lines.join('\n')}\n`);
  const sum = ['param,mean,sd,q2.5,q50,q97.5,rhat,ess_bulk,ess_tail'];
  for (const s of r.summary)
    sum.push(
      [s.param, s.mean, s.sd, s.q2_5, s.q50, s.q97_5, s.rhat, s.essBulk, s.essTail]
        .map((v) => (typeof v === 'string' ? v : num(v)))
        .join(','),
    );
  writeFileAtomicSync(join(dir, 'summary.csv'), `${sum.join('\n')}\n`);
  const all = new Float64Array(r.draws.reduce((a, x) => a + x.length, 0));
  let off = 0;
  for (const x of r.draws) {
    all.set(x, off);
    off += x.length;
  }
  writeFileAtomicSync(join(dir, 'corner.svg'), cornerSvg(r.names, all));
  writeFileAtomicSync(join(dir, 'ppc.svg'), ppcSvg(ppcPanels(r, counts, all)));
}

/** Expected counts at up to 40 posterior draws: median and 95% band per bin. */
export function ppcPanels(r: FitResult, counts: readonly CountsData[], all: Float64Array): PpcPanel[] {
  const d = r.names.length;
  const n = all.length / d;
  const take = Math.min(40, n);
  const theta = Float64Array.from(TRACED_PARAMS, (p) => r.reference[p]);
  const sims: Float64Array[][] = [];
  for (let k = 0; k < take; k++) {
    const i = Math.floor(((k + 0.5) * n) / take);
    r.names.forEach((name, j) => {
      theta[TRACED_PARAMS.indexOf(name as (typeof TRACED_PARAMS)[number])] = all[i * d + j];
    });
    sims.push(r.model.expected(theta));
  }
  return counts.map((c, f) => {
    const nb = c.loMJy.length;
    const q = (p: number) =>
      Float64Array.from({ length: nb }, (_, b) => {
        const v = sims.map((s) => s[f][b]).sort((x, y) => x - y);
        return v[Math.min(v.length - 1, Math.floor(p * v.length))];
      });
    const obs = c.kind === 'poisson' ? c.n : c.dnds;
    return {
      title: `${c.band} — ${c.file}`,
      sMJy: Float64Array.from(c.loMJy, (lo, b) => Math.sqrt(lo * c.hiMJy[b])),
      observed: obs,
      observedErr: c.kind === 'poisson' ? c.n.map(Math.sqrt) : c.err,
      lo: q(0.025),
      median: q(0.5),
      hi: q(0.975),
      yLabel: c.kind === 'poisson' ? 'sources per bin' : 'dN/dS [Jy⁻¹ sr⁻¹]',
    };
  });
}

function collect(v: string, prev: string[]): string[] {
  return [...prev, v];
}
