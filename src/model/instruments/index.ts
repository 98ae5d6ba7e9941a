export * from './density.js';
export * from './observe.js';
export * from './presets.js';
export * from './schema.js';
export * from './survey.js';
