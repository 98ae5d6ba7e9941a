import type { ColumnData } from '../../table/column.js';
import type { FieldSpec } from './tform.js';

/** Where decoded rows go: the column's final array, and its null mask once a null is seen. */
export interface ColumnSink {
  data: ColumnData;
  nulls: Uint8Array | null;
  /** Rows the sink holds in total (the null mask is allocated at this length). */
  readonly rows: number;
  /**
   * Supplies the null mask on the first null (default: a new Uint8Array of `rows`). The parallel
   * reader hands out one shared mask per column, so that every thread marks the same one.
   */
  readonly allocNulls?: () => Uint8Array;
}

/** Elements per row of a field in its column array (strings: one element per string). */
export function elementsPerRow(f: FieldSpec): number {
  if (f.code === 'A') return f.strLen === 0 ? 0 : f.repeat / f.strLen;
  return f.repeat;
}

function markNull(sink: ColumnSink, row: number): void {
  if (sink.nulls === null) sink.nulls = sink.allocNulls ? sink.allocNulls() : new Uint8Array(sink.rows);
  sink.nulls[row] = 1;
}

/**
 * Decodes `nrows` rows of one field from a block of big-endian row-major bytes straight into
 * the column's array at row `row0`: one DataView read per value, no per-row objects.
 * Nulls: NaN for E/D (FITS 4.0 §7.3.2), TNULL for integers, byte 0 for L.
 */
