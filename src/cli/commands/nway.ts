/**
 * `mmassoc nway …`: a drop-in for NWAY's `nway.py` command line (docs/association.md "CLI").
 * Arguments are parsed by NWAY's rules (src/assoc/nway-args.ts), not by commander, so that
 * `CAT ERR` pairs and options mix exactly as in NWAY.
 */
import { accessSync, constants, readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Command } from 'commander';
import { type CandidateScan, decodeScan, type ScanColumns, scanFitsCandidates } from '../../assoc/candidate-scan.js';
import { NearPrimaryFilter } from '../../assoc/candidates.js';
import { associate } from '../../assoc/engine.js';
import { associateChunked } from '../../assoc/engine-chunked.js';
import { formatHistogramFile, parseHistogramFile } from '../../assoc/histogram-file.js';
import type { NwayArgs } from '../../assoc/nway-args.js';
import { parseNwayArgs } from '../../assoc/nway-args.js';
import { nwayInputs } from '../../assoc/nway-inputs.js';
import { resultToTable } from '../../assoc/result-table.js';
import { scanInWorker } from '../../assoc/scan-worker.js';
import { FULL_SKY_DEG2 } from '../../assoc/sphere.js';
import { writeAssociationFits } from '../../assoc/stream-output.js';
import type { CatalogInput, MagHistogram } from '../../assoc/types.js';
import { buildZoneIndex } from '../../assoc/zone-index.js';
import { fail, isUserError } from '../../errors.js';
import { writeFileAtomicSync } from '../../io/atomic.js';
import { fitsColumnNames, readFits, readFitsRows, writeFits } from '../../io/fits/index.js';
import { detectFormat, outputFormat } from '../../io/format.js';
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

interface Input {
  table: Table;
  /** Only the computed-on columns were decoded: the others are gathered for the output rows. */
  partial: boolean;
  /** A streamed secondary: the table holds only its candidate rows. */
  scan?: CandidateScan;
}

/** FITS inputs: only the computed-on columns are decoded; the rest are gathered for output rows. */
async function readInput(file: string, args: NwayArgs, i: number, whole = false): Promise<Input> {
  // Other formats load the whole I/O layer (Arrow, Parquet wasm, VOTable): only when needed.
  if (detectFormat(file) !== 'fits')
    return { table: await (await import('../../io/index.js')).readTable(file), partial: false };
  const columns = whole ? undefined : computeColumns(await fitsColumnNames(file), args, i);
  if (columns === undefined) return { table: await readFits(file), partial: false };
  return { table: await readFits(file, { columns }), partial: true };
}

interface PrimaryPositions {
  near: NearPrimaryFilter;
  raDeg: Float64Array;
  decDeg: Float64Array;
}

/**
 * "Has a primary within the radius", from the primary's positions as nwayInputs will read them;
 * undefined when they cannot be read (nwayInputs then reports why, in its order).
 */
function primaryFilter(primary: Table, radiusArcsec: number): PrimaryPositions | undefined {
  const ra = keyName(primary.names, 'RA');
  const dec = keyName(primary.names, 'DEC');
  if (ra === undefined || dec === undefined) return undefined;
  try {
    const raDeg = primary.float64(ra);
    const decDeg = primary.float64(dec);
    const index = buildZoneIndex(raDeg, decDeg, radiusArcsec);
    return { near: new NearPrimaryFilter(index, radiusArcsec), raDeg, decDeg };
  } catch (err) {
    if (isUserError(err)) return undefined;
    throw err;
  }
}

/**
 * The columns to stream a secondary FITS catalogue by, keeping only the rows that can be candidates
 * (all columns of those rows); undefined when it must be read whole (not FITS, a column that does
 * not resolve, a --mag prior, whose automatic histograms need every source, or a file that cannot
 * be opened: reading it in its turn then reports why).
 */
async function scanColumns(file: string, args: NwayArgs, i: number): Promise<ScanColumns | undefined> {
  try {
    if (args.mags.length > 0 || detectFormat(file) !== 'fits') return undefined;
    const names = await fitsColumnNames(file);
    if (computeColumns(names, args, i) === undefined) return undefined;
    const err = args.catalogs[i].error;
    const errors =
      err.kind === 'fixed'
        ? err
        : { kind: 'columns' as const, columns: err.columns.map((c) => exactName(names, c) as string) };
    return { ra: keyName(names, 'RA') as string, dec: keyName(names, 'DEC') as string, errors };
  } catch (err) {
    if (isUserError(err)) return undefined;
    throw err;
  }
}

/**
 * Files at least this large are scanned on a worker thread while the main thread scans another
 * secondary (two cores at work); below it, starting a thread costs more than it saves.
 */
const WORKER_MIN_BYTES = 32 << 20;

