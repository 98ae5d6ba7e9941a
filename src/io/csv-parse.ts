/**
 * CSV/TSV bytes → Table, in one pass over the bytes for numeric columns (values parsed from the
 * bytes into growing Float64Arrays) and a second pass only for the columns that turned out to
 * hold text or 64-bit integers beyond 2^53 (which a float64 cannot carry exactly).
 *
 * Column types: all integers within int32 → Int32Array; other integers → Float64Array, or
 * BigInt64Array when some exceed 2^53 (exact); any decimal point, exponent, NaN or inf →
 * Float64Array; only true/false → bool; anything else (including a quoted field, which marks
 * text as R and Python's QUOTE_NONNUMERIC do) → strings. An empty unquoted field is null;
 * `""` is the empty string.
 */
import { fail } from '../errors.js';
import { type Column, column } from '../table/column.js';
import { Table } from '../table/table.js';
import { type DecimalSlot, forgetView, parseDecimal, scanNumber } from './csv-number.js';
import { Prefaulter, prefaultWorthwhile } from './csv-prefault.js';
import { closingQuote, lineOf, RecordScanner } from './csv-scan.js';

const K_NULL = 0;
const K_INT = 1;
const K_FLOAT = 2;
const K_BOOL = 3;
const K_TEXT = 4;

// The field classes of csv-number.ts, as local constants: the hot loop then reads no imported
// bindings (which some loaders turn into getter calls).
const F_TEXT = 0;
const F_INT = 1;
const F_FLOAT = 2;
const F_BOOL = 3;

const QUOTE = 34;
const LF = 10;
const CR = 13;

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;
const INT64_LIMIT = 2 ** 63;

export interface CsvParseOptions {
  delimiter?: string;
  fileName?: string;
}

/** Where the blocks' bytes came from, for the second (text) pass. */
export interface CsvSource {
  /** The bytes [start, end) of the whole input (only ranges that held whole records are asked). */
  read(start: number, end: number): Uint8Array;
}

/** Parses a whole in-memory CSV. */
export function parseCsvBytes(input: Uint8Array, opts: CsvParseOptions = {}): Table {
  const b = Buffer.isBuffer(input) ? input : Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  const acc = new CsvAccumulator(opts, b.length);
  acc.feed(b, 0, true);
  return acc.finish({ read: (s, e) => b.subarray(s, e) });
}

/**
 * Pass 1 over a CSV given block by block (each block starting at a record boundary): numeric
 * values go straight into the columns, so that memory holds the columns plus one block. Text
 * columns are decoded in `finish`, which reads back only the byte ranges of whole records.
 */
export class CsvAccumulator {
  private readonly file: string;
  private readonly delimiter: string;
  private readonly delim: number;
  private names: string[] = [];
  private ncols = 0;
  private started = false;
  private kinds = new Uint8Array(0);
  private fitsInt32 = new Uint8Array(0);
  private beyond53 = new Uint8Array(0);
  private beyond64 = new Uint8Array(0);
  private cap = 0;
  private vals: Float64Array[] = [];
  private nulls: (Uint8Array | undefined)[] = [];
  private row = 0;
  /** Consumed byte ranges [start, end) and the first row of each, for the text pass. */
  private readonly segStart: number[] = [];
  private readonly segEnd: number[] = [];
  private readonly segRow: number[] = [];
  /** Rows per input byte, as estimated from the first record (for the prefault helper's target). */
  private rowsPerByte = 0;
  private prefault: Prefaulter | null = null;
  /** Line number lookup while a block is parsed (set per block). */
  private lineAt: (pos: number) => number = () => 0;

  constructor(
    opts: CsvParseOptions,
    /** The input's total size in bytes when known (sizes the columns), else 0. */
    private readonly totalBytes: number,
  ) {
    this.file = opts.fileName ?? 'CSV input';
    this.delimiter = opts.delimiter ?? ',';
    if (this.delimiter.length !== 1 || this.delimiter.charCodeAt(0) > 127)
      fail(this.file, `delimiter '${this.delimiter}' must be one ASCII character`);
    this.delim = this.delimiter.charCodeAt(0);
  }

