// Public surface of the sky geometry module; see docs/sky.md.
export * from './area.js';
export * from './chord.js';
export * from './coverage.js';
export * from './frames.js';
export { MAX_NUMBER_ORDER, MAX_ORDER } from './healpix-core.js';
export { neighboursNest, neighboursNestNumber } from './healpix-neighbours.js';
export { ang2pixNest, ang2pixNestBatch, ang2pixNestNumber, pix2angNest, pix2angNestNumber } from './healpix-nest.js';
export { maxPixelRadiusRad, type QueryDiscOptions, queryDiscNest, queryDiscNestNumber } from './healpix-query-disc.js';
export {
  ang2pixRing,
  ang2pixRingNumber,
  nest2ring,
  nest2ringNumber,
  pix2angRing,
  ring2nest,
  ring2nestNumber,
} from './healpix-ring.js';
export { DEG2_PER_SR, FULL_SKY_DEG2, wrapDeg360 } from './math.js';
export * from './offset-by.js';
export * from './position-angle.js';
export * from './separation.js';
export * from './sexagesimal.js';
export * from './tangent-plane.js';
export * from './unit-vector.js';
