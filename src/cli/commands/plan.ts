/**
 * `mmassoc plan --slurm --shards N --out OUT [--partition P] [--time HH:MM:SS] [--mem MEM] -- MATCH_ARGS…`:
 * writes a Slurm job-array script (one `mmassoc match --shard I/N` task per shard), a merge job, and a
 * submit script chaining them (`afterok`), next to OUT.
 *
 * @example mmassoc plan --slurm --shards 48 --out all.fits -- spt.fits wise.parquet --radius 20
 */
import { basename, dirname, extname, join } from 'node:path';
import type { Command } from 'commander';
import { UserError } from '../../errors.js';
import { writeFileAtomicSync } from '../../io/atomic.js';
import { log } from '../progress.js';

/** POSIX single-quoting. */
function q(s: string): string {
  return /^[A-Za-z0-9_./:=,+-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/** The file a shard writes: `all.fits` → `all.shard-3of48.fits`. */
export function shardOutput(out: string, index: number | string, count: number): string {
  const ext = extname(out);
  return join(dirname(out), `${basename(out, ext)}.shard-${index}of${count}${ext}`);
}

export interface SlurmPlan {
  arrayScript: string;
  mergeScript: string;
}

export interface SlurmOptions {
  shards: number;
  out: string;
  matchArgs: string[];
  partition?: string;
  time?: string;
  mem?: string;
  /** Command that runs mmassoc on the cluster (default `mmassoc`). */
  mmassoc?: string;
}

export function slurmPlan(o: SlurmOptions): SlurmPlan {
  const n = o.shards;
  const exe = o.mmassoc ?? 'mmassoc';
  const common = [
    ...(o.partition ? [`#SBATCH --partition=${o.partition}`] : []),
    ...(o.time ? [`#SBATCH --time=${o.time}`] : []),
    ...(o.mem ? [`#SBATCH --mem=${o.mem}`] : []),
  ];
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell variable, expanded by Slurm in the script
  const shardOut = shardOutput(o.out, '${SLURM_ARRAY_TASK_ID}', n);
  const arrayScript = [
    '#!/bin/bash',
    '#SBATCH --job-name=mmassoc-match',
    `#SBATCH --array=1-${n}`,
    '#SBATCH --cpus-per-task=1',
    `#SBATCH --output=${q(join(dirname(o.out), 'mmassoc-match-%A_%a.log'))}`,
    ...common,
    'set -euo pipefail',
    // The shard index comes from Slurm; every task reads the same inputs and writes its own file.
    `exec ${exe} match --shard "\${SLURM_ARRAY_TASK_ID}/${n}" --out "${shardOut}" ${o.matchArgs.map(q).join(' ')}`,
    '',
  ].join('\n');
  const parts = Array.from({ length: n }, (_, i) => q(shardOutput(o.out, i + 1, n)));
  const mergeScript = [
    '#!/bin/bash',
    '#SBATCH --job-name=mmassoc-merge',
    `#SBATCH --output=${q(join(dirname(o.out), 'mmassoc-merge-%j.log'))}`,
    ...common,
    'set -euo pipefail',
    `exec ${exe} merge ${q(o.out)} ${parts.join(' ')}`,
    '',
  ].join('\n');
  return { arrayScript, mergeScript };
}

export function register(program: Command): void {
  program
    .command('plan')
    .description('write a Slurm job array (one `match --shard I/N` per shard) and its merge job')
    .requiredOption('--shards <n>', 'number of HEALPix shards')
    .requiredOption('--out <file>', 'final output table; shard outputs and scripts are written beside it')
    .option('--slurm', 'write Slurm scripts (the only engine for now)')
    .option('--partition <p>', 'Slurm partition')
    .option('--time <t>', 'Slurm time limit per task, e.g. 01:00:00')
    .option('--mem <m>', 'Slurm memory per task, e.g. 4G')
    .argument('<matchArgs...>', 'the `mmassoc match` catalogues and options, after --')
    .action(
      (
        matchArgs: string[],
        o: { shards: string; out: string; slurm?: boolean; partition?: string; time?: string; mem?: string },
      ) => {
        if (!o.slurm) throw new UserError('plan: choose the engine, e.g. --slurm');
        const n = Number(o.shards);
        if (!(Number.isInteger(n) && n >= 1 && n <= 100000))
          throw new UserError(`--shards ${o.shards}: expected an integer 1..100000`);
        if (
          matchArgs.some((a) => a === '--out' || a.startsWith('--out=') || a === '--shard' || a.startsWith('--shard='))
        )
          throw new UserError(
            'plan: give --out to plan, not among the match arguments (each shard gets its own output)',
          );
        const p = slurmPlan({
          shards: n,
          out: o.out,
          matchArgs,
          ...(o.partition ? { partition: o.partition } : {}),
          ...(o.time ? { time: o.time } : {}),
          ...(o.mem ? { mem: o.mem } : {}),
        });
        const base = join(dirname(o.out), basename(o.out, extname(o.out)));
        const arrayPath = `${base}.match.slurm`;
        const mergePath = `${base}.merge.slurm`;
        const submitPath = `${base}.submit.sh`;
        const submit = [
          '#!/bin/bash',
          'set -euo pipefail',
          `jid=$(sbatch --parsable ${q(arrayPath)})`,
          `sbatch --dependency=afterok:"\${jid%%;*}" ${q(mergePath)}`,
          '',
        ].join('\n');
        writeFileAtomicSync(arrayPath, p.arrayScript);
        writeFileAtomicSync(mergePath, p.mergeScript);
        writeFileAtomicSync(submitPath, submit);
        log(`plan: ${n} shard tasks → ${arrayPath}; merge → ${mergePath}; submit both with: bash ${submitPath}`);
      },
    );
}