  /**
   * Parses the records of block `b`, which starts at absolute offset `base`. Unless `final`, the
   * block must end just after a line break; a record whose quoted field runs past the block is
   * left for the next block. Returns how many bytes of `b` were consumed (whole records).
   * `lineAt` maps an absolute offset to its line number for error messages (by default counted
   * in `b`, right only when `b` is the whole input).
   */
  feed(input: Uint8Array, base: number, final: boolean, lineAt?: (pos: number) => number): number {
    const b = toBuffer(input);
    const file = this.file;
    const delim = this.delim;
    this.lineAt = lineAt ?? ((pos) => lineOf(b, pos - base));
    const lineInBlock = (p: number) => this.lineAt(base + p);
    let pos = 0;
    if (!this.started) {
      if (b.length === 0) fail(file, 'the file is empty; a CSV needs a header row of column names');
      const bom = b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf ? 3 : 0;
      // Only blank or comment lines so far: wait for a block that holds the header.
      if (!final && !headerStarts(b, bom)) return 0;
      const header = readHeader(b, bom, delim, file);
      this.names = header.list;
      pos = header.dataStart;
      const ncols = this.names.length;
      this.ncols = ncols;
      this.kinds = new Uint8Array(ncols);
      this.fitsInt32 = new Uint8Array(ncols).fill(1);
      this.beyond53 = new Uint8Array(ncols);
      this.beyond64 = new Uint8Array(ncols);
      this.cap = estimateRows(b, pos, Math.max(this.totalBytes, b.length));
      this.rowsPerByte = this.cap / Math.max(1, this.totalBytes, b.length);
      const shared = prefaultWorthwhile(this.cap * ncols * 8);
      this.vals = this.names.map(() =>
        shared ? new Float64Array(new SharedArrayBuffer(this.cap * 8)) : new Float64Array(this.cap),
      );
      if (shared) this.prefault = Prefaulter.start(this.vals);
      this.nulls = this.names.map(() => undefined);
      this.started = true;
    }
    const ncols = this.ncols;
    const kinds = this.kinds;
    const fitsInt32 = this.fitsInt32;
    const beyond53 = this.beyond53;
    const beyond64 = this.beyond64;
    let vals = this.vals;
    let nulls = this.nulls;
    let cap = this.cap;
    const slot: DecimalSlot = { value: 0, bigInt: false, cls: F_TEXT };
    const segFirst = pos;
    const firstRow = this.row;
    // The helper may touch the rows of this block and of the next one (estimated from the sizes).
    const nextBytes = Math.min(b.length, Math.max(0, this.totalBytes - base - b.length));
    this.prefault?.advance(Math.min(cap, firstRow + Math.ceil((b.length + nextBytes) * this.rowsPerByte)));

    // One walk over the bytes. A field that starts like a number is parsed while its end is
    // found; anything else is delimited first and then classified.
    const n = b.length;
    let row = this.row;
    while (pos < n) {
      while (pos < n && (b[pos] === LF || b[pos] === CR)) pos++;
      if (pos >= n) break;
      const rowStart = pos;
      if (row === cap) {
        // The helper's arrays are about to be replaced; it would only keep them alive.
        this.prefault?.stop();
        this.prefault = null;
        cap = Math.ceil(cap * 1.5) + 16;
        vals = vals.map((v) => growF64(v, cap));
        nulls = nulls.map((m) => (m ? growU8(m, cap) : m));
      }
      let c = 0;
      let open = false;
      for (;;) {
        const s = pos;
        const k = c < ncols ? kinds[c] : K_TEXT;
        let e: number;
        if (k === K_FLOAT && pos < n) {
          // Steady state of a float column: a number ending at a separator needs no typing.
          const c0 = b[pos];
          if (c0 - 48 <= 9 && c0 >= 43 && c0 !== 44 && c0 !== 47) {
            const stop = parseDecimal(b, pos, n, slot);
            const ch = stop === n ? LF : b[stop];
            if (stop >= 0 && (ch === delim || ch === LF || ch === CR)) {
              vals[c][row] = slot.value;
              pos = stop;
              c++;
              if (ch === delim) {
                pos++;
                continue;
              }
              if (pos < n) pos += ch === CR && pos + 1 < n && b[pos + 1] === LF ? 2 : 1;
              break;
            }
          }
        }
        if (pos < n && b[pos] === QUOTE) {
          e = closingQuote(b, pos, delim, c + 1, file, final, lineInBlock);
          if (e < 0) {
            open = true;
            break;
          }
          pos = e + 1;
          if (c < ncols) kinds[c] = K_TEXT;
        } else {
          let t = F_TEXT;
          e = -1;
          if (k !== K_TEXT && pos < n) {
            const c0 = b[pos];
            if ((c0 >= 48 && c0 <= 57) || c0 === 45 || c0 === 46 || c0 === 43) {
              const stop = parseDecimal(b, pos, n, slot);
              if (stop >= 0 && (stop === n || b[stop] === delim || b[stop] === LF || b[stop] === CR)) {
                e = stop;
                t = slot.cls;
              }
            }
          }
          if (e < 0) {
            e = pos;
            while (e < n) {
              const ch = b[e];
              if (ch === delim || ch === LF || ch === CR) break;
              e++;
            }
            if (k !== K_TEXT) {
              t = s === e ? F_TEXT : scanNumber(b, s, e, slot);
              if (t === F_TEXT) {
                if (isBlank(b, s, e)) {
                  let m = nulls[c];
                  if (!m) {
                    m = new Uint8Array(cap);
                    nulls[c] = m;
                  }
                  m[row] = 1;
                  vals[c][row] = Number.NaN;
                } else kinds[c] = K_TEXT;
              }
            }
          }
          pos = e;
          if (t !== F_TEXT) {
            const v = slot.value;
            vals[c][row] = v;
            if (t === F_INT) {
              if (k === K_NULL) kinds[c] = K_INT;
              else if (k === K_BOOL) kinds[c] = K_TEXT;
              if (v < INT32_MIN || v > INT32_MAX) fitsInt32[c] = 0;
              if (slot.bigInt) {
                beyond53[c] = 1;
                // 2^63 - 1 rounds to the double 2^63, so only a value beyond that is surely too wide;
                // the exact check happens on the text in the second pass.
                if (v > INT64_LIMIT || v < -INT64_LIMIT) beyond64[c] = 1;
              }
            } else if (t === F_FLOAT) {
              if (k === K_NULL || k === K_INT) kinds[c] = K_FLOAT;
              else if (k === K_BOOL) kinds[c] = K_TEXT;
            } else if (t === F_BOOL) {
              if (k === K_NULL) kinds[c] = K_BOOL;
              else if (k !== K_BOOL) kinds[c] = K_TEXT;
            }
          }
        }
        c++;
        if (pos < n && b[pos] === delim) {
          pos++;
          continue;
        }
        if (pos < n) pos += b[pos] === CR && pos + 1 < n && b[pos + 1] === LF ? 2 : 1;
        break;
      }
      if (open) {
        // The row's fields so far are re-parsed with the next block; the type changes they made
        // are idempotent, so parsing them twice changes nothing.
        pos = rowStart;
        break;
      }
      if (c !== ncols) raggedRow(rowStart, base, row + 1, c, ncols, file, this.delimiter, this.lineAt);
      row++;
    }
    forgetView();
    this.vals = vals;
    this.nulls = nulls;
    this.cap = cap;
    if (row > firstRow) {
      this.segStart.push(base + segFirst);
      this.segEnd.push(base + pos);
      this.segRow.push(firstRow);
    }
    this.row = row;
    return pos;
  }

