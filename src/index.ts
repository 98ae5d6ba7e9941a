// The library surface users import: `import { readTable, Table, separationArcsec } from 'mmassoc'`.
export * from './errors.js';
export * from './table/index.js';
export * from './sky/index.js';
export * from './io/index.js';
export * from './assoc/index.js';
export {
  delimiterFor,
  formatCsv,
  formatCsvBytes,
  formatCsvHeader,
  formatCsvRows,
  parseCsv,
  readCsv,
  writeCsv,
  type CsvOptions,
} from './io/csv.js';
export { formatParquet, parseParquet, readParquet, writeParquet } from './io/parquet.js';
export { readArrowIpc, tableFromArrow, tableToArrow, writeArrowIpc } from './io/arrow.js';
export { parseVoTable, readVoTable, type VoTableOptions } from './io/votable.js';
export { formatFloat32, formatFloat64 } from './io/number-format.js';
export {
  compile,
  J,
  Tensor,
  type Bound,
  type Compiled,
  type DataSpec,
  type ParamSpec,
  type Stats,
} from './jit/index.js';
export * from './model/index.js';
export * from './model/agn/index.js';
export * from './model/instruments/index.js';
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
  binomialUpperLimit,
  type CutoffRow,
  cutoffs,
  fakePositions,
  primaryPAny,
  shiftedPositions,
} from './assoc/calibrate.js';
export { type Explanation, explain, explainText } from './assoc/explain.js';
export { explanationSvg } from './assoc/svg.js';
export { buildCatalogInput, type CatalogSpec, parseCatalogSpec } from './assoc/catalog-spec.js';
export * from './random/index.js';
export {
  type ChainResult,
  type LogDensityFn,
  type ParameterSpec,
  type ParameterSummary,
  type PriorSpec,
  type SampleOptions,
  type SampleResult,
  type Transform,
  essBulk,
  essMean,
  essTail,
  initChain,
  makePrior,
  parameterChains,
  rhat,
  runChain,
  sample,
  stepChain,
  summarise,
  transformFor,
  unconstrainedPosterior,
} from './infer/index.js';
export { type CatalogueScore, scoreAssociations, bestRowPerPrimary } from './science/score.js';
export { type MainJobOptions, type MainJobSummary, runMainJob } from './science/main-job.js';
export { countsVersusDataSvgs } from './report/counts-vs-data.js';
export { svgPlot, type PlotSeries, type PlotSpec } from './report/svg-plot.js';
export {
  associateShard,
  type Shard,
  type ShardPlan,
  type ShardResult,
  parseShard,
  planShard,
  shardOfPrimaries,
  shardTable,
  PRIMARY_ROW_COLUMN,
  SHARD_ORDER,
} from './assoc/shard.js';
export { mergeShardTables } from './assoc/merge.js';
export {
  agnPerSrInBins,
  buildTracedCounts,
  expectedPerSr,
  TRACED_PARAMS,
  type TracedCounts,
  type TracedParam,
} from './model/traced/index.js';
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
  checkFreeNames,
  type CountsModel,
  type FitOptions,
  type FitResult,
  fitCounts,
  priorSpec,
} from './infer/fit.js';
export { simulateCounts } from './infer/simulate-counts.js';
export { cornerSvg } from './report/corner.js';
export { type PpcPanel, ppcSvg } from './report/ppc-plot.js';
export * from './scale/index.js';
