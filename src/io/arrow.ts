/**
 * Table ↔ Apache Arrow, and Arrow IPC files. Arrow is also the bridge to Parquet.
 *
 * Types map one to one (Float32 stays Float32, Int64 stays exact BigInt64); booleans become
 * Arrow Bool; vector columns become FixedSizeList with the element shape in field metadata;
 * nulls become Arrow validity bitmaps. Units and descriptions are field metadata (`unit`,
 * `description`), table metadata is schema metadata (`name`, `SKYAREA`, `description`, and
 * the free keywords as JSON under `mmassoc:keywords`), so everything round-trips.
 *
 * @example
 *   writeArrowIpc('cat.arrow', table);
 *   const back = readArrowIpc('cat.arrow');
 */
import { readFileSync } from 'node:fs';
import * as arrow from 'apache-arrow';
import { fail } from '../errors.js';
import { allocate, type Column, type ColumnData, type ColumnKind, column, columnWidth } from '../table/column.js';
import { type KeywordValue, Table, type TableMeta } from '../table/table.js';
import { writeFileAtomicSync } from './atomic.js';

const KIND_KEY = 'mmassoc:kind';
const SHAPE_KEY = 'mmassoc:shape';
const META_KEY = 'mmassoc:meta';
const KEYWORDS_KEY = 'mmassoc:keywords';
const COMMENTS_KEY = 'mmassoc:keyword_comments';

/** Converts a Table to an Arrow table (numeric data shared, not copied, where Arrow allows). */
export function tableToArrow(table: Table): arrow.Table {
  const fields: arrow.Field[] = [];
  const children: arrow.Data[] = [];
  for (const c of table.columns) {
    const { field, data } = columnToArrow(c, table.nrows);
    fields.push(field);
    children.push(data);
  }
  const schema = new arrow.Schema(fields, schemaMetadata(table.meta));
  const struct = arrow.makeData({ type: new arrow.Struct(fields), length: table.nrows, nullCount: 0, children });
  return new arrow.Table(schema, new arrow.RecordBatch(schema, struct));
}

/** Converts an Arrow table (any number of record batches) to a Table. */
export function tableFromArrow(at: arrow.Table, fileName?: string): Table {
  const cols: Column[] = [];
  for (const f of at.schema.fields) {
    const vec = at.getChild(f.name);
    if (!vec) continue;
    cols.push(columnFromArrow(f, vec, at.numRows, fileName));
  }
  return new Table(cols, metaFromSchema(at.schema.metadata), at.numRows);
}

