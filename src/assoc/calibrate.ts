/**
 * Calibrating the p_any cut-off with catalogues of random primaries (Salvato et al. 2018 §4.2; NWAY's
 * create-fake-catalogue / create-shifted-catalogue / calibrate-cutoff, design/nway.md §4.4–4.6).
 * Equations and choices: docs/association.md, "Calibrating the p_any cut-off".
 *
 * Fake primaries are real primaries displaced by a random offset, uniform in area over the annulus
 * [2R, 2R + L] (L = `spreadArcsec`, default 10R), redrawn while within R of any real primary. They
 * keep the real sources' large-scale distribution (hence the secondaries' footprints) at any density:
 * NWAY's neighbour-interpolation fails on sparse catalogues (NWAY issue #20). `copies` fakes per real
 * source give a false-positive rate resolved to 1/(copies·n) even for a handful of primaries; this is
 * allowed because the primary's density cancels from every per-row quantity (design/nway.md §2.1).
 */
import lgamma from '@stdlib/math-base-special-gammaln';
import { UserError } from '../errors.js';
import { RandomStream } from '../random/index.js';
import { offsetByPA } from '../sky/index.js';
import { Table } from '../table/index.js';
import { guessColumn } from './catalog-spec.js';
import { isValidPosition } from './sphere.js';
import { buildZoneIndex, queryZoneIndex } from './zone-index.js';

export interface FakeOptions {
  /** Fakes avoid real sources by this separation (arcsec); NWAY advises twice the match radius. */
  radiusArcsec: number;
  seed: number;
  /** Fakes per real source (default 1). */
  copies?: number;
  /** Width of the displacement annulus beyond 2R (arcsec, default 10R). */
  spreadArcsec?: number;
}

/**
 * Fake positions: for each copy and each real source (in that order), a random point in the annulus
 * [2R, 2R + spread] around it that is ≥ R from every real source. `sourceRow` is the real row each
 * fake came from (to copy its other columns, e.g. its positional errors).
 *
 * @example fakePositions(ra, dec, { radiusArcsec: 40, seed: 1, copies: 10 })
 */
export function fakePositions(
  raDeg: Float64Array,
  decDeg: Float64Array,
  opts: FakeOptions,
): { raDeg: Float64Array; decDeg: Float64Array; sourceRow: Int32Array } {
  const r = opts.radiusArcsec;
  if (!(r > 0 && Number.isFinite(r)))
    throw new UserError(`fake catalogue: radius ${r} must be a positive number of arcsec`);
  const copies = opts.copies ?? 1;
  if (!(Number.isInteger(copies) && copies >= 1))
    throw new UserError(`fake catalogue: copies ${copies} must be a positive integer`);
  const spread = opts.spreadArcsec ?? 10 * r;
  const index = buildZoneIndex(raDeg, decDeg, r);
  const valid: number[] = [];
  for (let i = 0; i < raDeg.length; i++) if (isValidPosition(raDeg[i], decDeg[i])) valid.push(i);
  const n = valid.length * copies;
  const outRa = new Float64Array(n);
  const outDec = new Float64Array(n);
  const src = new Int32Array(n);
  let k = 0;
  for (let c = 0; c < copies; c++) {
    for (const i of valid) {
      // One stream per (seed, copy, row): the result does not depend on the order of evaluation.
      const rng = new RandomStream(opts.seed, c, i);
      let placed = false;
      for (let attempt = 0; attempt < 1000 && !placed; attempt++) {
        // Wider annuli after many failures (a source inside a dense clump of primaries).
        const outer = 2 * r + spread * (1 + Math.floor(attempt / 100));
        const inner = 2 * r;
        const d = Math.sqrt(inner * inner + rng.uniform() * (outer * outer - inner * inner));
        const [ra, dec] = offsetByPA(raDeg[i], decDeg[i], 360 * rng.uniform(), d);
        let near = false;
        queryZoneIndex(index, ra, dec, r, () => {
          near = true;
        });
        if (near) continue;
        outRa[k] = ra;
        outDec[k] = dec;
        src[k] = i;
        k++;
        placed = true;
      }
      if (!placed)
        throw new UserError(
          `fake catalogue: no free position found near row ${i + 1} after 1000 tries; use a smaller --radius or a larger --spread`,
        );
    }
  }
  return { raDeg: outRa, decDeg: outDec, sourceRow: src };
}

