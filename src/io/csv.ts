/**
 * CSV and TSV catalogues: read (`.csv`, `.tsv`, `.tab`, also gzipped) and write.
 *
 * @example
 *   const t = readCsv('sources.csv');             // numeric columns detected, empty = null
 *   writeCsv('sources.tsv', t, { delimiter: '\t' });
 */
import { fail } from '../errors.js';
import type { Table } from '../table/table.js';
import { writeBlocksAtomicSync } from './atomic.js';
import {
  ByteSink,
  type CsvFormatOptions,
  formatCsv,
  formatCsvBytes,
  formatCsvHeader,
  formatCsvRows,
} from './csv-format.js';
import { parseCsvBytes } from './csv-parse.js';
import { readCsvFile } from './csv-read.js';

export { formatCsv, formatCsvBytes, formatCsvHeader, formatCsvRows };

export interface CsvOptions {
  /** Field separator; by default a tab for `.tsv`/`.tab` files and a comma otherwise. */
  delimiter?: string;
}

/** The delimiter implied by a file name: tab for .tsv/.tab (optionally .gz), comma otherwise. */
export function delimiterFor(path: string): string {
  return /\.(tsv|tab)(\.gz)?$/i.test(path) ? '\t' : ',';
}

/**
 * Reads a CSV/TSV file (gzip detected by its magic bytes) into a Table, in blocks: peak memory is
 * about the columns plus one 16 MB block (gzipped files are inflated whole first).
 */
export function readCsv(path: string, opts: CsvOptions = {}): Table {
  return readCsvFile(path, opts.delimiter ?? delimiterFor(path));
}

/**
 * Parses CSV text or bytes (tab-separated when `fileName` ends in .tsv/.tab and no delimiter is
 * given). See `csv-parse.ts` for the typing rules.
 *
 * @example parseCsv('id,flux\n1,2.5\n2,\n').col('flux').nulls // Uint8Array [0, 1]
 */
export function parseCsv(input: Uint8Array | string, opts: { delimiter?: string; fileName?: string } = {}): Table {
  const bytes = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
  const delimiter = opts.delimiter ?? (opts.fileName ? delimiterFor(opts.fileName) : ',');
  return parseCsvBytes(bytes, { ...opts, delimiter });
}

const ROWS_PER_BLOCK = 1 << 15;

/** Writes a Table as CSV (TSV for .tsv/.tab), atomically and in blocks of rows. */
export function writeCsv(path: string, table: Table, opts: CsvOptions = {}): void {
  const fmt: CsvFormatOptions = { delimiter: opts.delimiter ?? delimiterFor(path) };
  if (/\.gz$/i.test(path)) fail(path, 'writing gzipped CSV is not supported; write .csv and compress it afterwards');
  writeBlocksAtomicSync(path, (write) => {
    write(Buffer.from(formatCsvHeader(table, fmt), 'utf8'));
    const sink = new ByteSink(1 << 22);
    for (let r = 0; r < table.nrows; r += ROWS_PER_BLOCK)
      write(formatCsvBytes(table, r, Math.min(table.nrows, r + ROWS_PER_BLOCK), fmt, sink));
  });
}
