/**
 * Classifies and parses one CSV field straight from its bytes, so that numeric columns never
 * build a JavaScript string per value.
 *
 * Exactness: a decimal with a mantissa ≤ 2^53 and a power of ten ≤ 10^22 is converted with one
 * correctly rounded multiplication or division (Clinger 1990, "How to read floating point
 * numbers accurately", the fast path); every other number goes through `Number()` on its text,
 * which is correctly rounded too. So the result always equals `Number(text)`.
 */

export const FIELD_TEXT = 0;
export const FIELD_INT = 1;
export const FIELD_FLOAT = 2;
export const FIELD_BOOL = 3;
export type FieldClass = typeof FIELD_TEXT | typeof FIELD_INT | typeof FIELD_FLOAT | typeof FIELD_BOOL;

/** Receives the parsed value; `bigInt` is set for an integer token whose magnitude exceeds 2^53. */
export interface NumberSlot {
  value: number;
  bigInt: boolean;
}

const TWO53 = 9007199254740992;
const POW10 = [
  1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20,
  1e21, 1e22,
];

/**
 * Parses bytes [s, e) (surrounding blanks ignored) as an integer, a float (including NaN, nan,
 * inf, -inf, Infinity) or a boolean (true/false in any case). Returns the class and writes the
 * value into `out`; FIELD_TEXT means the field is not a number.
 */
export function scanNumber(b: Uint8Array, s: number, e: number, out: DecimalSlot): FieldClass {
  while (s < e && (b[s] === 32 || b[s] === 9)) s++;
  while (e > s && (b[e - 1] === 32 || b[e - 1] === 9)) e--;
  if (s === e) return FIELD_TEXT;
  let i = s;
  let c = b[i];
  if (c === 45 || c === 43) {
    i++;
    if (i === e) return FIELD_TEXT;
    c = b[i];
  }
  if (c > 57) return scanWord(b, i, e, i > s, b[s] === 45, out);
  const stop = parseDecimal(b, s, e, out);
  return stop === e ? out.cls : FIELD_TEXT;
}

/** Receives a parsed number and its class (see `parseDecimal`). */
export interface DecimalSlot extends NumberSlot {
  cls: FieldClass;
}

/**
 * Parses the longest decimal number `[+-]digits[.digits][(e|E)[+-]digits]` starting at s (and
 * not beyond e). Returns where it stopped, with the value and FIELD_INT/FIELD_FLOAT in `out`, or
 * -1 when no number starts at s. The caller decides whether the byte at the stop ends the field.
 */
export function parseDecimal(b: Uint8Array, s: number, e: number, out: DecimalSlot): number {
  let i = s;
  let neg = false;
  if (i < e && (b[i] === 45 || b[i] === 43)) {
    neg = b[i] === 45;
    i++;
  }
  // The first 15 significant digits go to `hi` (exact in a double), up to 4 more to `lo`;
  // further digits only count (such numbers take the slow path anyway). `(d >>> 0) > 9` tests
  // "not a digit" with one comparison.
  let hi = 0;
  let lo = 0;
  let nlo = 0;
  let digits = 0;
  let exp10 = 0;
  const first = i;
  while (i < e && b[i] === 48) i++;
  const dv = viewOf(b);
  // Four digits per step while they all go to `hi` (SWAR on a little-endian 32-bit load).
  while (digits <= 11 && i + 4 <= e) {
    const x = fourDigits(dv.getInt32(i, true));
    if (x < 0) break;
    hi = hi * 10000 + x;
    digits += 4;
    i += 4;
  }
  for (; i < e; i++) {
    const d = b[i] - 48;
    if (d >>> 0 > 9) break;
    if (digits < 15) hi = hi * 10 + d;
    else if (digits < 19) {
      lo = lo * 10 + d;
      nlo++;
    } else exp10++;
    digits++;
  }
  let sawDigit = i > first;
  let sawDot = false;
  if (i < e && b[i] === 46) {
    sawDot = true;
    i++;
    const fracStart = i;
    if (digits === 0)
      while (i < e && b[i] === 48) {
        i++;
        exp10--;
      }
    while (digits <= 11 && i + 4 <= e) {
      const x = fourDigits(dv.getInt32(i, true));
      if (x < 0) break;
      hi = hi * 10000 + x;
      digits += 4;
      exp10 -= 4;
      i += 4;
    }
    for (; i < e; i++) {
      const d = b[i] - 48;
      if (d >>> 0 > 9) break;
      if (digits < 15) {
        hi = hi * 10 + d;
        exp10--;
      } else if (digits < 19) {
        lo = lo * 10 + d;
        nlo++;
        exp10--;
      }
      digits++;
    }
    sawDigit ||= i > fracStart;
  }
  if (!sawDigit) return -1;
  let sawExp = false;
  if (i < e && (b[i] === 101 || b[i] === 69)) {
    let j = i + 1;
    let eneg = false;
    if (j < e && (b[j] === 45 || b[j] === 43)) {
      eneg = b[j] === 45;
      j++;
    }
    let ev = 0;
    const expStart = j;
    for (; j < e; j++) {
      const d = b[j] - 48;
      if (d < 0 || d > 9) break;
      if (ev < 100000) ev = ev * 10 + d;
    }
    // An `e` without digits is not part of the number (the caller sees it as trailing text).
    if (j > expStart) {
      sawExp = true;
      exp10 += eneg ? -ev : ev;
      i = j;
    }
  }
  let v: number;
  if (digits > 19) v = slowNumber(b, s, i);
  else if (digits === 0) v = 0;
  else {
    const mant = nlo === 0 ? hi : hi * POW10[nlo] + lo;
    if (mant <= TWO53) {
      // Clinger's fast path: the mantissa and the power of ten are exact, one rounding.
      if (exp10 === 0) v = mant;
      else if (exp10 > 0 && exp10 <= 22) v = mant * POW10[exp10];
      else if (exp10 < 0 && exp10 >= -22) v = mant / POW10[-exp10];
      else v = slowNumber(b, s, i);
    } else if (exp10 < 0 && exp10 >= -22) v = divideExact(hi, lo, nlo, -exp10, b, s, i);
    else v = slowNumber(b, s, i);
  }
  if (neg) v = -v;
  out.value = v;
  if (sawDot || sawExp) {
    out.bigInt = false;
    out.cls = FIELD_FLOAT;
  } else {
    out.bigInt = v > TWO53 || v < -TWO53;
    out.cls = FIELD_INT;
  }
  return i;
}