export function readArrowIpc(path: string): Table {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (err) {
    fail(path, `cannot read the file (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  let at: arrow.Table;
  try {
    at = arrow.tableFromIPC(bytes);
  } catch (err) {
    fail(path, `not a readable Arrow IPC file (${(err as Error).message.split('\n')[0]})`);
  }
  return tableFromArrow(at, path);
}

export function writeArrowIpc(path: string, table: Table): void {
  writeFileAtomicSync(path, arrow.tableToIPC(tableToArrow(table), 'file'));
}

function columnToArrow(c: Column, nrows: number): { field: arrow.Field; data: arrow.Data } {
  const w = columnWidth(c);
  const nullBitmap = c.nulls ? validityFromNulls(c.nulls, nrows) : undefined;
  const nullCount = c.nulls ? countNulls(c.nulls, nrows) : 0;
  const elemType = arrowType(c.kind);
  let values: arrow.Data;
  if (c.kind === 'str') {
    const strs = c.data as string[];
    const withNulls = c.nulls && w === 1 ? strs.map((s, i) => (c.nulls![i] ? null : s)) : strs;
    values = arrow.vectorFromArray(withNulls, new arrow.Utf8()).data[0];
  } else if (c.kind === 'bool' || c.kind === 'bits') {
    values = arrow.makeData({ type: new arrow.Bool(), length: nrows * w, data: packBits(c.data as Uint8Array) });
  } else {
    values = arrow.makeData({ type: elemType, length: nrows * w, data: c.data } as never);
  }
  const md = new Map<string, string>();
  if (c.unit) md.set('unit', c.unit);
  if (c.description) md.set('description', c.description);
  md.set(KIND_KEY, c.kind);
  if (c.meta && Object.keys(c.meta).length > 0) md.set(META_KEY, toJson(c.meta));
  let data: arrow.Data;
  let type: arrow.DataType;
  if (c.shape.length === 0) {
    type = values.type;
    data =
      nullBitmap && c.kind !== 'str'
        ? arrow.makeData({ type: values.type, length: nrows, data: values.values, nullBitmap, nullCount } as never)
        : values;
  } else {
    md.set(SHAPE_KEY, JSON.stringify(c.shape));
    const child = new arrow.Field('item', values.type, true);
    type = new arrow.FixedSizeList(w, child);
    data = arrow.makeData({
      type: type as arrow.FixedSizeList,
      length: nrows,
      nullCount,
      nullBitmap,
      child: values,
    });
  }
  return { field: new arrow.Field(c.name, type, true, md), data };
}

function arrowType(kind: ColumnKind): arrow.DataType {
  switch (kind) {
    case 'f64':
      return new arrow.Float64();
    case 'f32':
      return new arrow.Float32();
    case 'i8':
      return new arrow.Int8();
    case 'u8':
      return new arrow.Uint8();
    case 'i16':
      return new arrow.Int16();
    case 'u16':
      return new arrow.Uint16();
    case 'i32':
      return new arrow.Int32();
    case 'u32':
      return new arrow.Uint32();
    case 'i64':
      return new arrow.Int64();
    case 'u64':
      return new arrow.Uint64();
    case 'bool':
    case 'bits':
      return new arrow.Bool();
    case 'str':
      return new arrow.Utf8();
  }
}

/**
 * The column kind for an Arrow element type, or undefined when we cannot hold it. Types read
 * from IPC are the generic classes (Float, Int), so test type ids, not subclasses.
 */
function kindOfArrow(t: arrow.DataType): ColumnKind | undefined {
  if (arrow.DataType.isFloat(t)) return t.precision === arrow.Precision.DOUBLE ? 'f64' : 'f32';
  if (arrow.DataType.isBool(t)) return 'bool';
  if (arrow.DataType.isUtf8(t) || arrow.DataType.isLargeUtf8(t)) return 'str';
  if (arrow.DataType.isDictionary(t)) return kindOfArrow(t.dictionary) === 'str' ? 'str' : undefined;
  if (arrow.DataType.isInt(t)) {
    const bits = t.bitWidth;
    if (t.isSigned) return bits === 8 ? 'i8' : bits === 16 ? 'i16' : bits === 32 ? 'i32' : 'i64';
    return bits === 8 ? 'u8' : bits === 16 ? 'u16' : bits === 32 ? 'u32' : 'u64';
  }
  return undefined;
}

function isHalf(t: arrow.DataType): boolean {
  return arrow.DataType.isFloat(t) && t.precision === arrow.Precision.HALF;
}

function columnFromArrow(f: arrow.Field, vec: arrow.Vector, nrows: number, file?: string): Column {
  const md = f.metadata;
  let elemType: arrow.DataType = f.type;
  let width = 1;
  if (arrow.DataType.isFixedSizeList(f.type)) {
    elemType = f.type.children[0].type;
    width = f.type.listSize;
  }
  const inferred = kindOfArrow(elemType);
  if (!inferred)
    fail(
      file,
      `column '${f.name}': Arrow type ${String(f.type)} is not supported; convert it to numbers or text first`,
    );
  const stored = md.get(KIND_KEY) as ColumnKind | undefined;
  const kind: ColumnKind = stored === 'bits' && inferred === 'bool' ? 'bits' : inferred;
  let nulls: Uint8Array | undefined;
  let out = sharedValues(kind, elemType, vec, width);
  if (!out) {
    out = allocate(kind, nrows * width);
    let row = 0;
    for (const d of vec.data) {
      copyValues(kind, width === 1 ? d : d.children[0], d.length * width, out, row * width);
      if (d.nullCount > 0 && d.nullBitmap) {
        nulls ??= new Uint8Array(nrows);
        for (let i = 0; i < d.length; i++) if (!bitSet(d.nullBitmap, d.offset + i)) nulls[row + i] = 1;
      }
      row += d.length;
    }
  }
  if (nulls) blankNulls(out, nulls, width);
  const shapeText = md.get(SHAPE_KEY);
  const shape: number[] = width === 1 ? [] : shapeText ? (JSON.parse(shapeText) as number[]) : [width];
  const metaText = md.get(META_KEY);
  return column(f.name, out, {
    kind,
    shape,
    ...(md.get('unit') ? { unit: md.get('unit') } : {}),
    ...(md.get('description') ? { description: md.get('description') } : {}),
    ...(nulls ? { nulls } : {}),
    ...(metaText ? { meta: fromJson(metaText) as Record<string, unknown> } : {}),
  });
}

/**
 * The chunk's own typed array when the column is one chunk of plain numbers without nulls:
 * no copy (the Arrow table and the Table then share the buffer, which both treat as read-only).
 */
function sharedValues(
  kind: ColumnKind,
  elemType: arrow.DataType,
  vec: arrow.Vector,
  width: number,
): ColumnData | undefined {
  if (vec.data.length !== 1 || kind === 'str' || kind === 'bool' || kind === 'bits' || isHalf(elemType))
    return undefined;
  const d = vec.data[0];
  if (d.nullCount > 0) return undefined;
  const values = (width === 1 ? d : d.children[0]).values as Exclude<ColumnData, string[]>;
  const n = d.length * width;
  return values.length === n ? values : values.subarray(0, n);
}

/**
 * Copies n elements of `d` (a chunk, or a list chunk's child) into out[at…]. Arrow JS keeps
 * numeric buffers already sliced to the chunk, while bit-packed booleans keep their offset.
 */
function copyValues(kind: ColumnKind, d: arrow.Data, n: number, out: ColumnData, at: number): void {
  if (kind === 'str' || isHalf(d.type) || arrow.DataType.isDictionary(d.type)) {
    const vec = arrow.makeVector(d);
    const o = out as unknown as (string | number)[];
    const none = kind === 'str' ? '' : Number.NaN;
    for (let i = 0; i < n; i++) o[at + i] = (vec.get(i) as string | number | null) ?? none;
  } else if (kind === 'bool' || kind === 'bits') {
    const o = out as Uint8Array;
    const bits = d.values as Uint8Array;
    for (let i = 0; i < n; i++) o[at + i] = bitSet(bits, d.offset + i) ? 1 : 0;
  } else {
    const src = d.values as Exclude<ColumnData, string[]>;
    (out as Exclude<ColumnData, string[]>).set(src.subarray(0, n) as never, at);
  }
}

/** Null slots hold whatever the writer left there; make them NaN (floats) or 0. */
function blankNulls(out: ColumnData, nulls: Uint8Array, width: number): void {
  const fill: number | bigint | string =
    out instanceof Float64Array || out instanceof Float32Array
      ? Number.NaN
      : out instanceof BigInt64Array || out instanceof BigUint64Array
        ? 0n
        : Array.isArray(out)
          ? ''
          : 0;
  for (let r = 0; r < nulls.length; r++)
    if (nulls[r]) for (let j = 0; j < width; j++) (out as unknown as (typeof fill)[])[r * width + j] = fill;
}

function bitSet(bits: Uint8Array, i: number): boolean {
  return (bits[i >> 3] & (1 << (i & 7))) !== 0;
}

function packBits(u: Uint8Array): Uint8Array {
  const out = new Uint8Array((u.length + 7) >> 3);
  for (let i = 0; i < u.length; i++) if (u[i]) out[i >> 3] |= 1 << (i & 7);
  return out;
}

function validityFromNulls(nulls: Uint8Array, n: number): Uint8Array {
  const out = new Uint8Array((n + 7) >> 3);
  for (let i = 0; i < n; i++) if (!nulls[i]) out[i >> 3] |= 1 << (i & 7);
  return out;
}

function countNulls(nulls: Uint8Array, n: number): number {
  let k = 0;
  for (let i = 0; i < n; i++) if (nulls[i]) k++;
  return k;
}

function schemaMetadata(meta: TableMeta): Map<string, string> {
  const md = new Map<string, string>();
  if (meta.name) md.set('name', meta.name);
  if (meta.skyAreaDeg2 !== undefined) md.set('SKYAREA', String(meta.skyAreaDeg2));
  if (meta.description) md.set('description', meta.description);
  if (meta.keywords && Object.keys(meta.keywords).length > 0) md.set(KEYWORDS_KEY, toJson(meta.keywords));
  if (meta.keywordComments && Object.keys(meta.keywordComments).length > 0)
    md.set(COMMENTS_KEY, JSON.stringify(meta.keywordComments));
  return md;
}

/** Schema metadata → TableMeta; keys written by other tools become string keywords. */
function metaFromSchema(md: Map<string, string>): TableMeta {
  const meta: TableMeta = {};
  let keywords: Record<string, KeywordValue> = {};
  for (const [k, v] of md) {
    if (k === 'name') meta.name = v;
    else if (k === 'SKYAREA') {
      const x = Number(v);
      if (Number.isFinite(x)) meta.skyAreaDeg2 = x;
    } else if (k === 'description') meta.description = v;
    else if (k === KEYWORDS_KEY) keywords = { ...keywords, ...(fromJson(v) as Record<string, KeywordValue>) };
    else if (k === COMMENTS_KEY) meta.keywordComments = JSON.parse(v) as Record<string, string>;
    else if (!k.startsWith('ARROW:') && k !== 'pandas') keywords[k] = v;
  }
  if (Object.keys(keywords).length > 0) meta.keywords = keywords;
  return meta;
}

/** JSON that keeps bigint values (as `{"$bigint": "…"}`), for keyword and column metadata. */
function toJson(v: unknown): string {
  return JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? { $bigint: x.toString() } : x));
}

function fromJson(s: string): unknown {
  return JSON.parse(s, (_k, x) =>
    x &&
    typeof x === 'object' &&
    typeof (x as { $bigint?: unknown }).$bigint === 'string' &&
    Object.keys(x).length === 1
      ? BigInt((x as { $bigint: string }).$bigint)
      : x,
  );
}
