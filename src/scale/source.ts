/**
 * A catalogue read block by block for partitioning: FITS through the streaming reader, a HATS folder
 * partition by partition, CSV/TSV (plain or gzipped, inflated as a stream) in byte blocks typed as the
 * whole file (`csv-blocks.ts`), Parquet row group by row group (`parquet-blocks.ts`); Arrow, VOTable and
 * gzipped Parquet are read whole and cut into blocks.
 */

import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { CSV_BLOCK_BYTES } from '../io/csv-read.js';
import { listFitsHdus } from '../io/fits/index.js';
import { detectFormat } from '../io/format.js';
import { hatsRowCount, isHatsCatalog, openHats, streamHats } from '../io/hats.js';
import { readTable, streamFits } from '../io/index.js';
import { columnWidth, type Table } from '../table/index.js';
import { type CsvLayout, csvLayout, typedCsvBlocks } from './csv-blocks.js';
import { type ParquetLayout, parquetBlocks, parquetLayout } from './parquet-blocks.js';

export interface CatalogSource {
  file: string;
  /** Row count (exact, or an estimate for a HATS folder without `hats_nrows`), for planning tiles. */
  rowsEstimate: number;
  /** The catalogue's columns and metadata, without rows. */
  schema: Table;
  /** How the catalogue is read: 'stream' (block by block) or 'whole' (in memory, then cut). */
  reading: 'stream' | 'whole';
  /** The rows in catalogue order, block after block. */
  blocks(): AsyncGenerator<Table>;
}

/** Bytes of one row's values in memory (text: about 48 bytes a value as a JS string). */
export function rowBytes(schema: Table): number {
  let bytes = 0;
  for (const c of schema.columns) {
    const w = columnWidth(c);
    if (c.kind === 'str') bytes += 48 * w;
    else if (c.kind === 'f64' || c.kind === 'i64' || c.kind === 'u64') bytes += 8 * w;
    else if (c.kind === 'f32' || c.kind === 'i32' || c.kind === 'u32') bytes += 4 * w;
    else if (c.kind === 'i16' || c.kind === 'u16') bytes += 2 * w;
    else bytes += w;
    if (c.nulls) bytes += 1;
  }
  return bytes;
}

export interface SourceOptions {
  /** Bytes of CSV text parsed at a time (default 16 MB, less when `blockRows` rows need less). */
  csvBlockBytes?: number;
}

/** Opens a catalogue for block reading; `blockRows` bounds the rows of a block. */
export async function openCatalogSource(
  file: string,
  blockRows: number,
  opts: SourceOptions = {},
): Promise<CatalogSource> {
  if (isHatsCatalog(file)) {
    const cat = openHats(file);
    let schema: Table | undefined;
    for await (const t of streamHats(cat)) {
      schema = t;
      break;
    }
    const first = schema as Table;
    return {
      file,
      rowsEstimate: hatsRowCount(cat) ?? first.nrows * cat.partitions.length,
      schema: first.slice(0, 0),
      reading: 'stream',
      blocks: () => streamHats(cat),
    };
  }
  if (detectFormat(file) === 'fits') {
    const hdus = await listFitsHdus(file);
    let schema: Table | undefined;
    for await (const t of streamFits(file, { chunkRows: 1 })) {
      schema = t;
      break;
    }
    const rows = hdus.find((h) => h.type === 'BINTABLE')?.rows ?? 0;
    const first = schema;
    if (!first) {
      const whole = await readTable(file);
      return wholeSource(file, whole, blockRows);
    }
    return {
      file,
      rowsEstimate: rows,
      schema: first.slice(0, 0),
      reading: 'stream',
      blocks: () => streamFits(file, { chunkRows: blockRows }),
    };
  }
  const format = detectFormat(file);
  if ((format === 'csv' || format === 'tsv') && regularFile(file)) {
    const delimiter = format === 'tsv' ? '\t' : ',';
    const passBytes = opts.csvBlockBytes ?? CSV_BLOCK_BYTES;
    const layout = await cachedLayout(file, delimiter, passBytes);
    if (layout.rows > 0) {
      // Blocks of about `blockRows` rows' text: the parsed block then costs what a FITS block does.
      const perRow = layout.bytes / layout.rows;
      const bytes = opts.csvBlockBytes ?? Math.min(CSV_BLOCK_BYTES, Math.max(1 << 16, Math.ceil(blockRows * perRow)));
      return {
        file,
        rowsEstimate: layout.rows,
        schema: layout.schema,
        reading: 'stream',
        blocks: () => typedCsvBlocks(file, delimiter, layout, blockRows, bytes),
      };
    }
  }
  if (format === 'parquet' && plainFile(file)) {
    const layout = await cachedParquet(file);
    if (layout && layout.rows > 0)
      return {
        file,
        rowsEstimate: layout.rows,
        schema: layout.schema,
        reading: 'stream',
        blocks: () => parquetBlocks(file, layout, blockRows),
      };
  }
  return wholeSource(file, await readTable(file), blockRows);
}

const parquetLayouts = new Map<string, ParquetLayout>();

/** Undefined when parquet-wasm's row-group reader refuses the file: the whole-file reader then reports why. */
async function cachedParquet(file: string): Promise<ParquetLayout | undefined> {
  const st = statSync(file);
  const key = `${file}\0${st.size}\0${st.mtimeMs}`;
  const hit = parquetLayouts.get(key);
  if (hit) return hit;
  try {
    const layout = await parquetLayout(file);
    parquetLayouts.set(key, layout);
    return layout;
  } catch {
    return undefined;
  }
}

/** A regular, readable, uncompressed file (anything else goes to the whole-file reader and its messages). */
function regularFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

function plainFile(file: string): boolean {
  try {
    if (!statSync(file).isFile()) return false;
    const fd = openSync(file, 'r');
    const magic = Buffer.alloc(2);
    const got = readSync(fd, magic, 0, 2, 0);
    closeSync(fd);
    return !(got === 2 && magic[0] === 0x1f && magic[1] === 0x8b);
  } catch {
    return false;
  }
}

// The CLI opens each catalogue twice (to plan, then with the planned block size): pass 1 is kept.
const layouts = new Map<string, CsvLayout>();

async function cachedLayout(file: string, delimiter: string, blockBytes: number): Promise<CsvLayout> {
  const st = statSync(file);
  const key = `${file}\0${st.size}\0${st.mtimeMs}\0${delimiter}`;
  const hit = layouts.get(key);
  if (hit) return hit;
  const layout = await csvLayout(file, delimiter, blockBytes);
  layouts.set(key, layout);
  return layout;
}

function wholeSource(file: string, table: Table, blockRows: number): CatalogSource {
  return {
    file,
    rowsEstimate: table.nrows,
    schema: table.slice(0, 0),
    reading: 'whole',
    async *blocks() {
      for (let r = 0; r < table.nrows; r += blockRows) yield table.slice(r, Math.min(table.nrows, r + blockRows));
    },
  };
}
