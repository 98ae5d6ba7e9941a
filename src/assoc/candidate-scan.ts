/**
 * Streams a large secondary FITS catalogue in blocks and keeps only its candidate rows: those with
 * a primary within the search radius (the rows `candidatePairs` would pair). Positions and errors
 * are decoded block by block into small reused arrays, so the millions of other rows never become
 * columns: on a VM where first-touching fresh memory runs at ~300 MB/s, materialising RA, Dec and
 * error of 6.4 M rows cost more than the whole association (docs/benchmarks.md).
 */

import { fail } from '../errors.js';
import { type ColumnSink, decodeField, elementsPerRow } from '../io/fits/decode.js';
import { hduLabel, paddedSize, readHeader } from '../io/fits/header.js';
import { readFitsRows } from '../io/fits/index.js';
import { openSource } from '../io/fits/source.js';
import { type FieldSpec, fieldSpecs } from '../io/fits/tform.js';
import { allocate, column } from '../table/column.js';
import { Table } from '../table/table.js';
import type { NearPrimaryFilter } from './candidates.js';
import { ellipseToCovariance } from './elliptical.js';
import type { ErrorSpec } from './nway-args.js';
import { isValidPosition } from './sphere.js';

export interface CandidateScan {
  /** Every column of the kept rows, in file order (with the file's metadata). */
  table: Table;
  /** File row (0-based) of each row of `table`, ascending. */
  fileRows: Int32Array;
  /** Rows in the file: the catalogue's source count for the prior. */
  nrows: number;
  /**
   * max over every row of the variances errorsFromSpec would give (east and north), NaN as soon as
   * one is NaN (Math.max), for the "errors exceed the radius" warning.
   */
  maxVarArcsec2: number;
}

/** What a scan keeps, before decoding (plain data: it can be posted from a worker thread). */
export interface RawScan {
  specs: FieldSpec[];
  rowBytes: number;
  nrows: number;
  /** File rows kept (first nKept entries) and their raw bytes (nKept × rowBytes). */
  fileRows: Int32Array;
  bytes: Uint8Array;
  maxVarArcsec2: number;
}

export interface ScanColumns {
  ra: string;
  dec: string;
  errors: ErrorSpec;
}

/** Bytes read and decoded per block: small next to the data, large enough for cheap reads. */
const BLOCK_BYTES = 2 << 20;

const SCANNABLE_KINDS = new Set(['f64', 'f32', 'i8', 'u8', 'i16', 'u16', 'i32', 'u32']);

/**
 * Keeps the rows of the first binary table of `path` that `near` marks, plus the
 * first row (if any) whose positional error errorsFromSpec would reject, so that the same message
 * (with its file row, via `fileRows`) is raised later. Returns undefined when the file is not
 * suited (gzip, or a position/error column that is not a plain numeric scalar): read it whole then.
 */
export async function scanFitsCandidates(
  path: string,
  cols: ScanColumns,
  near: NearPrimaryFilter,
): Promise<CandidateScan | undefined> {
  const raw = await scanFitsRaw(path, cols, near);
  return raw && (await decodeScan(path, raw));
}

