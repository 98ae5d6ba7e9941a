/**
 * `associate`: NWAY-compatible multi-catalogue Bayesian association (docs/association.md).
 * Stages: index the secondaries → enumerate and score each primary's group (distance part, with the
 * unrelated-association correction) → flux/magnitude biases (automatic histograms need every group) →
 * group posteriors → `--min-prob` truncation.
 */
import { UserError } from '../errors.js';
import type { Table } from '../table/index.js';
import { log10BayesFactorCircular } from './bayes-factor.js';
import { type CandidateLists, candidatePairs } from './candidates.js';
import { lnBayesFactorGaussianFlat } from './elliptical.js';
import { GroupEnumerator, type LogBayesFactorFn, pairList, RowSink } from './enumerate.js';
import { computeBiases } from './mag-prior.js';
import { groupPosteriors, singlePosterior } from './posterior.js';
import { priorTerms, splitCompleteness } from './prior.js';
import { resultToTable } from './result-table.js';
import { isValidPosition } from './sphere.js';
import type { AssociationColumns, AssociationOptions, CatalogInput, UsedHistogram } from './types.js';
import { buildZoneIndex } from './zone-index.js';

export interface AssociationResult extends AssociationColumns {
  catalogs: CatalogInput[];
  /** True when `dist_bayesfactor_corrected` is part of the output (k ≥ 3 and the correction on). */
  corrected: boolean;
  /** Names of the bias columns, `bias_<catalog>_<column>`. */
  biasNames: string[];
  histograms: UsedHistogram[];
  /** The NWAY-style output table (`<T>_<col>` columns, separations, probabilities). */
  toTable(): Table;
}

/** Checks the inputs once, before any compute. */
export function validateInputs(catalogs: CatalogInput[], options: AssociationOptions): void {
  if (catalogs.length < 2) throw new UserError('association needs a primary and at least one secondary catalogue');
  if (!(options.radiusArcsec > 0 && Number.isFinite(options.radiusArcsec)))
    throw new UserError(`search radius ${options.radiusArcsec} must be a positive number of arcsec`);
  const names = new Set<string>();
  for (const c of catalogs) {
    if (names.has(c.name))
      throw new UserError(`two catalogues are named '${c.name}'; output columns would clash; rename one (EXTNAME)`);
    names.add(c.name);
    if (!(c.skyAreaDeg2 > 0))
      throw new UserError(`catalogue ${c.name}: sky area ${c.skyAreaDeg2} deg² must be positive (SKYAREA)`);
    const n = c.raDeg.length;
    if (c.decDeg.length !== n || c.errors.varEastArcsec2.length !== n)
      throw new UserError(`catalogue ${c.name}: RA, Dec and error columns differ in length`);
  }
}

/** Circular Budavári & Szalay likelihood over the catalogues' σ² (varEast). */
function circularLikelihood(catalogs: CatalogInput[]): LogBayesFactorFn {
  const w = new Float64Array(catalogs.length);
  const variances = catalogs.map((c) => c.errors.varEastArcsec2);
  return (n, cats, rows, psi2) => {
    for (let i = 0; i < n; i++) w[i] = 1 / variances[cats[i]][rows[i]];
    return log10BayesFactorCircular(n, w, psi2);
  };
}

/** Bivariate-Gaussian likelihood (elliptical errors, docs/association.md "Elliptical errors"). */
function gaussianLikelihood(catalogs: CatalogInput[]): LogBayesFactorFn {
  const k = catalogs.length;
  const ve = new Float64Array(k);
  const vn = new Float64Array(k);
  const cv = new Float64Array(k);
  const errs = catalogs.map((c) => c.errors);
  return (n, cats, rows, _psi2, east, north) => {
    for (let i = 0; i < n; i++) {
      const e = errs[cats[i]];
      const r = rows[i];
      ve[i] = e.varEastArcsec2[r];
      vn[i] = e.varNorthArcsec2[r];
      cv[i] = e.covEastNorthArcsec2[r];
    }
    return lnBayesFactorGaussianFlat(n, east, north, ve, vn, cv) / Math.LN10;
  };
}

