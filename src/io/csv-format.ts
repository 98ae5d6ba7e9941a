/**
 * Table → CSV text, a block of rows at a time so that writers can stream tables of any size.
 *
 * Conventions (those of the NWAY/astropy CSV exports): float32 as the shortest decimal that
 * reads back to the same float32, float64 as the shortest round-trip decimal, NaN as `NaN`,
 * infinities as `inf`/`-inf`, booleans as `True`/`False`, 64-bit integers exactly, null as an
 * empty field. Text is quoted when it holds the delimiter, a quote or a newline, and also when
 * it is empty or would read back as a number, boolean or null, so a round trip keeps it text.
 * A vector column is expanded into one CSV column per element, `NAME_0, NAME_1, …` (row-major).
 */
import { type BigIntArray, type Column, columnWidth, type NumericArray } from '../table/column.js';
import type { Table } from '../table/table.js';
import { formatFloat32, formatFloat64 } from './number-format.js';

export interface CsvFormatOptions {
  delimiter?: string;
}

/** The header line (with its newline): column names, vector columns expanded. */
export function formatCsvHeader(table: Table, opts: CsvFormatOptions = {}): string {
  const d = opts.delimiter ?? ',';
  const names: string[] = [];
  for (const c of table.columns) {
    const w = columnWidth(c);
    if (c.shape.length === 0) names.push(quoteText(c.name, d, false));
    else for (let j = 0; j < w; j++) names.push(quoteText(`${c.name}_${j}`, d, false));
  }
  return `${names.join(d)}\n`;
}

/** Rows [start, end) as CSV lines, each ending in a newline. */
export function formatCsvRows(table: Table, start: number, end: number, opts: CsvFormatOptions = {}): string {
  return formatCsvBytes(table, start, end, opts).toString('utf8');
}

/** The whole table as CSV text (header and rows); use `writeCsv` for large tables. */
export function formatCsv(table: Table, opts: CsvFormatOptions = {}): string {
  return formatCsvHeader(table, opts) + formatCsvRows(table, 0, table.nrows, opts);
}

const C_F64 = 0;
const C_F32 = 1;
const C_NUM = 2;
const C_BIG = 3;
const C_BOOL = 4;
const C_STR = 5;

/** Rows formatted per column before being written row by row (see formatCsvBytes). */
const CHUNK_ROWS = 1024;

interface Cell {
  code: number;
  data: Column['data'];
  nulls: Uint8Array | undefined;
  width: number;
  j: number;
}

/**
 * Rows [start, end) as UTF-8 CSV bytes. Float cells are first formatted column by column
 * (`String(x)` ran about 2x faster that way than row by row on a 6-column catalogue, presumably as
 * neighbouring values of one column take the same branches), then every row is written
 * straight into one byte buffer, one character code at a time (a `Buffer#write` call per value
 * cost about as much as formatting it). Numbers are ASCII: whole floats below 2^53 and integer
 * columns are written digit by digit without a string. Text goes through UTF-8.
 */
