/**
 * A Parquet file read one row group at a time: parquet-wasm's async reader on a file-backed Blob
 * (`fs.openAsBlob`) fetches only the byte ranges of the row group asked for, so memory holds one
 * decoded row group, not the file. Column kinds are the file's schema; what a row group alone would
 * give differently is its null masks (a column has one when the file has a null anywhere) and the
 * table metadata (kept in the file's Arrow schema), both set here as the whole-file reader sets them.
 */
import { openAsBlob } from 'node:fs';
import * as arrow from 'apache-arrow';
import type { ParquetFile } from 'parquet-wasm';
import { tableFromArrow } from '../io/arrow.js';
import { type Column, Table } from '../table/index.js';

export interface ParquetLayout {
  rows: number;
  groups: number;
  /** Per column: whether some row group holds a null. */
  nulls: boolean[];
  schema: Table;
}

async function openParquet(file: string): Promise<ParquetFile> {
  const pq = await import('parquet-wasm');
  return pq.ParquetFile.fromFile(await openAsBlob(file));
}

async function readGroup(f: ParquetFile, group: number, file: string): Promise<Table> {
  const wt = await f.read({ rowGroups: [group], batchSize: 1 << 20 });
  return tableFromArrow(arrow.tableFromIPC(wt.intoIPCStream()), file);
}

/** Pass 1: the schema, row count and which columns hold nulls (one row group in memory at a time). */
export async function parquetLayout(file: string): Promise<ParquetLayout> {
  const f = await openParquet(file);
  try {
    const md = f.metadata();
    const groups = md.numRowGroups();
    const schema = tableFromArrow(arrow.tableFromIPC(f.schema().intoIPCStream()), file);
    const nulls = schema.columns.map(() => false);
    let rows = 0;
    for (let g = 0; g < groups; g++) {
      const t = await readGroup(f, g, file);
      t.columns.forEach((c, j) => {
        if (!nulls[j] && c.nulls?.includes(1)) nulls[j] = true;
      });
      rows += t.nrows;
    }
    const cols = schema.columns.map((c, j): Column => {
      const { nulls: _n, ...rest } = c;
      return nulls[j] ? { ...rest, nulls: new Uint8Array(0) } : rest;
    });
    return { rows, groups, nulls, schema: new Table(cols, schema.meta, 0) };
  } finally {
    f.free();
  }
}

/** Pass 2: the rows in blocks of at most `blockRows`, with the whole-file reader's masks and metadata. */
export async function* parquetBlocks(file: string, layout: ParquetLayout, blockRows: number): AsyncGenerator<Table> {
  const f = await openParquet(file);
  try {
    for (let g = 0; g < layout.groups; g++) {
      const t = await readGroup(f, g, file);
      const cols = t.columns.map((c, j): Column => {
        if (!layout.nulls[j] || c.nulls) return c;
        return { ...c, nulls: new Uint8Array(t.nrows) };
      });
      const whole = new Table(cols, layout.schema.meta, t.nrows);
      for (let r = 0; r < whole.nrows; r += blockRows) yield whole.slice(r, Math.min(whole.nrows, r + blockRows));
    }
  } finally {
    f.free();
  }
}
