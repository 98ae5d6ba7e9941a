/**
 * A CSV/TSV file read block by block with the column kinds of the whole-file reader, so that the
 * tiled run holds one block of text and columns, not the file. The whole-file reader
 * (`io/csv-parse.ts`) types a column over all its rows; a block alone may type it narrower (int32
 * where a later block holds 3e9, null where a later block holds text). So pass 1 parses every
 * block and joins the per-block kinds, pass 2 parses them again and widens each block to the joined
 * kind. Text that a numeric block must turn into is read back from the block's bytes, so that
 * `1.50` stays `1.50`. A gzipped file (magic bytes 1f 8b) is inflated as a stream in both passes, so
 * it never sits in memory whole either.
 */
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import { fail, UserError } from '../errors.js';
import { type DecimalSlot, FIELD_INT, FIELD_TEXT, scanNumber } from '../io/csv-number.js';
import { CsvAccumulator } from '../io/csv-parse.js';
import { RecordScanner } from '../io/csv-scan.js';
import { type Column, column } from '../table/column.js';
import { Table } from '../table/table.js';

const LF = 10;
const CR = 13;
const TWO53 = 2 ** 53;

/** One parsed block; `bytes` (synthetic header + records) is valid only until the next block is asked. */
interface RawBlock {
  table: Table;
  bytes: Buffer;
}

/** Sequential reads of a file's bytes; `total` is the number of bytes handed out so far. */
interface ByteReader {
  read(buf: Buffer, offset: number, length: number): Promise<number>;
  close(): Promise<void>;
  readonly total: number;
}

const GZIP_CORRUPT = 'the gzip stream is corrupt or truncated; re-download or re-compress the file';

/** Whether the file starts with the gzip magic bytes. */
async function isGzip(file: string): Promise<boolean> {
  const fh = await open(file, 'r');
  try {
    const magic = Buffer.alloc(2);
    const { bytesRead } = await fh.read(magic, 0, 2, 0);
    return bytesRead === 2 && magic[0] === 0x1f && magic[1] === 0x8b;
  } finally {
    await fh.close();
  }
}

/** The file's bytes in order: read at increasing offsets, or inflated on the fly when gzipped. */
async function openBytes(file: string): Promise<ByteReader> {
  if (!(await isGzip(file))) {
    const fh = await open(file, 'r');
    let pos = 0;
    return {
      async read(buf, offset, length) {
        const { bytesRead } = await fh.read(buf, offset, length, pos);
        pos += bytesRead;
        return bytesRead;
      },
      close: () => fh.close(),
      get total() {
        return pos;
      },
    };
  }
  const source = createReadStream(file);
  const stream = source.pipe(createGunzip());
  // pipe() forwards neither errors nor destruction: a read error must end the inflater, and closing
  // early must close the file.
  source.on('error', (err) => stream.destroy(err));
  const chunks = stream[Symbol.asyncIterator]();
  let chunk: Buffer = Buffer.alloc(0);
  let at = 0;
  let total = 0;
  return {
    async read(buf, offset, length) {
      let n = 0;
      while (n < length) {
        if (at === chunk.length) {
          let next: IteratorResult<Buffer>;
          try {
            next = await chunks.next();
          } catch {
            fail(file, GZIP_CORRUPT);
          }
          if (next.done) break;
          chunk = next.value;
          at = 0;
        }
        const k = Math.min(length - n, chunk.length - at);
        chunk.copy(buf, offset + n, at, at + k);
        at += k;
        n += k;
      }
      total += n;
      return n;
    },
    async close() {
      stream.destroy();
      source.destroy();
    },
    get total() {
      return total;
    },
  };
}

/**
 * The file's records in blocks of about `blockBytes`, each cut after a line break and parsed as
 * header + records (a record whose quoted field runs past the cut waits for the next block). Error
 * messages carry the file's line numbers and row numbers, as the whole-file reader's do.
 */
