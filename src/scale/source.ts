/**
 * A catalogue read block by block for partitioning: FITS through the streaming reader, a HATS folder
 * partition by partition, other formats (CSV, Parquet, Arrow, VOTable) read whole and cut into blocks.
 */

import { listFitsHdus } from '../io/fits/index.js';
import { detectFormat } from '../io/format.js';
import { hatsRowCount, isHatsCatalog, openHats, streamHats } from '../io/hats.js';
import { readTable, streamFits } from '../io/index.js';
import { columnWidth, type Table } from '../table/index.js';

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

/** Opens a catalogue for block reading; `blockRows` bounds the rows of a block. */
export async function openCatalogSource(file: string, blockRows: number): Promise<CatalogSource> {
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
  return wholeSource(file, await readTable(file), blockRows);
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
