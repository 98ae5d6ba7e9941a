/**
 * Flux/magnitude biases per output row (memo nway.md §2.5): for each `--mag`, a histogram (given, or
 * built from the candidates: "selected" within `magRadius` or with dist_post above `magAutoMinProb`,
 * against "others" = every source that is not even a possible counterpart), looked up per row.
 */
import { UserError } from '../errors.js';
import { adaptiveHistogram, histogramRatio, lookupBias } from './mag-histogram.js';
import type { AssociationOptions, CatalogInput, FluxColumn, UsedHistogram } from './types.js';

/** Sources closer than this dist_post are "possible" counterparts in Bayesian mode (NWAY: 0.01). */
const POSSIBLE_MIN_POST = 0.01;

function isMissing(v: number): boolean {
  return !Number.isFinite(v) || v === -99;
}

export function fluxColumn(cat: CatalogInput, column: string): FluxColumn {
  const f = cat.flux?.find((x) => x.column === column);
  if (!f) {
    const have = (cat.flux ?? []).map((x) => x.column);
    throw new UserError(
      `catalogue ${cat.name} has no flux/magnitude column '${column}'${have.length ? ` (have: ${have.join(', ')})` : ''}`,
    );
  }
  return f;
}

/**
 * Biases (NaN where the lookup gives nothing: absent source, missing value, outside the histogram)
 * and the histograms used, one per `options.mags` entry.
 */
export function computeBiases(
  catalogs: CatalogInput[],
  options: AssociationOptions,
  rows: Int32Array[],
  sepMaxArcsec: Float64Array,
  distPost: Float64Array,
): { bias: Float64Array[]; histograms: UsedHistogram[] } {
  const bias: Float64Array[] = [];
  const histograms: UsedHistogram[] = [];
  const n = sepMaxArcsec.length;
  for (const mag of options.mags ?? []) {
    const cat = catalogs[mag.catalog];
    const flux = fluxColumn(cat, mag.column);
    const values = flux.values;
    const src = rows[mag.catalog];
    let used: UsedHistogram;
    if (mag.histogram) {
      used = { ...mag.histogram, catalog: mag.catalog, column: mag.column, automatic: false, nSelected: 0, nOthers: 0 };
    } else {
      used = autoHistogram(cat, mag.catalog, flux, options, src, sepMaxArcsec, distPost);
    }
    histograms.push(used);
    const ratio = histogramRatio(used);
    const b = new Float64Array(n);
    const f32 = flux.float32 ?? false;
    for (let r = 0; r < n; r++) b[r] = src[r] < 0 ? Number.NaN : lookupBias(used.edges, ratio, values[src[r]], f32);
    bias.push(b);
  }
  return { bias, histograms };
}

function autoHistogram(
  cat: CatalogInput,
  catalog: number,
  flux: FluxColumn,
  options: AssociationOptions,
  src: Int32Array,
  sepMax: Float64Array,
  distPost: Float64Array,
): UsedHistogram {
  const values = flux.values;
  const nSrc = values.length;
  const radiusMode = options.magRadiusArcsec !== undefined;
  const rSel = options.magRadiusArcsec ?? 0;
  const rExcl = options.magExcludeRadiusArcsec ?? rSel;
  const minProb = options.magAutoMinProb ?? 0.9;
  // weight of each selected source (first row in output order wins); NaN = not selected.
  const selWeight = new Float64Array(nSrc).fill(Number.NaN);
  const possible = new Uint8Array(nSrc);
  for (let r = 0; r < src.length; r++) {
    const s = src[r];
    if (s < 0) continue;
    const sel = radiusMode ? sepMax[r] < rSel : distPost[r] > minProb;
    const pos = radiusMode ? sepMax[r] < rExcl : distPost[r] > POSSIBLE_MIN_POST;
    if (sel && Number.isNaN(selWeight[s])) selWeight[s] = radiusMode ? 1 : distPost[r];
    if (pos) possible[s] = 1;
  }
  const sv: number[] = [];
  const sw: number[] = [];
  const ov: number[] = [];
  for (let s = 0; s < nSrc; s++) {
    const v = values[s];
    if (isMissing(v)) continue;
    if (!Number.isNaN(selWeight[s])) {
      sv.push(v);
      sw.push(selWeight[s]);
    }
    if (!possible[s]) ov.push(v);
  }
  const minSel = options.magMinSelected ?? 100;
  if (sv.length < minSel)
    throw new UserError(
      `--mag ${cat.name}:${flux.column} auto: only ${sv.length} secure matches (fewer than ${minSel}) to build the histogram; ${radiusMode ? 'increase --mag-radius' : 'lower --mag-auto-minprob or give --mag-radius'}, or give a histogram file instead of 'auto'`,
    );
  const h = adaptiveHistogram(Float64Array.from(sv), Float64Array.from(sw), Float64Array.from(ov));
  return { ...h, catalog, column: flux.column, automatic: true, nSelected: sv.length, nOthers: ov.length };
}
