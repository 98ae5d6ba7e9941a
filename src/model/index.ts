export * from './bands.js';
export {
  type BeamSpec,
  type BlendedBand,
  type BlendedTile,
  type BlendedTileOptions,
  blendedTile,
  blendingBoost,
} from './blended-counts.js';
export { addBeamNoise, type BeamMap, type BlendedPeaks, beamMap, findPeaks } from './blending.js';
export { ClusteredSky, type ClusteringOptions, tinkerBias } from './clustering.js';
export { type CountsRow, countsRows, expectedDnds, sampleSky } from './counts.js';
export { type FluxBins, fineToBins, logBins } from './counts-bins.js';
export { type DetectablePlan, detectablePlan, sampleDetectableGalaxies } from './detectable.js';
export { expectedGalaxyCounts } from './expected-counts.js';
export { buildGalaxyModel, type GalaxyModel } from './galaxy-model.js';
export {
  allParams,
  defaultParams,
  type ParamDef,
  type Params,
  type Prior as ParamPrior,
  parseParamAssignments,
  resolveParams,
} from './params.js';
export * from './population.js';
export { galaxyFluxes, sampleGalaxies, sampleGalaxyStates } from './sample-galaxies.js';
export { type SimulateConfig, type SimulateResult, simulate } from './simulate.js';
export {
  SPT_FRACTION_BANDS,
  type SptBandDetections,
  type SptFractionInputs,
  type SptFractionOptions,
  type SptFractions,
  sptFractionInputs,
  sptSynchrotronFraction,
} from './spt-fractions.js';
