/**
 * Turns tables read from NWAY-style inputs (EXTNAME, SKYAREA, RA/DEC columns) and the parsed command
 * line into the engine's `CatalogInput[]` and `AssociationOptions`.
 */
import { basename, extname } from 'node:path';
import { fail, UserError } from '../errors.js';
import { closestNames, type Table, toFloat64 } from '../table/index.js';
import { ellipseToCovariance } from './elliptical.js';
import type { ErrorSpec, NwayArgs } from './nway-args.js';
import { isValidPosition } from './sphere.js';
import type { AssociationOptions, CatalogInput, MagHistogram, PositionalErrors } from './types.js';

/**
 * NWAY's fuzzy column lookup (memo §3.1): an exact case-insensitive match wins, then the first name
 * starting with `key`, then the first name containing it.
 */
export function findKeyColumn(table: Table, key: string, file: string): string {
  const k = key.toLowerCase();
  const names = table.names;
  const hit =
    names.find((n) => n.toLowerCase() === k) ??
    names.find((n) => n.toLowerCase().startsWith(k)) ??
    names.find((n) => n.toLowerCase().includes(k));
  if (!hit) fail(file, `no ${key} column (columns: ${names.join(', ')})`);
  return hit;
}

function exactColumn(table: Table, name: string, file: string, what: string): string {
  if (table.has(name)) return name;
  const ci = table.findColumn(name);
  if (ci) return ci.name;
  const hint = closestNames(name, table.names);
  fail(
    file,
    `no column '${name}' for ${what}${hint.length ? `; did you mean ${hint.map((h) => `'${h}'`).join(' or ')}?` : ''}`,
  );
}

/**
 * The positional errors of a catalogue: a number or `:col` = circular σ; `:c1:c2` = σ_RA, σ_Dec
 * (uncorrelated: NWAY's documented meaning of the two-column form); `:a:b:pa` = 1-σ semi-axes and
 * position angle of the major axis in degrees east of north, as a true bivariate Gaussian.
 */
export function errorsFromSpec(
  table: Table,
  spec: ErrorSpec,
  file: string,
  raDeg: Float64Array,
  decDeg: Float64Array,
  fileRows?: Int32Array,
): PositionalErrors {
  const n = table.nrows;
  const vE = new Float64Array(n);
  // Round errors share one variance array; the (never written) zero covariance costs no resident memory.
  const round = spec.kind === 'fixed' || spec.columns.length === 1;
  const vN = round ? vE : new Float64Array(n);
  const cEN = new Float64Array(n);
  if (spec.kind === 'fixed') {
    vE.fill(spec.sigmaArcsec ** 2);
    return { varEastArcsec2: vE, varNorthArcsec2: vN, covEastNorthArcsec2: cEN, circular: true };
  }
  const cols = spec.columns.map((c) => exactColumn(table, c, file, 'the positional error'));
  // Plain numeric columns are read in place (no float64 copy of millions of float32 errors).
  const vals = cols.map((name): ArrayLike<number> => {
    const col = table.col(name);
    const d = col.data;
    const plain = !col.nulls && !Array.isArray(d) && !(d instanceof BigInt64Array) && !(d instanceof BigUint64Array);
    return plain && col.shape.length === 0 ? (d as ArrayLike<number>) : table.float64(name);
  });
  const check = (x: number, i: number, col: string) => {
    if (isValidPosition(raDeg[i], decDeg[i]) && !(x > 0 && Number.isFinite(x)))
      fail(
        file,
        `row ${(fileRows ? fileRows[i] : i) + 1}, column ${col}: positional error must be a positive number of arcsec, got ${x}`,
      );
  };
  if (vals.length === 1) {
    const v = vals[0];
    for (let i = 0; i < n; i++) {
      const x = v[i];
      if (!(x > 0 && x < Number.POSITIVE_INFINITY)) check(x, i, cols[0]);
      vE[i] = x * x;
    }
    return { varEastArcsec2: vE, varNorthArcsec2: vN, covEastNorthArcsec2: cEN, circular: true };
  }
  let circular = true;
  for (let i = 0; i < n; i++) {
    if (vals.length === 2) {
      check(vals[0][i], i, cols[0]);
      check(vals[1][i], i, cols[1]);
      vE[i] = vals[0][i] ** 2;
      vN[i] = vals[1][i] ** 2;
    } else {
      check(vals[0][i], i, cols[0]);
      check(vals[1][i], i, cols[1]);
      const c = ellipseToCovariance(vals[0][i], vals[1][i], vals[2][i]);
      vE[i] = c.varEastArcsec2;
      vN[i] = c.varNorthArcsec2;
      cEN[i] = c.covEastNorthArcsec2;
    }
    if (vE[i] !== vN[i] || cEN[i] !== 0) circular = false;
  }
  return { varEastArcsec2: vE, varNorthArcsec2: vN, covEastNorthArcsec2: cEN, circular };
}

