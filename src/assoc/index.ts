export { log10BayesFactorCircular } from './bayes-factor.js';
export { type AssociationResult, associate, validateInputs } from './engine.js';
export { formatHistogramFile, parseHistogramFile } from './histogram-file.js';
export { adaptiveHistogram } from './mag-histogram.js';
export { type ErrorSpec, type NwayArgs, parseNwayArgs } from './nway-args.js';
export { nwayInputs } from './nway-inputs.js';
export type {
  AssociationColumns,
  AssociationOptions,
  CatalogInput,
  CoverageFootprint,
  FluxColumn,
  MagHistogram,
  MagPrior,
  PositionalErrors,
  PriorPlugin,
  UsedHistogram,
} from './types.js';
export { buildZoneIndex, queryZoneIndex, type ZoneIndex } from './zone-index.js';