export function formatCsvBytes(
  table: Table,
  start: number,
  end: number,
  opts: CsvFormatOptions = {},
  sink?: ByteSink,
): Buffer {
  const d = opts.delimiter ?? ',';
  const dByte = d.charCodeAt(0);
  const cells: Cell[] = [];
  for (const c of table.columns) {
    const w = columnWidth(c);
    const code =
      c.kind === 'str'
        ? C_STR
        : c.kind === 'f64'
          ? C_F64
          : c.kind === 'f32'
            ? C_F32
            : c.kind === 'bool'
              ? C_BOOL
              : c.kind === 'i64' || c.kind === 'u64'
                ? C_BIG
                : C_NUM;
    for (let j = 0; j < w; j++) cells.push({ code, data: c.data, nulls: c.nulls, width: w, j });
  }
  const out = sink ?? new ByteSink(Math.max(64, (end - start) * cells.length * 20));
  out.reset();
  const m = cells.length;
  // Room for one row of numeric cells: a float is at most 25 characters (`-1.2345678901234567e-308`),
  // an integer column 11, a 64-bit integer 20; text cells reserve their own room.
  const rowRoom = m * 26 + 1;
  // Float texts of the current chunk of rows, per cell ('' for whole numbers written by
  // writeWhole, and for nulls). Chunks are short so that these strings die young: held for
  // 32 768 rows they survived into V8's old generation and the write took 40 % more CPU time.
  const texts: string[][] = [];
  for (let k = 0; k < m; k++) texts.push([]);
  let buf = out.buf;
  let pos = 0;
  for (let c0 = start; c0 < end; c0 += CHUNK_ROWS) {
    const c1 = Math.min(end, c0 + CHUNK_ROWS);
    for (let k = 0; k < m; k++) {
      const cell = cells[k];
      const nulls = cell.nulls;
      const t = texts[k];
      if (cell.code === C_F64) {
        const data = cell.data as Float64Array;
        for (let r = c0, i = c0 * cell.width + cell.j; r < c1; r++, i += cell.width) {
          const x = data[i];
          t[r - c0] = isWhole(x) || (nulls !== undefined && nulls[r] !== 0) ? '' : formatFloat64(x);
        }
      } else if (cell.code === C_F32) {
        const data = cell.data as Float32Array;
        for (let r = c0, i = c0 * cell.width + cell.j; r < c1; r++, i += cell.width) {
          const x = data[i];
          // Whole float32 values below 2^24 are exact integers with no shorter decimal, so
          // formatFloat32 would print their digits and `.0`, as writeWhole does.
          const whole = isWhole(x) && x < 16777216 && x > -16777216;
          t[r - c0] = whole || (nulls !== undefined && nulls[r] !== 0) ? '' : formatFloat32(x);
        }
      }
    }
    for (let r = c0; r < c1; r++) {
      if (pos + rowRoom > buf.length) {
        buf = out.grow(pos, rowRoom);
      }
      for (let k = 0; k < m; k++) {
        if (k > 0) buf[pos++] = dByte;
        const cell = cells[k];
        const nulls = cell.nulls;
        if (nulls !== undefined && nulls[r] !== 0) continue;
        const i = r * cell.width + cell.j;
        switch (cell.code) {
          case C_F64:
          case C_F32: {
            const t = texts[k][r - c0];
            pos =
              t.length === 0
                ? writeWhole(buf, pos, (cell.data as Float64Array | Float32Array)[i])
                : writeAscii(buf, pos, t);
            break;
          }
          case C_NUM:
            pos = writeInteger(buf, pos, (cell.data as NumericArray)[i]);
            break;
          case C_BIG:
            pos = writeAscii(buf, pos, (cell.data as BigIntArray)[i].toString());
            break;
          case C_BOOL:
            pos = (cell.data as NumericArray)[i] ? writeAscii(buf, pos, 'True') : writeAscii(buf, pos, 'False');
            break;
          default: {
            const s = quoteText((cell.data as string[])[i], d, true);
            // Room for this text in UTF-8 (at most 3 bytes per UTF-16 unit) and the rest of the row.
            if (pos + 3 * s.length + rowRoom > buf.length) buf = out.grow(pos, 3 * s.length + rowRoom);
            pos = writeText(buf, pos, s);
          }
        }
      }
      buf[pos++] = 10;
    }
  }
  return out.take(pos);
}

/** Copies an ASCII string's character codes; returns the new position. */
function writeAscii(buf: Buffer, pos: number, s: string): number {
  const n = s.length;
  for (let j = 0; j < n; j++) buf[pos + j] = s.charCodeAt(j);
  return pos + n;
}

/** Writes text as UTF-8 (ASCII copied directly, anything else through Buffer#write). */
function writeText(buf: Buffer, pos: number, s: string): number {
  const n = s.length;
  for (let j = 0; j < n; j++) {
    const c = s.charCodeAt(j);
    if (c >= 128) return pos + buf.write(s.slice(j), pos + j, 'utf8') + j;
    buf[pos + j] = c;
  }
  return pos + n;
}

