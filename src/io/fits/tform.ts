import { fail } from '../../errors.js';
import type { ColumnKind } from '../../table/column.js';
import type { KeywordValue } from '../../table/table.js';
import { type Header, hduLabel, requireCount } from './header.js';

/** BINTABLE field types this module reads and writes (FITS Standard 4.0, Table 18). */
export type TformCode = 'L' | 'X' | 'B' | 'I' | 'J' | 'K' | 'A' | 'E' | 'D';

const BYTES: Record<TformCode, number> = { L: 1, X: 1, B: 1, I: 2, J: 4, K: 8, A: 1, E: 4, D: 8 };

/** The TZERO that turns a signed field into an unsigned kind (and B into signed bytes), §7.3.2. */
export const UNSIGNED_TZERO = { B: -128, I: 32768, J: 2147483648, K: 9223372036854775808n } as const;

/** How one BINTABLE field maps to a table column. */
export interface FieldSpec {
  /** 1-based field number, as in TTYPEn. */
  readonly index: number;
  readonly name: string;
  readonly tform: string;
  readonly code: TformCode;
  readonly repeat: number;
  /** Byte offset of the field within a row, and its width in bytes. */
  readonly offset: number;
  readonly bytes: number;
  readonly kind: ColumnKind;
  /** Per-row shape of the column (row-major, TDIM reversed); [] for a scalar. */
  readonly shape: number[];
  /** Characters per string element (A fields). */
  readonly strLen: number;
  /** Physical = raw × tscal + tzero, applied when `scaled` (output float64). */
  readonly scaled: boolean;
  readonly tscal: number;
  readonly tzero: number;
  readonly tnull?: number | bigint;
  readonly unit?: string;
  readonly description?: string;
  readonly meta: Record<string, unknown>;
}

/**
 * The one table of column keywords: each per-column keyword (TTYPEn, TFORMn, TUNITn, …) and the column attribute it fills.
 * The writer emits the same keywords from the same attributes, in this order.
 */
export const COLUMN_KEYWORDS = [
  'TTYPE',
  'TFORM',
  'TUNIT',
  'TNULL',
  'TSCAL',
  'TZERO',
  'TDIM',
  'TDISP',
  'TCOMM',
] as const;
/** Further per-column keywords kept in `column.meta.keywords` and written back with the column. */
const OTHER_COLUMN_KEYWORDS = [
  'TUCD',
  'TDMIN',
  'TDMAX',
  'TLMIN',
  'TLMAX',
  'TUTYP',
  'TCTYP',
  'TCUNI',
  'TCRPX',
  'TCRVL',
  'TCDLT',
  'TCROT',
];
const COLUMN_KEY = new RegExp(`^(${[...COLUMN_KEYWORDS, ...OTHER_COLUMN_KEYWORDS].join('|')})([1-9]\\d{0,2})$`);

/** Header keywords that describe structure (rewritten by the writer) rather than content. */
export function isStructuralKeyword(key: string, tfields: number): boolean {
  if (/^(SIMPLE|XTENSION|BITPIX|NAXIS\d*|PCOUNT|GCOUNT|TFIELDS|EXTEND|THEAP|EXTNAME|END|GROUPS)$/.test(key))
    return true;
  const m = COLUMN_KEY.exec(key);
  return m !== null && Number(m[2]) <= tfields;
}

/** Parses `rTa`: repeat count, type code and the (ignored) extra characters. */
export function parseTform(tform: string): { repeat: number; code: string } | null {
  const m = /^\s*(\d*)([A-Z])(.*)$/.exec(tform);
  if (!m) return null;
  return { repeat: m[1] === '' ? 1 : Number(m[1]), code: m[2] };
}

