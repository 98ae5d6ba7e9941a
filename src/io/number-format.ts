/**
 * Decimal text for floats, as short as possible while reading back to the identical value.
 * float64 uses JavaScript's own shortest round-trip (`String`); float32 needs its own search
 * because `String(Math.fround(0.1))` prints the float64 expansion `0.10000000149011612`.
 */

/**
 * The shortest decimal that reads back (through `Math.fround(Number(s))`) to the same float32.
 *
 * @example formatFloat32(Math.fround(0.1)) === '0.1'; formatFloat32(Math.fround(1 / 3)) === '0.33333334'; formatFloat32(100) === '100.0'
 */
export function formatFloat32(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Number.POSITIVE_INFINITY) return 'inf';
  if (x === Number.NEGATIVE_INFINITY) return '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  // Round-tripping is monotone in the digit count (p+1 digits are never farther than p), so
  // start at 7 (most float32 values need 7–9) and walk down or up to the shortest.
  let p = 7;
  if (roundTrips32(x, p)) {
    while (p > 1 && roundTrips32(x, p - 1)) p--;
  } else {
    while (p < 9 && !roundTrips32(x, p)) p++;
  }
  // String(Number(..)) turns toPrecision's `1.2e+5` into `120000` and drops trailing zeros,
  // without adding digits: the double nearest a p-digit decimal prints with at most p digits.
  return withPoint(String(Number(x.toPrecision(p))));
}

/**
 * Integral floats get a `.0` (as Python and the NWAY exports print them), so that a reader can
 * tell a float column whose values happen to be whole from an integer column.
 */
function withPoint(s: string): string {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 46 || c === 101 || c === 78 || c === 73) return s; // '.', 'e', NaN, Infinity
  }
  return `${s}.0`;
}

function roundTrips32(x: number, p: number): boolean {
  return Math.fround(Number(x.toPrecision(p))) === x;
}

/**
 * float64 as the shortest round-trip decimal, whole numbers with `.0`; NaN and infinities as
 * `NaN`, `inf`, `-inf`.
 */
export function formatFloat64(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Number.POSITIVE_INFINITY) return 'inf';
  if (x === Number.NEGATIVE_INFINITY) return '-inf';
  if (x === 0 && 1 / x < 0) return '-0.0';
  // Whole numbers below 1e21 print without a point or exponent.
  return Number.isInteger(x) && x < 1e21 && x > -1e21 ? `${x}.0` : String(x);
}