/** Name of a table for the column prefix: EXTNAME, else the file name without extension. */
export function tableName(table: Table, file: string): string {
  return table.meta.name && table.meta.name.trim() !== '' ? table.meta.name.trim() : basename(file, extname(file));
}

/** A table that holds only some rows of its catalogue file (a streamed secondary's candidate rows). */
export interface RowSubset {
  /** File row (0-based) of each table row, for messages. */
  fileRows: Int32Array;
  /** Rows in the whole catalogue (the prior's source count). */
  sourceCount: number;
}

/**
 * Builds the engine inputs. `histograms` holds the parsed `--mag … FILE` histograms by mag index;
 * `subsets[i]` is set when table i holds only some rows of its file.
 */
export function nwayInputs(
  args: NwayArgs,
  tables: Table[],
  histograms: (MagHistogram | undefined)[],
  subsets: (RowSubset | undefined)[] = [],
): { catalogs: CatalogInput[]; options: AssociationOptions } {
  const catalogs: CatalogInput[] = tables.map((table, i) => {
    const file = args.catalogs[i].file;
    const area = table.meta.skyAreaDeg2;
    if (area === undefined || !(area > 0))
      fail(
        file,
        'no SKYAREA (sky area covered, deg²) in the table header; NWAY needs it for the source density: add the keyword SKYAREA = <deg²> (e.g. nway-write-header.py FILE NAME AREA), or use `mmassoc match FILE:area=DEG2`',
      );
    const raDeg = table.float64(findKeyColumn(table, 'RA', file));
    const decDeg = table.float64(findKeyColumn(table, 'DEC', file));
    const sub = subsets[i];
    return {
      name: tableName(table, file),
      table,
      raDeg,
      decDeg,
      errors: errorsFromSpec(table, args.catalogs[i].error, file, raDeg, decDeg, sub?.fileRows),
      skyAreaDeg2: area,
      ...(sub ? { sourceCount: sub.sourceCount } : {}),
      flux: [],
    };
  });
  const mags = args.mags.map((m, i) => {
    const ci = catalogs.findIndex((c) => c.name === m.table);
    if (ci < 0)
      throw new UserError(
        `--mag ${m.table}:${m.column}: no catalogue named '${m.table}' (tables: ${catalogs.map((c) => c.name).join(', ')})`,
      );
    const cat = catalogs[ci];
    const col = exactColumn(cat.table, m.column, args.catalogs[ci].file, `--mag ${m.table}:${m.column}`);
    if (!cat.flux?.some((f) => f.column === col))
      cat.flux?.push({
        column: col,
        values: toFloat64(cat.table.col(col)),
        float32: cat.table.col(col).kind === 'f32',
      });
    const h = histograms[i];
    return { catalog: ci, column: col, ...(h ? { histogram: h } : {}) };
  });
  const options: AssociationOptions = {
    radiusArcsec: args.radiusArcsec,
    priorCompleteness: args.priorCompleteness,
    minProb: args.minProb,
    acceptableProb: args.acceptableProb,
    considerUnrelated: args.considerUnrelated,
    mags,
    magAutoMinProb: args.magAutoMinProb,
    ...(args.magRadiusArcsec !== undefined ? { magRadiusArcsec: args.magRadiusArcsec } : {}),
    ...(args.magExcludeRadiusArcsec !== undefined ? { magExcludeRadiusArcsec: args.magExcludeRadiusArcsec } : {}),
  };
  return { catalogs, options };
}
