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
import { readFileSync } from 'node:fs';
import * as arrow from 'apache-arrow';
import { fail } from '../errors.js';
import type { Table } from '../table/table.js';
import { tableFromArrow, tableToArrow } from './arrow.js';
import { writeFileAtomicSync } from './atomic.js';

type ParquetWasm = typeof import('parquet-wasm');

let loading: Promise<ParquetWasm> | undefined;

/** The parquet-wasm module, instantiated once per process (a cache, not mutable state). */
function parquetWasm(): Promise<ParquetWasm> {
  loading ??= import('parquet-wasm');
  return loading;
}

/** Rows per Arrow batch when decoding: large batches mean fewer chunks to stitch together. */
const READ_BATCH_ROWS = 1 << 20;

export async function readParquet(path: string): Promise<Table> {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (err) {
    fail(path, `cannot read the file (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  return parseParquet(bytes, path);
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
