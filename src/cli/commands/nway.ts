/**
 * `mmassoc nway …`: a drop-in for NWAY's `nway.py` command line (docs/association.md "CLI").
 * Arguments are parsed by NWAY's rules (src/assoc/nway-args.ts), not by commander, so that
 * `CAT ERR` pairs and options mix exactly as in NWAY.
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { associate } from '../../assoc/engine.js';
import { formatHistogramFile, parseHistogramFile } from '../../assoc/histogram-file.js';
import type { NwayArgs } from '../../assoc/nway-args.js';
import { parseNwayArgs } from '../../assoc/nway-args.js';
import { nwayInputs } from '../../assoc/nway-inputs.js';
import { resultToTable } from '../../assoc/result-table.js';
import { FULL_SKY_DEG2 } from '../../assoc/sphere.js';
import type { MagHistogram } from '../../assoc/types.js';
import { fail } from '../../errors.js';
import { writeFileAtomicSync } from '../../io/atomic.js';
import { fitsColumnNames, readFits, readFitsRows } from '../../io/fits/index.js';
import { detectFormat, readTable, writeTable } from '../../io/index.js';
import { closestNames, type Table } from '../../table/index.js';
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

/** NWAY's fuzzy key lookup (nway-inputs.ts findKeyColumn) over a list of names. */
function keyName(names: string[], key: string): string | undefined {
  const k = key.toLowerCase();
  return (
    names.find((n) => n.toLowerCase() === k) ??
    names.find((n) => n.toLowerCase().startsWith(k)) ??
    names.find((n) => n.toLowerCase().includes(k))
  );
}

/** The exact-then-case-insensitive lookup of error and --mag columns (Table.has, Table.findColumn). */
function exactName(names: string[], name: string): string | undefined {
  return names.includes(name) ? name : names.find((n) => n.toLowerCase() === name.toLowerCase());
}

/**
 * The columns of catalogue i that the computation reads (RA, Dec, errors, any --mag column of that
 * name), or undefined when one does not resolve (then the whole table is read, so that the error
 * message names every column). Each resolved column is the first match of its lookup in the full
 * list, so the same lookups on this subset (kept in file order) pick the same columns.
 */
function computeColumns(names: string[], args: NwayArgs, i: number): string[] | undefined {
  const want = [keyName(names, 'RA'), keyName(names, 'DEC')];
  const err = args.catalogs[i].error;
  if (err.kind === 'columns') for (const c of err.columns) want.push(exactName(names, c));
  for (const m of args.mags) {
    const c = exactName(names, m.column);
    // A --mag column of another table, or a typo: its did-you-mean names are kept so that the
    // message built from the subset is the one the whole table would give.
    if (c !== undefined) want.push(c);
    else want.push(...closestNames(m.column, names));
  }
  if (want.some((c) => c === undefined)) return undefined;
  return [...new Set(want as string[])];
}

/** FITS inputs: only the computed-on columns are decoded; the rest are gathered for output rows. */
async function readInput(file: string, args: NwayArgs, i: number): Promise<{ table: Table; partial: boolean }> {
  if (detectFormat(file) !== 'fits') return { table: await readTable(file), partial: false };
  const columns = computeColumns(await fitsColumnNames(file), args, i);
  if (columns === undefined) return { table: await readFits(file), partial: false };
  return { table: await readFits(file, { columns }), partial: true };
}

/** Distinct input rows of an output row list (ascending, no −1) and each output row's index into them. */
function compactRows(rows: Int32Array, nInput: number): { distinct: Int32Array; index: Int32Array } {
  // A flag per input row instead of sorting: O(n) and no comparison sort of a million rows.
  const seen = new Uint8Array(nInput);
  let m = 0;
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    if (r >= 0 && seen[r] === 0) {
      seen[r] = 1;
      m++;
    }
  }
  const distinct = new Int32Array(m);
  for (let r = 0, k = 0; k < m; r++) if (seen[r] === 1) distinct[k++] = r;
  const index = new Int32Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    if (r < 0) {
      index[i] = -1;
      continue;
    }
    let lo = 0;
    let hi = m - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (distinct[mid] < r) lo = mid + 1;
      else hi = mid;
    }
    index[i] = lo;
  }
  return { distinct, index };
}

/** Runs NWAY's command line; returns the output table path. */
export async function runNway(argv: readonly string[]): Promise<string> {
  const args = parseNwayArgs(argv);
  // One file after another: the reads are synchronous underneath, and in turn they share one buffer.
  const inputs: { table: Table; partial: boolean }[] = [];
  for (let i = 0; i < args.catalogs.length; i++) inputs.push(await readInput(args.catalogs[i].file, args, i));
  const tables = inputs.map((x) => x.table);
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
  // Partly read catalogues: every input column is copied for the output rows only.
  const outRows = res.rows.slice();
  const outCatalogs = catalogs.slice();
  for (let i = 0; i < catalogs.length; i++) {
    if (!inputs[i].partial) continue;
    const { distinct, index } = compactRows(res.rows[i], catalogs[i].raDeg.length);
    outRows[i] = index;
    outCatalogs[i] = { ...catalogs[i], table: await readFitsRows(args.catalogs[i].file, distinct) };
  }
  const table = resultToTable({ ...res, catalogs: outCatalogs, rows: outRows }).withMeta({
    name: 'NWAYMATCH',
    keywords: {
      METHOD: 'NWAY multi-way matching (mmassoc)',
      INPUT: args.catalogs.map((c) => c.file).join(', '),
      TABLES: catalogs.map((c) => c.name).join(', '),
      BIASING: res.biasNames.join(', '),
      NWAYCMD: ['mmassoc nway', ...argv].join(' '),
      COL_PRIM: `${catalogs[0].name}_${primaryIdColumn(outCatalogs[0].table)}`,
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
