/**
 * Parquet read and write through parquet-wasm (Rust's parquet crate compiled to WebAssembly)
 * and Arrow: Parquet ↔ Arrow IPC stream ↔ `tableFromArrow`/`tableToArrow`. Column units,
 * descriptions and table metadata (SKYAREA, keywords) travel in the Arrow schema that
 * parquet-wasm stores in the file, so they round-trip. Written with ZSTD compression.
 *
 * The wasm module is loaded on first use (it reads its .wasm from disk, no network), which
 * is why these functions are async.
 *
 * @example
 *   await writeParquet('cat.parquet', table);
 *   const back = await readParquet('cat.parquet');
 */
import { openAsBlob, statSync } from 'node:fs';
import * as arrow from 'apache-arrow';
import { fail, UserError } from '../errors.js';
import { allocate, type Column, type ColumnData, columnWidth } from '../table/column.js';
import { Table } from '../table/table.js';
import { tableFromArrow, tableToArrow } from './arrow.js';
import { writeFileAtomicSync } from './atomic.js';

type ParquetWasm = typeof import('parquet-wasm');
type ParquetFile = import('parquet-wasm').ParquetFile;

let loading: Promise<ParquetWasm> | undefined;

/** The parquet-wasm module, instantiated once per process (a cache, not mutable state). */
function parquetWasm(): Promise<ParquetWasm> {
  loading ??= import('parquet-wasm');
  return loading;
}

/** Rows per Arrow batch when decoding: large batches mean fewer chunks to stitch together. */
const READ_BATCH_ROWS = 1 << 20;

/**
 * A Parquet file, one row group at a time: parquet-wasm's reader on a file-backed Blob fetches only
 * the byte ranges of the group asked for, and each decoded group is copied into columns allocated
 * once for the file's row count, so memory holds the table plus one row group (not the file, an
 * Arrow copy of the whole table and its IPC stream, as a whole-file decode does: `parseParquet`).
 */
export async function readParquet(path: string): Promise<Table> {
  try {
    statSync(path);
  } catch (err) {
    fail(path, `cannot read the file (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  const pq = await parquetWasm();
  let file: ParquetFile | undefined;
  try {
    file = await pq.ParquetFile.fromFile(await openAsBlob(path));
    const schema = tableFromArrow(arrow.tableFromIPC(file.schema().intoIPCStream()), path);
    const metadata = file.metadata();
    const total = Number(metadata.fileMetadata().numRows());
    const data: ColumnData[] = schema.columns.map((sc) =>
      sc.kind === 'str' ? new Array<string>(total) : allocate(sc.kind, total * columnWidth(sc)),
    );
    const nulls: (Uint8Array | undefined)[] = schema.columns.map(() => undefined);
    let row = 0;
    for (let g = 0; g < metadata.numRowGroups(); g++) {
      const wt = await file.read({ rowGroups: [g], batchSize: READ_BATCH_ROWS });
      const part = tableFromArrow(arrow.tableFromIPC(wt.intoIPCStream()), path);
      if (row + part.nrows > total) throw new Error(`row group ${g} runs past the ${total} rows of the footer`);
      part.columns.forEach((c, j) => {
        const out = data[j];
        if (Array.isArray(out)) {
          const src = c.data as string[];
          for (let i = 0; i < src.length; i++) out[row + i] = src[i];
        } else (out as Float64Array).set(c.data as Float64Array, row * columnWidth(schema.columns[j]));
        if (c.nulls) {
          const mask = nulls[j] ?? new Uint8Array(total);
          mask.set(c.nulls, row);
          nulls[j] = mask;
        }
      });
      row += part.nrows;
    }
    if (row !== total) throw new Error(`the row groups hold ${row} rows, the footer says ${total}`);
    const columns = schema.columns.map((sc, j): Column => {
      const { nulls: _schemaNulls, data: _schemaData, ...rest } = sc;
      const mask = nulls[j];
      return { ...rest, data: data[j], ...(mask ? { nulls: mask } : {}) };
    });
    return new Table(columns, schema.meta, total);
  } catch (err) {
    if (err instanceof UserError) throw err;
    return fail(path, `not a readable Parquet file (${String((err as Error).message ?? err).split('\n')[0]})`);
  } finally {
    file?.free();
  }
}

/** Parquet bytes → Table. */
export async function parseParquet(bytes: Uint8Array, fileName?: string): Promise<Table> {
  const pq = await parquetWasm();
  let ipc: Uint8Array;
  try {
    const wt = pq.readParquet(bytes, { batchSize: READ_BATCH_ROWS });
    ipc = wt.intoIPCStream();
  } catch (err) {
    fail(fileName, `not a readable Parquet file (${String((err as Error).message ?? err).split('\n')[0]})`);
  }
  return tableFromArrow(arrow.tableFromIPC(ipc), fileName);
}

export async function writeParquet(path: string, table: Table): Promise<void> {
  writeFileAtomicSync(path, await formatParquet(table));
}

/** Table → Parquet bytes (ZSTD, Parquet format 2). */
export async function formatParquet(table: Table): Promise<Uint8Array> {
  const pq = await parquetWasm();
  const ipc = arrow.tableToIPC(tableToArrow(table), 'stream');
  const wt = pq.Table.fromIPCStream(ipc);
  const props = new pq.WriterPropertiesBuilder()
    .setCompression(pq.Compression.ZSTD)
    .setWriterVersion(pq.WriterVersion.V2)
    .setCreatedBy('mmassoc')
    .build();
  return pq.writeParquet(wt, props);
}
