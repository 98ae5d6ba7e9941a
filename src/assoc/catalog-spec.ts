/**
 * `mmassoc match` catalogue specifications: `FILE[:name=NAME][:ra=COL][:dec=COL][:err=COL|ARCSEC]
 * [:ell=A,B,PA][:err95=COL|ARCSEC][:errradius=COL|ARCSEC][:ell95=A,B,PA][:floor=ARCSEC][:area=DEG2]
 * [:coverage=FILE][:flux=COL]`, parsed from the right so that a file name may contain ':'.
 * Columns not named are guessed case-insensitively from common spellings (the guess is logged).
 */
import { basename, extname } from 'node:path';
import { fail, UserError } from '../errors.js';
import type { Table } from '../table/index.js';
import { autoCoverageOrder, type CoverageMap, estimateAreaDeg2 } from './coverage.js';
import { type ErrorConvention, errorsFromConvention, type ValueOrColumn } from './error-model.js';
import type { CatalogInput, FluxColumn } from './types.js';

export const SPEC_KEYS = [
  'name',
  'ra',
  'dec',
  'err',
  'ell',
  'err95',
  'errradius',
  'ell95',
  'floor',
  'area',
  'coverage',
  'flux',
] as const;
export type SpecKey = (typeof SPEC_KEYS)[number];

export interface CatalogSpec {
  /** The text as given on the command line. */
  text: string;
  file: string;
  options: Partial<Record<SpecKey, string>>;
}

/**
 * Splits `FILE:key=value:...`: trailing `:key=value` parts with a known key are options, the rest is
 * the file name (which may itself contain ':').
 *
 * @example parseCatalogSpec('fir.fits:name=FIR:err95=r95:floor=0.5').options // { name: 'FIR', err95: 'r95', floor: '0.5' }
 */
export function parseCatalogSpec(text: string): CatalogSpec {
  const parts = text.split(':');
  const options: Partial<Record<SpecKey, string>> = {};
  while (parts.length > 1) {
    const last = parts[parts.length - 1];
    const m = /^([a-z0-9]+)=(.*)$/i.exec(last);
    if (!m) break;
    const key = m[1].toLowerCase();
    if (!(SPEC_KEYS as readonly string[]).includes(key)) {
      throw new UserError(
        `catalogue '${text}': unknown option ':${m[1]}='; known: ${SPEC_KEYS.map((k) => `:${k}=`).join(' ')}`,
      );
    }
    if (options[key as SpecKey] !== undefined) throw new UserError(`catalogue '${text}': ':${key}=' is given twice`);
    if (m[2] === '') throw new UserError(`catalogue '${text}': ':${key}=' needs a value`);
    options[key as SpecKey] = m[2];
    parts.pop();
  }
  const file = parts.join(':');
  if (file === '') throw new UserError(`catalogue '${text}': no file name before the options`);
  const errKeys = (['err', 'ell', 'err95', 'errradius', 'ell95'] as const).filter((k) => options[k] !== undefined);
  if (errKeys.length > 1)
    throw new UserError(
      `catalogue '${text}': give one error convention, not ${errKeys.map((k) => `:${k}=`).join(' and ')}`,
    );
  return { text, file, options };
}

/** Common spellings, most specific first (VizieR, SExtractor, NWAY, X-ray/radio catalogues). */
const RA_NAMES = [
  'ra',
  'raj2000',
  'ra_j2000',
  '_raj2000',
  'ra_deg',
  'radeg',
  'ra_icrs',
  'alpha_j2000',
  'ra2000',
  'ra_2000',
  'right_ascension',
];
const DEC_NAMES = [
  'dec',
  'dej2000',
  'decj2000',
  'dec_j2000',
  '_dej2000',
  'dec_deg',
  'decdeg',
  'de_icrs',
  'dec_icrs',
  'delta_j2000',
  'dec2000',
  'dec_2000',
  'de',
  'declination',
];
const ERR_NAMES = [
  'pos_err',
  'poserr',
  'err',
  'e_pos',
  'epos',
  'pos_error',
  'poserror',
  'err_pos',
  'sigma_pos',
  'e_radec',
  'radec_err',
  'sigpos',
  'positional_error',
  'coord_err',
];
const ERR95_NAMES = ['err95', 'pos_err95', 'r95', 'conf95', 'err_95', 'radec_err95', 'pos_r95'];
const ERRRADIUS_NAMES = ['errradius', 'err_radius', 'poserr_radius', 'radius_err'];

