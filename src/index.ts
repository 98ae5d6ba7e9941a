// The library surface users import: `import { readTable, Table, separationArcsec } from 'mmassoc'`.
export * from './errors.js';
export * from './table/index.js';