  /** Builds the Table; `source` gives back the bytes of whole records for text columns. */
  finish(source: CsvSource): Table {
    this.prefault?.stop();
    this.prefault = null;
    if (!this.started) fail(this.file, 'the file is empty; a CSV needs a header row of column names');
    const { ncols, kinds, beyond53, beyond64, fitsInt32, vals, nulls } = this;
    const nrows = this.row;
    const textCols: number[] = [];
    for (let c = 0; c < ncols; c++)
      if (kinds[c] === K_TEXT || (kinds[c] === K_INT && beyond53[c] && !beyond64[c])) textCols.push(c);
    const texts: TextColumn[] = textCols.map(() => ({ values: new Array<string>(nrows) }));
    if (textCols.length > 0)
      for (let i = 0; i < this.segStart.length; i++) {
        const b = source.read(this.segStart[i], this.segEnd[i]);
        const rows = (i + 1 < this.segRow.length ? this.segRow[i + 1] : nrows) - this.segRow[i];
        collectText(toBuffer(b), this.delim, ncols, this.segRow[i], rows, nrows, textCols, texts, this.file);
      }

    const cols: Column[] = [];
    for (let c = 0; c < ncols; c++) {
      const name = this.names[c];
      const m = nulls[c] ? nulls[c]!.subarray(0, nrows) : undefined;
      const nullOpt = m ? { nulls: m.slice() } : {};
      const ti = textCols.indexOf(c);
      if (kinds[c] === K_TEXT) {
        const strs = texts[ti].values;
        const sn = texts[ti].nulls;
        cols.push(column(name, strs, sn ? { nulls: sn } : {}));
      } else if (kinds[c] === K_INT && ti >= 0 && fitsInt64(texts[ti].values, m)) {
        const strs = texts[ti].values;
        const out = new BigInt64Array(nrows);
        for (let r = 0; r < nrows; r++) if (!m?.[r]) out[r] = BigInt(strs[r].trim());
        cols.push(column(name, out, nullOpt));
      } else if (kinds[c] === K_INT && fitsInt32[c]) {
        const src = vals[c];
        const out = new Int32Array(nrows);
        for (let r = 0; r < nrows; r++) out[r] = m?.[r] ? 0 : src[r];
        cols.push(column(name, out, nullOpt));
      } else if (kinds[c] === K_BOOL) {
        const src = vals[c];
        const out = new Uint8Array(nrows);
        for (let r = 0; r < nrows; r++) out[r] = m?.[r] ? 0 : src[r];
        cols.push(column(name, out, { kind: 'bool', ...nullOpt }));
      } else {
        // A little unused capacity is cheaper to keep than a second copy of the column.
        const v = vals[c];
        cols.push(column(name, nrows >= 0.9 * v.length ? v.subarray(0, nrows) : v.slice(0, nrows), nullOpt));
      }
    }
    return new Table(cols, { name: tableName(this.file) }, nrows);
  }
}

