export * from './column.js';
export * from './concat.js';
export * from './table.js';
