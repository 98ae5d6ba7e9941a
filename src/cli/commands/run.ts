/**
 * `mmassoc run [--area DEG2] [--seed N] [--out DIR]`: the main job on an embedded default
 * (25 deg², SPT-3G + SPIRE + WISE + EMU): simulate, associate, score, plot. See src/science/main-job.ts.
 */
import type { Command } from 'commander';
import { UserError } from '../../errors.js';
import { parseParamAssignments } from '../../model/params.js';
import { DEFAULT_SURVEYS, runMainJob, scoreAt } from '../../science/main-job.js';
import { log, progressBar } from '../progress.js';

export function register(program: Command): void {
  program
    .command('run')
    .description(
      'the main job: simulate a sky, associate the SPT catalogue with the other surveys, score against the truth, plot',
    )
    .option('--area <deg2>', 'sky area, deg²', '25')
    .option('--seed <n>', 'random seed', '1')
    .option('--out <dir>', 'output folder', 'mmassoc-run')
    .option('--surveys <list>', 'survey presets (the SPT one is the primary)', DEFAULT_SURVEYS.join(','))
    .option('--radius <arcsec>', 'association search radius (default: 5× the combined 99th-percentile errors)')
    .option(
      '--param <NAME=VALUE...>',
      'override a model parameter (repeatable)',
      (v: string, prev: string[]) => [...prev, v],
      [],
    )
    .option('--clustering', 'clustered galaxy positions (lognormal field with halo bias) instead of Poisson ones')
    .action(
      async (opts: {
        area: string;
        seed: string;
        out: string;
        surveys: string;
        radius?: string;
        param: string[];
        clustering?: boolean;
      }) => {
        const area = Number(opts.area);
        if (!(area > 0 && area <= 41253))
          throw new UserError(`--area '${opts.area}': give a sky area in deg² between 0 and 41253, e.g. --area 25`);
        const seed = Number(opts.seed);
        if (!Number.isInteger(seed) || seed < 0)
          throw new UserError(`--seed '${opts.seed}': give a non-negative integer`);
        const radius = opts.radius === undefined ? undefined : Number(opts.radius);
        if (radius !== undefined && !(radius > 0 && radius <= 10800))
          throw new UserError(`--radius '${opts.radius}': give a positive radius in arcsec (at most 3°)`);
        const bar = progressBar('run');
        const t0 = performance.now();
        let summary: Awaited<ReturnType<typeof runMainJob>>;
        try {
          summary = await runMainJob({
            areaDeg2: area,
            seed,
            outDir: opts.out,
            surveys: opts.surveys
              .split(',')
              .map((s) => s.trim())
              .filter(Boolean),
            ...(radius !== undefined ? { radiusArcsec: radius } : {}),
            params: parseParamAssignments(opts.param),
            clustering: opts.clustering === true,
            onProgress: bar.update,
            log,
          });
        } finally {
          bar.stop();
        }
        const lines = [
          `mmassoc run: ${area} deg², seed ${seed}, ${((performance.now() - t0) / 1000).toFixed(1)} s → ${opts.out}/`,
        ];
        for (const s of summary.scores) {
          const a = scoreAt(s);
          lines.push(
            `  ${s.catalogue.padEnd(8)} ${String(s.withTrueCounterpart).padStart(5)} SPT sources with a true counterpart; at p_any ≥ 0.5 completeness ${a.completeness.toFixed(3)}, purity ${a.purity.toFixed(3)}`,
          );
        }
        lines.push(`  report: ${opts.out}/report.html (counts vs data, scores); scores: ${opts.out}/scores.json`);
        process.stdout.write(`${lines.join('\n')}\n`);
      },
    );
}
