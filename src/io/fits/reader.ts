import { endianness } from 'node:os';
import { fail, isUserError } from '../../errors.js';
import { allocate, type Column, type ColumnKind, column } from '../../table/column.js';
import { type KeywordValue, Table, type TableMeta } from '../../table/table.js';
import { type ColumnSink, decodeField, elementsPerRow } from './decode.js';
import { type Header, hduLabel, paddedSize, readHeader } from './header.js';
import { decodeOnThreads, elementBytes, threadsFor } from './parallel.js';
import { type ByteSource, openSource } from './source.js';
import { type FieldSpec, fieldSpecs, isStructuralKeyword } from './tform.js';

if (endianness() !== 'LE') throw new Error('mmassoc FITS I/O assumes a little-endian host');

/** Which HDU to read: its index (0 = primary) or its EXTNAME (case-insensitive). Default: the first binary table. */
export type HduSelector = number | string;

export interface FitsReadOptions {
  hdu?: HduSelector;
  /** Called with (rows read, total rows) as the data is decoded. */
  onProgress?: (done: number, total: number) => void;
  /**
   * Decode only these columns (exact TTYPE names; file order is kept). The others are never
   * decoded or allocated: page faults on fresh column memory are most of a read's CPU time.
   */
  columns?: readonly string[];
}

/** A summary of one HDU, for `mmassoc info`. */
export interface HduInfo {
  index: number;
  name: string;
  /** PRIMARY, BINTABLE, TABLE, IMAGE, … (or the format name for files that are not FITS). */
  type: string;
  rows?: number;
  columns?: { name: string; kind: ColumnKind | 'unsupported'; tform?: string; unit?: string; shape: number[] }[];
  skyAreaDeg2?: number;
  /** Images and other non-table HDUs with data: BITPIX and NAXIS1…NAXISn. */
  image?: { bitpix: number; axes: number[] };
  keywords: Record<string, KeywordValue>;
}

/** Chunk of the streaming reader's tables: large enough that positioned reads are cheap, small next to the data. */
const CHUNK_BYTES = 16 << 20;
/**
 * Read buffer of the whole-table readers. First touches of fresh memory (page faults) cost about as
 * much as decoding on this kind of machine, so the buffer is small and reused across reads.
 */
const READ_BUFFER_BYTES = 4 << 20;
let spareBuffer: Uint8Array | null = null;

/** A scratch buffer of at least `bytes` (the spare one when it is free and large enough). */
function takeBuffer(bytes: number): Uint8Array {
  const b = spareBuffer;
  if (b !== null && b.length >= bytes) {
    spareBuffer = null;
    return b;
  }
  return new Uint8Array(bytes);
}

function giveBuffer(b: Uint8Array): void {
  if (spareBuffer === null || b.length > spareBuffer.length) spareBuffer = b;
}

interface OpenTable {
  src: ByteSource;
  header: Header;
  specs: FieldSpec[];
  rowBytes: number;
  nrows: number;
  meta: TableMeta;
}

/**
 * Reads one binary-table HDU into a Table. The data is read in 4 MB blocks decoded straight into
 * the final column arrays, so peak memory is the table plus one block per thread. Large plain
 * files are decoded on several threads into arrays over SharedArrayBuffers (parallel.ts).
 *
 * @example
 *   const t = await readFits('cat.fits', { hdu: 'CATALOG' });
 *   const ra = t.float64('RA');
 */
export async function readFits(path: string, opts: FitsReadOptions = {}): Promise<Table> {
  const open = await openTable(path, opts.hdu);
  try {
    const specs = selectSpecs(open, opts.columns);
    const fixed = specs.filter((f) => f.kind !== 'str');
    let fixedBytes = 0;
    for (const f of fixed) fixedBytes += open.nrows * elementsPerRow(f) * elementBytes(f);
    const threads = open.src.gzip ? 1 : threadsFor(fixedBytes);
    const sinks =
      threads > 1 ? await readOnThreads(open, specs, threads, opts) : await readOnMainThread(open, specs, opts);
    return new Table(
      specs.map((f, c) => toColumn(f, sinks[c])),
      open.meta,
      open.nrows,
    );
  } finally {
    open.src.close();
  }
}

async function readOnMainThread(open: OpenTable, specs: FieldSpec[], opts: FitsReadOptions): Promise<ColumnSink[]> {
  const sinks = specs.map((f) => sinkFor(f, open.nrows));
  await decodeSequentially(open, specs, sinks, opts.onProgress);
  return sinks;
}

