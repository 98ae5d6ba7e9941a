/**
 * `explain`: one primary's candidates from a match output (ours or NWAY's), as tangent-plane offsets
 * with error ellipses and association probabilities, ready to draw (svg.ts) or print.
 * Catalogue names, columns and error conventions come from the header (CATSPEC<i> written by
 * `mmassoc match`, or NWAY's COLS_RA/COLS_DEC/COLS_ERR), else they are guessed like `match` does.
 */
import { UserError } from '../errors.js';
import { type Column, Table } from '../table/index.js';
import { type CatalogSpec, guessColumn, parseCatalogSpec, resolveColumns } from './catalog-spec.js';
import { type Covariance2, covarianceToEllipse, tangentOffsetArcsec } from './elliptical.js';
import { errorsFromConvention } from './error-model.js';

export interface ExplainSource {
  catalog: number;
  /** Row of this source in the match output (its first appearance). */
  outputRow: number;
  eastArcsec: number;
  northArcsec: number;
  /** 1-σ ellipse. */
  aArcsec: number;
  bArcsec: number;
  paDeg: number;
  /** Σ p_i over the associations that contain this source. */
  pSum: number;
  label: string;
}

export interface ExplainAssociation {
  /** Index into `sources` for each catalogue, −1 when absent. */
  members: number[];
  pI: number;
  pSingle: number;
  matchFlag: number;
}

export interface Explanation {
  catalogs: string[];
  primaryId: string;
  raDeg: number;
  decDeg: number;
  radiusArcsec?: number;
  pAny: number;
  sources: ExplainSource[];
  /** Associations with at least one counterpart, by decreasing p_i. */
  associations: ExplainAssociation[];
}

/** Catalogue names: TABLES keyword, else the `<NAME>_` prefixes of the columns before the separations. */
function catalogNames(t: Table): string[] {
  const kw = t.meta.keywords?.TABLES;
  if (typeof kw === 'string' && kw.trim() !== '') return kw.split(/[,\s]+/).filter((s) => s !== '');
  const names: string[] = [];
  for (const n of t.names) {
    if (n.startsWith('Separation_')) break;
    const p = n.slice(0, n.indexOf('_'));
    if (p && !names.includes(p)) names.push(p);
  }
  return names;
}

function subTable(t: Table, name: string): Table {
  const prefix = `${name}_`;
  const cols: Column[] = t.columns
    .filter((c) => c.name.startsWith(prefix))
    .map((c) => ({ ...c, name: c.name.slice(prefix.length) }));
  if (cols.length === 0) throw new UserError(`the match output has no ${prefix}* columns`);
  return new Table(cols, { name }, t.nrows);
}

/** The spec for catalogue i: our CATSPEC<i>, else NWAY's COLS_ERR entry, else guesses. */
function specFor(t: Table, i: number, name: string): CatalogSpec {
  const kw = t.meta.keywords ?? {};
  const ours = kw[`CATSPEC${i}`];
  if (typeof ours === 'string') return parseCatalogSpec(`match-output:${ours}`);
  const errs = typeof kw.COLS_ERR === 'string' ? kw.COLS_ERR.trim().split(/\s+/) : [];
  const e = errs.find((s) => s.startsWith(`${name}_`))?.slice(name.length + 1);
  const options: CatalogSpec['options'] = { name };
  if (e !== undefined) {
    const parts = e.split(':').filter((s) => s !== '');
    if (!e.startsWith(':')) options.err = e;
    else if (parts.length === 1) options.err = parts[0];
    else if (parts.length === 3) options.ell = parts.join(',');
    // NWAY's two-column σ_RA:σ_Dec form has no 1-σ ellipse convention of ours: circularise it.
    else if (parts.length === 2) options.err = parts[0];
  }
  return { text: `match-output:${name}`, file: 'match output', options };
}

const isAbsent = (v: number) => v === -99 || !Number.isFinite(v);

/**
 * Builds the explanation of primary `id` (matched against the primary's ID column, else its first
 * column) from a match output table.
 */