/**
 * Shifted positions (NWAY's create-shifted-catalogue): every source moved by the given offsets in
 * arcsec *on the sky* (east, then north: unlike NWAY the RA shift is an arc, not a coordinate step),
 * dropping those that land within R of a real source. Returns the kept rows and their positions.
 */
export function shiftedPositions(
  raDeg: Float64Array,
  decDeg: Float64Array,
  shiftEastArcsec: number,
  shiftNorthArcsec: number,
  radiusArcsec: number,
): { raDeg: Float64Array; decDeg: Float64Array; sourceRow: Int32Array } {
  const index = buildZoneIndex(raDeg, decDeg, radiusArcsec);
  const ra: number[] = [];
  const dec: number[] = [];
  const rows: number[] = [];
  for (let i = 0; i < raDeg.length; i++) {
    if (!isValidPosition(raDeg[i], decDeg[i])) continue;
    let [a, d] = [raDeg[i], decDeg[i]];
    if (shiftEastArcsec !== 0) [a, d] = offsetByPA(a, d, shiftEastArcsec > 0 ? 90 : 270, Math.abs(shiftEastArcsec));
    if (shiftNorthArcsec !== 0) [a, d] = offsetByPA(a, d, shiftNorthArcsec > 0 ? 0 : 180, Math.abs(shiftNorthArcsec));
    let near = false;
    queryZoneIndex(index, a, d, radiusArcsec, () => {
      near = true;
    });
    if (near) continue;
    ra.push(a);
    dec.push(d);
    rows.push(i);
  }
  return { raDeg: Float64Array.from(ra), decDeg: Float64Array.from(dec), sourceRow: Int32Array.from(rows) };
}

/**
 * p_any of each primary in a match output: one value per group of consecutive rows that share the
 * primary's columns (`<P>_*`, P = the first column's prefix, or `primaryName`).
 */
export function primaryPAny(table: Table, primaryName?: string): Float64Array {
  const first = table.names[0] ?? '';
  const prefix = `${primaryName ?? first.slice(0, first.indexOf('_'))}_`;
  const pcols = table.columns.filter((c) => c.name.startsWith(prefix));
  if (pcols.length === 0 || !table.has('p_any'))
    throw new UserError(
      `not a match output: need p_any and the primary's ${prefix}* columns (columns: ${table.names.slice(0, 8).join(', ')}, …)`,
    );
  // Grouping on the primary's position columns when found (cheap), else on all its columns.
  const stripped = new Table(pcols.map((c) => ({ ...c, name: c.name.slice(prefix.length) })));
  const ra = guessColumn(stripped, ['ra', 'raj2000', 'ra_deg']);
  const dec = guessColumn(stripped, ['dec', 'dej2000', 'decj2000', 'dec_deg']);
  const keyCols = ra && dec ? [stripped.col(ra), stripped.col(dec)] : stripped.columns;
  const pAny = table.float64('p_any');
  const out: number[] = [];
  const same = (r: number) =>
    keyCols.every((c) => (c.data as ArrayLike<unknown>)[r] === (c.data as ArrayLike<unknown>)[r - 1]);
  for (let r = 0; r < table.nrows; r++) if (r === 0 || !same(r)) out.push(pAny[r]);
  return Float64Array.from(out);
}