/** Decodes `specs` into `sinks` in one pass over the rest of the HDU's data. */
async function decodeSequentially(
  open: OpenTable,
  specs: FieldSpec[],
  sinks: ColumnSink[],
  onProgress: FitsReadOptions['onProgress'],
): Promise<void> {
  const { rowBytes, nrows } = open;
  const chunkRows = Math.max(1, Math.min(nrows, Math.floor(READ_BUFFER_BYTES / Math.max(1, rowBytes))));
  const buf = takeBuffer(chunkRows * rowBytes);
  for (let row = 0; row < nrows; ) {
    const n = Math.min(chunkRows, nrows - row);
    await readRows(open, buf, n, row);
    for (let c = 0; c < specs.length; c++) decodeField(specs[c], buf, rowBytes, n, sinks[c], row);
    row += n;
    onProgress?.(row, nrows);
  }
  giveBuffer(buf);
}

/**
 * Fixed-width columns on `threads` threads (parallel.ts); string columns, which only the main
 * thread can build, are decoded in a sequential pass while the workers start and run.
 */
async function readOnThreads(
  open: OpenTable,
  specs: FieldSpec[],
  threads: number,
  opts: FitsReadOptions,
): Promise<ColumnSink[]> {
  const fixed = specs.filter((f) => f.kind !== 'str');
  const strings = specs.filter((f) => f.kind === 'str');
  const stringSinks = strings.map((f) => sinkFor(f, open.nrows));
  const buf = takeBuffer(Math.max(READ_BUFFER_BYTES, open.rowBytes));
  let fixedSinks: ColumnSink[];
  try {
    fixedSinks = await decodeOnThreads({
      path: open.src.path,
      dataOffset: open.header.dataOffset,
      rowBytes: open.rowBytes,
      nrows: open.nrows,
      fields: fixed,
      threads,
      buf,
      ...(strings.length > 0 ? { sideWork: () => decodeSequentially(open, strings, stringSinks, undefined) } : {}),
      ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
      onShortRead: (row) => truncated(open, row),
    });
  } finally {
    giveBuffer(buf);
  }
  const sinkOf = new Map<FieldSpec, ColumnSink>();
  for (let i = 0; i < fixed.length; i++) sinkOf.set(fixed[i], fixedSinks[i]);
  for (let i = 0; i < strings.length; i++) sinkOf.set(strings[i], stringSinks[i]);
  return specs.map((f) => sinkOf.get(f) as ColumnSink);
}

/** Names of the columns of a binary-table HDU, in file order (the data is not read). */
export async function fitsColumnNames(path: string, hdu?: HduSelector): Promise<string[]> {
  const open = await openTable(path, hdu);
  open.src.close();
  return open.specs.map((f) => f.name);
}

/**
 * Reads only the rows `rows` (ascending, distinct, 0-based) of every column: one sequential pass
 * copies each wanted row's bytes into a compact block, which is then decoded once. Row i of the
 * result is file row rows[i]. Used to copy input columns to an output for a few matched rows.
 */
export async function readFitsRows(path: string, rows: Int32Array, opts: { hdu?: HduSelector } = {}): Promise<Table> {
  const open = await openTable(path, opts.hdu);
  try {
    const { specs, rowBytes, nrows } = open;
    const n = rows.length;
    for (let i = 0; i < n; i++)
      if (!(rows[i] >= 0 && rows[i] < nrows && (i === 0 || rows[i] > rows[i - 1])))
        throw new Error(`readFitsRows: rows must be ascending, distinct and < ${nrows}`);
    const compact = new Uint8Array(n * rowBytes);
    const lastRow = n === 0 ? 0 : rows[n - 1] + 1;
    const chunkRows = Math.max(1, Math.min(lastRow, Math.floor(READ_BUFFER_BYTES / Math.max(1, rowBytes))));
    const buf = takeBuffer(chunkRows * rowBytes);
    let k = 0;
    for (let row = 0; row < lastRow; ) {
      const m = Math.min(chunkRows, lastRow - row);
      await readRows(open, buf, m, row);
      const end = row + m;
      for (; k < n && rows[k] < end; k++) {
        const p = (rows[k] - row) * rowBytes;
        compact.set(buf.subarray(p, p + rowBytes), k * rowBytes);
      }
      row = end;
    }
    giveBuffer(buf);
    const sinks = specs.map((f) => sinkFor(f, n));
    for (let c = 0; c < specs.length; c++) decodeField(specs[c], compact, rowBytes, n, sinks[c], 0);
    return new Table(
      specs.map((f, c) => toColumn(f, sinks[c])),
      open.meta,
      n,
    );
  } finally {
    open.src.close();
  }
}

