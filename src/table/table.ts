import { UserError } from '../errors.js';
import {
  allocate,
  type BigIntArray,
  type Column,
  type ColumnData,
  columnLength,
  columnWidth,
  type NumericArray,
} from './column.js';

export type KeywordValue = string | number | boolean | bigint;

/** Table-level metadata: name, sky area (SKYAREA, deg²), description and free keywords. */
export interface TableMeta {
  name?: string;
  skyAreaDeg2?: number;
  description?: string;
  /** Free header keywords in file order (FITS cards other than the structural ones, Parquet key/values). */
  keywords?: Record<string, KeywordValue>;
  /** Comments of keywords, by keyword name, for round trips. */
  keywordComments?: Record<string, string>;
}

/**
 * A columnar catalogue: named typed-array columns of equal row count, plus metadata.
 * Columns are immutable by convention; selections produce new arrays of the selected rows.
 *
 * @example
 *   const t = new Table([column('ra', ra, { unit: 'deg' }), column('dec', dec, { unit: 'deg' })], { skyAreaDeg2: 12.5 });
 *   const bright = t.filter(flux.map((f) => f > 10));
 */
export class Table {
  readonly columns: readonly Column[];
  readonly nrows: number;
  readonly meta: TableMeta;
  private readonly byName: Map<string, Column>;

  constructor(columns: readonly Column[], meta: TableMeta = {}, nrows?: number) {
    this.columns = columns;
    this.meta = meta;
    this.byName = new Map();
    let n = nrows;
    for (const c of columns) {
      if (this.byName.has(c.name)) throw new UserError(`duplicate column name '${c.name}'`);
      this.byName.set(c.name, c);
      const len = columnLength(c);
      if (n === undefined) n = len;
      else if (columnWidth(c) !== 0 && len !== n) throw new Error(`column '${c.name}' has ${len} rows, expected ${n}`);
    }
    this.nrows = n ?? 0;
  }

  get names(): string[] {
    return this.columns.map((c) => c.name);
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  /** The column of that exact name, or undefined. */
  get(name: string): Column | undefined {
    return this.byName.get(name);
  }

  /** The column of that exact name; throws a UserError naming the closest existing names. */
  col(name: string): Column {
    const c = this.byName.get(name) ?? this.findColumn(name);
    if (!c) {
      const hint = closestNames(name, this.names);
      throw new UserError(
        `no column '${name}'${this.meta.name ? ` in ${this.meta.name}` : ''}${hint.length ? `; did you mean ${hint.map((h) => `'${h}'`).join(' or ')}?` : ''}`,
      );
    }
    return c;
  }

  /** Case-insensitive lookup. */
  findColumn(name: string): Column | undefined {
    const lower = name.toLowerCase();
    return this.columns.find((c) => c.name.toLowerCase() === lower);
  }

  /**
   * The column as float64 values (a copy unless it already is a Float64Array), nulls as NaN.
   * Only for scalar numeric columns.
   */
  float64(name: string): Float64Array {
    const c = this.col(name);
    return toFloat64(c);
  }

  /** Rows where mask[i] is non-zero/true. */
  filter(mask: ArrayLike<number | boolean>): Table {
    let count = 0;
    for (let i = 0; i < this.nrows; i++) if (mask[i]) count++;
    const idx = new Int32Array(count);
    let k = 0;
    for (let i = 0; i < this.nrows; i++) if (mask[i]) idx[k++] = i;
    return this.take(idx);
  }

  /** Rows at the given indices, in that order (indices may repeat). */
  take(indices: ArrayLike<number>): Table {
    const cols = this.columns.map((c) => takeColumn(c, indices));
    return new Table(cols, { ...this.meta }, indices.length);
  }

  /** Rows [start, end). */
  slice(start: number, end: number): Table {
    const s = Math.max(0, start);
    const e = Math.min(this.nrows, end);
    const cols = this.columns.map((c) => {
      const w = columnWidth(c);
      const data = (c.data as NumericArray).slice(s * w, e * w) as ColumnData;
      return { ...c, data, ...(c.nulls ? { nulls: c.nulls.slice(s, e) } : {}) };
    });
    return new Table(cols, { ...this.meta }, Math.max(0, e - s));
  }

  withColumns(extra: readonly Column[]): Table {
    const replaced = new Set(extra.map((c) => c.name));
    return new Table([...this.columns.filter((c) => !replaced.has(c.name)), ...extra], this.meta, this.nrows);
  }

  select(names: readonly string[]): Table {
    return new Table(
      names.map((n) => this.col(n)),
      this.meta,
      this.nrows,
    );
  }

  withMeta(meta: Partial<TableMeta>): Table {
    return new Table(this.columns, { ...this.meta, ...meta }, this.nrows);
  }
}

export function toFloat64(c: Column): Float64Array {
  if (columnWidth(c) !== 1) throw new UserError(`column '${c.name}' is a vector column; a scalar is needed`);
  if (c.kind === 'str') {
    throw new UserError(`column '${c.name}' holds text; a numeric column is needed`);
  }
  let out: Float64Array;
  if (c.data instanceof Float64Array && !c.nulls) return c.data;
  if (c.data instanceof BigInt64Array || c.data instanceof BigUint64Array) {
    const d = c.data as BigIntArray;
    out = new Float64Array(d.length);
    for (let i = 0; i < d.length; i++) out[i] = Number(d[i]);
  } else {
    out = Float64Array.from(c.data as NumericArray);
  }
  if (c.nulls) for (let i = 0; i < out.length; i++) if (c.nulls[i]) out[i] = Number.NaN;
  return out;
}

export function takeColumn(c: Column, indices: ArrayLike<number>): Column {
  const w = columnWidth(c);
  const n = indices.length;
  let data: ColumnData;
  if (Array.isArray(c.data)) {
    const src = c.data;
    const out = new Array<string>(n * w);
    for (let i = 0; i < n; i++) for (let j = 0; j < w; j++) out[i * w + j] = src[indices[i] * w + j];
    data = out;
  } else {
    const src = c.data as NumericArray | BigIntArray;
    const out = allocate(c.kind, n * w) as NumericArray | BigIntArray;
    if (w === 1) for (let i = 0; i < n; i++) out[i] = src[indices[i]];
    else for (let i = 0; i < n; i++) for (let j = 0; j < w; j++) out[i * w + j] = src[indices[i] * w + j];
    data = out;
  }
  let nulls: Uint8Array | undefined;
  if (c.nulls) {
    nulls = new Uint8Array(n);
    for (let i = 0; i < n; i++) nulls[i] = c.nulls[indices[i]];
  }
  return { ...c, data, ...(nulls ? { nulls } : {}) };
}

/** Names within a small edit distance, or sharing a prefix, for "did you mean" hints. */
export function closestNames(name: string, candidates: readonly string[], max = 2): string[] {
  const lower = name.toLowerCase();
  const scored = candidates.map((c) => ({ c, d: editDistance(lower, c.toLowerCase()) }));
  scored.sort((a, b) => a.d - b.d);
  const limit = Math.max(2, Math.floor(name.length / 3));
  return scored
    .filter((s) => s.d <= limit || s.c.toLowerCase().includes(lower) || lower.includes(s.c.toLowerCase()))
    .slice(0, max)
    .map((s) => s.c);
}

function editDistance(a: string, b: string): number {
  const prev = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length];
}