/** Reads the secondaries, streaming those that can be (the last large one on a worker thread). */
async function readSecondaries(args: NwayArgs, primary: Table, whole: boolean): Promise<Input[]> {
  const prim = primaryFilter(primary, args.radiusArcsec);
  const k = args.catalogs.length;
  const plans: (ScanColumns | undefined)[] = [undefined];
  for (let i = 1; i < k; i++) plans.push(prim && (await scanColumns(args.catalogs[i].file, args, i)));
  let offload = -1;
  if (prim && plans.filter(Boolean).length >= 2)
    for (let i = k - 1; i >= 1 && offload < 0; i--)
      if (plans[i] && statSync(args.catalogs[i].file).size >= WORKER_MIN_BYTES) offload = i;
  const offloaded =
    prim && offload > 0
      ? scanInWorker({
          path: args.catalogs[offload].file,
          cols: plans[offload] as ScanColumns,
          primaryRa: prim.raDeg,
          primaryDec: prim.decDeg,
          radiusArcsec: args.radiusArcsec,
        })
      : undefined;
  // Settled later in catalogue order; until then a failure must not count as unhandled.
  offloaded?.catch(() => {});
  const out: Input[] = [];
  for (let i = 1; i < k; i++) {
    const file = args.catalogs[i].file;
    const plan = plans[i];
    let scan: CandidateScan | undefined;
    if (i === offload) {
      const raw = await offloaded;
      scan = raw && (await decodeScan(file, raw));
    } else if (prim && plan) scan = await scanFitsCandidates(file, plan, prim.near);
    out.push(scan ? { table: scan.table, partial: false, scan } : await readInput(file, args, i, whole));
  }
  return out;
}

/** The output folder must take a temporary file (same check and message as writeTable's). */
function checkWritableFolder(path: string): void {
  const dir = dirname(resolve(path));
  try {
    accessSync(dir, constants.W_OK);
  } catch (err) {
    fail(
      path,
      `cannot write: the folder '${dir}' does not exist or is not writable (${(err as NodeJS.ErrnoException).code})`,
    );
  }
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
  // Streamed output (rows written as groups are scored) where nothing needs every row first: no
  // automatic magnitude histograms, no --min-prob (its dropped rows could change the FITS header).
  const streamed = args.mags.length === 0 && !(args.minProb > 0) && /\.(fits|fit|fts)$/i.test(args.out);
  // One file after another: the reads are synchronous underneath, and in turn they share one buffer.
  const inputs: Input[] = [await readInput(args.catalogs[0].file, args, 0, streamed)];
  inputs.push(...(await readSecondaries(args, inputs[0].table, streamed)));
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
  const subsets = inputs.map((x) => (x.scan ? { fileRows: x.scan.fileRows, sourceCount: x.scan.nrows } : undefined));
  const { catalogs, options } = nwayInputs(args, tables, hists, subsets);
  for (const c of catalogs) {
    const n = c.sourceCount ?? c.raDeg.length;
    log(
      `nway: ${c.name}: ${n} sources over ${c.skyAreaDeg2} deg² → ${((n / c.skyAreaDeg2) * FULL_SKY_DEG2).toExponential(2)} on the whole sky`,
    );
  }
  if (args.magRadiusArcsec !== undefined && args.magRadiusArcsec >= args.radiusArcsec)
    warn(
      `--mag-radius ${args.magRadiusArcsec}″ is not smaller than --radius ${args.radiusArcsec}″: every candidate counts as a secure match`,
    );
  for (const [ci, c] of catalogs.entries()) {
    let maxVar = inputs[ci].scan?.maxVarArcsec2 ?? 0;
    if (!inputs[ci].scan)
      for (let i = 0; i < c.errors.varEastArcsec2.length; i++)
        maxVar = Math.max(maxVar, c.errors.varEastArcsec2[i], c.errors.varNorthArcsec2[i]);
    if (Math.sqrt(maxVar) > args.radiusArcsec)
      warn(
        `${c.name}: positional errors up to ${Math.sqrt(maxVar).toPrecision(3)}″ exceed --radius ${args.radiusArcsec}″; true counterparts beyond the radius cannot be found (use a radius of several σ)`,
      );
  }
  const meta = (outCatalogs: CatalogInput[], biasNames: string[]) => ({
    name: 'NWAYMATCH',
    keywords: {
      METHOD: 'NWAY multi-way matching (mmassoc)',
      INPUT: args.catalogs.map((c) => c.file).join(', '),
      TABLES: catalogs.map((c) => c.name).join(', '),
      BIASING: biasNames.join(', '),
      NWAYCMD: ['mmassoc nway', ...argv].join(' '),
      COL_PRIM: `${catalogs[0].name}_${primaryIdColumn(outCatalogs[0].table)}`,
      COLS_ERR: catalogs.map((c, i) => `${c.name}_${args.catalogs[i].errorText}`).join(' '),
    },
  });
  const bar = progressBar('matching');
  const t0 = performance.now();
  if (streamed) {
    let nrows: number;
    try {
      checkWritableFolder(args.out);
      const chunked = associateChunked(catalogs, { ...options, onProgress: bar.update });
      nrows = await writeAssociationFits(args.out, chunked, catalogs, meta(catalogs, []));
    } finally {
      bar.stop();
    }
    log(
      `nway: ${nrows} associations of ${catalogs[0].raDeg.length} primaries in ${((performance.now() - t0) / 1000).toFixed(2)} s → ${args.out}`,
    );
    return args.out;
  }
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
  const table = resultToTable({ ...res, catalogs: outCatalogs, rows: outRows }).withMeta(
    meta(outCatalogs, res.biasNames),
  );
  if (outputFormat(args.out) === 'fits') {
    checkWritableFolder(args.out);
    await writeFits(args.out, table);
  } else await (await import('../../io/index.js')).writeTable(args.out, table);
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
