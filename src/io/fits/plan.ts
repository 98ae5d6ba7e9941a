import { fail } from '../../errors.js';
import {
  type BigIntArray,
  type Column,
  type ColumnKind,
  columnLength,
  columnWidth,
  type NumericArray,
} from '../../table/column.js';
import type { Table } from '../../table/table.js';
import { parseTform, type TformCode, UNSIGNED_TZERO } from './tform.js';

/** How one column is written: the inverse of tform.ts's FieldSpec. */
export interface WriteField {
  readonly column: Column;
  readonly code: TformCode;
  readonly repeat: number;
  readonly offset: number;
  readonly bytes: number;
  /** Bytes per string element (A). */
  readonly strLen: number;
  /** Elements per row in the column array. */
  readonly perRow: number;
  /** TZERO of the unsigned/signed-byte conventions (raw = physical − tzero), or of scaling. */
  readonly tzero: number | bigint;
  readonly tscal: number;
  /** Written as raw = round((x − tzero) / tscal). */
  readonly scaled: boolean;
  /** Raw stored value marking a null, for integer fields. */
  readonly tnull?: number | bigint;
  /** Header cards after TTYPE/TFORM, as [keyword stem, value] pairs, in COLUMN_KEYWORDS order. */
  readonly keywords: [string, string | number | bigint | boolean][];
  readonly tform: string;
}

const PLAIN: Record<ColumnKind, { code: TformCode; tzero: number | bigint }> = {
  f64: { code: 'D', tzero: 0 },
  f32: { code: 'E', tzero: 0 },
  i16: { code: 'I', tzero: 0 },
  i32: { code: 'J', tzero: 0 },
  i64: { code: 'K', tzero: 0 },
  u8: { code: 'B', tzero: 0 },
  bool: { code: 'L', tzero: 0 },
  str: { code: 'A', tzero: 0 },
  bits: { code: 'X', tzero: 0 },
  u16: { code: 'I', tzero: UNSIGNED_TZERO.I },
  u32: { code: 'J', tzero: UNSIGNED_TZERO.J },
  u64: { code: 'K', tzero: UNSIGNED_TZERO.K },
  i8: { code: 'B', tzero: UNSIGNED_TZERO.B },
};

const ELEMENT_BYTES: Record<TformCode, number> = { L: 1, X: 1, B: 1, I: 2, J: 4, K: 8, A: 1, E: 4, D: 8 };

/** Physical value range of each integer kind (as stored after TZERO). */
const RANGE: Partial<Record<ColumnKind, [bigint, bigint]>> = {
  i8: [-128n, 127n],
  u8: [0n, 255n],
  i16: [-32768n, 32767n],
  u16: [0n, 65535n],
  i32: [-2147483648n, 2147483647n],
  u32: [0n, 4294967295n],
  i64: [-(1n << 63n), (1n << 63n) - 1n],
  u64: [0n, (1n << 64n) - 1n],
};

const RAW_RANGE: Partial<Record<TformCode, [number, number]>> = {
  B: [0, 255],
  I: [-32768, 32767],
  J: [-2147483648, 2147483647],
  K: [-(2 ** 63), 2 ** 63 - 1024],
};

export interface PlanOptions {
  /** Minimum bytes per string element, by column name (the streaming writer's room for later chunks). */
  stringBytes?: Record<string, number>;
  /** Declare a TNULL for every integer column, so later chunks may hold nulls. */
  nullableIntegers?: boolean;
}

/**
 * Chooses each column's TFORM and null convention from its kind (and its meta from a FITS read,
 * so that TNULL, scaling and string widths survive a round trip). `table` is all the data
 * (writeFits) or the first chunk (streaming writer).
 */
export function planFields(
  file: string,
  table: Table,
  opts: PlanOptions = {},
): { fields: WriteField[]; rowBytes: number } {
  const fields: WriteField[] = [];
  let offset = 0;
  for (const col of table.columns) {
    const f = planField(file, col, table.nrows, offset, opts);
    fields.push(f);
    offset += f.bytes;
  }
  return { fields, rowBytes: offset };
}