/** The streaming pass of scanFitsCandidates: the kept rows' numbers and bytes. */
export async function scanFitsRaw(
  path: string,
  cols: ScanColumns,
  near: NearPrimaryFilter,
): Promise<RawScan | undefined> {
  const src = openSource(path);
  try {
    if (src.gzip) return undefined;
    let header = await readHeader(src, 0);
    for (
      let index = 1;
      header && !(header.index > 0 && String(header.values.get('XTENSION')).trim() === 'BINTABLE');
      index++
    ) {
      await src.discard(paddedSize(header.dataBytes));
      header = await readHeader(src, index);
    }
    if (!header) return undefined;
    const { specs, rowBytes, nrows } = fieldSpecs(path, header);
    const spec = (name: string) => specs.find((f) => f.name === name);
    const errCols = cols.errors.kind === 'columns' ? cols.errors.columns : [];
    const used = [cols.ra, cols.dec, ...errCols].map(spec);
    if (used.some((f) => f?.repeat !== 1 || f.shape.length !== 0 || !SCANNABLE_KINDS.has(f.kind))) return undefined;
    const [raSpec, decSpec, ...errSpecs] = used as FieldSpec[];
    const chunkRows = Math.max(1, Math.min(nrows, Math.floor(BLOCK_BYTES / Math.max(1, rowBytes))));
    const buf = new Uint8Array(chunkRows * rowBytes);
    const raSink = scratchSink(raSpec, chunkRows);
    const decSink = scratchSink(decSpec, chunkRows);
    const errSinks = errSpecs.map((f) => scratchSink(f, chunkRows));
    const st: ScanState = {
      near,
      ra: new Float64Array(chunkRows),
      dec: new Float64Array(chunkRows),
      err: errSpecs.map(() => new Float64Array(chunkRows)),
      flag: new Uint8Array(chunkRows),
      rowBytes,
      bytes: new Uint8Array(rowBytes << 12),
      acc: Float64Array.of(cols.errors.kind === 'fixed' && nrows > 0 ? cols.errors.sigmaArcsec ** 2 : 0, 0),
      kept: new Int32Array(1 << 12),
      nKept: 0,
    };
    for (let row0 = 0; row0 < nrows; ) {
      const n = Math.min(chunkRows, nrows - row0);
      const want = n * rowBytes;
      const got = await src.read(buf, 0, want);
      if (got < want)
        fail(
          path,
          `${hduLabel(header)}: data ends after ${row0 + Math.floor(got / Math.max(1, rowBytes))} of the ${nrows} rows NAXIS2 declares; the file is truncated`,
        );
      decodeField(raSpec, buf, rowBytes, n, raSink, 0);
      decodeField(decSpec, buf, rowBytes, n, decSink, 0);
      for (let e = 0; e < errSpecs.length; e++) decodeField(errSpecs[e], buf, rowBytes, n, errSinks[e], 0);
      scanBlock(st, row0, n, buf, raSink, decSink, errSinks);
      for (const s of [raSink, decSink, ...errSinks]) s.nulls?.fill(0);
      row0 += n;
    }
    const nKept = st.nKept;
    const maxVar = st.acc[0];
    return {
      specs,
      rowBytes,
      nrows,
      fileRows: st.kept.slice(0, nKept),
      bytes: st.bytes.slice(0, nKept * rowBytes),
      maxVarArcsec2: maxVar,
    };
  } finally {
    src.close();
  }
}

/** The kept rows as a Table: every column decoded once from their bytes, the file's metadata. */
export async function decodeScan(path: string, raw: RawScan): Promise<CandidateScan> {
  const { specs, rowBytes, bytes } = raw;
  const n = raw.fileRows.length;
  const sinks = specs.map((f): ColumnSink => ({ data: allocate(f.kind, n * elementsPerRow(f)), nulls: null, rows: n }));
  for (let c = 0; c < specs.length; c++) decodeField(specs[c], bytes, rowBytes, n, sinks[c], 0);
  const columns = specs.map((f, c) =>
    column(f.name, sinks[c].data, {
      kind: f.kind,
      shape: f.shape,
      ...(f.unit ? { unit: f.unit } : {}),
      ...(f.description ? { description: f.description } : {}),
      ...(sinks[c].nulls ? { nulls: sinks[c].nulls as Uint8Array } : {}),
      meta: f.meta,
    }),
  );
  // The header's metadata exactly as the reader gives it (no rows are read).
  const { meta } = await readFitsRows(path, new Int32Array(0));
  return {
    table: new Table(columns, meta, n),
    fileRows: raw.fileRows,
    nrows: raw.nrows,
    maxVarArcsec2: raw.maxVarArcsec2,
  };
}

interface ScanState {
  near: NearPrimaryFilter;
  /** [max variance so far (NaN-sticky, Math.max), 1 once the first bad-error row is kept]. */
  acc: Float64Array;
  kept: Int32Array;
  nKept: number;
  /** Block values as float64 (nulls → NaN, as Table.float64 gives them) and the keep flags. */
  ra: Float64Array;
  dec: Float64Array;
  err: Float64Array[];
  flag: Uint8Array;
  rowBytes: number;
  /** Raw bytes of the kept rows, in file order. */
  bytes: Uint8Array;
}

