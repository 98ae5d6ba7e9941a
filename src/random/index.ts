export * from './stream.js';
