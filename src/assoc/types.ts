/**
 * The contract of the association engine (`associate`), shared by the NWAY-compatible CLI, `match`,
 * the elliptical likelihood and the forward model. Equations: docs/association.md.
 */
import type { Table } from '../table/index.js';

/**
 * Per-source 1-σ positional error as a covariance on the local tangent plane, arcsec²
 * (east = +RA direction, north = +Dec). Circular: varEast = varNorth = σ², cov = 0.
 * `circular` is true when every source of the catalogue has varEast = varNorth and cov = 0; the engine
 * then uses the Budavári & Szalay (2008) circular formula, otherwise the bivariate-Gaussian one.
 */
export interface PositionalErrors {
  varEastArcsec2: Float64Array;
  varNorthArcsec2: Float64Array;
  covEastNorthArcsec2: Float64Array;
  circular: boolean;
}

/** A sky footprint: membership test and area. */
export interface CoverageFootprint {
  contains(raDeg: number, decDeg: number): boolean;
  areaDeg2: number;
}
/** Same as CoverageFootprint (the name used inside src/assoc). */
export type Coverage = CoverageFootprint;

/** A flux/magnitude column used for a prior (NWAY's `--mag T:COL`). */
export interface FluxColumn {
  /** Input column name (the bias column is `bias_<catalog>_<column>`). */
  column: string;
  /** Values; NaN, ±Inf and −99 mean missing (NWAY's convention). */
  values: Float64Array;
  /**
   * True when the stored column is float32: NWAY's histogram range test then runs in float32
   * (an edge within float32 rounding of a value counts as inside); see docs/association.md.
   */
  float32?: boolean;
}

export interface CatalogInput {
  /** Table name (EXTNAME / NAME), used as column prefix `<name>_<col>`. */
  name: string;
  /** All input columns, copied to the output as `<name>_<col>`. */
  table: Table;
  /** Positions, degrees. A non-finite value or RA = −99 marks a source without position (never a candidate). */
  raDeg: Float64Array;
  decDeg: Float64Array;
  errors: PositionalErrors;
  /** Area the catalogue covers, deg² (NWAY's SKYAREA): sets the source density of the prior. */
  skyAreaDeg2: number;
  /**
   * Number of sources in the whole catalogue, when the arrays hold only a subset of it that contains
   * every source within the radius of a primary (a streamed secondary's candidate rows): the prior's
   * source density is this count over `skyAreaDeg2`. Default: raDeg.length.
   */
  sourceCount?: number;
  /** Footprint, when known (a primary outside it is not covered by this catalogue). */
  coverage?: CoverageFootprint;
  /** Columns usable by flux/magnitude priors. */
  flux?: FluxColumn[];
}

/**
 * A flux/magnitude prior (NWAY `--mag`): a histogram ratio "selected/others" looked up per source.
 * `histogram` given → file mode; absent → built automatically from the candidates (§ magnitude priors).
 */
export interface MagPrior {
  /** Index of the catalogue in the `catalogs` array (the primary may be used too). */
  catalog: number;
  /** Name of a column in that catalogue's `flux` list. */
  column: string;
  /** Bin edges (m+1) and per-bin densities of selected and other sources; omitted = automatic. */
  histogram?: MagHistogram;
}

export interface MagHistogram {
  edges: Float64Array;
  selected: Float64Array;
  others: Float64Array;
}

/**
 * Per-source prior hook (for the forward model): everything here is optional and multiplies the
 * NWAY prior. All logs are base 10, like NWAY's `dist_bayesfactor`.
 */
export interface PriorPlugin {
  /** log10 of a per-source prior ratio added to an association's weight for each present secondary source. */
  logPriorRatio?(catalog: number, row: number): number;
  /** Per-primary completeness override: probability that primary `row` has a counterpart in secondary `catalog`. */
  completeness?(catalog: number, primaryRow: number): number;
}

export interface AssociationOptions {
  /** Search radius, arcsec: every pairwise separation of an association must be < radius (NWAY's rule). */
  radiusArcsec: number;
  /** NWAY's --prior-completeness: a scalar (split as c^(1/(k−1)) per secondary) or one value per secondary. Default 1. */
  priorCompleteness?: number | number[];
  /** Drop rows with p_i < minProb after computing all probabilities (default 0 = keep all). */
  minProb?: number;
  /** match_flag = 2 threshold relative to the best p_i of the group (default 0.5). */
  acceptableProb?: number;
  /** NWAY's unrelated-association correction (default true; `--ignore-unrelated-associations` sets false). */
  considerUnrelated?: boolean;
  /** Flux/magnitude priors. */
  mags?: MagPrior[];
  /** Automatic histograms: "selected" = Separation_max < magRadiusArcsec (radius mode); absent = Bayesian mode. */
  magRadiusArcsec?: number;
  /** Radius mode: sources within this separation are excluded from "others" (default magRadiusArcsec). */
  magExcludeRadiusArcsec?: number;
  /** Bayesian mode: "selected" = dist_post > this (default 0.9). */
  magAutoMinProb?: number;
  /** Automatic histograms with fewer selected values than this are an error (NWAY: 100). */
  magMinSelected?: number;
  priors?: PriorPlugin;
  onProgress?(done: number, total: number): void;
}

/** One histogram the engine used (built automatically or given), for writing `<T>_<COL>_fit.txt`. */
export interface UsedHistogram extends MagHistogram {
  catalog: number;
  column: string;
  automatic: boolean;
  /** Number of distinct selected sources and of "others" that built an automatic histogram. */
  nSelected: number;
  nOthers: number;
}

/**
 * Columnar result: one entry per output row (association), rows ordered like NWAY (by primary row,
 * then each secondary's row, absent first). `rows[c][r]` = input row of catalogue c, −1 = absent.
 */
export interface AssociationColumns {
  nrows: number;
  rows: Int32Array[];
  /** Separations for each pair (b > a) in NWAY's order, arcsec, NaN when a member is absent. */
  separationArcsec: Float64Array[];
  pairs: [number, number][];
  separationMaxArcsec: Float64Array;
  ncat: Int16Array;
  /** log10 Bayes factor, uncorrected. */
  logBayesFactor: Float64Array;
  /** log10 Bayes factor after the unrelated-association correction (= logBayesFactor when it is off or k < 3). */
  logBayesFactorCorrected: Float64Array;
  distPost: Float64Array;
  /** One per mag prior, in option order. */
  bias: Float64Array[];
  pSingle: Float64Array;
  pAny: Float64Array;
  pI: Float64Array;
  matchFlag: Int16Array;
  /**
   * For each secondary with a footprint (`CatalogInput.coverage`): 1 where the row's primary lies
   * inside it, 0 where it does not (no candidate can come from there: absence is "not covered", not
   * "no counterpart"); undefined for catalogues without a footprint and for the primary.
   */
  covered: (Uint8Array | undefined)[];
}
