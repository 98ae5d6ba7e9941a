/**
 * Likelihood of observed number counts under the traced expected-counts model
 * (src/model/traced), and the readers of the two inputs `mmassoc fit --counts` accepts:
 *
 * - counts written by `mmassoc counts` (rows `population = all`; only band, S_lo_mJy, S_hi_mJy,
 *   area_deg2, n_sim are read, never a model column): Poisson, log L = Σ_bins n log λ − λ − log n!,
 *   λ = Ω · N_expected per sr;
 * - published differential counts (columns S_mJy, dNdS_per_Jy_per_sr…, err_dNdS… as in
 *   shared/reference/counts/): Gaussian in dN/dS, model dN/dS averaged over ±0.025 dex about S.
 *
 * Each file is an independent sky. Bands of one sky share their sources, so their Poisson terms
 * are not independent: a file must hold one band, or name the band to use as FILE:BAND.
 */
import { basename } from 'node:path';
import { fail, UserError } from '../errors.js';
import { readCsv } from '../io/csv.js';
import type { Tensor } from '../jit/index.js';
import { type Band, isBand } from '../model/bands.js';
import type { Table } from '../table/table.js';

const SR_PER_DEG2 = (Math.PI / 180) ** 2;
const HALF_WIDTH_DEX = 0.025;

/** Poisson counts of one sky in one band. */
export interface PoissonCounts {
  readonly kind: 'poisson';
  readonly file: string;
  readonly band: Band;
  readonly loMJy: Float64Array;
  readonly hiMJy: Float64Array;
  readonly areaDeg2: number;
  readonly n: Float64Array;
}

/** Published differential counts with 1σ errors (Jy⁻¹ sr⁻¹). */
export interface GaussianCounts {
  readonly kind: 'gaussian';
  readonly file: string;
  readonly band: Band;
  /** Bins of ±0.025 dex about each S (model dN/dS = N_bin / ΔS). */
  readonly loMJy: Float64Array;
  readonly hiMJy: Float64Array;
  readonly dnds: Float64Array;
  readonly err: Float64Array;
}

export type CountsData = PoissonCounts | GaussianCounts;

function strings(t: Table, name: string): string[] {
  const c = t.col(name);
  return Array.isArray(c.data) ? (c.data as string[]) : Array.from(c.data as ArrayLike<number>, String);
}

/** Splits `FILE[:BAND]`. */
export function parseCountsArgument(arg: string): { file: string; band?: string } {
  const m = /^(.*):([a-z0-9_]+)$/.exec(arg);
  return m && isBand(m[2]) ? { file: m[1], band: m[2] } : { file: arg };
}

/** Reads one `--counts FILE[:BAND]` argument. */
export function readCounts(arg: string): CountsData {
  const { file, band } = parseCountsArgument(arg);
  const t = readCsv(file);
  if (t.has('n_sim')) return readPoisson(file, t, band);
  const dndsName = t.names.find((n) => n.startsWith('dNdS_per_Jy_per_sr'));
  const errName = t.names.find((n) => n.startsWith('err_dNdS'));
  if (t.has('S_mJy') && dndsName && errName) return readGaussian(file, t, dndsName, errName, band);
  fail(
    file,
    'not a counts file: expected the columns of `mmassoc counts` (band,population,S_lo_mJy,S_hi_mJy,area_deg2,n_sim) or published counts (S_mJy, dNdS_per_Jy_per_sr, err_dNdS)',
  );
}

function readPoisson(file: string, t: Table, bandArg?: string): PoissonCounts {
  for (const c of ['band', 'population', 'S_lo_mJy', 'S_hi_mJy', 'area_deg2'])
    if (!t.has(c)) fail(file, `missing column '${c}' (the format of mmassoc counts)`);
  const bands = strings(t, 'band');
  const pops = strings(t, 'population');
  const present = [...new Set(bands)];
  for (const b of present) if (!isBand(b)) fail(file, `unknown band '${b}' in column 'band'`);
  let band = bandArg;
  if (!band) {
    if (present.length !== 1)
      fail(
        file,
        `holds bands ${present.join(',')}; bands of one sky share their sources, so give one band per file (mmassoc counts --bands B) or pick one with --counts ${file}:${present[0]}`,
      );
    band = present[0];
  } else if (!present.includes(band)) fail(file, `has no rows for band '${band}' (bands: ${present.join(',')})`);
  const lo = t.float64('S_lo_mJy');
  const hi = t.float64('S_hi_mJy');
  const area = t.float64('area_deg2');
  const nSim = t.float64('n_sim');
  const rows: number[] = [];
  for (let i = 0; i < t.nrows; i++) if (bands[i] === band && pops[i] === 'all') rows.push(i);
  if (!rows.length) fail(file, `no rows with population 'all' for band '${band}'`);
  const areaDeg2 = area[rows[0]];
  for (const i of rows) {
    const where = `row ${i + 2}`;
    if (!(lo[i] > 0 && hi[i] > lo[i])) fail(file, `${where}: need 0 < S_lo_mJy < S_hi_mJy`);
    if (!(nSim[i] >= 0) || !Number.isInteger(nSim[i])) fail(file, `${where}: n_sim must be a non-negative integer`);
    if (area[i] !== areaDeg2 || !(areaDeg2 > 0))
      fail(file, `${where}: area_deg2 must be one positive value for the whole sky`);
  }
  return {
    kind: 'poisson',
    file,
    band: band as Band,
    loMJy: Float64Array.from(rows, (i) => lo[i]),
    hiMJy: Float64Array.from(rows, (i) => hi[i]),
    areaDeg2,
    n: Float64Array.from(rows, (i) => nSim[i]),
  };
}