function planField(file: string, col: Column, nrows: number, offset: number, opts: PlanOptions): WriteField {
  const where = `column '${col.name}'`;
  if (/[^\x20-\x7e]/.test(col.name))
    fail(file, `${where}: FITS column names (TTYPE) must be printable ASCII; rename the column`);
  if (col.unit && /[^\x20-\x7e]/.test(col.unit))
    fail(file, `${where}: unit '${col.unit}' is not ASCII; FITS TUNIT must be ASCII (e.g. 'deg', 'mJy', 'um')`);
  const meta = (col.meta ?? {}) as Record<string, unknown>;
  const width = columnWidth(col);
  const keywords: WriteField['keywords'] = [];
  if (col.unit) keywords.push(['TUNIT', col.unit]);
  let code = PLAIN[col.kind].code;
  let tzero: number | bigint = PLAIN[col.kind].tzero;
  let tscal = 1;
  let scaled = false;
  let strLen = 0;
  const perRow = width;
  let repeat = width;
  let tdim: string | undefined;

  if (col.kind === 'str') {
    const data = col.data as string[];
    let max = Math.max(1, opts.stringBytes?.[col.name] ?? 0, metaStringWidth(meta, width));
    for (let i = 0; i < data.length; i++) {
      const s = data[i];
      const n = s.length === 0 ? 0 : Buffer.byteLength(s, 'utf8');
      if (n > max) max = n;
    }
    strLen = max;
    repeat = max * width;
    if (col.shape.length > 0) tdim = `(${[max, ...col.shape.slice().reverse()].join(',')})`;
  } else {
    if (col.shape.length > 1) tdim = `(${col.shape.slice().reverse().join(',')})`;
    const scaling = col.kind === 'f64' ? scalingFromMeta(col, meta) : null;
    if (scaling) {
      code = scaling.code;
      tzero = scaling.tzero;
      tscal = scaling.tscal;
      scaled = true;
    }
  }

  let tnull: number | bigint | undefined;
  const integerField = 'BIJK'.includes(code);
  if (
    integerField &&
    (col.nulls || meta.tnull !== undefined || (opts.nullableIntegers && !scaled) || (scaled && hasNaN(col)))
  ) {
    tnull = chooseTnull(file, col, code, tzero, scaled, meta.tnull);
  }
  if (tnull !== undefined) keywords.push(['TNULL', tnull]);
  if (scaled) keywords.push(['TSCAL', tscal]);
  if (tzero !== 0) keywords.push(['TZERO', tzero]);
  if (tdim) keywords.push(['TDIM', tdim]);
  if (typeof meta.tdisp === 'string' && /^[\x20-\x7e]*$/.test(meta.tdisp)) keywords.push(['TDISP', meta.tdisp]);
  if (col.description && /^[\x20-\x7e]*$/.test(col.description)) keywords.push(['TCOMM', col.description]);
  const extra = meta.keywords;
  if (extra && typeof extra === 'object')
    for (const [k, v] of Object.entries(extra as Record<string, unknown>))
      if (/^[A-Z]{1,5}$/.test(k) && ['string', 'number', 'bigint', 'boolean'].includes(typeof v))
        keywords.push([k, v as string]);

  const bytes = code === 'X' ? Math.ceil(repeat / 8) : repeat * ELEMENT_BYTES[code];
  if (columnLength(col) !== nrows && width !== 0) throw new Error(`column '${col.name}' length mismatch`);
  return {
    column: col,
    code,
    repeat,
    offset,
    bytes,
    strLen,
    perRow,
    tzero,
    tscal,
    scaled,
    keywords,
    tform: repeat === 1 ? code : `${repeat}${code}`,
    ...(tnull !== undefined ? { tnull } : {}),
  };
}

/** A string column read from FITS keeps its declared width (room for later chunks, same TFORM back). */
function metaStringWidth(meta: Record<string, unknown>, width: number): number {
  if (typeof meta.tform !== 'string') return 0;
  const p = parseTform(meta.tform);
  if (p?.code !== 'A' || width === 0) return 0;
  return Math.floor(p.repeat / width);
}

function hasNaN(col: Column): boolean {
  const d = col.data as Float64Array;
  for (let i = 0; i < d.length; i++) if (Number.isNaN(d[i])) return true;
  return false;
}

/**
 * Keeps TSCAL/TZERO scaling of a float64 column read from a scaled integer field, but only when
 * every value maps back to an integer exactly (raw × TSCAL + TZERO reproduces it bit for bit).
 */
