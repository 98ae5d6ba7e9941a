/**
 * A named column: one typed array, optionally a vector per row (`shape`), with unit,
 * description and a per-row null mask. A column keeps the type it was stored with
 * (float32 stays Float32Array); arithmetic on it is done in float64 by readers such as
 * `Table.float64()`.
 */
export type NumericArray =
  | Float64Array
  | Float32Array
  | Int8Array
  | Uint8Array
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array;
export type BigIntArray = BigInt64Array | BigUint64Array;
export type ColumnData = NumericArray | BigIntArray | string[];

/**
 * The logical type of a column, independent of the on-disk format.
 * `bool` is stored in a Uint8Array (0/1) with nulls in the mask; `bits` is a FITS X column
 * unpacked to one Uint8Array element per bit.
 */
export type ColumnKind =
  | 'f64'
  | 'f32'
  | 'i8'
  | 'u8'
  | 'i16'
  | 'u16'
  | 'i32'
  | 'u32'
  | 'i64'
  | 'u64'
  | 'bool'
  | 'bits'
  | 'str';

export interface Column {
  readonly name: string;
  readonly kind: ColumnKind;
  /** Row-major values: `nrows * width` elements, where width is the product of `shape`. */
  readonly data: ColumnData;
  /** Per-row element shape of a vector column; `[]` for scalars. */
  readonly shape: readonly number[];
  readonly unit?: string;
  readonly description?: string;
  /** 1 where the row (any element of it, for vector columns) is null. Absent if no nulls. */
  readonly nulls?: Uint8Array;
  /** Format-specific extras kept for round trips (e.g. `{ tnull: -999, tform: 'J' }`). */
  readonly meta?: Readonly<Record<string, unknown>>;
}

export function columnWidth(col: Pick<Column, 'shape'>): number {
  let w = 1;
  for (const s of col.shape) w *= s;
  return w;
}

export function columnLength(col: Column): number {
  const w = columnWidth(col);
  return w === 0 ? 0 : col.data.length / w;
}

export function kindOfArray(data: ColumnData): ColumnKind {
  if (Array.isArray(data)) return 'str';
  if (data instanceof Float64Array) return 'f64';
  if (data instanceof Float32Array) return 'f32';
  if (data instanceof Int8Array) return 'i8';
  if (data instanceof Uint8Array) return 'u8';
  if (data instanceof Int16Array) return 'i16';
  if (data instanceof Uint16Array) return 'u16';
  if (data instanceof Int32Array) return 'i32';
  if (data instanceof Uint32Array) return 'u32';
  if (data instanceof BigInt64Array) return 'i64';
  if (data instanceof BigUint64Array) return 'u64';
  throw new Error('unsupported column array type');
}

/** Allocates an empty array of the kind, `n` elements. */
export function allocate(kind: ColumnKind, n: number): ColumnData {
  switch (kind) {
    case 'f64':
      return new Float64Array(n);
    case 'f32':
      return new Float32Array(n);
    case 'i8':
      return new Int8Array(n);
    case 'u8':
    case 'bool':
    case 'bits':
      return new Uint8Array(n);
    case 'i16':
      return new Int16Array(n);
    case 'u16':
      return new Uint16Array(n);
    case 'i32':
      return new Int32Array(n);
    case 'u32':
      return new Uint32Array(n);
    case 'i64':
      return new BigInt64Array(n);
    case 'u64':
      return new BigUint64Array(n);
    case 'str':
      return new Array<string>(n).fill('');
  }
}

export function isNumericKind(kind: ColumnKind): boolean {
  return kind !== 'str';
}

/** Builds a column, inferring `kind` from the array when not given. */
export function column(
  name: string,
  data: ColumnData,
  opts: {
    kind?: ColumnKind;
    shape?: readonly number[];
    unit?: string;
    description?: string;
    nulls?: Uint8Array;
    meta?: Record<string, unknown>;
  } = {},
): Column {
  const col: Column = {
    name,
    kind: opts.kind ?? kindOfArray(data),
    data,
    shape: opts.shape ?? [],
    ...(opts.unit !== undefined && opts.unit !== '' ? { unit: opts.unit } : {}),
    ...(opts.description !== undefined && opts.description !== '' ? { description: opts.description } : {}),
    ...(opts.nulls ? { nulls: opts.nulls } : {}),
    ...(opts.meta ? { meta: opts.meta } : {}),
  };
  return col;
}
