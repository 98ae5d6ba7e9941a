import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { UserError } from '../../errors.js';
import { writeFileAtomicSync } from '../../io/atomic.js';
import { writeTable } from '../../io/index.js';
import { getSurveyPreset, surveyPresetNames } from '../../model/instruments/presets.js';
import { parseParamAssignments } from '../../model/params.js';
import { simulate } from '../../model/simulate.js';
import { log } from '../progress.js';
import { parseCenter, parseSeed } from './counts.js';

const FORMATS = { fits: 'fits', csv: 'csv', parquet: 'parquet' } as const;

/**
 * `mmassoc simulate --area DEG2 [--center RA,DEC] [--surveys spt3g,spire,...] [--seed N]
 *  [--param NAME=VALUE ...] [--format fits|csv|parquet] [--floor-sigma S] [--detectable-only] [--clustering] --out DIR`
 *
 * @example mmassoc simulate --area 1 --surveys spt3g,spire --out sim/
 */
export function register(program: Command): void {
  program
    .command('simulate')
    .description(
      'simulate a mock sky (galaxies + radio AGN) and the catalogues of the chosen surveys, with a truth table',
    )
    .requiredOption('--area <deg2>', 'sky area, deg² (an RA/Dec box of exactly this solid angle)')
    .option('--center <ra,dec>', 'box centre in degrees', '30,-55')
    .option('--surveys <list>', 'comma-separated survey presets or JSON files', 'spt3g,spire,wise,emu')
    .option('--seed <n>', 'random seed', '1')
    .option(
      '--param <NAME=VALUE...>',
      'override a model parameter (repeatable)',
      (v: string, prev: string[]) => [...prev, v],
      [],
    )
    .option('--format <fmt>', 'output format: fits, csv or parquet', 'fits')
    .option(
      '--floor-sigma <s>',
      'truth floor: keep sources above S × the smallest survey noise in some survey band',
      '1',
    )
    .option(
      '--detectable-only',
      'draw only galaxies that can reach the truth floor (fast wide shallow mocks; same population above the floor)',
    )
    .option(
      '--clustering',
      'clustered galaxy positions: lognormal density field with halo-mass-dependent bias (default: Poisson)',
    )
    .requiredOption('--out <dir>', 'output folder')
    .action(
      async (opts: {
        area: string;
        center: string;
        surveys: string;
        seed: string;
        param: string[];
        format: string;
        out: string;
        floorSigma: string;
        detectableOnly?: boolean;
        clustering?: boolean;
      }) => {
        const area = Number(opts.area);
        if (!(area > 0)) throw new UserError(`--area '${opts.area}': give a positive area in deg², e.g. --area 1`);
        const format = FORMATS[opts.format as keyof typeof FORMATS];
        if (!format) throw new UserError(`--format '${opts.format}': use fits, csv or parquet`);
        const [ra, dec] = parseCenter(opts.center);
        const seed = parseSeed(opts.seed);
        const params = parseParamAssignments(opts.param);
        const surveys = opts.surveys
          .split(',')
          .map((s) => s.trim())
          .filter((s) => s.length > 0);
        if (surveys.length === 0)
          throw new UserError(`--surveys: name at least one of ${surveyPresetNames().join(', ')}`);
        const floorSigma = Number(opts.floorSigma);
        if (!(floorSigma > 0))
          throw new UserError(
            `--floor-sigma '${opts.floorSigma}': give a positive number of σ, e.g. --floor-sigma 1.67`,
          );
        const config = {
          areaDeg2: area,
          centerRaDeg: ra,
          centerDecDeg: dec,
          surveys,
          params,
          floorSigma,
          detectableOnly: opts.detectableOnly === true,
          clustering: opts.clustering === true,
        };
        if (config.clustering && config.detectableOnly)
          throw new UserError(
            '--clustering with --detectable-only: the detectable-only sampler draws Poisson positions; drop one of the two',
          );
        // Check every survey before creating anything, so a mistake leaves no folder behind.
        for (const s of surveys) getSurveyPreset(s);
        try {
          mkdirSync(opts.out, { recursive: true });
        } catch {
          throw new UserError(`--out '${opts.out}': cannot create this folder; choose a writable path`);
        }
        const result = simulate(config, seed);
        for (const [name, table] of result.catalogues) {
          await writeTable(join(opts.out, `${name}.${format}`), table, { format });
          log(`${name}: ${table.nrows} detections`);
        }
        await writeTable(join(opts.out, `truth.${format}`), result.truth, { format });
        const version = await packageVersion();
        const json = { tool: 'mmassoc', version, command: 'simulate', seed, ...config, box: result.box, format };
        writeFileAtomicSync(join(opts.out, 'config.json'), `${JSON.stringify(json, null, 2)}\n`);
        log(`truth: ${result.truth.nrows} sources`);
      },
    );
}

async function packageVersion(): Promise<string> {
  const { readFileSync } = await import('node:fs');
  const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}