export interface CutoffRow {
  /** Target false-positive rate. */
  rate: number;
  /** Smallest cut c with (fake primaries with p_any > c)/(fake primaries) ≤ rate. */
  cut: number;
  /** Fraction of real primaries with p_any > cut. */
  efficiency: number;
  /** Observed false rate at the cut, and the count behind it. */
  falseRate: number;
  nFalse: number;
  nFake: number;
  /** One-sided 95% upper limit on the true false rate (Clopper & Pearson 1934). */
  falseRateUpper95: number;
}

/** Regularised incomplete beta I_x(a, b) by its continued fraction (Numerical Recipes §6.4). */
function betaInc(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const lbeta = lgamma(a + b) - lgamma(a) - lgamma(b);
  const front = Math.exp(lbeta + a * Math.log(x) + b * Math.log(1 - x));
  if (x > (a + 1) / (a + b + 2)) return 1 - betaInc(1 - x, b, a);
  let f = 1;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  d = 1 / (Math.abs(d) < 1e-300 ? 1e-300 : d);
  f = d;
  for (let m = 1; m < 300; m++) {
    for (const num of [
      (m * (b - m) * x) / ((a + 2 * m - 1) * (a + 2 * m)),
      (-(a + m) * (a + b + m) * x) / ((a + 2 * m) * (a + 2 * m + 1)),
    ]) {
      d = 1 + num * d;
      d = 1 / (Math.abs(d) < 1e-300 ? 1e-300 : d);
      c = 1 + num / c;
      if (Math.abs(c) < 1e-300) c = 1e-300;
      f *= c * d;
    }
    if (Math.abs(c * d - 1) < 1e-15) break;
  }
  return (front * f) / a;
}

/** Clopper–Pearson one-sided upper limit at confidence `cl` for k successes in n trials. */
export function binomialUpperLimit(k: number, n: number, cl = 0.95): number {
  if (n <= 0) return 1;
  if (k >= n) return 1;
  // Solve P(X ≤ k | p) = 1 − cl, i.e. 1 − I_p(k+1, n−k) = 1 − cl, by bisection.
  let lo = k / n;
  let hi = 1;
  for (let it = 0; it < 100; it++) {
    const mid = 0.5 * (lo + hi);
    if (1 - betaInc(mid, k + 1, n - k) > 1 - cl) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
}

/**
 * The p_any cut-off for each target false-positive rate, from the p_any of the real primaries and of
 * fake (or shifted) primaries. Cuts are searched over every distinct p_any value (not NWAY's 0.01
 * grid), so the answer is exact for the data; with few fakes the Clopper–Pearson limit says how well
 * the rate is known.
 *
 * @example cutoffs(realPAny, fakePAny, [0.01, 0.05]).map((c) => c.cut)
 */
export function cutoffs(realPAny: Float64Array, fakePAny: Float64Array, rates: readonly number[]): CutoffRow[] {
  if (fakePAny.length === 0) throw new UserError('calibration: the fake match has no primaries');
  const fake = Float64Array.from(fakePAny).sort();
  const real = Float64Array.from(realPAny).sort();
  const nF = fake.length;
  // Number of values > c in a sorted array.
  const above = (arr: Float64Array, c: number) => {
    let lo = 0;
    let hi = arr.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (arr[mid] <= c) lo = mid + 1;
      else hi = mid;
    }
    return arr.length - lo;
  };
  // Candidate cuts: 0 and each distinct fake p_any (the false count only changes there).
  const cands = [0, ...new Set(fake)].sort((a, b) => a - b);
  return rates.map((rate) => {
    let cut = cands[cands.length - 1];
    for (const c of cands) {
      if (above(fake, c) / nF <= rate) {
        cut = c;
        break;
      }
    }
    const nFalse = above(fake, cut);
    return {
      rate,
      cut,
      efficiency: real.length > 0 ? above(real, cut) / real.length : 0,
      falseRate: nFalse / nF,
      nFalse,
      nFake: nF,
      falseRateUpper95: binomialUpperLimit(nFalse, nF),
    };
  });
}