/** Column descriptions of a BINTABLE header; any malformed field is a UserError naming it. */
export function fieldSpecs(path: string, h: Header): { specs: FieldSpec[]; rowBytes: number; nrows: number } {
  const where = hduLabel(h);
  const rowBytes = requireCount(path, h, 'NAXIS1');
  const nrows = requireCount(path, h, 'NAXIS2');
  const tfields = requireCount(path, h, 'TFIELDS');
  if (tfields > 999) fail(path, `${where}: TFIELDS = ${tfields} is above 999`);
  const v = h.values;
  const extra = new Map<number, Record<string, KeywordValue>>();
  for (const c of h.cards) {
    const m = COLUMN_KEY.exec(c.keyword);
    if (!m || c.value === undefined || !OTHER_COLUMN_KEYWORDS.includes(m[1])) continue;
    const n = Number(m[2]);
    if (!extra.has(n)) extra.set(n, {});
    (extra.get(n) as Record<string, KeywordValue>)[m[1]] = c.value;
  }
  const specs: FieldSpec[] = [];
  let offset = 0;
  const names = new Set<string>();
  for (let n = 1; n <= tfields; n++) {
    const tformV = v.get(`TFORM${n}`);
    const colWhere = `${where}, column ${n}${typeof v.get(`TTYPE${n}`) === 'string' ? ` (${v.get(`TTYPE${n}`)})` : ''}`;
    if (typeof tformV !== 'string') fail(path, `${colWhere}: TFORM${n} is missing; every field needs a TFORMn`);
    const parsed = parseTform(tformV);
    if (!parsed) fail(path, `${colWhere}: TFORM${n} = '${tformV}' is not a valid rT format`);
    const { repeat, code } = parsed;
    if (code === 'P' || code === 'Q')
      fail(
        path,
        `${colWhere}: TFORM '${tformV}' is a variable-length (heap) array, which is not supported; write the column with a fixed repeat count`,
      );
    if (code === 'C' || code === 'M')
      fail(
        path,
        `${colWhere}: TFORM '${tformV}' is a complex type, which is not supported; store real and imaginary parts as two E or D columns`,
      );
    if (!(code in BYTES))
      fail(path, `${colWhere}: TFORM '${tformV}' has unknown type code '${code}'; use one of L X B I J K A E D`);
    const tc = code as TformCode;
    const bytes = tc === 'X' ? Math.ceil(repeat / 8) : repeat * BYTES[tc];
    let name = typeof v.get(`TTYPE${n}`) === 'string' ? (v.get(`TTYPE${n}`) as string).trim() : '';
    if (name === '') name = `col${n}`;
    // Duplicate TTYPEs occur in the wild; make them unique so that every column stays reachable.
    for (let k = 2; names.has(name); k++) name = `${name}_${k}`;
    names.add(name);
    const tscal = numberKey(path, colWhere, v.get(`TSCAL${n}`), `TSCAL${n}`) ?? 1;
    const tzeroRaw = v.get(`TZERO${n}`);
    const tzero = numberKey(path, colWhere, tzeroRaw, `TZERO${n}`) ?? 0;
    const tnullV = v.get(`TNULL${n}`);
    const tnull = typeof tnullV === 'number' || typeof tnullV === 'bigint' ? tnullV : undefined;
    const { kind, scaled } = kindOf(tc, tscal, tzeroRaw);
    const { shape, strLen } = shapeOf(path, colWhere, tc, repeat, v.get(`TDIM${n}`));
    const meta: Record<string, unknown> = { tform: tformV.trim() };
    if (tnull !== undefined && 'BIJK'.includes(tc)) meta.tnull = tnull;
    if (scaled) {
      meta.tscal = tscal;
      meta.tzero = tzero;
    }
    const tdisp = v.get(`TDISP${n}`);
    if (typeof tdisp === 'string') meta.tdisp = tdisp;
    const tdim = v.get(`TDIM${n}`);
    if (typeof tdim === 'string') meta.tdim = tdim;
    if (extra.has(n)) meta.keywords = extra.get(n);
    const unit = v.get(`TUNIT${n}`);
    const tcomm = v.get(`TCOMM${n}`);
    specs.push({
      index: n,
      name,
      tform: tformV.trim(),
      code: tc,
      repeat,
      offset,
      bytes,
      kind,
      shape,
      strLen,
      scaled,
      tscal,
      tzero,
      ...(tnull !== undefined && 'BIJK'.includes(tc) ? { tnull } : {}),
      ...(typeof unit === 'string' && unit.trim() !== '' ? { unit: unit.trim() } : {}),
      ...(typeof tcomm === 'string' && tcomm !== '' ? { description: tcomm } : {}),
      meta,
    });
    offset += bytes;
  }
  if (offset !== rowBytes)
    fail(
      path,
      `${where}: the TFORMs add up to ${offset} bytes per row but NAXIS1 = ${rowBytes}; the header is inconsistent`,
    );
  return { specs, rowBytes, nrows };
}

