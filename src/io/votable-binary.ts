/**
 * Decoding of the VOTable BINARY and BINARY2 serialisations (VOTable 1.4 §5.4–5.5): a base64
 * STREAM of rows, each row the fields in order, big-endian; variable-length fields carry a
 * 4-byte element count first. BINARY2 prefixes every row with a null bitmap of
 * ceil(nfields/8) bytes, the first field in the most significant bit of the first byte.
 */
import { fail } from '../errors.js';
import type { ColumnSink } from './votable-field.js';

type Ints = Int8Array | Uint8Array | Int16Array | Int32Array;

/** Decodes all rows of `bytes` into the sinks; returns the row count. */
export function decodeBinaryStream(bytes: Uint8Array, sinks: ColumnSink[], binary2: boolean, file: string): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = bytes.length;
  const nf = sinks.length;
  const maskBytes = binary2 ? (nf + 7) >> 3 : 0;
  const nullInts = sinks.map((s) => (s.field.nullValue !== undefined ? Number(s.field.nullValue) : undefined));
  let p = 0;
  let row = 0;
  const need = (k: number, what: string): void => {
    if (p + k > n) fail(file, `the BINARY stream ends inside row ${row + 1} (${what}); the file is truncated`);
  };
  while (p < n) {
    need(maskBytes, 'null flags');
    const maskAt = p;
    p += maskBytes;
    for (let c = 0; c < nf; c++) {
      const sink = sinks[c];
      sink.ensure(row + 1);
      const f = sink.field;
      const isNull = binary2 && (bytes[maskAt + (c >> 3)] & (0x80 >> (c & 7))) !== 0;
      let count = f.width;
      if (f.kind === 'str') {
        const unit = f.datatype === 'unicodeChar' ? 2 : 1;
        let len = f.chars;
        if (len < 0) {
          need(4, `length of ${f.name}`);
          len = view.getUint32(p);
          p += 4;
        }
        need(len * unit, f.name);
        (sink.data as string[])[row] = isNull ? '' : decodeChars(bytes, p, len, unit, f.chars >= 0);
        p += len * unit;
        if (isNull) sink.setNull(row);
        continue;
      }
      if (f.variable) {
        need(4, `length of ${f.name}`);
        count = view.getUint32(p);
        p += 4;
      }
      const base = row * f.width;
      switch (f.datatype) {
        case 'boolean': {
          need(count, f.name);
          const d = sink.data as Uint8Array;
          let sawNull = false;
          for (let j = 0; j < count; j++) {
            const ch = bytes[p + j];
            if (ch === 84 || ch === 116 || ch === 49) d[base + j] = 1;
            else if (ch !== 70 && ch !== 102 && ch !== 48) sawNull = true;
          }
          p += count;
          if (sawNull || isNull) sink.setNull(row);
          continue;
        }
        case 'bit': {
          const nb = (count + 7) >> 3;
          need(nb, f.name);
          const d = sink.data as Uint8Array;
          for (let j = 0; j < count; j++) d[base + j] = (bytes[p + (j >> 3)] >> (7 - (j & 7))) & 1;
          p += nb;
          break;
        }
        case 'unsignedByte': {
          need(count, f.name);
          const d = sink.data as Uint8Array;
          for (let j = 0; j < count; j++) d[base + j] = bytes[p + j];
          p += count;
          break;
        }
        case 'short': {
          need(2 * count, f.name);
          const d = sink.data as Int16Array;
          for (let j = 0; j < count; j++) d[base + j] = view.getInt16(p + 2 * j);
          p += 2 * count;
          break;
        }
        case 'int': {
          need(4 * count, f.name);
          const d = sink.data as Int32Array;
          for (let j = 0; j < count; j++) d[base + j] = view.getInt32(p + 4 * j);
          p += 4 * count;
          break;
        }
        case 'long': {
          need(8 * count, f.name);
          const d = sink.data as BigInt64Array;
          for (let j = 0; j < count; j++) d[base + j] = view.getBigInt64(p + 8 * j);
          p += 8 * count;
          if (!isNull && f.nullValue !== undefined && count === 1 && d[base] === BigInt(f.nullValue)) sink.setNull(row);
          break;
        }
        case 'float':
        case 'floatComplex': {
          need(4 * count, f.name);
          const d = sink.data as Float32Array;
          for (let j = 0; j < count; j++) d[base + j] = view.getFloat32(p + 4 * j);
          p += 4 * count;
          break;
        }
        case 'double':
        case 'doubleComplex': {
          need(8 * count, f.name);
          const d = sink.data as Float64Array;
          for (let j = 0; j < count; j++) d[base + j] = view.getFloat64(p + 8 * j);
          p += 8 * count;
          break;
        }
        default:
          fail(file, `FIELD '${f.name}': datatype '${f.datatype}' cannot be read from a binary stream`);
      }
      const nv = nullInts[c];
      if (!isNull && nv !== undefined && count === 1 && f.datatype !== 'long' && (sink.data as Ints)[base] === nv)
        sink.setNull(row);
      if (isNull) sink.setNull(row);
    }
    row++;
  }
  return row;
}

/** ASCII (`char`) or UCS-2 big-endian (`unicodeChar`) text; a NUL ends it, fixed fields lose trailing blanks. */
function decodeChars(bytes: Uint8Array, p: number, len: number, unit: number, fixed: boolean): string {
  let s = '';
  for (let j = 0; j < len; j++) {
    const code = unit === 1 ? bytes[p + j] : (bytes[p + 2 * j] << 8) | bytes[p + 2 * j + 1];
    if (code === 0) break;
    s += String.fromCharCode(code);
  }
  return fixed ? s.replace(/\s+$/, '') : s;
}