async function* rawBlocks(
  file: string,
  delimiter: string,
  blockBytes: number,
  onEnd?: (totalBytes: number) => void,
): AsyncGenerator<RawBlock> {
  const src = await openBytes(file);
  try {
    let buf = Buffer.allocUnsafe(Math.max(1, blockBytes));
    let hlen = 0; // buf[0, hlen): header line for blocks after the first
    let len = 0; // buf[hlen, hlen + len): unparsed bytes starting at file offset `base`
    let base = 0;
    let linesBefore = 0; // line breaks in the file before `base`
    let rowsBefore = 0;
    let eof = false;
    while (!eof || len > 0) {
      if (!eof) {
        if (hlen + len === buf.length) {
          // A record longer than the block (or a quoted field across the cut): grow.
          const bigger = Buffer.allocUnsafe(buf.length * 2);
          buf.copy(bigger, 0, 0, hlen + len);
          buf = bigger;
        }
        const bytesRead = await src.read(buf, hlen + len, buf.length - hlen - len);
        if (bytesRead === 0) eof = true;
        len += bytesRead;
      }
      let cut = len;
      if (!eof) {
        const data = buf.subarray(hlen, hlen + len);
        cut = data.lastIndexOf(LF) + 1;
        if (cut === 0) cut = data.lastIndexOf(CR) + 1;
        if (cut === 0) continue;
      }
      const view = buf.subarray(0, hlen + cut);
      const viewBase = base - hlen;
      const acc = new CsvAccumulator({ delimiter, fileName: file }, view.length);
      const b0 = base;
      const lineAt = (pos: number) => linesBefore + 1 + countLF(buf, hlen, hlen + Math.max(0, pos - b0));
      let used: number;
      try {
        used = acc.feed(view, viewBase, eof, lineAt) - hlen;
      } catch (err) {
        throw shiftRows(err, rowsBefore);
      }
      if (used <= 0 && !eof) continue;
      const table = acc.finish({ read: (s, e) => buf.subarray(s - viewBase, e - viewBase) });
      if (table.nrows > 0) yield { table, bytes: buf.subarray(0, hlen + used) };
      rowsBefore += table.nrows;
      linesBefore += countLF(buf, hlen, hlen + used);
      if (eof) break;
      if (hlen === 0) {
        // From now on each block is parsed behind a one-line copy of the header.
        const header = Buffer.from(`${table.names.map((n) => `"${n.replace(/"/g, '""')}"`).join(delimiter)}\n`);
        const next = Buffer.allocUnsafe(header.length + Math.max(buf.length, len - used + 1));
        header.copy(next, 0);
        buf.copy(next, header.length, used, len);
        buf = next;
        hlen = header.length;
      } else buf.copy(buf, hlen, hlen + used, hlen + len);
      len -= used;
      base += used;
    }
    onEnd?.(src.total);
  } finally {
    await src.close();
  }
}

function countLF(b: Buffer, s: number, e: number): number {
  let n = 0;
  for (let i = b.indexOf(LF, s); i >= 0 && i < e; i = b.indexOf(LF, i + 1)) n++;
  return n;
}