function numberKey(path: string, where: string, v: KeywordValue | undefined, key: string): number | undefined {
  if (v === undefined) return undefined;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v !== 'number') fail(path, `${where}: ${key} = '${String(v)}' is not a number`);
  return v;
}

function kindOf(
  code: TformCode,
  tscal: number,
  tzeroRaw: KeywordValue | undefined,
): { kind: ColumnKind; scaled: boolean } {
  const tzero = tzeroRaw === undefined ? 0 : tzeroRaw;
  const plain = tscal === 1 && (tzero === 0 || tzero === 0n);
  switch (code) {
    case 'L':
      return { kind: 'bool', scaled: false };
    case 'X':
      return { kind: 'bits', scaled: false };
    case 'A':
      return { kind: 'str', scaled: false };
    case 'B':
      if (tscal === 1 && tzero === UNSIGNED_TZERO.B) return { kind: 'i8', scaled: false };
      return plain ? { kind: 'u8', scaled: false } : { kind: 'f64', scaled: true };
    case 'I':
      if (tscal === 1 && tzero === UNSIGNED_TZERO.I) return { kind: 'u16', scaled: false };
      return plain ? { kind: 'i16', scaled: false } : { kind: 'f64', scaled: true };
    case 'J':
      if (tscal === 1 && tzero === UNSIGNED_TZERO.J) return { kind: 'u32', scaled: false };
      return plain ? { kind: 'i32', scaled: false } : { kind: 'f64', scaled: true };
    case 'K':
      if (tscal === 1 && typeof tzero === 'bigint' && tzero === UNSIGNED_TZERO.K) return { kind: 'u64', scaled: false };
      return plain ? { kind: 'i64', scaled: false } : { kind: 'f64', scaled: true };
    case 'E':
      return plain ? { kind: 'f32', scaled: false } : { kind: 'f64', scaled: true };
    case 'D':
      return { kind: 'f64', scaled: !plain };
  }
}

function shapeOf(
  path: string,
  where: string,
  code: TformCode,
  repeat: number,
  tdim: KeywordValue | undefined,
): { shape: number[]; strLen: number } {
  let dims: number[] | undefined;
  if (typeof tdim === 'string') {
    const m = /^\s*\(\s*(\d+(?:\s*,\s*\d+)*)\s*\)\s*$/.exec(tdim);
    if (!m) fail(path, `${where}: TDIM '${tdim}' is not of the form (n1,n2,...)`);
    dims = m[1].split(',').map((s) => Number(s.trim()));
    const product = dims.reduce((a, b) => a * b, 1);
    if (product !== repeat)
      fail(path, `${where}: TDIM '${tdim}' holds ${product} elements but the TFORM repeat is ${repeat}`);
  }
  if (code === 'A') {
    if (!dims || dims.length === 1) return { shape: [], strLen: repeat };
    // TDIM's first axis is the string length; Fortran order, so the rest reversed is row-major.
    return { shape: dims.slice(1).reverse(), strLen: dims[0] };
  }
  if (dims && dims.length > 1) return { shape: dims.slice().reverse(), strLen: 0 };
  return { shape: repeat === 1 ? [] : [repeat], strLen: 0 };
}
