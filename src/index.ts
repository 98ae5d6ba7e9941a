// The library surface users import: `import { readTable, Table, separationArcsec } from 'mmassoc'`.

export {
  binomialUpperLimit,
  type CutoffRow,
  cutoffs,
  fakePositions,
  primaryPAny,
  shiftedPositions,
} from './assoc/calibrate.js';
export { buildCatalogInput, type CatalogSpec, parseCatalogSpec } from './assoc/catalog-spec.js';
export {
  autoCoverageOrder,
  type CoverageMap,
  coverageFromSources,
  coverageMap,
  decodeUniq,
  encodeUniq,
  estimateAreaDeg2,
  readCoverage,
} from './assoc/coverage.js';
export {
  type Covariance2,
  circularCovariance,
  covarianceToEllipse,
  ellipseToCovariance,
  lnBayesFactorGaussian,
  lnBayesFactorGaussianFlat,
  logBayesFactorGaussian,
} from './assoc/elliptical.js';
export { type ErrorConvention, type ErrorModel, errorsFromConvention, SIGMA_PER_95 } from './assoc/error-model.js';
export { type Explanation, explain, explainText } from './assoc/explain.js';
export * from './assoc/index.js';
export { mergeShardTables } from './assoc/merge.js';
export {
  associateShard,
  PRIMARY_ROW_COLUMN,
  parseShard,
  planShard,
  SHARD_ORDER,
  type Shard,
  type ShardPlan,
  type ShardResult,
  shardOfPrimaries,
  shardTable,
} from './assoc/shard.js';
export { explanationSvg } from './assoc/svg.js';
export * from './errors.js';
export {
  type CountsData,
  countsLogLikelihood,
  type GaussianCounts,
  type PoissonCounts,
  readCounts,
  restrictFluxRange,
} from './infer/counts-likelihood.js';
export {
  buildCountsModel,
  type CountsModel,
  checkFreeNames,
  type FitOptions,
  type FitResult,
  fitCounts,
  priorSpec,
} from './infer/fit.js';
export {
  type ChainResult,
  essBulk,
  essMean,
  essTail,
  initChain,
  type LogDensityFn,
  makePrior,
  type ParameterSpec,
  type ParameterSummary,
  type PriorSpec,
  parameterChains,
  rhat,
  runChain,
  type SampleOptions,
  type SampleResult,
  sample,
  stepChain,
  summarise,
  type Transform,
  transformFor,
  unconstrainedPosterior,
} from './infer/index.js';
export { simulateCounts } from './infer/simulate-counts.js';
export { readArrowIpc, tableFromArrow, tableToArrow, writeArrowIpc } from './io/arrow.js';
export {
  type CsvOptions,
  delimiterFor,
  formatCsv,
  formatCsvBytes,
  formatCsvHeader,
  formatCsvRows,
  parseCsv,
  readCsv,
  writeCsv,
} from './io/csv.js';
export * from './io/index.js';
export { formatFloat32, formatFloat64 } from './io/number-format.js';
export { formatParquet, parseParquet, readParquet, writeParquet } from './io/parquet.js';
export { parseVoTable, readVoTable, type VoTableOptions } from './io/votable.js';
export {
  type Bound,
  type Compiled,
  compile,
  type DataSpec,
  J,
  type ParamSpec,
  type Stats,
  Tensor,
} from './jit/index.js';
export * from './model/agn/index.js';
export * from './model/index.js';
export * from './model/instruments/index.js';
export {
  agnPerSrInBins,
  buildTracedCounts,
  expectedPerSr,
  TRACED_PARAMS,
  type TracedCounts,
  type TracedParam,
} from './model/traced/index.js';
export * from './random/index.js';
export { cornerSvg } from './report/corner.js';
export { countsVersusDataSvgs } from './report/counts-vs-data.js';
export { type PpcPanel, ppcSvg } from './report/ppc-plot.js';
export { type PlotSeries, type PlotSpec, svgPlot } from './report/svg-plot.js';
export * from './scale/index.js';
export { type MainJobOptions, type MainJobSummary, runMainJob } from './science/main-job.js';
export {
  adInfCdf,
  kolmogorovQ,
  type OneSampleTestResult,
  oneSampleTests,
  shellRedshiftCdf,
} from './science/one-sample-tests.js';
export { bestRowPerPrimary, type CatalogueScore, scoreAssociations } from './science/score.js';
export * from './sky/index.js';
export * from './table/index.js';