export function explain(t: Table, id: string): Explanation {
  const names = catalogNames(t);
  if (names.length < 2)
    throw new UserError('not a match output: cannot find two catalogues (TABLES keyword or NAME_col columns)');
  for (const c of ['p_any', 'p_i']) if (!t.has(c)) throw new UserError(`not a match output: no ${c} column`);
  const subs = names.map((n) => subTable(t, n));
  const idCol = guessColumn(subs[0], ['id', 'source_id', 'srcid', 'name', 'iauname', 'objid']) ?? subs[0].names[0];
  const idData = subs[0].col(idCol).data as ArrayLike<unknown>;
  const rows: number[] = [];
  for (let r = 0; r < t.nrows; r++) if (String(idData[r]) === id) rows.push(r);
  if (rows.length === 0) {
    const some = Array.from({ length: Math.min(5, t.nrows) }, (_, r) => String(idData[r]));
    throw new UserError(`no primary with ${names[0]}_${idCol} = ${id} in the match output (e.g. ${some.join(', ')})`);
  }
  const specs = names.map((n, i) => specFor(t, i, n));
  // Errors that cannot be resolved (e.g. NWAY's fixed errors in a CSV without its header) are not drawn.
  const noErrors = new Set<number>();
  const resolved = subs.map((s, i) => {
    try {
      return resolveColumns(specs[i], s);
    } catch (err) {
      if (!(err instanceof UserError) || !/positional-error/.test(err.message)) throw err;
      noErrors.add(i);
      return resolveColumns({ ...specs[i], options: { ...specs[i].options, err: '1' } }, s);
    }
  });
  const ra = subs.map((s, i) => s.float64(resolved[i].ra));
  const dec = subs.map((s, i) => s.float64(resolved[i].dec));
  const ra0 = ra[0][rows[0]];
  const dec0 = dec[0][rows[0]];
  const sources: ExplainSource[] = [];
  const key = new Map<string, number>();
  const covOf = (ci: number, r: number): Covariance2 => {
    const one = subs[ci].take([r]);
    const e = errorsFromConvention(
      one,
      { convention: resolved[ci].convention, floorArcsec: resolved[ci].floorArcsec },
      'match output',
      ra[ci].subarray(r, r + 1),
      dec[ci].subarray(r, r + 1),
    );
    return {
      varEastArcsec2: e.varEastArcsec2[0],
      varNorthArcsec2: e.varNorthArcsec2[0],
      covEastNorthArcsec2: e.covEastNorthArcsec2[0],
    };
  };
  const pI = t.float64('p_i');
  const pSingle = t.has('p_single') ? t.float64('p_single') : pI;
  const flag = t.has('match_flag') ? t.float64('match_flag') : new Float64Array(t.nrows);
  const associations: ExplainAssociation[] = [];
  for (const r of rows) {
    const members = names.map((_, ci) => {
      if (isAbsent(ra[ci][r]) || isAbsent(dec[ci][r])) return -1;
      const k = `${ci}:${ra[ci][r]}:${dec[ci][r]}`;
      let s = key.get(k);
      if (s === undefined) {
        const off = tangentOffsetArcsec(ra0, dec0, ra[ci][r], dec[ci][r]);
        const ell = noErrors.has(ci) ? { aArcsec: 0, bArcsec: 0, paDeg: 0 } : covarianceToEllipse(covOf(ci, r));
        const sid = guessColumn(subs[ci], ['id', 'source_id', 'srcid', 'name', 'objid']);
        s = sources.length;
        sources.push({
          catalog: ci,
          outputRow: r,
          ...off,
          ...ell,
          pSum: 0,
          label: `${names[ci]} ${sid ? String((subs[ci].col(sid).data as ArrayLike<unknown>)[r]) : r + 1}`,
        });
        key.set(k, s);
      }
      return s;
    });
    if (members.slice(1).every((m) => m < 0)) continue;
    associations.push({ members, pI: pI[r], pSingle: pSingle[r], matchFlag: flag[r] });
    for (const m of members.slice(1)) if (m >= 0) sources[m].pSum += pI[r];
  }
  associations.sort((a, b) => b.pI - a.pI);
  const radiusKw = Number(t.meta.keywords?.RADIUS);
  return {
    catalogs: names,
    primaryId: id,
    raDeg: ra0,
    decDeg: dec0,
    ...(radiusKw > 0 ? { radiusArcsec: radiusKw } : {}),
    pAny: t.float64('p_any')[rows[0]],
    sources,
    associations,
  };
}

/** A short verbal summary in the spirit of nway-explain (design/nway.md §4.3). */
export function explainText(e: Explanation): string {
  const verdict =
    e.pAny > 0.8
      ? 'probably has a counterpart'
      : e.pAny < 0.1
        ? 'probably has no counterpart among the candidates'
        : 'is uncertain';
  const lines = [
    `${e.catalogs[0]} ${e.primaryId} at (${e.raDeg.toFixed(6)}, ${e.decDeg.toFixed(6)}): p_any = ${e.pAny.toFixed(4)}, ${verdict}`,
  ];
  lines.push(`${e.associations.length} candidate associations; the best:`);
  for (const a of e.associations.slice(0, 8)) {
    const who = a.members
      .slice(1)
      .map((m, i) => (m >= 0 ? e.sources[m].label : `no ${e.catalogs[i + 1]}`))
      .join(' + ');
    const sep = a.members
      .slice(1)
      .filter((m) => m >= 0)
      .map((m) => `${Math.hypot(e.sources[m].eastArcsec, e.sources[m].northArcsec).toFixed(2)}″`)
      .join(', ');
    lines.push(
      `  ${a.matchFlag === 1 ? '**' : a.matchFlag === 2 ? ' *' : '  '} p_i = ${a.pI.toFixed(4)}  ${who} (offsets ${sep})`,
    );
  }
  return lines.join('\n');
}