function selectSpecs(open: OpenTable, columns: readonly string[] | undefined): FieldSpec[] {
  if (columns === undefined) return open.specs;
  const names = new Set(open.specs.map((f) => f.name));
  for (const c of columns)
    if (!names.has(c))
      fail(open.src.path, `${hduLabel(open.header)} has no column '${c}' (columns: ${[...names].join(', ')})`);
  const wanted = new Set(columns);
  return open.specs.filter((f) => wanted.has(f.name));
}

/**
 * Reads a binary table in chunks of `chunkRows` rows without loading the file: each chunk is a
 * Table with its own arrays and the HDU's metadata. Works on .fits.gz too (streamed inflate).
 *
 * @example
 *   for await (const chunk of streamFits('big.fits', { chunkRows: 1_000_000 })) total += chunk.nrows;
 */
export async function* streamFits(
  path: string,
  opts: { hdu?: HduSelector; chunkRows?: number } = {},
): AsyncGenerator<Table> {
  const open = await openTable(path, opts.hdu);
  try {
    const { specs, rowBytes, nrows } = open;
    const chunkRows = Math.max(1, Math.floor(opts.chunkRows ?? Math.max(1, CHUNK_BYTES / Math.max(1, rowBytes))));
    const buf = new Uint8Array(Math.min(chunkRows, Math.max(1, nrows)) * rowBytes);
    for (let row = 0; row < nrows; ) {
      const n = Math.min(chunkRows, nrows - row);
      await readRows(open, buf, n, row);
      const sinks = specs.map((f) => sinkFor(f, n));
      for (let c = 0; c < specs.length; c++) decodeField(specs[c], buf, rowBytes, n, sinks[c], 0);
      row += n;
      yield new Table(
        specs.map((f, c) => toColumn(f, sinks[c])),
        open.meta,
        n,
      );
    }
  } finally {
    open.src.close();
  }
}

/** Every HDU of a FITS file, with row counts, columns and keywords (data is skipped, not read). */
export async function listFitsHdus(path: string): Promise<HduInfo[]> {
  const src = openSource(path);
  try {
    const out: HduInfo[] = [];
    for (let index = 0; ; index++) {
      const h = await readHeader(src, index);
      if (!h) break;
      out.push(describe(path, h));
      await skipData(src, h);
    }
    return out;
  } finally {
    src.close();
  }
}

function describe(path: string, h: Header): HduInfo {
  const type = h.index === 0 ? 'PRIMARY' : String(h.values.get('XTENSION')).trim();
  const { meta } = tableMeta(h);
  const info: HduInfo = {
    index: h.index,
    name: meta.name ?? (h.index === 0 ? 'PRIMARY' : ''),
    type,
    keywords: meta.keywords ?? {},
    ...(meta.skyAreaDeg2 !== undefined ? { skyAreaDeg2: meta.skyAreaDeg2 } : {}),
  };
  const naxis = Number(h.values.get('NAXIS') ?? 0);
  if (type !== 'BINTABLE' && h.dataBytes > 0) {
    const axes: number[] = [];
    for (let i = 1; i <= naxis; i++) axes.push(Number(h.values.get(`NAXIS${i}`)));
    info.image = { bitpix: Number(h.values.get('BITPIX')), axes };
  }
  if (type === 'BINTABLE') {
    try {
      const { specs, nrows } = fieldSpecs(path, h);
      info.rows = nrows;
      info.columns = specs.map((f) => ({
        name: f.name,
        kind: f.kind,
        tform: f.tform,
        ...(f.unit ? { unit: f.unit } : {}),
        shape: f.shape,
      }));
    } catch (err) {
      if (!isUserError(err)) throw err;
      const tfields = Number(h.values.get('TFIELDS') ?? 0);
      info.rows = Number(h.values.get('NAXIS2') ?? 0);
      info.columns = [];
      for (let n = 1; n <= tfields; n++) {
        const unit = h.values.get(`TUNIT${n}`);
        info.columns.push({
          name: String(h.values.get(`TTYPE${n}`) ?? `col${n}`),
          kind: 'unsupported',
          tform: String(h.values.get(`TFORM${n}`) ?? ''),
          ...(typeof unit === 'string' ? { unit } : {}),
          shape: [],
        });
      }
    }
  }
  return info;
}

