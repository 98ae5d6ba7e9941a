export {
  type AgnCountsPrecomputed,
  type AgnDndsByPopulation,
  agnDndsFromPrecomputed,
  agnExpectedDnds,
  agnExpectedDndsAtFrequency,
  agnExpectedDndsByPopulation,
  precomputeAgnCounts,
} from './expected.js';
export { AGN_PARAMS, agnParamValues } from './params.js';
export { AGN_KIND_CODE, AGN_POPULATIONS, type AgnPopulationName } from './populations.js';
export { type FluxFloor, sampleRadioAgn } from './sample.js';