export function decodeField(
  f: FieldSpec,
  chunk: Uint8Array,
  rowBytes: number,
  nrows: number,
  sink: ColumnSink,
  row0: number,
): void {
  const dv = new DataView(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  if (f.scaled) {
    decodeScaled(f, dv, rowBytes, nrows, sink, row0);
    return;
  }
  // One small function per type keeps each loop monomorphic, so V8 compiles it to straight loads.
  switch (f.code) {
    case 'D':
      decodeD(f, dv, rowBytes, nrows, sink, row0);
      return;
    case 'E':
      decodeE(f, dv, rowBytes, nrows, sink, row0);
      return;
    case 'J':
      decodeJ(f, dv, rowBytes, nrows, sink, row0);
      return;
    case 'K':
      decodeK(f, dv, rowBytes, nrows, sink, row0);
      return;
    case 'I':
      decodeI(f, dv, rowBytes, nrows, sink, row0);
      return;
    case 'B':
      decodeB(f, chunk, rowBytes, nrows, sink, row0);
      return;
    case 'L':
      decodeL(f, chunk, rowBytes, nrows, sink, row0);
      return;
    case 'X':
      decodeX(f, chunk, rowBytes, nrows, sink, row0);
      return;
    case 'A':
      decodeStrings(f, chunk, rowBytes, nrows, sink, row0);
      return;
  }
}

function decodeD(f: FieldSpec, dv: DataView, rowBytes: number, nrows: number, sink: ColumnSink, row0: number): void {
  const out = sink.data as Float64Array;
  const r = f.repeat;
  let o = row0 * r;
  if (r === 1) {
    for (let i = 0, p = f.offset; i < nrows; i++, p += rowBytes) {
      const x = dv.getFloat64(p);
      out[o++] = x;
      if (Number.isNaN(x)) markNull(sink, row0 + i);
    }
    return;
  }
  for (let i = 0, p = f.offset; i < nrows; i++, p += rowBytes) {
    for (let j = 0, q = p; j < r; j++, q += 8) {
      const x = dv.getFloat64(q);
      out[o++] = x;
      if (Number.isNaN(x)) markNull(sink, row0 + i);
    }
  }
}

function decodeE(f: FieldSpec, dv: DataView, rowBytes: number, nrows: number, sink: ColumnSink, row0: number): void {
  const out = sink.data as Float32Array;
  const r = f.repeat;
  let o = row0 * r;
  for (let i = 0, p = f.offset; i < nrows; i++, p += rowBytes) {
    for (let j = 0, q = p; j < r; j++, q += 4) {
      const x = dv.getFloat32(q);
      out[o++] = x;
      if (Number.isNaN(x)) markNull(sink, row0 + i);
    }
  }
}

function decodeJ(f: FieldSpec, dv: DataView, rowBytes: number, nrows: number, sink: ColumnSink, row0: number): void {
  // u32 shares the loop: the Uint32Array store wraps (raw ^ 2^31) to raw + 2^31.
  const out = sink.data as Int32Array;
  const r = f.repeat;
  const flip = f.kind === 'u32' ? 0x80000000 : 0;
  const tnull = f.tnull === undefined ? 0.5 : Number(f.tnull); // 0.5: matches no integer
  let o = row0 * r;
  for (let i = 0, p = f.offset; i < nrows; i++, p += rowBytes) {
    for (let j = 0, q = p; j < r; j++, q += 4) {
      const x = dv.getInt32(q);
      out[o++] = x ^ flip;
      if (x === tnull) markNull(sink, row0 + i);
    }
  }
}

function decodeK(f: FieldSpec, dv: DataView, rowBytes: number, nrows: number, sink: ColumnSink, row0: number): void {
  // Two 32-bit halves written into the little-endian BigInt64Array's memory: exact, and no BigInt per value.
  const d = sink.data as BigInt64Array | BigUint64Array;
  const out = new Int32Array(d.buffer, d.byteOffset, d.length * 2);
  const r = f.repeat;
  const flip = f.kind === 'u64' ? 0x80000000 : 0;
  const hasNull = f.tnull !== undefined;
  const tn = BigInt.asUintN(64, BigInt(f.tnull ?? 0));
  const nullHi = Number(tn >> 32n) | 0;
  const nullLo = Number(tn & 0xffffffffn) | 0;
  let o = row0 * r * 2;
  for (let i = 0, p = f.offset; i < nrows; i++, p += rowBytes) {
    for (let j = 0, q = p; j < r; j++, q += 8) {
      const hi = dv.getInt32(q);
      const lo = dv.getInt32(q + 4);
      out[o++] = lo;
      out[o++] = hi ^ flip;
      if (hasNull && hi === nullHi && lo === nullLo) markNull(sink, row0 + i);
    }
  }
}

function decodeI(f: FieldSpec, dv: DataView, rowBytes: number, nrows: number, sink: ColumnSink, row0: number): void {
  const out = sink.data as Int16Array;
  const r = f.repeat;
  const flip = f.kind === 'u16' ? 0x8000 : 0;
  const tnull = f.tnull === undefined ? 0.5 : Number(f.tnull);
  let o = row0 * r;
  for (let i = 0, p = f.offset; i < nrows; i++, p += rowBytes) {
    for (let j = 0, q = p; j < r; j++, q += 2) {
      const x = dv.getInt16(q);
      out[o++] = x ^ flip;
      if (x === tnull) markNull(sink, row0 + i);
    }
  }
}

function decodeB(
  f: FieldSpec,
  chunk: Uint8Array,
  rowBytes: number,
  nrows: number,
  sink: ColumnSink,
  row0: number,
): void {
  const out = sink.data as Uint8Array;
  const r = f.repeat;
  const flip = f.kind === 'i8' ? 0x80 : 0;
  const tnull = f.tnull === undefined ? 0.5 : Number(f.tnull);
  let o = row0 * r;
  for (let i = 0, p = f.offset; i < nrows; i++, p += rowBytes) {
    for (let j = 0; j < r; j++) {
      const x = chunk[p + j];
      out[o++] = x ^ flip;
      if (x === tnull) markNull(sink, row0 + i);
    }
  }
}

function decodeL(
  f: FieldSpec,
  chunk: Uint8Array,
  rowBytes: number,
  nrows: number,
  sink: ColumnSink,
  row0: number,
): void {
  const out = sink.data as Uint8Array;
  const r = f.repeat;
  let o = row0 * r;
  for (let i = 0, p = f.offset; i < nrows; i++, p += rowBytes) {
    for (let j = 0; j < r; j++) {
      const x = chunk[p + j];
      out[o++] = x === 84 ? 1 : 0; // 'T'
      if (x !== 84 && x !== 70) markNull(sink, row0 + i); // neither 'T' nor 'F': undefined (§7.3.3.1)
    }
  }
}

function decodeX(
  f: FieldSpec,
  chunk: Uint8Array,
  rowBytes: number,
  nrows: number,
  sink: ColumnSink,
  row0: number,
): void {
  const out = sink.data as Uint8Array;
  const r = f.repeat;
  let o = row0 * r;
  for (let i = 0, p = f.offset; i < nrows; i++, p += rowBytes) {
    for (let j = 0; j < r; j++) out[o++] = (chunk[p + (j >> 3)] >> (7 - (j & 7))) & 1;
  }
}

/**
 * FITS has no null for strings; a scalar empty string is read as null (value ''), as TOPCAT and
 * VizieR treat blank strings, so that CSV → FITS → CSV keeps empty fields empty.
 */
function decodeStrings(
  f: FieldSpec,
  chunk: Uint8Array,
  rowBytes: number,
  nrows: number,
  sink: ColumnSink,
  row0: number,
): void {
  const out = sink.data as string[];
  const w = f.strLen;
  const per = elementsPerRow(f);
  const buf = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  let o = row0 * per;
  for (let i = 0, p = f.offset; i < nrows; i++, p += rowBytes) {
    for (let e = 0, s = p; e < per; e++, s += w) {
      // A string ends at its first NUL; trailing blanks are not significant (FITS 4.0 §7.3.3.1).
      let end = s;
      let high = false;
      const lim = s + w;
      while (end < lim && chunk[end] !== 0) {
        if (chunk[end] > 127) high = true;
        end++;
      }
      while (end > s && chunk[end - 1] === 32) end--;
      if (end === s) {
        out[o++] = '';
        if (per === 1) markNull(sink, row0 + i);
      } else out[o++] = buf.toString(high ? 'utf8' : 'latin1', s, end);
    }
  }
}

function decodeScaled(
  f: FieldSpec,
  dv: DataView,
  rowBytes: number,
  nrows: number,
  sink: ColumnSink,
  row0: number,
): void {
  const out = sink.data as Float64Array;
  const r = f.repeat;
  const size = f.bytes / Math.max(1, r);
  const read = rawReader(f.code, dv);
  const tnull = f.tnull === undefined ? undefined : Number(f.tnull);
  const { tscal, tzero } = f;
  let o = row0 * r;
  for (let i = 0, p = f.offset; i < nrows; i++, p += rowBytes) {
    for (let j = 0, q = p; j < r; j++, q += size) {
      const raw = read(q);
      // Same order of operations as astropy (raw × TSCAL, then + TZERO), so values agree bit for bit.
      if (raw === tnull || Number.isNaN(raw)) {
        out[o++] = Number.NaN;
        markNull(sink, row0 + i);
      } else out[o++] = raw * tscal + tzero;
    }
  }
}

function rawReader(code: string, dv: DataView): (q: number) => number {
  switch (code) {
    case 'B':
      return (q) => dv.getUint8(q);
    case 'I':
      return (q) => dv.getInt16(q);
    case 'J':
      return (q) => dv.getInt32(q);
    case 'K':
      return (q) => dv.getInt32(q) * 4294967296 + dv.getUint32(q + 4);
    case 'E':
      return (q) => dv.getFloat32(q);
    default:
      return (q) => dv.getFloat64(q);
  }
}

/**
 * Every function a decode reaches from decodeField: the parallel reader builds its worker's
 * source from these (see parallel.ts), so a helper added above must be listed here too
 * (test/io/fits-parallel.test.ts decodes every field type on worker threads).
 */
export const DECODE_FUNCTIONS: readonly ((...args: never[]) => unknown)[] = [
  elementsPerRow,
  markNull,
  decodeField,
  decodeD,
  decodeE,
  decodeJ,
  decodeK,
  decodeI,
  decodeB,
  decodeL,
  decodeX,
  decodeStrings,
  decodeScaled,
  rawReader,
];
