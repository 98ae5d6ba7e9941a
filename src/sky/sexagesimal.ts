/**
 * Sexagesimal angles: RA in hours-minutes-seconds, Dec in degrees-arcminutes-arcseconds, with ':',
 * spaces or unit letters (h m s, d ° ′ ″ ' ") between fields. Bad text is a user mistake
 * (UserError naming the text and the expected form).
 */
import { UserError } from '../errors.js';
import { wrapDeg360 } from './math.js';

const SEPARATORS = /[\s:hmsd°'"′″]+/;

function fields(text: string): number[] | undefined {
  const parts = text
    .trim()
    .split(SEPARATORS)
    .filter((p) => p.length > 0);
  if (parts.length < 1 || parts.length > 3) return undefined;
  const nums: number[] = [];
  for (let i = 0; i < parts.length; i++) {
    // Only the last field may have a fraction; each field is unsigned.
    if (!(i === parts.length - 1 ? /^\d+(\.\d*)?$|^\.\d+$/ : /^\d+$/).test(parts[i])) return undefined;
    nums.push(Number(parts[i]));
  }
  for (let i = 1; i < nums.length; i++) if (nums[i] >= 60) return undefined;
  return nums;
}

/**
 * RA text → degrees.
 * @example parseRaHms('12:34:56.7') // 188.73625
 */
export function parseRaHms(text: string): number {
  const f = fields(text);
  if (!f || f[0] >= 24)
    throw new UserError(`RA '${text}': expected hours minutes seconds such as 12:34:56.7 (0 ≤ h < 24)`);
  return 15 * (f[0] + (f[1] ?? 0) / 60 + (f[2] ?? 0) / 3600);
}

/**
 * Dec text → degrees; the sign applies to the whole angle, so '-00 12 03.5' is −0.2009722°.
 * @example parseDecDms('-45 12 03.5') // -45.20097222222223
 */
export function parseDecDms(text: string): number {
  const t = text.trim();
  const negative = t.startsWith('-') || t.startsWith('−');
  const body = t.startsWith('-') || t.startsWith('+') || t.startsWith('−') ? t.slice(1) : t;
  const f = fields(body);
  const deg = f ? f[0] + (f[1] ?? 0) / 60 + (f[2] ?? 0) / 3600 : Number.NaN;
  if (!f || !(deg <= 90))
    throw new UserError(`Dec '${text}': expected ±degrees arcminutes arcseconds such as -45:12:03.5 (|Dec| ≤ 90)`);
  return negative ? -deg : deg;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/** Splits a count of 10^-decimals units into (a, b, c) of 60-based fields and writes them. */
function sexagesimal(units: number, decimals: number, sep: string, leadWidth: number): string {
  const scale = 10 ** decimals;
  const whole = Math.floor(units / scale);
  const frac = units - whole * scale;
  const a = Math.floor(whole / 3600);
  const b = Math.floor((whole - a * 3600) / 60);
  const c = whole - a * 3600 - b * 60;
  const sec = decimals > 0 ? `${pad(c, 2)}.${pad(frac, decimals)}` : pad(c, 2);
  return `${pad(a, leadWidth)}${sep}${pad(b, 2)}${sep}${sec}`;
}

/**
 * Degrees → 'HH:MM:SS.ss' (rounded; 23:59:59.999 rounds to 00:00:00.00).
 * @example formatRaHms(188.73625) // '12:34:56.70'
 */
export function formatRaHms(raDeg: number, decimals = 2, sep = ':'): string {
  const scale = 10 ** decimals;
  const day = 86400 * scale;
  const units = Math.round(wrapDeg360(raDeg) * 240 * scale) % day;
  return sexagesimal(units, decimals, sep, 2);
}

/**
 * Degrees → '±DD:MM:SS.s' (rounded, sign always written).
 * @example formatDecDms(-0.2009722222) // '-00:12:03.5'
 */
export function formatDecDms(decDeg: number, decimals = 1, sep = ':'): string {
  const scale = 10 ** decimals;
  const units = Math.round(Math.abs(decDeg) * 3600 * scale);
  return `${decDeg < 0 && units > 0 ? '-' : '+'}${sexagesimal(units, decimals, sep, 2)}`;
}

// Truncation must not turn 9012 − 1e-12 (rounding noise in the degree→unit product) into 9011.
const TRUNC_GUARD = 1e-7;

/**
 * IAU-style source designation 'PREFIX Jhhmmss±ddmmss', with coordinates truncated (not rounded)
 * as the IAU naming recommendations require. `raDecimals`/`decDecimals` add truncated decimals of
 * the seconds fields.
 * @example formatIauName('SPT-S', 37.55, -55.0525) // 'SPT-S J023012-550309'
 */
export function formatIauName(prefix: string, raDeg: number, decDeg: number, raDecimals = 0, decDecimals = 0): string {
  const rs = 10 ** raDecimals;
  const raUnits = Math.floor(wrapDeg360(raDeg) * 240 * rs + TRUNC_GUARD) % (86400 * rs);
  const ds = 10 ** decDecimals;
  const decUnits = Math.floor(Math.abs(decDeg) * 3600 * ds + TRUNC_GUARD);
  const ra = sexagesimal(raUnits, raDecimals, '', 2);
  const dec = sexagesimal(decUnits, decDecimals, '', 2);
  return `${prefix} J${ra}${decDeg < 0 ? '-' : '+'}${dec}`;
}