/** Everything the enumeration needs: checked inputs, prior, candidate lists, footprints, enumerator. */
export interface AssociationSetup {
  k: number;
  nPrimary: number;
  candidates: (CandidateLists | undefined)[];
  covered: (Uint8Array | undefined)[];
  considerUnrelated: boolean;
  sink: RowSink;
  enumerator: GroupEnumerator;
}

/** The stages before enumeration, shared by `associate` and `associateChunked`. */
export function setupAssociation(catalogs: CatalogInput[], options: AssociationOptions): AssociationSetup {
  validateInputs(catalogs, options);
  const k = catalogs.length;
  const circular = catalogs.every((c) => c.errors.circular);
  const completeness = splitCompleteness(options.priorCompleteness, k);
  const prior = priorTerms(
    catalogs.map((c) => c.sourceCount ?? c.raDeg.length),
    catalogs.map((c) => c.skyAreaDeg2),
    completeness,
  );
  const considerUnrelated = options.considerUnrelated ?? true;
  const nPrimary = catalogs[0].raDeg.length;
  const primaryIndex = buildZoneIndex(catalogs[0].raDeg, catalogs[0].decDeg, options.radiusArcsec);
  const candidates = catalogs.map((c, i) =>
    i === 0 ? undefined : candidatePairs(primaryIndex, nPrimary, c.raDeg, c.decDeg, options.radiusArcsec),
  );
  const covered = catalogs.map((c, i) => {
    if (i === 0 || !c.coverage) return undefined;
    const out = new Uint8Array(nPrimary);
    const ra = catalogs[0].raDeg;
    const dec = catalogs[0].decDeg;
    for (let p = 0; p < nPrimary; p++)
      out[p] = isValidPosition(ra[p], dec[p]) && c.coverage.contains(ra[p], dec[p]) ? 1 : 0;
    return out;
  });
  const sink = new RowSink(k);
  const enumerator = new GroupEnumerator(
    {
      k,
      radiusArcsec: options.radiusArcsec,
      ra: catalogs.map((c) => c.raDeg),
      dec: catalogs.map((c) => c.decDeg),
      candidates,
      prior,
      logBayesFactor: circular ? circularLikelihood(catalogs) : gaussianLikelihood(catalogs),
      considerUnrelated,
      needOffsets: !circular,
      covered,
      ...(options.priors ? { priors: options.priors } : {}),
    },
    sink,
  );
  return { k, nPrimary, candidates, covered, considerUnrelated, sink, enumerator };
}

/**
 * Associates the primary (catalogs[0]) with every secondary.
 *
 * @example
 *   const res = associate([spt, fir, radio], { radiusArcsec: 20 });
 *   await writeTable('out.fits', res.toTable());
 */