/** The first column whose lower-case name is in `names` (in the order of `names`). */
export function guessColumn(table: Table, names: readonly string[]): string | undefined {
  const byLower = new Map(table.names.map((n) => [n.toLowerCase(), n]));
  for (const n of names) {
    const hit = byLower.get(n);
    if (hit) return hit;
  }
  return undefined;
}

function exact(table: Table, name: string, file: string, what: string): string {
  const c = table.get(name) ?? table.findColumn(name);
  if (c) return c.name;
  try {
    table.col(name);
  } catch (err) {
    fail(file, `${(err as Error).message} (${what})`);
  }
  return name;
}

function valueOrColumn(v: string, table: Table, file: string, what: string): ValueOrColumn {
  const x = Number(v);
  if (v.trim() !== '' && Number.isFinite(x)) return x;
  return exact(table, v, file, what);
}

export interface ResolvedColumns {
  name: string;
  ra: string;
  dec: string;
  convention: ErrorConvention;
  floorArcsec: number;
  /** Lines for the log: which columns were guessed. */
  notes: string[];
}

/**
 * Resolves a spec against its table: the name (option, EXTNAME, or the file's base name), the RA/Dec
 * columns and the error convention, guessing what was not given.
 */
export function resolveColumns(spec: CatalogSpec, table: Table): ResolvedColumns {
  const { file, options: o } = spec;
  const notes: string[] = [];
  const name =
    o.name ??
    (table.meta.name && table.meta.name.trim() !== ''
      ? table.meta.name.trim()
      : basename(file, extname(file)).replace(/\.(fits|csv|tsv)$/i, ''));
  if (!/^[A-Za-z0-9-]+$/.test(name))
    fail(
      file,
      `catalogue name '${name}' must be letters, digits or '-' (it prefixes output columns as NAME_col); give :name=NAME`,
    );
  const pos = positionColumns(spec, table);
  notes.push(...pos.notes);
  const { ra, dec } = pos;
  let convention: ErrorConvention;
  const triple = (v: string, key: string): ErrorConvention => {
    const parts = v.split(',');
    if (parts.length !== 3) fail(file, `:${key}= needs three values A,B,PA (columns or numbers), got '${v}'`);
    const [a, b, pa] = parts.map((p, i) =>
      valueOrColumn(p, table, file, `:${key}= ${['semi-major axis', 'semi-minor axis', 'position angle'][i]}`),
    );
    return { kind: key as 'ell' | 'ell95', a, b, pa };
  };
  if (o.ell !== undefined) convention = triple(o.ell, 'ell');
  else if (o.ell95 !== undefined) convention = triple(o.ell95, 'ell95');
  else if (o.err !== undefined) convention = { kind: 'err', value: valueOrColumn(o.err, table, file, ':err=') };
  else if (o.err95 !== undefined) convention = { kind: 'err95', value: valueOrColumn(o.err95, table, file, ':err95=') };
  else if (o.errradius !== undefined)
    convention = { kind: 'errradius', value: valueOrColumn(o.errradius, table, file, ':errradius=') };
  else {
    const e = guessColumn(table, ERR_NAMES);
    const e95 = guessColumn(table, ERR95_NAMES);
    const er = guessColumn(table, ERRRADIUS_NAMES);
    if (e) convention = { kind: 'err', value: e };
    else if (e95) convention = { kind: 'err95', value: e95 };
    else if (er) convention = { kind: 'errradius', value: er };
    else
      fail(
        file,
        `no positional-error column found (looked for ${ERR_NAMES.slice(0, 5).join(', ')}, …); give :err=COL|ARCSEC (1σ per axis), :err95=, :errradius=, or :ell=A,B,PA`,
      );
    notes.push(
      `positional error = column ${e ?? e95 ?? er} read as ${convention.kind} (guessed; choose with :err=, :err95=, :errradius=, :ell=)`,
    );
  }
  let floorArcsec = 0;
  if (o.floor !== undefined) {
    floorArcsec = Number(o.floor);
    if (!(floorArcsec >= 0 && Number.isFinite(floorArcsec)))
      fail(file, `:floor=${o.floor} must be a non-negative number of arcsec`);
  }
  return { name, ra, dec, convention, floorArcsec, notes };
}

