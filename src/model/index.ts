export * from './bands.js';
export { type CountsRow, countsRows, expectedDnds, sampleSky } from './counts.js';
export { type FluxBins, fineToBins, logBins } from './counts-bins.js';
export { expectedGalaxyCounts } from './expected-counts.js';
export { buildGalaxyModel, type GalaxyModel } from './galaxy-model.js';
export {
  allParams,
  defaultParams,
  parseParamAssignments,
  resolveParams,
  type ParamDef,
  type Params,
  type Prior as ParamPrior,
} from './params.js';
export * from './population.js';
export { galaxyFluxes, sampleGalaxies, sampleGalaxyStates } from './sample-galaxies.js';
export { simulate, type SimulateConfig, type SimulateResult } from './simulate.js';