/** The decimal digits of a whole number 0 <= n < 2^53 (exact: every step stays an integer below 2^53). */
function writeDigits(buf: Buffer, pos: number, n: number): number {
  let len = 1;
  for (let p = 10; p <= n; p *= 10) len++;
  let q = n;
  for (let j = pos + len - 1; j >= pos; j--) {
    const next = Math.floor(q / 10);
    buf[j] = 48 + (q - next * 10);
    q = next;
  }
  return pos + len;
}

/** An integer column value (|v| < 2^32), as `String(v)` prints it. */
function writeInteger(buf: Buffer, pos: number, v: number): number {
  if (v < 0) {
    buf[pos++] = 45;
    return writeDigits(buf, pos, -v);
  }
  return writeDigits(buf, pos, v);
}

/**
 * Whether x is a nonzero whole number below 2^53 in magnitude. Every such integer is a double,
 * so its shortest round-trip decimal is its exact digits, which String(x) prints without an
 * exponent (|x| < 1e21): formatFloat64 gives those digits and `.0`, as writeWhole does.
 */
function isWhole(x: number): boolean {
  return Number.isInteger(x) && x < 9007199254740992 && x > -9007199254740992 && x !== 0;
}

/** A float for which isWhole holds, as its digits and `.0`. */
function writeWhole(buf: Buffer, pos: number, x: number): number {
  if (x < 0) {
    buf[pos++] = 45;
    pos = writeDigits(buf, pos, -x);
  } else pos = writeDigits(buf, pos, x);
  buf[pos] = 46;
  buf[pos + 1] = 48;
  return pos + 2;
}

/** A growing byte buffer; a writer reuses one for every block of rows. */
export class ByteSink {
  /** The storage; formatCsvBytes writes into it directly. */
  buf: Buffer;
  private len = 0;

  constructor(capacity: number) {
    this.buf = Buffer.allocUnsafe(capacity);
  }

  private ensure(extra: number): void {
    if (this.len + extra <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.len + extra));
    this.buf.copy(next, 0, 0, this.len);
    this.buf = next;
  }

  /** Makes room for `extra` more bytes after the first `used`, keeping them; returns the storage. */
  grow(used: number, extra: number): Buffer {
    this.len = used;
    this.ensure(extra);
    return this.buf;
  }

  /** Marks the first `used` bytes as written and returns them (a view, valid until the next write). */
  take(used: number): Buffer {
    this.len = used;
    return this.buf.subarray(0, used);
  }

  byte(b: number): void {
    this.ensure(1);
    this.buf[this.len++] = b;
  }

  ascii(s: string): void {
    this.ensure(s.length);
    this.len += this.buf.write(s, this.len, 'latin1');
  }

  utf8(s: string): void {
    this.ensure(3 * s.length);
    this.len += this.buf.write(s, this.len, 'utf8');
  }

  /** The bytes written since the last reset (a view, valid until the next write). */
  bytes(): Buffer {
    return this.buf.subarray(0, this.len);
  }

  reset(): void {
    this.len = 0;
  }
}

const NUMBER_LIKE = new Set(['nan', 'inf', '+inf', '-inf', 'infinity', '+infinity', '-infinity', 'true', 'false']);

/** Quotes a text value when a CSV reader would split it or take it for something else. */
function quoteText(s: string, d: string, cell: boolean): string {
  let needs = s.includes(d) || s.includes('"') || s.includes('\n') || s.includes('\r') || (!cell && s.startsWith('#'));
  if (!needs && cell) {
    const c0 = s.charCodeAt(0);
    needs =
      s.length === 0 ||
      (c0 >= 48 && c0 <= 57) ||
      c0 === 43 ||
      c0 === 45 ||
      c0 === 46 ||
      c0 === 32 ||
      c0 === 9 ||
      s.charCodeAt(s.length - 1) === 32 ||
      (s.length <= 9 && NUMBER_LIKE.has(s.toLowerCase()));
  }
  return needs ? `"${s.replace(/"/g, '""')}"` : s;
}
