/**
 * Loads NWAY's reference runs (../shared/reference/nway, README there) for the parity tests: the
 * input CSVs typed as in their FITS originals (E → float32, J → int32, I → int16) with EXTNAME and
 * SKYAREA from the header dumps, the command lines from timings.tsv, and NWAY's output CSVs.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseHistogramFile } from '../../src/assoc/histogram-file.js';
import { type NwayArgs, parseNwayArgs, splitCommandLine } from '../../src/assoc/nway-args.js';
import { nwayInputs } from '../../src/assoc/nway-inputs.js';
import type { AssociationOptions, CatalogInput, MagHistogram } from '../../src/assoc/types.js';
import { readCsv } from '../../src/io/csv.js';
import { type Column, column, Table, toFloat64 } from '../../src/table/index.js';

export const NWAY_REF = resolve(process.cwd(), '../shared/reference/nway');

/** Header cards of one HDU of a `X.csv.header.txt` dump. */
export function headerCards(path: string, hdu: number): Map<string, string> {
  const text = readFileSync(path, 'utf8');
  const parts = text.split(/^### HDU /m);
  const part = parts.find((p) => p.startsWith(`${hdu} `)) ?? '';
  const cards = new Map<string, string>();
  for (const line of part.split('\n').slice(1)) {
    const m = /^([A-Z0-9_-]{1,8})\s*=\s*(.*)$/.exec(line);
    if (!m) continue;
    let v = m[2].trim();
    if (v.startsWith("'")) v = v.slice(1, v.indexOf("'", 1)).trim();
    else v = v.replace(/\s*\/.*$/, '').trim();
    cards.set(m[1], v);
  }
  return cards;
}

function typed(c: Column, tform: string | undefined): Column {
  const v = toFloat64(c);
  if (tform === 'E') return column(c.name, Float32Array.from(v));
  if (tform === 'J') return column(c.name, Int32Array.from(v));
  if (tform === 'I') return column(c.name, Int16Array.from(v));
  return column(c.name, v);
}

/** An input catalogue as the FITS reader would give it (types, EXTNAME, SKYAREA). */
const inputCache = new Map<string, Table>();
export function loadInputTable(dir: string, fitsName: string): Table {
  const key = join(dir, fitsName);
  const hit = inputCache.get(key);
  if (hit) return hit;
  const t = loadInputTableUncached(dir, fitsName);
  inputCache.set(key, t);
  return t;
}

function loadInputTableUncached(dir: string, fitsName: string): Table {
  const csv = join(dir, fitsName.replace(/\.fits$/, '.csv'));
  const raw = readCsv(csv);
  const cards = headerCards(`${csv}.header.txt`, 1);
  const cols = raw.columns.map((c, i) => typed(c, cards.get(`TFORM${i + 1}`)));
  const area = cards.get('SKYAREA');
  return new Table(cols, { name: cards.get('EXTNAME'), ...(area ? { skyAreaDeg2: Number(area) } : {}) }, raw.nrows);
}

/** Command line of a reference run, from timings.tsv (without `nway.py`). */
export function referenceCommand(label: string): string[] {
  const lines = readFileSync(join(NWAY_REF, 'timings.tsv'), 'utf8').trim().split('\n');
  const line = lines.find((l) => l.split('\t')[0] === label);
  if (!line) throw new Error(`no reference run ${label}`);
  return splitCommandLine(line.split('\t')[4]).slice(1);
}

/** Directory the run was made in. */
export function referenceDir(label: string): string {
  if (label.startsWith('random')) return join(NWAY_REF, 'elltest/input');
  if (label.startsWith('example')) return join(NWAY_REF, 'cosmoslike/input');
  const area = /_(a\d+)$/.exec(label);
  if (!area) throw new Error(`unknown reference run ${label}`);
  return join(NWAY_REF, 'spt/input', area[1]);
}

export function referenceOutputPath(label: string): string {
  const sub = label.startsWith('random') ? 'elltest' : label.startsWith('example') ? 'cosmoslike' : 'spt';
  const base = join(NWAY_REF, sub, 'output', label);
  return existsSync(`${base}.csv`) ? `${base}.csv` : `${base}.csv.gz`;
}

/** Engine inputs for a reference run, built by the same code as `mmassoc nway`. */
export function referenceInputs(label: string): {
  args: NwayArgs;
  catalogs: CatalogInput[];
  options: AssociationOptions;
} {
  const dir = referenceDir(label);
  const args = parseNwayArgs(referenceCommand(label));
  const tables = args.catalogs.map((c) => loadInputTable(dir, c.file));
  const hists: (MagHistogram | undefined)[] = args.mags.map((m) => {
    if (m.source === 'auto') return undefined;
    const local = join(dir, m.source);
    const path = existsSync(local) ? local : join(dir, '../output', m.source);
    return parseHistogramFile(readFileSync(path, 'utf8'), path);
  });
  const { catalogs, options } = nwayInputs(args, tables, hists);
  return { args, catalogs, options };
}

/** Per-column tolerance class of the parity comparison. */
function toleranceOf(name: string): 'prob' | 'logbf' | 'exact' | 'float' {
  if (['dist_post', 'p_single', 'p_any', 'p_i'].includes(name)) return 'prob';
  if (name.startsWith('dist_bayesfactor')) return 'logbf';
  if (name === 'ncat' || name === 'match_flag') return 'exact';
  return 'float';
}

export interface Mismatch {
  column: string;
  /** Row in NWAY's output. */
  refRow: number;
  ours: number;
  ref: number;
}

export interface ParityReport {
  refRows: number;
  ourRows: number;
  /** Row keys (catalogue IDs joined by '/', −99 = absent) that we have and NWAY has not. */
  extraKeys: string[];
  /** NWAY's keys we do not have. */
  missingKeys: string[];
  /** True when the common rows come in the same order. */
  sameOrder: boolean;
  mismatches: Mismatch[];
  maxAbsProb: number;
  maxRelLogBF: number;
  maxRelFloat: number;
}

const gunzipped = new Map<string, Table>();
/** NWAY's output of a run (cached per process). */
export function referenceOutput(label: string): Table {
  const path = referenceOutputPath(label);
  let t = gunzipped.get(path);
  if (!t) {
    t = readCsv(path);
    gunzipped.set(path, t);
  }
  return t;
}

function rowKeys(t: Table, idColumns: string[]): string[] {
  const ids = idColumns.map((c) => t.float64(c));
  const out = new Array<string>(t.nrows);
  for (let i = 0; i < t.nrows; i++) out[i] = ids.map((a) => a[i]).join('/');
  return out;
}

/**
 * Compares our output table with NWAY's, row by row through the catalogues' ID columns, on every
 * column. `skipGroup(primaryId)` leaves whole groups out of the value comparison (groups whose
 * candidate set differs on purpose).
 */
export function compareWithReference(
  ours: Table,
  ref: Table,
  idColumns: string[],
  skipGroup: (primaryId: number) => boolean = () => false,
): ParityReport {
  // Fast path: the same rows in the same order (compared numerically); else align by string keys.
  const ourIds = idColumns.map((c) => ours.float64(c));
  const refIds = idColumns.map((c) => ref.float64(c));
  let identical = ours.nrows === ref.nrows;
  for (let c = 0; c < idColumns.length && identical; c++)
    for (let i = 0; i < ref.nrows; i++)
      if (ourIds[c][i] !== refIds[c][i]) {
        identical = false;
        break;
      }
  let rowOf: (r: number) => number | undefined = (r) => r;
  let extraKeys: string[] = [];
  let missingKeys: string[] = [];
  let sameOrder = true;
  if (!identical) {
    const ok = rowKeys(ours, idColumns);
    const rk = rowKeys(ref, idColumns);
    const ourIndex = new Map<string, number>();
    ok.forEach((k, i) => {
      ourIndex.set(k, i);
    });
    const refSet = new Set(rk);
    extraKeys = ok.filter((k) => !refSet.has(k));
    missingKeys = rk.filter((k) => !ourIndex.has(k));
    let last = -1;
    for (const k of rk) {
      const i = ourIndex.get(k);
      if (i === undefined) continue;
      if (i <= last) sameOrder = false;
      last = i;
    }
    rowOf = (r) => ourIndex.get(rk[r]);
  }
  const report: ParityReport = {
    refRows: ref.nrows,
    ourRows: ours.nrows,
    extraKeys,
    missingKeys,
    sameOrder,
    mismatches: [],
    maxAbsProb: 0,
    maxRelLogBF: 0,
    maxRelFloat: 0,
  };
  const prim = ref.float64(idColumns[0]);
  for (const name of ref.names) {
    if (!ours.has(name)) continue;
    const a = ours.float64(name);
    const b = ref.float64(name);
    const tol = toleranceOf(name);
    for (let r = 0; r < ref.nrows; r++) {
      if (skipGroup(prim[r])) continue;
      const i = rowOf(r);
      if (i === undefined) continue;
      const x = a[i];
      const y = b[r];
      if (Number.isNaN(x) || Number.isNaN(y)) {
        if (!(Number.isNaN(x) && Number.isNaN(y))) report.mismatches.push({ column: name, refRow: r, ours: x, ref: y });
        continue;
      }
      const d = Math.abs(x - y);
      let bad: boolean;
      if (tol === 'prob') {
        report.maxAbsProb = Math.max(report.maxAbsProb, d);
        bad = d > 2e-6;
      } else if (tol === 'logbf') {
        // NWAY stores float32 and evaluates from float32 separations: relative 1e-5, with an absolute
        // floor of 1e-5 where the log BF crosses zero (cancellation of terms of order 10).
        const rel = d / Math.max(1, Math.abs(y));
        report.maxRelLogBF = Math.max(report.maxRelLogBF, rel);
        bad = rel > 1e-5;
      } else if (tol === 'exact') {
        bad = x !== y;
      } else {
        const rel = d / Math.max(1, Math.abs(y));
        report.maxRelFloat = Math.max(report.maxRelFloat, rel);
        bad = rel > 1e-6;
      }
      if (bad) report.mismatches.push({ column: name, refRow: r, ours: x, ref: y });
    }
  }
  return report;
}