function toBuffer(b: Uint8Array): Buffer {
  return Buffer.isBuffer(b) ? b : Buffer.from(b.buffer, b.byteOffset, b.byteLength);
}

/** Whether a line other than a blank line or a `#` comment starts in b after `p`. */
function headerStarts(b: Uint8Array, p: number): boolean {
  const n = b.length;
  for (;;) {
    while (p < n && (b[p] === LF || b[p] === CR)) p++;
    if (p >= n) return false;
    if (b[p] !== 35) return true;
    while (p < n && b[p] !== LF && b[p] !== CR) p++;
  }
}

interface Header {
  list: string[];
  dataStart: number;
}

function readHeader(b: Buffer, start: number, delim: number, file: string): Header {
  const probe = new RecordScanner(b, start, delim, 1 << 16, file);
  for (;;) {
    if (!probe.atRecord())
      fail(file, 'no header row (the file holds only comments or blank lines); add a line of column names');
    if (!probe.atComment()) break;
    probe.skipLine();
  }
  probe.next();
  const n = probe.nfields;
  if (n > probe.capacity) fail(file, `the header has ${n} fields; at most ${probe.capacity} columns are supported`);
  const list: string[] = [];
  const seen = new Map<string, number>();
  for (let c = 0; c < n; c++) {
    let name = b.toString('utf8', probe.starts[c], probe.ends[c]);
    if (probe.quoted[c] === 2) name = name.replace(/""/g, '"');
    name = name.trim();
    if (name === '') name = `col${c + 1}`;
    const prev = seen.get(name);
    if (prev !== undefined)
      fail(file, `column name '${name}' appears twice in the header (columns ${prev + 1} and ${c + 1}); rename one`);
    seen.set(name, c);
    list.push(name);
  }
  return { list, dataStart: probe.pos };
}

