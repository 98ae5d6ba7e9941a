/**
 * Per-catalogue positional-error conventions → tangent-plane covariances (`PositionalErrors`).
 * Conventions (docs/association.md, "Positional-error conventions"):
 *   err        1-σ error per axis (arcsec): Σ = σ² I
 *   errradius  1-σ total (radial) error r: σ per axis = r/√2 (E[r²] = 2σ² for a circular 2-D Gaussian)
 *   err95      95%-confidence radius: σ = r95 / √(−2 ln 0.05) = r95 / 2.4477
 *   ell        1-σ semi-major a, semi-minor b (arcsec), PA of a in degrees east of north
 *   ell95      the same at 95% confidence (both axes ÷ 2.4477)
 *   floor      a systematic error added in quadrature to both axes: Σ + floor² I
 * The 2.4477 factor: for a 2-D Gaussian, P(r < kσ) = 1 − exp(−k²/2), so 95% ⇔ k = √(−2 ln 0.05).
 */
import { fail } from '../errors.js';
import type { Table } from '../table/index.js';
import { ellipseToCovariance } from './elliptical.js';
import { isValidPosition } from './sphere.js';
import type { PositionalErrors } from './types.js';

/** Radius of the 95% region of a circular 2-D Gaussian in units of σ: √(−2 ln 0.05). */
export const SIGMA_PER_95 = Math.sqrt(-2 * Math.log(0.05));

/** A constant (arcsec, or degrees for PA) or a column name. */
export type ValueOrColumn = number | string;

export type ErrorConvention =
  | { kind: 'err' | 'err95' | 'errradius'; value: ValueOrColumn }
  | { kind: 'ell' | 'ell95'; a: ValueOrColumn; b: ValueOrColumn; pa: ValueOrColumn };

export interface ErrorModel {
  convention: ErrorConvention;
  /** Systematic 1-σ floor (arcsec) added in quadrature to both axes; default 0. */
  floorArcsec?: number;
}

function values(table: Table, v: ValueOrColumn, file: string): { data: Float64Array | number; column?: string } {
  if (typeof v === 'number') return { data: v };
  const name = (table.get(v) ?? table.findColumn(v) ?? missingColumn(table, v, file)).name;
  try {
    return { data: table.float64(name), column: name };
  } catch (err) {
    fail(file, `column ${name}: ${(err as Error).message}; positional errors must be numbers in arcsec`);
  }
}

function missingColumn(table: Table, name: string, file: string): never {
  try {
    table.col(name);
  } catch (err) {
    fail(file, `${(err as Error).message} (positional error column)`);
  }
  fail(file, `no column '${name}'`);
}

const at = (d: Float64Array | number, i: number) => (typeof d === 'number' ? d : d[i]);

function describe(v: { column?: string }, fallback: string): string {
  return v.column ? `column ${v.column}` : fallback;
}

/**
 * The covariances of every source of a catalogue under one convention.
 * Rows without a usable position (RA = −99 or non-finite, see `isValidPosition`) are not checked and
 * get NaN variances (they are never candidates).
 * Rejected with a UserError naming file, row (1-based) and column: an error or axis that is zero,
 * negative or not finite (a zero axis is a catalogue mistake, even when a floor would hide it), and a
 * non-finite PA. b > a is accepted as given: the covariance a²uuᵀ + b²vvᵀ equals that of the ellipse
 * (b, a, PA + 90°), so the result does not depend on which axis a catalogue lists first.
 *
 * @example
 *   errorsFromConvention(table, { convention: { kind: 'err95', value: 'r95' }, floorArcsec: 0.3 }, 'x.fits', ra, dec)
 */
export function errorsFromConvention(
  table: Table,
  model: ErrorModel,
  file: string,
  raDeg: Float64Array,
  decDeg: Float64Array,
): PositionalErrors {
  const n = table.nrows;
  const floor = model.floorArcsec ?? 0;
  if (!(floor >= 0 && Number.isFinite(floor)))
    fail(file, `systematic floor ${floor} must be a non-negative number of arcsec (:floor=ARCSEC)`);
  const floor2 = floor * floor;
  const vE = new Float64Array(n);
  const vN = new Float64Array(n);
  const cEN = new Float64Array(n);
  const conv = model.convention;
  const bad = (i: number, what: string, x: number, hint: string): never =>
    fail(file, `row ${i + 1}, ${what}: ${hint} must be a positive number, got ${x}; fix the value or drop the row`);
  if (conv.kind === 'err' || conv.kind === 'err95' || conv.kind === 'errradius') {
    const scale = conv.kind === 'err' ? 1 : conv.kind === 'err95' ? 1 / SIGMA_PER_95 : Math.SQRT1_2;
    const v = values(table, conv.value, file);
    const what = describe(v, `:${conv.kind}=${conv.value}`);
    for (let i = 0; i < n; i++) {
      const x = at(v.data, i);
      if (!isValidPosition(raDeg[i], decDeg[i])) {
        vE[i] = vN[i] = Number.NaN;
        continue;
      }
      if (!(x > 0 && Number.isFinite(x))) bad(i, what, x, `the positional error (${conv.kind}, arcsec)`);
      const s = x * scale;
      vE[i] = vN[i] = s * s + floor2;
    }
    return { varEastArcsec2: vE, varNorthArcsec2: vN, covEastNorthArcsec2: cEN, circular: true };
  }
  if (conv.kind !== 'ell' && conv.kind !== 'ell95') throw new Error(`unknown error convention ${JSON.stringify(conv)}`);
  const scale = conv.kind === 'ell' ? 1 : 1 / SIGMA_PER_95;
  const a = values(table, conv.a, file);
  const b = values(table, conv.b, file);
  const pa = values(table, conv.pa, file);
  let circular = true;
  for (let i = 0; i < n; i++) {
    if (!isValidPosition(raDeg[i], decDeg[i])) {
      vE[i] = vN[i] = Number.NaN;
      continue;
    }
    const ai = at(a.data, i);
    const bi = at(b.data, i);
    const pi = at(pa.data, i);
    if (!(ai > 0 && Number.isFinite(ai)))
      bad(i, describe(a, `:${conv.kind} a=${conv.a}`), ai, 'the semi-major axis (arcsec)');
    if (!(bi > 0 && Number.isFinite(bi)))
      bad(i, describe(b, `:${conv.kind} b=${conv.b}`), bi, 'the semi-minor axis (arcsec)');
    if (!Number.isFinite(pi))
      fail(
        file,
        `row ${i + 1}, ${describe(pa, `:${conv.kind} pa=${conv.pa}`)}: position angle must be a finite number of degrees east of north, got ${pi}`,
      );
    const c = ellipseToCovariance(ai * scale, bi * scale, pi);
    vE[i] = c.varEastArcsec2 + floor2;
    vN[i] = c.varNorthArcsec2 + floor2;
    cEN[i] = c.covEastNorthArcsec2;
    if (vE[i] !== vN[i] || cEN[i] !== 0) circular = false;
  }
  return { varEastArcsec2: vE, varNorthArcsec2: vN, covEastNorthArcsec2: cEN, circular };
}