function readGaussian(file: string, t: Table, dndsName: string, errName: string, bandArg?: string): GaussianCounts {
  const band =
    bandArg ??
    basename(file)
      .split(/[_.]/)
      .find((w) => isBand(w));
  if (!band) throw new UserError(`${file}: published counts carry no band column; name it as --counts ${file}:BAND`);
  const s = t.float64('S_mJy');
  const y = t.float64(dndsName);
  const e = t.float64(errName);
  const rows: number[] = [];
  for (let i = 0; i < t.nrows; i++) if (s[i] > 0 && y[i] > 0 && e[i] > 0) rows.push(i);
  if (!rows.length) fail(file, `no row with positive S_mJy, ${dndsName} and ${errName}`);
  return {
    kind: 'gaussian',
    file,
    band: band as Band,
    loMJy: Float64Array.from(rows, (i) => s[i] * 10 ** -HALF_WIDTH_DEX),
    hiMJy: Float64Array.from(rows, (i) => s[i] * 10 ** HALF_WIDTH_DEX),
    dnds: Float64Array.from(rows, (i) => y[i]),
    err: Float64Array.from(rows, (i) => e[i]),
  };
}

/** Keeps the bins with S_lo ≥ loMJy and S_hi ≤ hiMJy (UserError when none is left). */
export function restrictFluxRange(c: CountsData, loMJy: number, hiMJy: number): CountsData {
  const keep: number[] = [];
  for (let k = 0; k < c.loMJy.length; k++)
    if (c.loMJy[k] >= loMJy * (1 - 1e-9) && c.hiMJy[k] <= hiMJy * (1 + 1e-9)) keep.push(k);
  if (!keep.length) throw new UserError(`${c.file}: no bin inside --flux-range ${loMJy},${hiMJy} mJy`);
  const pick = (a: Float64Array) => Float64Array.from(keep, (k) => a[k]);
  return c.kind === 'poisson'
    ? { ...c, loMJy: pick(c.loMJy), hiMJy: pick(c.hiMJy), n: pick(c.n) }
    : { ...c, loMJy: pick(c.loMJy), hiMJy: pick(c.hiMJy), dnds: pick(c.dnds), err: pick(c.err) };
}

/** Data arrays the traced log likelihood reads (term i ↔ counts[i]). */
export function likelihoodData(counts: readonly CountsData[]): Record<string, Float64Array> {
  const out: Record<string, Float64Array> = {};
  counts.forEach((c, i) => {
    if (c.kind === 'poisson') {
      out[`nObs${i}`] = c.n;
      out[`logNFact${i}`] = c.n.map((n) => lnFactorial(n));
    } else {
      out[`dnds${i}`] = c.dnds;
      out[`invErr${i}`] = c.err.map((e) => 1 / e);
      out[`invDsJy${i}`] = c.loMJy.map((lo, k) => 1000 / (c.hiMJy[k] - lo));
    }
  });
  return out;
}

/**
 * Traced log likelihood: Σ over files of the Poisson or Gaussian term, from the expected sources
 * per sr of each file's bins (`expectedPerSr[i]`, from the traced model).
 */
export function countsLogLikelihood(
  counts: readonly CountsData[],
  expectedPerSr: Tensor[],
  d: Record<string, Tensor>,
): Tensor {
  let total: Tensor | null = null;
  counts.forEach((c, i) => {
    let term: Tensor;
    if (c.kind === 'poisson') {
      const lambda = expectedPerSr[i].mul(c.areaDeg2 * SR_PER_DEG2);
      // n log λ − λ − log n!; the 1e-300 keeps 0 · log 0 at 0 for empty bins where λ underflows.
      term = d[`nObs${i}`].mul(lambda.add(1e-300).log()).sub(lambda).sub(d[`logNFact${i}`]).sum();
    } else {
      const model = expectedPerSr[i].mul(d[`invDsJy${i}`]);
      term = model.sub(d[`dnds${i}`]).mul(d[`invErr${i}`]).square().sum().mul(-0.5);
    }
    total = total ? total.add(term) : term;
  });
  if (!total) throw new UserError('fit: give at least one --counts file');
  return total;
}

/** ln n! (exact sum below 256, Stirling series above: error < 1e-12). */
function lnFactorial(n: number): number {
  if (n < 256) {
    let s = 0;
    for (let k = 2; k <= n; k++) s += Math.log(k);
    return s;
  }
  const x = n + 1;
  return (x - 0.5) * Math.log(x) - x + 0.5 * Math.log(2 * Math.PI) + 1 / (12 * x) - 1 / (360 * x ** 3);
}