interface TextColumn {
  values: string[];
  nulls?: Uint8Array;
}

function collectText(
  b: Buffer,
  delim: number,
  ncols: number,
  row0: number,
  rows: number,
  nrows: number,
  cols: number[],
  out: TextColumn[],
  file: string,
): void {
  const sc = new RecordScanner(b, 0, delim, ncols + 1, file);
  for (let r = row0; r < row0 + rows; r++) {
    sc.atRecord();
    sc.next();
    for (let j = 0; j < cols.length; j++) {
      const c = cols[j];
      const q = sc.quoted[c];
      const s = sc.starts[c];
      const e = sc.ends[c];
      let v = s === e ? '' : b.toString('utf8', s, e);
      if (q === 2) v = v.replace(/""/g, '"');
      const col = out[j];
      col.values[r] = v;
      if (q === 0 && v.trim() === '') {
        col.values[r] = '';
        if (!col.nulls) col.nulls = new Uint8Array(nrows);
        col.nulls[r] = 1;
      }
    }
  }
}

function fitsInt64(strs: string[], nulls: Uint8Array | undefined): boolean {
  for (let r = 0; r < strs.length; r++) {
    if (nulls?.[r]) continue;
    const v = BigInt(strs[r].trim());
    if (v !== BigInt.asIntN(64, v)) return false;
  }
  return true;
}

function isBlank(b: Uint8Array, s: number, e: number): boolean {
  for (let i = s; i < e; i++) if (b[i] !== 32 && b[i] !== 9) return false;
  return true;
}

function raggedRow(
  pos: number,
  base: number,
  row: number,
  got: number,
  want: number,
  file: string,
  delim: string,
  lineAt: (pos: number) => number,
): never {
  const what = delim === '\t' ? 'tabs' : delim === ',' ? 'commas' : `'${delim}'`;
  fail(
    file,
    `row ${row} (line ${lineAt(base + pos)}) has ${got} field${got === 1 ? '' : 's'}, the header has ${want}; quote fields that contain ${what}`,
  );
}

/** Row count guessed from the first data line's length: growth copies are then rare. */
function estimateRows(b: Uint8Array, start: number, totalBytes: number): number {
  while (start < b.length && (b[start] === LF || b[start] === CR)) start++;
  if (start >= b.length) return 16;
  const lf = b.indexOf(LF, start);
  const len = Math.max(2, (lf < 0 ? b.length : lf + 1) - start);
  return Math.ceil(((totalBytes - start) / len) * 1.05) + 16;
}

function growF64(a: Float64Array, n: number): Float64Array {
  const out = new Float64Array(n);
  out.set(a);
  return out;
}

function growU8(a: Uint8Array, n: number): Uint8Array {
  const out = new Uint8Array(n);
  out.set(a);
  return out;
}

function tableName(file: string): string | undefined {
  const base = file.split(/[\\/]/).pop() ?? file;
  const name = base.replace(/\.(csv|tsv|tab|txt)(\.gz)?$/i, '');
  return name === '' ? undefined : name;
}