async function openTable(path: string, hdu: HduSelector | undefined): Promise<OpenTable> {
  const src = openSource(path);
  try {
    const seen: string[] = [];
    for (let index = 0; ; index++) {
      const h = await readHeader(src, index);
      if (!h) break;
      seen.push(hduLabel(h));
      if (matches(h, hdu)) {
        const xt = h.index === 0 ? 'PRIMARY' : String(h.values.get('XTENSION')).trim();
        if (xt !== 'BINTABLE')
          fail(
            path,
            `${hduLabel(h)} is ${xt === 'PRIMARY' ? 'the primary HDU (an image or empty)' : `a ${xt} extension`}, not a binary table; choose a BINTABLE HDU with --hdu`,
          );
        const { specs, rowBytes, nrows } = fieldSpecs(path, h);
        const need = h.dataOffset + rowBytes * nrows;
        if (need > src.sizeBound) {
          const present = rowBytes === 0 ? 0 : Math.max(0, Math.floor((src.sizeBound - h.dataOffset) / rowBytes));
          fail(
            path,
            `${hduLabel(h)}: NAXIS2 = ${nrows} rows of ${rowBytes} bytes need ${need} bytes but ${src.gzip ? `the gzip file can hold at most ${src.sizeBound}` : `the file has ${src.sizeBound} (${present} rows present)`}; the file is truncated or the header is corrupt`,
          );
        }
        return { src, header: h, specs, rowBytes, nrows, ...tableMeta(h) };
      }
      await skipData(src, h);
    }
    const wanted =
      hdu === undefined ? 'no binary-table HDU' : `no HDU ${typeof hdu === 'number' ? hdu : `named '${hdu}'`}`;
    fail(path, `${wanted}; the file has ${seen.join(', ')}`);
  } catch (err) {
    src.close();
    throw err;
  }
}

function matches(h: Header, hdu: HduSelector | undefined): boolean {
  if (hdu === undefined) return h.index > 0 && String(h.values.get('XTENSION')).trim() === 'BINTABLE';
  if (typeof hdu === 'number') return h.index === hdu;
  const name = h.values.get('EXTNAME');
  const wanted = hdu.trim().toUpperCase();
  if (typeof name === 'string' && name.trim().toUpperCase() === wanted) return true;
  return h.index === 0 && wanted === 'PRIMARY';
}

async function skipData(src: ByteSource, h: Header): Promise<void> {
  const n = paddedSize(h.dataBytes);
  const got = await src.discard(n);
  if (got < h.dataBytes)
    fail(src.path, `${hduLabel(h)}: data ends after ${got} of ${h.dataBytes} bytes; the file is truncated`);
}

async function readRows(open: OpenTable, buf: Uint8Array, n: number, row: number): Promise<void> {
  const want = n * open.rowBytes;
  const got = await open.src.read(buf, 0, want);
  if (got < want) truncated(open, row + Math.floor(got / Math.max(1, open.rowBytes)));
}

function truncated(open: OpenTable, present: number): never {
  fail(
    open.src.path,
    `${hduLabel(open.header)}: data ends after ${present} of the ${open.nrows} rows NAXIS2 declares; the file is truncated`,
  );
}

function sinkFor(f: FieldSpec, rows: number): ColumnSink {
  return { data: allocate(f.kind, rows * elementsPerRow(f)), nulls: null, rows };
}

function toColumn(f: FieldSpec, sink: ColumnSink): Column {
  return column(f.name, sink.data, {
    kind: f.kind,
    shape: f.shape,
    ...(f.unit ? { unit: f.unit } : {}),
    ...(f.description ? { description: f.description } : {}),
    ...(sink.nulls ? { nulls: sink.nulls } : {}),
    meta: f.meta,
  });
}

/** Table metadata from a header: EXTNAME → name, SKYAREA → skyAreaDeg2, other content keywords kept in order. */
function tableMeta(h: Header): { meta: TableMeta } {
  const tfields = typeof h.values.get('TFIELDS') === 'number' ? (h.values.get('TFIELDS') as number) : 0;
  const keywords: Record<string, KeywordValue> = {};
  const comments: Record<string, string> = {};
  for (const c of h.cards) {
    if (isStructuralKeyword(c.keyword, tfields) || c.keyword === 'SKYAREA' || c.keyword === 'CONTINUE') continue;
    if (c.value === undefined) {
      // Commentary cards (COMMENT, HISTORY) are joined with newlines under their keyword.
      if (c.keyword === '' || c.text === undefined) continue;
      const prev = keywords[c.keyword];
      keywords[c.keyword] = prev === undefined ? c.text.trim() : `${String(prev)}\n${c.text.trim()}`;
      continue;
    }
    if (c.keyword in keywords) continue;
    keywords[c.keyword] = c.value;
    if (c.comment) comments[c.keyword] = c.comment;
  }
  const name = h.values.get('EXTNAME');
  const sky = h.values.get('SKYAREA');
  const meta: TableMeta = {
    ...(typeof name === 'string' && name.trim() !== '' ? { name: name.trim() } : {}),
    ...(typeof sky === 'number' ? { skyAreaDeg2: sky } : {}),
    keywords,
    ...(Object.keys(comments).length > 0 ? { keywordComments: comments } : {}),
  };
  return { meta };
}