/** A decoded block column as float64, nulls as NaN: the sink's own array when it already is one. */
function toF64(s: ColumnSink, n: number, out: Float64Array): Float64Array {
  const nulls = s.nulls;
  if (s.data instanceof Float64Array && nulls === null) return s.data;
  const d = s.data as ArrayLike<number>;
  for (let i = 0; i < n; i++) out[i] = d[i];
  if (nulls !== null) for (let i = 0; i < n; i++) if (nulls[i]) out[i] = Number.NaN;
  return out;
}

/**
 * The rows of one decoded block: keep test, error check and the variance maximum. Plain functions
 * with typed-array arguments (not the async reader loop, no numbers stored on objects), so that V8
 * optimises each loop once instead of deoptimising on every change of an object's field types.
 */
function scanBlock(
  st: ScanState,
  row0: number,
  n: number,
  buf: Uint8Array,
  raS: ColumnSink,
  decS: ColumnSink,
  errS: ColumnSink[],
): void {
  const flag = st.flag;
  const ra = toF64(raS, n, st.ra);
  const dec = toF64(decS, n, st.dec);
  st.near.mark(ra, dec, n, flag);
  // The maximum comes back as the result: a store after an OSR-compiled loop deoptimises it.
  if (errS.length === 1) st.acc[0] = checkCircular(toF64(errS[0], n, st.err[0]), ra, dec, n, flag, st.acc);
  else if (errS.length > 1)
    st.acc[0] = checkAxes(
      errS.map((s, e) => toF64(s, n, st.err[e])),
      ra,
      dec,
      n,
      flag,
      st.acc,
    );
  keepRows(st, row0, n, buf);
}

/** One σ per row (as errorsFromSpec): returns the running max of σ² from acc[0]; acc[1] = 1 once a bad row is kept. */
function checkCircular(
  e0: Float64Array,
  ra: Float64Array,
  dec: Float64Array,
  n: number,
  flag: Uint8Array,
  acc: Float64Array,
): number {
  let maxVar = acc[0];
  for (let i = 0; i < n; i++) {
    const x = e0[i];
    maxVar = Math.max(maxVar, x * x);
    if (!(x > 0 && x < Number.POSITIVE_INFINITY) && acc[1] === 0 && isValidPosition(ra[i], dec[i])) {
      flag[i] = 1;
      acc[1] = 1;
    }
  }
  return maxVar;
}

/** σ_RA, σ_Dec, or a, b, PA per row (as errorsFromSpec); acc as in checkCircular. */
function checkAxes(
  err: Float64Array[],
  ra: Float64Array,
  dec: Float64Array,
  n: number,
  flag: Uint8Array,
  acc: Float64Array,
): number {
  let maxVar = acc[0];
  for (let i = 0; i < n; i++) {
    const v0 = err[0][i];
    const v1 = err[1][i];
    if (err.length === 2) maxVar = Math.max(maxVar, v0 * v0, v1 * v1);
    else {
      const c = ellipseToCovariance(v0, v1, err[2][i]);
      maxVar = Math.max(maxVar, c.varEastArcsec2, c.varNorthArcsec2);
    }
    const bad = !(v0 > 0 && Number.isFinite(v0) && v1 > 0 && Number.isFinite(v1));
    if (bad && acc[1] === 0 && isValidPosition(ra[i], dec[i])) {
      flag[i] = 1;
      acc[1] = 1;
    }
  }
  return maxVar;
}

/** Appends the flagged rows' numbers and bytes. */
function keepRows(st: ScanState, row0: number, n: number, buf: Uint8Array): void {
  const flag = st.flag;
  const rb = st.rowBytes;
  for (let i = 0; i < n; i++) {
    if (flag[i] === 0) continue;
    if (st.nKept === st.kept.length) grow(st);
    st.bytes.set(buf.subarray(i * rb, (i + 1) * rb), st.nKept * rb);
    st.kept[st.nKept++] = row0 + i;
  }
}

function grow(st: ScanState): void {
  const kept = new Int32Array(2 * st.kept.length);
  kept.set(st.kept);
  st.kept = kept;
  const bytes = new Uint8Array(2 * st.bytes.length);
  bytes.set(st.bytes);
  st.bytes = bytes;
}

/** A block-sized sink reused for every block (its null mask, once allocated, is cleared per block). */
function scratchSink(f: FieldSpec, rows: number): ColumnSink {
  return { data: allocate(f.kind, rows), nulls: null, rows };
}