function scalingFromMeta(
  col: Column,
  meta: Record<string, unknown>,
): { code: TformCode; tscal: number; tzero: number } | null {
  if (typeof meta.tform !== 'string' || typeof meta.tscal !== 'number' || typeof meta.tzero !== 'number') return null;
  const p = parseTform(meta.tform);
  if (!p || !'BIJ'.includes(p.code)) return null;
  const code = p.code as TformCode;
  const [lo, hi] = RAW_RANGE[code] as [number, number];
  const { tscal, tzero } = meta as { tscal: number; tzero: number };
  const d = col.data as Float64Array;
  for (let i = 0; i < d.length; i++) {
    const x = d[i];
    if (Number.isNaN(x)) continue;
    const raw = Math.round((x - tzero) / tscal);
    if (raw < lo || raw > hi || raw * tscal + tzero !== x) return null;
  }
  return { code, tscal, tzero };
}

/**
 * The raw TNULL of an integer field: the one read from the file if no valid value uses it,
 * else the kind's minimum (the usual sentinel), its maximum, or the first unused raw value.
 * Each candidate costs one scan of the column; no set of all values is built.
 */
function chooseTnull(
  file: string,
  col: Column,
  code: TformCode,
  tzero: number | bigint,
  scaled: boolean,
  metaTnull: unknown,
): number | bigint {
  const [rlo, rhi] =
    code === 'K' ? [-(1n << 63n), (1n << 63n) - 1n] : (RAW_RANGE[code] as [number, number]).map(BigInt);
  const shift = typeof tzero === 'bigint' ? tzero : BigInt(Math.round(tzero));
  const candidates: bigint[] = [];
  if ((typeof metaTnull === 'number' && Number.isInteger(metaTnull)) || typeof metaTnull === 'bigint')
    candidates.push(BigInt(metaTnull));
  const kindRange = RANGE[col.kind];
  if (scaled || !kindRange) candidates.push(rlo, rhi);
  else candidates.push(kindRange[0] - shift, kindRange[1] - shift);
  for (const c of candidates) if (c >= rlo && c <= rhi && !usesRaw(col, c, shift, scaled)) return toRaw(c, code);
  const gap = firstUnusedRaw(col, shift, scaled, rlo, rhi);
  if (gap === null)
    fail(
      file,
      `column '${col.name}' has nulls but uses every value of its ${col.kind} type, so FITS cannot mark them; store it as a wider type`,
    );
  return toRaw(gap, code);
}

function toRaw(raw: bigint, code: TformCode): number | bigint {
  return code === 'K' && (raw > BigInt(Number.MAX_SAFE_INTEGER) || raw < BigInt(Number.MIN_SAFE_INTEGER))
    ? raw
    : Number(raw);
}

/** Whether a non-null element of the column is stored as `raw`. */
function usesRaw(col: Column, raw: bigint, shift: bigint, scaled: boolean): boolean {
  const w = columnWidth(col);
  const nulls = w === 1 ? col.nulls : undefined;
  if (scaled) {
    const d = col.data as Float64Array;
    const { tscal, tzero } = col.meta as { tscal: number; tzero: number };
    const r = Number(raw);
    for (let i = 0; i < d.length; i++) if (!Number.isNaN(d[i]) && Math.round((d[i] - tzero) / tscal) === r) return true;
    return false;
  }
  const phys = raw + shift;
  if (col.data instanceof BigInt64Array || col.data instanceof BigUint64Array) {
    const d = col.data as BigIntArray;
    for (let i = 0; i < d.length; i++) if (d[i] === phys && !nulls?.[i]) return true;
    return false;
  }
  const d = col.data as NumericArray;
  const p = Number(phys);
  for (let i = 0; i < d.length; i++) if (d[i] === p && !nulls?.[i]) return true;
  return false;
}

/** The smallest raw value no non-null element uses (sorting a copy), or null if all are used. */
function firstUnusedRaw(col: Column, shift: bigint, scaled: boolean, rlo: bigint, rhi: bigint): bigint | null {
  const w = columnWidth(col);
  const nulls = w === 1 ? col.nulls : undefined;
  const raws: bigint[] = [];
  const d = col.data as NumericArray | BigIntArray;
  const { tscal = 1, tzero = 0 } = (col.meta ?? {}) as { tscal?: number; tzero?: number };
  for (let i = 0; i < d.length; i++) {
    if (nulls?.[i]) continue;
    const x = d[i];
    if (scaled) {
      if (!Number.isNaN(x)) raws.push(BigInt(Math.round(((x as number) - tzero) / tscal)));
    } else raws.push(BigInt(x) - shift);
  }
  raws.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  let next = rlo;
  for (const r of raws) {
    if (r > next) return next;
    if (r === next) next++;
  }
  return next <= rhi ? next : null;
}
