import { fail } from '../../errors.js';
import type { BigIntArray } from '../../table/column.js';
import type { WriteField } from './plan.js';

/**
 * Encodes rows [row0, row0 + nrows) of one column into row-major big-endian bytes: the inverse of
 * decode.ts. Scalar null rows get the field's null (NaN, TNULL, or byte 0 for L); vector columns
 * are written as they are (their NaN/TNULL elements already mark nulls).
 */
export function encodeField(
  file: string,
  f: WriteField,
  chunk: Uint8Array,
  rowBytes: number,
  nrows: number,
  row0: number,
  rowBase = 0,
): void {
  const dv = new DataView(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  const col = f.column;
  const nulls = f.perRow === 1 ? col.nulls : undefined;
  if (f.scaled) {
    encodeScaled(file, f, dv, rowBytes, nrows, row0, rowBase);
    return;
  }
  if (nulls && f.tnull === undefined && 'BIJK'.includes(f.code) && anyNull(nulls, row0, nrows))
    fail(
      file,
      `column '${col.name}' has nulls in rows ${rowBase + row0 + 1}-${rowBase + row0 + nrows} but no TNULL was declared from the first chunk; give the first chunk the column's nulls or a meta.tnull`,
    );
  const args = [f, dv, rowBytes, nrows, row0, nulls] as const;
  // One small function per type keeps each loop monomorphic (as in decode.ts).
  switch (f.code) {
    case 'D':
      encodeD(...args);
      return;
    case 'E':
      encodeE(...args);
      return;
    case 'J':
      encodeJ(...args);
      return;
    case 'I':
      encodeI(...args);
      return;
    case 'B':
      encodeB(...args);
      return;
    case 'K':
      encodeK(...args);
      return;
    case 'L':
      encodeL(f, chunk, rowBytes, nrows, row0);
      return;
    case 'X':
      encodeX(f, chunk, rowBytes, nrows, row0);
      return;
    case 'A':
      encodeA(file, f, chunk, rowBytes, nrows, row0, rowBase);
      return;
  }
}

type Nulls = Uint8Array | undefined;

function encodeD(f: WriteField, dv: DataView, rowBytes: number, nrows: number, row0: number, nulls: Nulls): void {
  const d = f.column.data as Float64Array;
  const r = f.perRow;
  let o = row0 * r;
  for (let i = 0, p = f.offset; i < nrows; i++, p += rowBytes) {
    const isNull = nulls !== undefined && nulls[row0 + i] === 1;
    for (let j = 0, q = p; j < r; j++, q += 8, o++) dv.setFloat64(q, isNull ? Number.NaN : d[o]);
  }
}

function encodeE(f: WriteField, dv: DataView, rowBytes: number, nrows: number, row0: number, nulls: Nulls): void {
  const d = f.column.data as Float32Array;
  const r = f.perRow;
  let o = row0 * r;
  for (let i = 0, p = f.offset; i < nrows; i++, p += rowBytes) {
    const isNull = nulls !== undefined && nulls[row0 + i] === 1;
    for (let j = 0, q = p; j < r; j++, q += 4, o++) dv.setFloat32(q, isNull ? Number.NaN : d[o]);
  }
}

/** J, and u32 through TZERO 2^31: raw = value ^ 2^31 (the int32 store wraps). */
function encodeJ(f: WriteField, dv: DataView, rowBytes: number, nrows: number, row0: number, nulls: Nulls): void {
  const d = f.column.data as Int32Array | Uint32Array;
  const flip = f.tzero === 0 ? 0 : 0x80000000;
  const tnull = f.tnull === undefined ? 0 : Number(f.tnull);
  const r = f.perRow;
  let o = row0 * r;
  for (let i = 0, p = f.offset; i < nrows; i++, p += rowBytes) {
    const isNull = nulls !== undefined && nulls[row0 + i] === 1;
    for (let j = 0, q = p; j < r; j++, q += 4, o++) dv.setInt32(q, isNull ? tnull : d[o] ^ flip);
  }
}

function encodeI(f: WriteField, dv: DataView, rowBytes: number, nrows: number, row0: number, nulls: Nulls): void {
  const d = f.column.data as Int16Array | Uint16Array;
  const flip = f.tzero === 0 ? 0 : 0x8000;
  const tnull = f.tnull === undefined ? 0 : Number(f.tnull);
  const r = f.perRow;
  let o = row0 * r;
  for (let i = 0, p = f.offset; i < nrows; i++, p += rowBytes) {
    const isNull = nulls !== undefined && nulls[row0 + i] === 1;
    for (let j = 0, q = p; j < r; j++, q += 2, o++) dv.setInt16(q, isNull ? tnull : d[o] ^ flip);
  }
}

function encodeB(f: WriteField, dv: DataView, rowBytes: number, nrows: number, row0: number, nulls: Nulls): void {
  const d = f.column.data as Uint8Array | Int8Array;
  const flip = f.tzero === 0 ? 0 : 0x80;
  const tnull = f.tnull === undefined ? 0 : Number(f.tnull);
  const r = f.perRow;
  let o = row0 * r;
  for (let i = 0, p = f.offset; i < nrows; i++, p += rowBytes) {
    const isNull = nulls !== undefined && nulls[row0 + i] === 1;
    for (let j = 0, q = p; j < r; j++, q++, o++) dv.setUint8(q, isNull ? tnull : (d[o] ^ flip) & 0xff);
  }
}

function encodeK(f: WriteField, dv: DataView, rowBytes: number, nrows: number, row0: number, nulls: Nulls): void {
  // The BigInt64Array's memory read as little-endian 32-bit halves: exact, and no BigInt per value.
  const src = f.column.data as BigIntArray;
  const d = new Int32Array(src.buffer, src.byteOffset, src.length * 2);
  const flip = f.tzero === 0 ? 0 : 0x80000000;
  const tn = BigInt.asUintN(64, BigInt(f.tnull ?? 0));
  const nullHi = Number(tn >> 32n) | 0;
  const nullLo = Number(tn & 0xffffffffn) | 0;
  const r = f.perRow;
  let o = row0 * r * 2;
  for (let i = 0, p = f.offset; i < nrows; i++, p += rowBytes) {
    const isNull = nulls !== undefined && nulls[row0 + i] === 1;
    for (let j = 0, q = p; j < r; j++, q += 8, o += 2) {
      dv.setInt32(q, isNull ? nullHi : d[o + 1] ^ flip);
      dv.setInt32(q + 4, isNull ? nullLo : d[o]);
    }
  }
}

function encodeL(f: WriteField, chunk: Uint8Array, rowBytes: number, nrows: number, row0: number): void {
  const d = f.column.data as Uint8Array;
  const rowNulls = f.column.nulls;
  const r = f.perRow;
  let o = row0 * r;
  for (let i = 0, p = f.offset; i < nrows; i++, p += rowBytes) {
    const isNull = rowNulls !== undefined && rowNulls[row0 + i] === 1;
    for (let j = 0; j < r; j++, o++) chunk[p + j] = isNull ? 0 : d[o] ? 84 : 70; // 'T' / 'F'
  }
}

function encodeX(f: WriteField, chunk: Uint8Array, rowBytes: number, nrows: number, row0: number): void {
  const d = f.column.data as Uint8Array;
  const r = f.perRow;
  let o = row0 * r;
  for (let i = 0, p = f.offset; i < nrows; i++, p += rowBytes) {
    chunk.fill(0, p, p + f.bytes);
    for (let j = 0; j < r; j++, o++) if (d[o]) chunk[p + (j >> 3)] |= 0x80 >> (j & 7);
  }
}

function encodeA(
  file: string,
  f: WriteField,
  chunk: Uint8Array,
  rowBytes: number,
  nrows: number,
  row0: number,
  rowBase: number,
): void {
  const d = f.column.data as string[];
  const buf = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  const w = f.strLen;
  const r = f.perRow;
  let o = row0 * r;
  for (let i = 0, p = f.offset; i < nrows; i++, p += rowBytes) {
    buf.fill(32, p, p + f.bytes);
    for (let j = 0, s = p; j < r; j++, s += w, o++) {
      const str = d[o] ?? '';
      if (str.length === 0) continue;
      const n = buf.write(str, s, w, 'utf8');
      if (n > w - 4 && Buffer.byteLength(str, 'utf8') > w)
        fail(
          file,
          `column '${f.column.name}', row ${rowBase + row0 + i + 1}: string of ${Buffer.byteLength(str, 'utf8')} bytes exceeds the column width ${w} fixed by the first chunk; pass a larger stringBytes for it`,
        );
    }
  }
}

function anyNull(nulls: Uint8Array, row0: number, nrows: number): boolean {
  for (let i = row0; i < row0 + nrows; i++) if (nulls[i]) return true;
  return false;
}

function encodeScaled(
  file: string,
  f: WriteField,
  dv: DataView,
  rowBytes: number,
  nrows: number,
  row0: number,
  rowBase: number,
): void {
  const d = f.column.data as Float64Array;
  const nulls = f.perRow === 1 ? f.column.nulls : undefined;
  const r = f.perRow;
  const tzero = Number(f.tzero);
  const { tscal } = f;
  const tnull = f.tnull === undefined ? undefined : Number(f.tnull);
  const size = f.code === 'J' ? 4 : f.code === 'I' ? 2 : 1;
  let o = row0 * r;
  for (let i = 0, p = f.offset; i < nrows; i++, p += rowBytes) {
    for (let j = 0, q = p; j < r; j++, q += size, o++) {
      const x = d[o];
      let raw: number;
      if (Number.isNaN(x) || (nulls !== undefined && nulls[row0 + i] === 1)) {
        if (tnull === undefined)
          fail(
            file,
            `column '${f.column.name}', row ${rowBase + row0 + i + 1}: null in a scaled column that declared no TNULL`,
          );
        raw = tnull;
      } else {
        raw = Math.round((x - tzero) / tscal);
        if (raw * tscal + tzero !== x)
          fail(
            file,
            `column '${f.column.name}', row ${rowBase + row0 + i + 1}: ${x} is not representable with TSCAL=${tscal}, TZERO=${tzero}; drop the column's tscal/tzero meta to write it as D`,
          );
      }
      if (size === 4) dv.setInt32(q, raw);
      else if (size === 2) dv.setInt16(q, raw);
      else dv.setUint8(q, raw);
    }
  }
}
