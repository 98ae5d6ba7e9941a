/**
 * `mmassoc nway …`: a drop-in for NWAY's `nway.py` command line (docs/association.md "CLI").
 * Arguments are parsed by NWAY's rules (src/assoc/nway-args.ts), not by commander, so that
 * `CAT ERR` pairs and options mix exactly as in NWAY.
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { associate } from '../../assoc/engine.js';
import { formatHistogramFile, parseHistogramFile } from '../../assoc/histogram-file.js';
import { parseNwayArgs } from '../../assoc/nway-args.js';
import { nwayInputs } from '../../assoc/nway-inputs.js';
import { FULL_SKY_DEG2 } from '../../assoc/sphere.js';
import type { MagHistogram } from '../../assoc/types.js';
import { fail } from '../../errors.js';
import { writeFileAtomicSync } from '../../io/atomic.js';
import { readTable, writeTable } from '../../io/index.js';
import type { Table } from '../../table/index.js';
import { log, progressBar, warn } from '../progress.js';

const USAGE = `CAT1 ERR1 CAT2 ERR2 [...] --radius ARCSEC --out FILE [--prior-completeness C|C1:C2:..]
  [--mag TABLE:COLUMN auto|HISTFILE]... [--mag-radius ARCSEC] [--mag-exclude-radius ARCSEC]
  [--mag-auto-minprob P] [--acceptable-prob P] [--min-prob P] [--ignore-unrelated-associations]
ERR: a number (1-sigma arcsec), :COL, :RAERR:DECERR or :A:B:PA (1-sigma axes, PA east of north)`;

/** NWAY's ID column of the primary (exact 'ID', then a prefix, then a substring), else the first column. */
function primaryIdColumn(table: Table): string {
  const names = table.names;
  return (
    names.find((n) => n.toLowerCase() === 'id') ??
    names.find((n) => n.toLowerCase().startsWith('id')) ??
    names.find((n) => n.toLowerCase().includes('id')) ??
    names[0]
  );
}

/** Runs NWAY's command line; returns the output table path. */
export async function runNway(argv: readonly string[]): Promise<string> {
  const args = parseNwayArgs(argv);
  const tables = await Promise.all(args.catalogs.map((c) => readTable(c.file)));
  const hists: (MagHistogram | undefined)[] = args.mags.map((m) => {
    if (m.source === 'auto') return undefined;
    let text: string;
    try {
      text = readFileSync(m.source, 'utf8');
    } catch {
      fail(
        m.source,
        `cannot read the histogram file given to --mag ${m.table}:${m.column}; give a file 'lo hi selected others' or 'auto'`,
      );
    }
    return parseHistogramFile(text, m.source);
  });
  const { catalogs, options } = nwayInputs(args, tables, hists);
  for (const c of catalogs)
    log(
      `nway: ${c.name}: ${c.raDeg.length} sources over ${c.skyAreaDeg2} deg² → ${((c.raDeg.length / c.skyAreaDeg2) * FULL_SKY_DEG2).toExponential(2)} on the whole sky`,
    );
  if (args.magRadiusArcsec !== undefined && args.magRadiusArcsec >= args.radiusArcsec)
    warn(
      `--mag-radius ${args.magRadiusArcsec}″ is not smaller than --radius ${args.radiusArcsec}″: every candidate counts as a secure match`,
    );
  for (const c of catalogs) {
    let maxVar = 0;
    for (let i = 0; i < c.errors.varEastArcsec2.length; i++)
      maxVar = Math.max(maxVar, c.errors.varEastArcsec2[i], c.errors.varNorthArcsec2[i]);
    if (Math.sqrt(maxVar) > args.radiusArcsec)
      warn(
        `${c.name}: positional errors up to ${Math.sqrt(maxVar).toPrecision(3)}″ exceed --radius ${args.radiusArcsec}″; true counterparts beyond the radius cannot be found (use a radius of several σ)`,
      );
  }
  const bar = progressBar('matching');
  const t0 = performance.now();
  let res: ReturnType<typeof associate>;
  try {
    res = associate(catalogs, { ...options, onProgress: bar.update });
  } finally {
    bar.stop();
  }
  for (const h of res.histograms) {
    if (!h.automatic) continue;
    const name = `${catalogs[h.catalog].name}_${h.column}_fit.txt`;
    writeFileAtomicSync(name, formatHistogramFile(h));
    log(
      `nway: histogram of ${catalogs[h.catalog].name}:${h.column}: ${h.nSelected} secure matches, ${h.nOthers} field sources → ${name}`,
    );
  }
  const table = res.toTable().withMeta({
    name: 'NWAYMATCH',
    keywords: {
      METHOD: 'NWAY multi-way matching (mmassoc)',
      INPUT: args.catalogs.map((c) => c.file).join(', '),
      TABLES: catalogs.map((c) => c.name).join(', '),
      BIASING: res.biasNames.join(', '),
      NWAYCMD: ['mmassoc nway', ...argv].join(' '),
      COL_PRIM: `${catalogs[0].name}_${primaryIdColumn(catalogs[0].table)}`,
      COLS_ERR: catalogs.map((c, i) => `${c.name}_${args.catalogs[i].errorText}`).join(' '),
    },
  });
  await writeTable(args.out, table);
  log(
    `nway: ${res.nrows} associations of ${catalogs[0].raDeg.length} primaries in ${((performance.now() - t0) / 1000).toFixed(2)} s → ${args.out}`,
  );
  return args.out;
}

export function register(program: Command): void {
  program
    .command('nway')
    .description("NWAY-compatible multi-catalogue association: takes nway.py's own command line")
    .usage(USAGE)
    .argument('[args...]')
    .allowUnknownOption(true)
    .allowExcessArguments(true)
    .helpOption('-h, --help')
    .action(async (_args: string[], _opts: unknown, cmd: Command) => {
      await runNway(cmd.args);
    });
}