/** A block's parse error names the row within the block; the file's row is `rowsBefore` later. */
function shiftRows(err: unknown, rowsBefore: number): unknown {
  if (!(err instanceof UserError) || rowsBefore === 0) return err;
  const m = /\brow (\d+) \(line /.exec(err.message);
  if (!m) return err;
  return new UserError(err.message.replace(m[0], `row ${Number(m[1]) + rowsBefore} (line `));
}

/**
 * Per-block column kinds and their join. 'f64?' is a float64 block whose values are all integers
 * below 2^53: whole-file it is int64 when another block needs int64 and its text holds only integer
 * literals (`5`, not `5.0`); 'i64?' is such a join, settled by reading those blocks' text again.
 */
type BlockKind = 'none' | 'i32' | 'i64' | 'f64' | 'f64?' | 'i64?' | 'bool' | 'str';

function blockKind(c: Column): BlockKind {
  if (c.kind === 'i32' || c.kind === 'i64' || c.kind === 'bool' || c.kind === 'str') return c.kind;
  const v = c.data as Float64Array;
  const m = c.nulls;
  let any = false;
  for (let r = 0; r < v.length; r++) {
    if (m?.[r]) continue;
    any = true;
    if (!Number.isInteger(v[r]) || Math.abs(v[r]) >= TWO53) return 'f64';
  }
  return any ? 'f64?' : 'none';
}

function joinKinds(a: BlockKind, b: BlockKind): BlockKind {
  if (a === 'none' || a === b) return b;
  if (b === 'none') return a;
  if (a === 'str' || b === 'str' || a === 'bool' || b === 'bool') return 'str';
  if (a === 'f64' || b === 'f64') return 'f64';
  const has = (k: BlockKind) => a === k || b === k;
  if (has('i64?') || (has('i64') && has('f64?'))) return 'i64?';
  if (has('i64')) return 'i64';
  return 'f64?';
}

/** What pass 1 learns: the whole file's kinds, null masks and row count. */
export interface CsvLayout {
  kinds: BlockKind[];
  nulls: boolean[];
  rows: number;
  /** Bytes of CSV text (inflated, for a gzipped file). */
  bytes: number;
  schema: Table;
}

export async function csvLayout(file: string, delimiter: string, blockBytes: number): Promise<CsvLayout> {
  let kinds: BlockKind[] = [];
  let nulls: boolean[] = [];
  let first: Table | undefined;
  let rows = 0;
  let index = 0;
  // Blocks typed 'f64?' per column, settled only when the column joins to 'i64?'.
  const maybeInt: number[][] = [];
  let bytes = 0;
  for await (const { table } of rawBlocks(file, delimiter, blockBytes, (n) => {
    bytes = n;
  })) {
    if (!first) {
      first = table;
      kinds = table.columns.map(() => 'none');
      nulls = table.columns.map(() => false);
      for (let c = 0; c < kinds.length; c++) maybeInt.push([]);
    }
    table.columns.forEach((col, c) => {
      const k = blockKind(col);
      if (k === 'f64?') maybeInt[c].push(index);
      kinds[c] = joinKinds(kinds[c], k);
      if (!nulls[c] && col.nulls?.includes(1)) nulls[c] = true;
    });
    rows += table.nrows;
    index++;
  }
  if (kinds.includes('i64?')) await settleInts(file, delimiter, blockBytes, kinds, maybeInt);
  if (bytes === 0) bytes = (await stat(file)).size;
  const schema = first
    ? typed(first.slice(0, 0), kinds, nulls, Buffer.alloc(0), delimiter, file)
    : new Table([], {}, 0);
  return { kinds, nulls, rows, bytes, schema };
}

/** Whether every non-null field of column `c` in the block is an integer literal. */
function intLiterals(bytes: Buffer, delim: number, ncols: number, c: number, file: string): boolean {
  const slot: DecimalSlot = { value: 0, bigInt: false, cls: FIELD_TEXT };
  let ok = true;
  forEachField(bytes, delim, ncols, c, file, (s, e) => {
    const cls = scanNumber(bytes, s, e, slot);
    if (cls !== FIELD_TEXT && cls !== FIELD_INT) ok = false;
  });
  return ok;
}

async function settleInts(
  file: string,
  delimiter: string,
  blockBytes: number,
  kinds: BlockKind[],
  maybeInt: number[][],
): Promise<void> {
  const cols = kinds.flatMap((k, c) => (k === 'i64?' ? [c] : []));
  const allInt = cols.map(() => true);
  let index = 0;
  for await (const { table, bytes } of rawBlocks(file, delimiter, blockBytes)) {
    cols.forEach((c, j) => {
      if (allInt[j] && maybeInt[c].includes(index))
        allInt[j] = intLiterals(bytes, delimiter.charCodeAt(0), table.columns.length, c, file);
    });
    index++;
  }
  cols.forEach((c, j) => {
    kinds[c] = allInt[j] ? 'i64' : 'f64';
  });
}

/** Calls `f` with the byte range of field `c` of every record after the header. */
function forEachField(
  b: Buffer,
  delim: number,
  ncols: number,
  c: number,
  file: string,
  f: (s: number, e: number, quoted: number) => void,
): void {
  const sc = new RecordScanner(b, 0, delim, ncols + 1, file);
  let header = true;
  while (sc.atRecord()) {
    if (header && sc.atComment()) {
      sc.skipLine();
      continue;
    }
    sc.next();
    if (header) header = false;
    else f(sc.starts[c], sc.ends[c], sc.quoted[c]);
  }
}

/** Column `c` of the block's records as text, by the whole-file reader's rules (`collectText`). */
function textColumn(b: Buffer, delim: number, ncols: number, c: number, nrows: number, file: string) {
  const values = new Array<string>(nrows);
  const nulls = new Uint8Array(nrows);
  let r = 0;
  forEachField(b, delim, ncols, c, file, (s, e, q) => {
    let v = s === e ? '' : b.toString('utf8', s, e);
    if (q === 2) v = v.replace(/""/g, '"');
    if (q === 0 && v.trim() === '') {
      v = '';
      nulls[r] = 1;
    }
    values[r++] = v;
  });
  return { values, nulls };
}

/** The block with every column widened to the file's kind (and a null mask where the file has nulls). */
function typed(t: Table, kinds: BlockKind[], hasNulls: boolean[], bytes: Buffer, delimiter: string, file: string) {
  const n = t.nrows;
  const cols = t.columns.map((col, c): Column => {
    const k = kinds[c];
    let mask = col.nulls;
    let data = col.data;
    let kind: 'bool' | undefined;
    if (k === 'str') {
      if (col.kind !== 'str') {
        const text = textColumn(bytes, delimiter.charCodeAt(0), t.columns.length, c, n, file);
        data = text.values;
        mask = text.nulls;
      }
    } else if (k === 'i32') {
      if (col.kind !== 'i32') data = new Int32Array(n);
    } else if (k === 'bool') {
      kind = 'bool';
      if (col.kind !== 'bool') data = new Uint8Array(n);
    } else if (k === 'i64') {
      if (col.kind !== 'i64') {
        const src = col.data as Float64Array | Int32Array;
        const out = new BigInt64Array(n);
        for (let r = 0; r < n; r++) if (!mask?.[r]) out[r] = BigInt(src[r]);
        data = out;
      }
    } else if (col.kind === 'i32' || col.kind === 'i64') {
      const src = col.data as Int32Array | BigInt64Array;
      const out = new Float64Array(n);
      for (let r = 0; r < n; r++) out[r] = mask?.[r] ? Number.NaN : Number(src[r]);
      data = out;
    }
    const nullOpt = hasNulls[c] ? { nulls: mask ?? new Uint8Array(n) } : {};
    return column(col.name, data, { ...(kind ? { kind } : {}), ...nullOpt });
  });
  return new Table(cols, t.meta, n);
}

/** Pass 2: the file's rows in blocks of at most `blockRows`, typed as the whole-file reader types them. */
export async function* typedCsvBlocks(
  file: string,
  delimiter: string,
  layout: CsvLayout,
  blockRows: number,
  blockBytes: number,
): AsyncGenerator<Table> {
  for await (const { table, bytes } of rawBlocks(file, delimiter, blockBytes)) {
    const t = typed(table, layout.kinds, layout.nulls, bytes, delimiter, file);
    for (let r = 0; r < t.nrows; r += blockRows) yield t.slice(r, Math.min(t.nrows, r + blockRows));
  }
}
