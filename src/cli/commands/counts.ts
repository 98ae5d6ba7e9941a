import type { Command } from 'commander';
import { UserError } from '../../errors.js';
import { writeFileAtomicSync } from '../../io/atomic.js';
import { BAND_NAMES, type Band, isBand } from '../../model/bands.js';
import { countsRows } from '../../model/counts.js';
import { logBins } from '../../model/counts-bins.js';
import { allParams, parseParamAssignments } from '../../model/params.js';
import { boxForArea } from '../../sky/area.js';
import { closestNames } from '../../table/table.js';

/**
 * `mmassoc counts --area DEG2 [--center RA,DEC] [--seed N] [--param NAME=VALUE ...] [--bands b1,b2] --out FILE.csv`
 * and `mmassoc counts --list-params`.
 *
 * @example mmassoc counts --area 0.1 --bands spire250,spt150 --out counts.csv
 */
export function register(program: Command): void {
  program
    .command('counts')
    .description('model number counts dN/dS per band: sampled over --area and expected (integral over the model)')
    .option('--area <deg2>', 'sky area to sample, deg²')
    .option('--center <ra,dec>', 'box centre in degrees', '30,-55')
    .option('--seed <n>', 'random seed', '1')
    .option('--param <NAME=VALUE...>', 'override a model parameter (repeatable)', collect, [])
    .option('--bands <list>', 'comma-separated bands (default: all)')
    .option('--out <file.csv>', 'output CSV')
    .option('--list-params', 'print "name default description" for every model parameter and exit')
    .action(
      (opts: {
        area?: string;
        center: string;
        seed: string;
        param: string[];
        bands?: string;
        out?: string;
        listParams?: boolean;
      }) => {
        if (opts.listParams) {
          for (const p of allParams())
            process.stdout.write(`${p.name} ${p.default} ${p.description}${p.unit ? ` [${p.unit}]` : ''}\n`);
          return;
        }
        const area = Number(opts.area);
        if (opts.area === undefined || !(area > 0))
          throw new UserError('--area: give the sky area in deg², e.g. --area 0.1');
        if (!opts.out) throw new UserError('--out: give the output CSV path, e.g. --out counts.csv');
        const [ra, dec] = parseCenter(opts.center);
        const seed = parseSeed(opts.seed);
        const params = parseParamAssignments(opts.param);
        const bands = parseBands(opts.bands);
        const rows = countsRows(params, boxForArea(ra, dec, area), area, seed, bands, logBins());
        const lines = ['band,population,S_lo_mJy,S_hi_mJy,area_deg2,n_sim,dNdS_sim,dNdS_expected'];
        for (const r of rows)
          lines.push(
            [
              r.band,
              r.population,
              fmt(r.sLoMJy),
              fmt(r.sHiMJy),
              fmt(r.areaDeg2),
              r.nSim,
              fmt(r.dndsSim),
              fmt(r.dndsExpected),
            ].join(','),
          );
        writeFileAtomicSync(opts.out, `${lines.join('\n')}\n`);
      },
    );
}

function fmt(x: number): string {
  return Number.isFinite(x) ? Number(x.toPrecision(8)).toString() : 'nan';
}

function collect(v: string, prev: string[]): string[] {
  return [...prev, v];
}

export function parseCenter(text: string): [number, number] {
  const parts = text.split(',').map((s) => Number(s.trim()));
  if (parts.length !== 2 || !parts.every(Number.isFinite) || Math.abs(parts[1]) > 90)
    throw new UserError(`--center '${text}': expected RA,DEC in degrees with |DEC| ≤ 90, e.g. --center 30,-55`);
  return [parts[0], parts[1]];
}

export function parseSeed(text: string): number {
  const s = Number(text);
  if (!Number.isInteger(s) || s < 0 || s > 2 ** 53)
    throw new UserError(`--seed '${text}': expected a non-negative integer`);
  return s;
}

export function parseBands(text: string | undefined): Band[] {
  if (!text) return [...BAND_NAMES];
  return text.split(',').map((raw) => {
    const b = raw.trim();
    if (!isBand(b)) {
      const hint = closestNames(b, BAND_NAMES);
      throw new UserError(
        `--bands: unknown band '${b}'${hint.length ? `; did you mean ${hint.map((h) => `'${h}'`).join(' or ')}?` : ''}`,
      );
    }
    return b;
  });
}
