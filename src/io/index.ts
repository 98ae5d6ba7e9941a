/**
 * Format-agnostic table I/O: `readTable` / `writeTable` pick the format from the extension
 * (or, for reading, the file's first bytes) and dispatch to the FITS, CSV/TSV, Parquet, Arrow
 * or VOTable modules. Every write is atomic (temporary file + rename).
 *
 * @example
 *   const t = await readTable('spt.fits', { hdu: 'CATALOG' });
 *   await writeTable('spt.parquet', t);
 */
import { accessSync, constants, statSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { fail, UserError } from '../errors.js';
import type { Table } from '../table/table.js';
import { readArrowIpc, writeArrowIpc } from './arrow.js';
import { readCsv, writeCsv } from './csv.js';
import { type HduInfo, type HduSelector, listFitsHdus, readFits, writeFits } from './fits/index.js';
import { detectFormat, type Format, outputFormat } from './format.js';
import { readParquet, writeParquet } from './parquet.js';
import { readVoTable } from './votable.js';

export {
  createFitsWriter,
  type FitsReadOptions,
  type FitsWriter,
  type FitsWriterOptions,
  listFitsHdus,
  readFits,
  streamFits,
  writeFits,
} from './fits/index.js';
export { detectFormat, FORMATS, type Format, formatFromExtension, outputFormat } from './format.js';
export type { HduInfo, HduSelector };

export interface ReadOptions {
  /** FITS only: HDU index (0 = primary) or EXTNAME; default the first binary table. */
  hdu?: HduSelector;
  /** Overrides detection by extension and magic bytes. */
  format?: Format;
}

/** Reads any supported table file. */
export async function readTable(path: string, opts: ReadOptions = {}): Promise<Table> {
  const format = opts.format ?? detectFormat(path);
  if (opts.hdu !== undefined && format !== 'fits')
    fail(path, `--hdu applies to FITS files only; this file is ${format}`);
  switch (format) {
    case 'fits':
      return readFits(path, { ...(opts.hdu !== undefined ? { hdu: opts.hdu } : {}) });
    case 'csv':
      return readCsv(path, { delimiter: ',' });
    case 'tsv':
      return readCsv(path, { delimiter: '\t' });
    case 'parquet':
      return readParquet(path);
    case 'arrow':
      return readArrowIpc(path);
    case 'votable':
      return readVoTable(path);
  }
}

/** Writes a table in the format its extension names (or `opts.format`), atomically. */
export async function writeTable(path: string, table: Table, opts: { format?: Format } = {}): Promise<void> {
  const format = opts.format ?? outputFormat(path);
  checkWritableFolder(path);
  switch (format) {
    case 'fits':
      return writeFits(path, table);
    case 'csv':
      return writeCsv(path, table, { delimiter: ',' });
    case 'tsv':
      return writeCsv(path, table, { delimiter: '\t' });
    case 'parquet':
      return writeParquet(path, table);
    case 'arrow':
      return writeArrowIpc(path, table);
    case 'votable':
      fail(path, 'writing VOTable is not supported; write .fits, .csv, .tsv, .parquet or .arrow');
  }
}

/** Every writer goes through a temporary sibling file: say plainly when its folder cannot take one. */
function checkWritableFolder(path: string): void {
  const dir = dirname(resolve(path));
  try {
    if (!statSync(dir).isDirectory()) fail(path, `cannot write: '${dir}' is not a folder`);
    accessSync(dir, constants.W_OK);
  } catch (err) {
    if (err instanceof UserError) throw err;
    fail(
      path,
      `cannot write: the folder '${dir}' does not exist or is not writable (${(err as NodeJS.ErrnoException).code})`,
    );
  }
}

/**
 * The HDUs of a FITS file, or, for any other format, its one table described the same way.
 *
 * @example (await listHdus('types.fits')).map((h) => `${h.index} ${h.name} ${h.rows}`)
 */
export async function listHdus(path: string, opts: { format?: Format } = {}): Promise<HduInfo[]> {
  const format = opts.format ?? detectFormat(path);
  if (format === 'fits') return listFitsHdus(path);
  const t = await readTable(path, { format });
  return [
    {
      index: 0,
      name: t.meta.name ?? basename(path),
      type: format.toUpperCase(),
      rows: t.nrows,
      columns: t.columns.map((c) => ({
        name: c.name,
        kind: c.kind,
        ...(c.unit ? { unit: c.unit } : {}),
        shape: [...c.shape],
      })),
      ...(t.meta.skyAreaDeg2 !== undefined ? { skyAreaDeg2: t.meta.skyAreaDeg2 } : {}),
      keywords: t.meta.keywords ?? {},
    },
  ];
}
