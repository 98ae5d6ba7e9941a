/** Small SVG helpers shared by the fit plots: number formatting, escaping, linear/log scales. */

export const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export const fmt = (x: number): string =>
  Math.abs(x) >= 1e4 || (Math.abs(x) < 1e-2 && x !== 0) ? x.toExponential(1) : x.toPrecision(3);

/** Maps [lo, hi] onto [a, b]. */
export function scale(lo: number, hi: number, a: number, b: number): (x: number) => number {
  const k = hi > lo ? (b - a) / (hi - lo) : 0;
  return (x) => a + (x - lo) * k;
}

export function range(xs: ArrayLike<number>): [number, number] {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < xs.length; i++)
    if (Number.isFinite(xs[i])) {
      lo = Math.min(lo, xs[i]);
      hi = Math.max(hi, xs[i]);
    }
  if (!(hi > lo)) return [lo - 0.5, lo + 0.5];
  return [lo, hi];
}

/** Powers of ten (as log10 exponents) inside [lo, hi] given in log10 units; at least the two ends when none fall inside. */
export function decadeTicks(log10Lo: number, log10Hi: number): number[] {
  const out: number[] = [];
  for (let e = Math.ceil(log10Lo); e <= Math.floor(log10Hi); e++) out.push(e);
  return out.length ? out : [log10Lo, log10Hi];
}

/** Tick label of a log10 exponent: 10^e written as a plain number where short. */
export const decadeLabel = (e: number): string =>
  !Number.isInteger(e) ? (10 ** e).toPrecision(2) : Math.abs(e) <= 4 ? String(10 ** e) : `1e${e}`;