let viewed: Uint8Array | null = null;
let view: DataView = new DataView(new ArrayBuffer(0));

/** Drops the cached view, so that a parsed block's memory is not kept alive (end of each block). */
export function forgetView(): void {
  viewed = null;
  view = new DataView(new ArrayBuffer(0));
}

/** A DataView over b, kept for the next call (the parser calls this once per field of a block). */
function viewOf(b: Uint8Array): DataView {
  if (b !== viewed) {
    view = new DataView(b.buffer, b.byteOffset, b.byteLength);
    viewed = b;
  }
  return view;
}

/**
 * The value of four ASCII digits loaded little-endian (first character in the low byte), or -1
 * when one of the bytes is not a digit: the usual SWAR digit test and pairwise combination.
 */
function fourDigits(w: number): number {
  if ((w & 0xf0f0f0f0) !== 0x30303030 || ((w + 0x06060606) & 0xf0f0f0f0) !== 0x30303030) return -1;
  const d = w - 0x30303030; // each byte now 0–9, no borrows
  const pairs = (Math.imul(d, 10) + (d >>> 8)) & 0x00ff00ff; // byte 0: d0·10+d1, byte 2: d2·10+d3
  return Math.imul(pairs & 0xff, 100) + (pairs >>> 16);
}

const SPLITTER = 134217729; // 2^27 + 1, Veltkamp/Dekker splitting (Dekker 1971)

/**
 * (hi·10^nlo + lo) / 10^k for a 16–19 digit mantissa, correctly rounded. The mantissa is held
 * exactly as a double-double, the quotient's remainder is computed with Dekker's error-free
 * product (Dekker 1971, "A floating-point technique for extending the available precision"),
 * and the quotient is corrected by remainder/10^k. When the true value lies so close to a
 * midpoint between two doubles that the correction's own rounding could matter, the text is
 * handed to Number() instead, so the result always equals Number(text).
 */
function divideExact(hi: number, lo: number, nlo: number, k: number, b: Uint8Array, s: number, e: number): number {
  const scale = POW10[nlo];
  // hi·scale exactly as ph + pl (both factors < 2^53; scale ≤ 10^4 needs no split).
  const ph = hi * scale;
  const pl = twoProductError(hi, scale, ph);
  // + lo, exactly: fast two-sum since |ph| ≥ |lo|.
  const mh = ph + lo;
  const ml = lo - (mh - ph) + pl;
  const p = POW10[k];
  const q = mh / p;
  const qp = q * p;
  const qpErr = twoProductError(q, p, qp);
  const r = mh - qp - qpErr + ml;
  const corr = r / p;
  const x = q + corr;
  const err = corr - (x - q);
  // Near a midpoint, a tiny change of the correction flips the rounding: let Number() decide.
  if (x + err * (1 + 2 ** -20) !== x + err * (1 - 2 ** -20)) return slowNumber(b, s, e);
  return x;
}

/** The exact error of the product a·b = prod (Dekker's TwoProduct without FMA). */
function twoProductError(a: number, b: number, prod: number): number {
  let t = SPLITTER * a;
  const ah = t - (t - a);
  const al = a - ah;
  t = SPLITTER * b;
  const bh = t - (t - b);
  const bl = b - bh;
  return ah * bh - prod + ah * bl + al * bh + al * bl;
}

function slowNumber(b: Uint8Array, s: number, e: number): number {
  const str = Buffer.isBuffer(b) ? b.toString('latin1', s, e) : String.fromCharCode(...b.subarray(s, e));
  // The caller applies the sign.
  return Math.abs(Number(str));
}

/** NaN, nan, inf, infinity (signed) and true/false, case-insensitive. */
function scanWord(b: Uint8Array, i: number, e: number, signed: boolean, neg: boolean, out: NumberSlot): FieldClass {
  const len = e - i;
  if (len > 8) return FIELD_TEXT;
  let w = '';
  for (let k = i; k < e; k++) w += String.fromCharCode(b[k] | 32);
  out.bigInt = false;
  if (w === 'nan') {
    out.value = Number.NaN;
    return FIELD_FLOAT;
  }
  if (w === 'inf' || w === 'infinity') {
    out.value = neg ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
    return FIELD_FLOAT;
  }
  if (!signed && (w === 'true' || w === 'false')) {
    out.value = w === 'true' ? 1 : 0;
    return FIELD_BOOL;
  }
  return FIELD_TEXT;
}