export function associate(catalogs: CatalogInput[], options: AssociationOptions): AssociationResult {
  const { k, nPrimary, covered, considerUnrelated, sink, enumerator } = setupAssociation(catalogs, options);
  // Counting first sizes every row column exactly: filled in place, no doubling copies of fresh memory.
  let nRows = 0;
  for (let p = 0; p < nPrimary; p++) nRows += enumerator.count(p);
  sink.reserve(nRows, nPrimary);
  const step = Math.max(1, Math.floor(nPrimary / 200));
  for (let p = 0; p < nPrimary; p++) {
    enumerator.run(p);
    if (options.onProgress && (p % step === 0 || p === nPrimary - 1)) options.onProgress(p + 1, nPrimary);
  }
  sink.groupStart.push(sink.length);
  const n = sink.length;
  const logBFCorrected = sink.logBFCorrected.toArray();
  const logPrior = sink.logPrior.toArray();
  const distPost = new Float64Array(n);
  for (let r = 0; r < n; r++) distPost[r] = singlePosterior(logBFCorrected[r], logPrior[r]);
  const rows = sink.rows.map((g) => g.toArray());
  const sepMax = sink.sepMax.toArray();
  const { bias, histograms } = computeBiases(catalogs, options, rows, sepMax, distPost);
  // Without biases the total equals the distance part, and p_single equals dist_post (same formula
  // on the same numbers): both columns share one array instead of a second fresh one.
  let pSingle = distPost;
  if (bias.length > 0) {
    const totalLog = Float64Array.from(logBFCorrected);
    for (const b of bias)
      for (let r = 0; r < n; r++) {
        const v = b[r];
        if (!Number.isNaN(v)) totalLog[r] += Math.log10(v);
      }
    pSingle = new Float64Array(n);
    // logPrior becomes the log weight (total log BF + log prior) in place: it is not an output.
    for (let r = 0; r < n; r++) {
      pSingle[r] = singlePosterior(totalLog[r], logPrior[r]);
      logPrior[r] += totalLog[r];
    }
  } else for (let r = 0; r < n; r++) logPrior[r] += logBFCorrected[r];
  const logW = logPrior;
  const pAny = new Float64Array(n);
  const pI = new Float64Array(n);
  const matchFlag = new Int16Array(n);
  const gs = sink.groupStart.data;
  const nGroups = sink.groupStart.length - 1;
  const acceptable = options.acceptableProb ?? 0.5;
  for (let g = 0; g < nGroups; g++) groupPosteriors(logW, gs[g], gs[g + 1], acceptable, pAny, pI, matchFlag);
  // The output bias is 1 where the lookup found nothing (absent source, value outside the histogram).
  for (const b of bias) for (let r = 0; r < n; r++) if (Number.isNaN(b[r])) b[r] = 1;
  const cols: AssociationColumns = {
    nrows: n,
    rows,
    pairs: pairList(k),
    separationArcsec: sink.sep.map((s) => s.toArray()),
    separationMaxArcsec: sepMax,
    ncat: Int16Array.from(sink.ncat.toArray()),
    logBayesFactor: sink.logBF.toArray(),
    logBayesFactorCorrected: logBFCorrected,
    distPost,
    bias,
    pSingle,
    pAny,
    pI,
    matchFlag,
    covered: covered.map((cov) => (cov ? Uint8Array.from(rows[0], (p) => cov[p]) : undefined)),
  };
  const kept = truncate(cols, options.minProb ?? 0);
  const corrected = k >= 3 && considerUnrelated;
  const biasNames = (options.mags ?? []).map((m) => `bias_${catalogs[m.catalog].name}_${m.column}`);
  const result: AssociationResult = {
    ...kept,
    catalogs,
    corrected,
    biasNames,
    histograms,
    toTable: () => resultToTable(result),
  };
  return result;
}

/** `--min-prob`: drops rows with p_i < minProb (every no-counterpart row included); values unchanged. */
export function truncate(c: AssociationColumns, minProb: number): AssociationColumns {
  if (!(minProb > 0)) return c;
  const keep: number[] = [];
  for (let r = 0; r < c.nrows; r++) if (!(c.pI[r] < minProb)) keep.push(r);
  const idx = Int32Array.from(keep);
  const f64 = (a: Float64Array) => Float64Array.from(idx, (i) => a[i]);
  return {
    nrows: idx.length,
    rows: c.rows.map((a) => Int32Array.from(idx, (i) => a[i])),
    pairs: c.pairs,
    separationArcsec: c.separationArcsec.map(f64),
    separationMaxArcsec: f64(c.separationMaxArcsec),
    ncat: Int16Array.from(idx, (i) => c.ncat[i]),
    logBayesFactor: f64(c.logBayesFactor),
    logBayesFactorCorrected: f64(c.logBayesFactorCorrected),
    distPost: f64(c.distPost),
    bias: c.bias.map(f64),
    pSingle: f64(c.pSingle),
    pAny: f64(c.pAny),
    pI: f64(c.pI),
    matchFlag: Int16Array.from(idx, (i) => c.matchFlag[i]),
    covered: c.covered.map((a) => (a ? Uint8Array.from(idx, (i) => a[i]) : undefined)),
  };
}
