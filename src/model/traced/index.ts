export { agnPerSrInBins } from './agn-bins.js';
export { buildTracedCounts, type TracedCounts } from './build.js';
export { type BandBins, expectedPerSr, TRACED_PARAMS, type TracedParam, tracedCountsData } from './counts-model.js';
export { buildFluxTables, type FluxTables } from './flux-tables.js';
