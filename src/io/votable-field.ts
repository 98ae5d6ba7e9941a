/**
 * VOTable FIELD declarations (VOTable 1.4, IVOA Recommendation 2019-10-21, §2.1 and §5) and
 * the growing column buffers that the TABLEDATA and BINARY/BINARY2 decoders fill.
 */
import { fail } from '../errors.js';
import { allocate, type Column, type ColumnData, type ColumnKind, column } from '../table/column.js';

export type VoDatatype =
  | 'boolean'
  | 'bit'
  | 'unsignedByte'
  | 'short'
  | 'int'
  | 'long'
  | 'char'
  | 'unicodeChar'
  | 'float'
  | 'double'
  | 'floatComplex'
  | 'doubleComplex';

export interface VoField {
  name: string;
  datatype: VoDatatype;
  /** Elements per row for fixed arrays (complex counts two per value); strings: 1. */
  width: number;
  /** Fixed characters of a char/unicodeChar field, or -1 when variable (`*`). */
  chars: number;
  /** Elements per row are variable (`*` on a numeric field): count prefix in binary. */
  variable: boolean;
  shape: number[];
  kind: ColumnKind;
  unit?: string;
  ucd?: string;
  description?: string;
  /** VALUES null="…" for integer fields. */
  nullValue?: string;
}

const KIND: Record<VoDatatype, ColumnKind> = {
  boolean: 'bool',
  bit: 'bits',
  unsignedByte: 'u8',
  short: 'i16',
  int: 'i32',
  long: 'i64',
  char: 'str',
  unicodeChar: 'str',
  float: 'f32',
  double: 'f64',
  floatComplex: 'f32',
  doubleComplex: 'f64',
};

/** Parses a FIELD element (as fast-xml-parser gives it: attributes as plain properties). */
export function parseField(el: Record<string, unknown>, index: number, file: string): VoField {
  const name = String(el.name ?? el.ID ?? `col${index + 1}`);
  const datatype = String(el.datatype ?? '') as VoDatatype;
  const kind = KIND[datatype];
  if (!kind)
    fail(
      file,
      `FIELD '${name}': datatype '${datatype}' is not a VOTable datatype; use one of ${Object.keys(KIND).join(', ')}`,
    );
  const arraysize = el.arraysize === undefined ? undefined : String(el.arraysize).trim();
  const isText = kind === 'str';
  let width = 1;
  let chars = 1;
  let variable = false;
  let shape: number[] = [];
  if (arraysize !== undefined && arraysize !== '') {
    const dims = arraysize.split('x');
    const last = dims[dims.length - 1];
    variable = last.endsWith('*');
    const sizes = dims.map((d) => (d.endsWith('*') ? -1 : Number(d)));
    if (sizes.some((s) => s !== -1 && !(Number.isInteger(s) && s >= 0)))
      fail(file, `FIELD '${name}': arraysize '${arraysize}' is not understood; write e.g. 8, 8*, * or 3x2`);
    if (isText) {
      // The first dimension of a char field is the string length; further ones make string arrays.
      if (dims.length > 1)
        fail(file, `FIELD '${name}': arrays of strings (arraysize '${arraysize}') are not supported`);
      chars = variable ? -1 : sizes[0];
      variable = false;
    } else {
      if (variable)
        fail(
          file,
          `FIELD '${name}': variable-length numeric arrays (arraysize '${arraysize}') are not supported; use a fixed size`,
        );
      width = sizes.reduce((a, b) => a * b, 1);
      // VOTable arrays vary the first index fastest (like FITS TDIM); our shape is row-major.
      shape = [...sizes].reverse();
    }
  }
  if (datatype === 'floatComplex' || datatype === 'doubleComplex') {
    width *= 2;
    shape = [...shape, 2];
  }
  const values = el.VALUES as Record<string, unknown> | Record<string, unknown>[] | undefined;
  const v = Array.isArray(values) ? values[0] : values;
  const description = textOf(el.DESCRIPTION);
  return {
    name,
    datatype,
    width,
    chars,
    variable,
    shape,
    kind,
    ...(el.unit !== undefined ? { unit: String(el.unit) } : {}),
    ...(el.ucd !== undefined ? { ucd: String(el.ucd) } : {}),
    ...(description ? { description } : {}),
    ...(v && v.null !== undefined ? { nullValue: String(v.null) } : {}),
  };
}

/** Text content of an element that fast-xml-parser may give as a string or an object. */
export function textOf(x: unknown): string | undefined {
  if (x === undefined || x === null) return undefined;
  if (Array.isArray(x)) return textOf(x[0]);
  if (typeof x === 'object') {
    const t = (x as Record<string, unknown>)['#text'];
    return t === undefined ? undefined : String(t).trim();
  }
  return String(x).trim();
}

/** A column being filled row by row; grows by doubling. */
export class ColumnSink {
  data: ColumnData;
  nulls: Uint8Array | undefined;
  capacity: number;

  constructor(
    readonly field: VoField,
    rows: number,
  ) {
    this.capacity = Math.max(rows, 16);
    this.data = allocate(field.kind, this.capacity * field.width);
  }

  ensure(rows: number): void {
    if (rows <= this.capacity) return;
    const cap = Math.max(rows, this.capacity * 2);
    const next = allocate(this.field.kind, cap * this.field.width);
    if (Array.isArray(next)) {
      const src = this.data as string[];
      for (let i = 0; i < src.length; i++) next[i] = src[i];
    } else (next as Exclude<ColumnData, string[]>).set(this.data as never);
    this.data = next;
    if (this.nulls) {
      const m = new Uint8Array(cap);
      m.set(this.nulls);
      this.nulls = m;
    }
    this.capacity = cap;
  }

  setNull(row: number): void {
    if (!this.nulls) this.nulls = new Uint8Array(this.capacity);
    this.nulls[row] = 1;
    const k = this.field.kind;
    if (k === 'f32' || k === 'f64') {
      const d = this.data as Float64Array | Float32Array;
      for (let j = 0; j < this.field.width; j++) d[row * this.field.width + j] = Number.NaN;
    }
  }

  toColumn(nrows: number): Column {
    const f = this.field;
    const n = nrows * f.width;
    const data = Array.isArray(this.data)
      ? this.data.slice(0, n)
      : (this.data as Exclude<ColumnData, string[]>).slice(0, n);
    const meta: Record<string, unknown> = { votableDatatype: f.datatype };
    if (f.ucd) meta.ucd = f.ucd;
    if (f.nullValue !== undefined) meta.null = f.nullValue;
    return column(f.name, data as ColumnData, {
      kind: f.kind,
      shape: f.shape,
      ...(f.unit ? { unit: f.unit } : {}),
      ...(f.description ? { description: f.description } : {}),
      ...(this.nulls ? { nulls: this.nulls.slice(0, nrows) } : {}),
      meta,
    });
  }
}