export interface BuiltCatalog {
  input: CatalogInput;
  resolved: ResolvedColumns;
  /** How the sky area was obtained, for the log. */
  areaSource: 'option' | 'SKYAREA' | 'coverage file' | 'sources';
  /** Set when the area was estimated (no :area= and no SKYAREA): the warning to print. */
  areaWarning?: string;
}

/**
 * The engine input for one catalogue of `mmassoc match`. `coverage` is the footprint read from
 * `:coverage=FILE` or computed from the sources (`--coverage-order`); `estimateOrder` is the order at
 * which the area is estimated from the sources when neither `:area=` nor SKYAREA nor a coverage file
 * gives it.
 */
export function buildCatalogInput(
  spec: CatalogSpec,
  table: Table,
  coverage: CoverageMap | undefined,
  estimateOrder?: number,
): BuiltCatalog {
  const resolved = resolveColumns(spec, table);
  const { file, options: o } = spec;
  const raDeg = table.float64(resolved.ra);
  const decDeg = table.float64(resolved.dec);
  const errors = errorsFromConvention(
    table,
    { convention: resolved.convention, floorArcsec: resolved.floorArcsec },
    file,
    raDeg,
    decDeg,
  );
  let area: number;
  let areaSource: BuiltCatalog['areaSource'];
  let areaWarning: string | undefined;
  if (o.area !== undefined) {
    area = Number(o.area);
    if (!(area > 0 && Number.isFinite(area))) fail(file, `:area=${o.area} must be a positive number of deg²`);
    areaSource = 'option';
  } else if (table.meta.skyAreaDeg2 !== undefined && table.meta.skyAreaDeg2 > 0) {
    area = table.meta.skyAreaDeg2;
    areaSource = 'SKYAREA';
  } else {
    let how: string;
    if (coverage) {
      area = coverage.areaDeg2;
      how = coverage.description;
    } else {
      const est = estimateAreaDeg2(raDeg, decDeg, estimateOrder ?? autoCoverageOrder(raDeg, decDeg));
      area = est.areaDeg2;
      how = est.method;
    }
    areaSource = coverage ? 'coverage file' : 'sources';
    if (!(area > 0)) fail(file, 'cannot estimate the sky area (no valid positions); give it as :area=DEG2');
    areaWarning = `${file}: no SKYAREA; sky area estimated as ${area.toPrecision(4)} deg² (${how}); the source density depends on it: give the true area with ${file}:area=DEG2`;
  }
  const flux: FluxColumn[] = [];
  if (o.flux !== undefined) {
    const col = exact(table, o.flux, file, ':flux=');
    flux.push({ column: col, values: table.float64(col), float32: table.col(col).kind === 'f32' });
  }
  const input: CatalogInput = {
    name: resolved.name,
    table,
    raDeg,
    decDeg,
    errors,
    skyAreaDeg2: area,
    ...(coverage ? { coverage } : {}),
    flux,
  };
  return { input, resolved, areaSource, ...(areaWarning ? { areaWarning } : {}) };
}

/** The resolved options of a catalogue as spec text (stored in output headers for `explain`). */
export function resolvedSpecText(r: ResolvedColumns): string {
  const c = r.convention;
  const err = 'value' in c ? `${c.kind}=${c.value}` : `${c.kind}=${c.a},${c.b},${c.pa}`;
  return `name=${r.name}:ra=${r.ra}:dec=${r.dec}:${err}${r.floorArcsec > 0 ? `:floor=${r.floorArcsec}` : ''}`;
}

/** The RA and Dec columns of a spec's table (given or guessed), without the error model. */
export function positionColumns(spec: CatalogSpec, table: Table): { ra: string; dec: string; notes: string[] } {
  const notes: string[] = [];
  const pick = (given: string | undefined, names: readonly string[], what: string, flag: string): string => {
    if (given !== undefined) return exact(table, given, spec.file, what);
    const g = guessColumn(table, names);
    if (!g)
      fail(
        spec.file,
        `no ${what} column found (looked for ${names.slice(0, 6).join(', ')}, …); give it as ${spec.file}:${flag}=COLUMN`,
      );
    notes.push(`${what} = column ${g} (guessed; choose with :${flag}=COLUMN)`);
    return g;
  };
  return {
    ra: pick(spec.options.ra, RA_NAMES, 'RA', 'ra'),
    dec: pick(spec.options.dec, DEC_NAMES, 'Dec', 'dec'),
    notes,
  };
}
