import { closeSync, openSync, readSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { ColumnData, ColumnKind } from '../../table/column.js';
import { type ColumnSink, DECODE_FUNCTIONS, decodeField, elementsPerRow } from './decode.js';
import type { FieldSpec } from './tform.js';

/**
 * Whole-table FITS reads of large plain files on several threads. On the machines this runs on,
 * most of a large read is the first touch of the new column memory (page faults: ≈ 300 MB/s
 * per thread on the development VM, against ≈ 1.7 ns per decoded value), and faults on separate
 * threads proceed in parallel. So each thread reads its own chunks of rows from the file into a
 * small reused buffer and decodes them straight into column arrays over SharedArrayBuffers: every
 * value is written once, by whichever thread claimed its chunk, so the result does not depend on
 * the scheduling. Chunks are claimed from a shared counter, which balances the workers' start-up
 * (tens of ms) and a loaded machine without any tuning.
 */

/** Knobs of the parallel read (tests lower the sizes to exercise it on small files). */
export const parallelReads = {
  /** Smallest decoded size (bytes of the fixed-width columns) that is read on several threads. */
  minBytes: 64 << 20,
  /** File bytes per chunk of rows claimed by a thread. */
  chunkBytes: 4 << 20,
  /** Threads including the main one; 0: the available cores, at most MAX_THREADS. */
  threads: 0,
  /** Whether the main thread decodes chunks too (tests turn it off so that workers do all of it). */
  mainDecodes: true,
  /** What the last parallel read did. */
  lastStats: null as ParallelStats | null,
};

export interface ParallelStats {
  threads: number;
  /** Rows decoded by each worker and by the main thread. */
  workerRows: number[];
  mainRows: number;
  /** Chunks a worker left undone (it failed) that the main thread decoded instead. */
  recoveredChunks: number;
  workerErrors: string[];
}

/** Beyond a few threads the page-fault rate no longer grows and each worker costs its start-up. */
const MAX_THREADS = 4;

/** Threads worth using for `bytes` of decoded fixed-width data (1: read on the main thread). */
export function threadsFor(bytes: number): number {
  if (bytes < parallelReads.minBytes) return 1;
  const t = parallelReads.threads > 0 ? parallelReads.threads : Math.min(availableParallelism(), MAX_THREADS);
  return Math.max(1, t);
}

/** The work shared with the workers (structured-cloned; the typed arrays share their memory). */
interface ChunkJob {
  path: string;
  dataOffset: number;
  rowBytes: number;
  nrows: number;
  chunkRows: number;
  fields: FieldSpec[];
  columns: ColumnData[];
  /** A shared mask per field that can hold nulls (else null), handed out on the field's first null. */
  nullMasks: (Uint8Array | null)[];
  /** 1 at a field's index once some thread has marked a null in it. */
  nullSeen: Int32Array;
  /** [next chunk to claim, rows decoded so far]. */
  counters: Int32Array;
  /** 1 for each chunk once fully decoded. */
  chunkDone: Uint8Array;
}

const SHARED: Partial<Record<ColumnKind, new (b: SharedArrayBuffer) => Exclude<ColumnData, string[]>>> = {
  f64: Float64Array,
  f32: Float32Array,
  i8: Int8Array,
  u8: Uint8Array,
  bool: Uint8Array,
  bits: Uint8Array,
  i16: Int16Array,
  u16: Uint16Array,
  i32: Int32Array,
  u32: Uint32Array,
  i64: BigInt64Array,
  u64: BigUint64Array,
};

/** Bytes per array element of a fixed-width field's column (0 for strings). */
export function elementBytes(f: FieldSpec): number {
  const ctor = SHARED[f.kind];
  return ctor ? (ctor as unknown as { BYTES_PER_ELEMENT: number }).BYTES_PER_ELEMENT : 0;
}

/** Whether a field's decode can mark nulls (NaN floats, TNULL integers, scaled fields, logicals). */
function canBeNull(f: FieldSpec): boolean {
  return f.scaled || f.code === 'D' || f.code === 'E' || f.code === 'L' || f.tnull !== undefined;
}

function sinksFor(job: ChunkJob): ColumnSink[] {
  return job.fields.map((_f, c) => ({
    data: job.columns[c],
    nulls: null,
    rows: job.nrows,
    allocNulls: () => {
      Atomics.store(job.nullSeen, c, 1);
      return job.nullMasks[c] as Uint8Array;
    },
  }));
}

/** Reads and decodes chunk `k`; returns the bytes read when the file ended early, else -1. */
function decodeChunk(job: ChunkJob, fd: number, buf: Uint8Array, sinks: ColumnSink[], k: number): number {
  const row0 = k * job.chunkRows;
  const n = Math.min(job.chunkRows, job.nrows - row0);
  const want = n * job.rowBytes;
  const pos = job.dataOffset + row0 * job.rowBytes;
  let got = 0;
  while (got < want) {
    const r = readSync(fd, buf, got, want - got, pos + got);
    if (r === 0) return got;
    got += r;
  }
  for (let c = 0; c < job.fields.length; c++) decodeField(job.fields[c], buf, job.rowBytes, n, sinks[c], row0);
  Atomics.add(job.counters, 1, n);
  job.chunkDone[k] = 1;
  return -1;
}

/**
 * Claims and decodes chunks until none are left; returns the rows decoded. Runs on the workers
 * and on the main thread. A short read stops the loop (the main thread reports it).
 */
function claimChunks(job: ChunkJob, buf: Uint8Array, onChunk: (() => void) | null): number {
  const fd = openSync(job.path, 'r');
  const sinks = sinksFor(job);
  const chunks = Math.ceil(job.nrows / job.chunkRows);
  let rows = 0;
  try {
    for (;;) {
      const k = Atomics.add(job.counters, 0, 1);
      if (k >= chunks) break;
      if (decodeChunk(job, fd, buf, sinks, k) >= 0) break;
      rows += Math.min(job.chunkRows, job.nrows - k * job.chunkRows);
      onChunk?.();
    }
  } finally {
    closeSync(fd);
  }
  return rows;
}

/**
 * The worker's program: the decode functions and the chunk loop above, as source text. Building it
 * from the functions themselves keeps one copy of the kernels, and it runs the same whether this
 * module was compiled by tsc (dist/) or is being transpiled by tsx (src/): Node 20 does not carry
 * tsx's loader hooks into worker threads, and loading tsx in each worker costs ≈ 0.6 CPU s.
 */
function workerSource(): string {
  const fns = [...DECODE_FUNCTIONS, sinksFor, decodeChunk, claimChunks].map((f) => f.toString());
  return [
    "'use strict';",
    "const { closeSync, openSync, readSync } = require('node:fs');",
    "const { parentPort, workerData } = require('node:worker_threads');",
    // esbuild's keepNames (tsx) may wrap nested functions in __name(); a no-op here.
    'const __name = (f) => f;',
    ...fns,
    'const job = workerData;',
    'parentPort.postMessage(claimChunks(job, new Uint8Array(job.chunkRows * job.rowBytes), null));',
  ].join('\n');
}

let cachedSource: string | null = null;

export interface ParallelRead {
  path: string;
  /** Byte offset of the HDU's data in the (plain) file. */
  dataOffset: number;
  rowBytes: number;
  nrows: number;
  /** Fixed-width fields only (no strings). */
  fields: FieldSpec[];
  threads: number;
  /** The main thread's read buffer (at least one row). */
  buf: Uint8Array;
  /** Runs on the main thread while the workers start (e.g. decoding the string columns). */
  sideWork?: () => Promise<void>;
  onProgress?: (done: number, total: number) => void;
  /** Called when the file ends inside the chunk that starts at row `row`. */
  onShortRead: (row: number) => never;
}

/** Decodes the fields on `threads` threads into shared column arrays; returns one sink per field. */
export async function decodeOnThreads(r: ParallelRead): Promise<ColumnSink[]> {
  const chunkRows = Math.max(
    1,
    Math.min(r.nrows, Math.floor(Math.min(parallelReads.chunkBytes, r.buf.length) / r.rowBytes)),
  );
  const chunks = Math.ceil(r.nrows / chunkRows);
  const job: ChunkJob = {
    path: r.path,
    dataOffset: r.dataOffset,
    rowBytes: r.rowBytes,
    nrows: r.nrows,
    chunkRows,
    fields: r.fields.map((f) => ({ ...f, meta: {} })),
    columns: r.fields.map((f) => {
      const ctor = SHARED[f.kind];
      if (!ctor) throw new Error(`decodeOnThreads: field ${f.name} is not fixed-width`);
      return new ctor(new SharedArrayBuffer(r.nrows * elementsPerRow(f) * elementBytes(f)));
    }),
    // Shared memory is zero-filled lazily, so an unused mask costs address space, not RSS.
    nullMasks: r.fields.map((f) => (canBeNull(f) ? new Uint8Array(new SharedArrayBuffer(r.nrows)) : null)),
    nullSeen: new Int32Array(new SharedArrayBuffer(4 * r.fields.length)),
    counters: new Int32Array(new SharedArrayBuffer(8)),
    chunkDone: new Uint8Array(new SharedArrayBuffer(chunks)),
  };
  cachedSource ??= workerSource();
  const stats: ParallelStats = {
    threads: r.threads,
    workerRows: [],
    mainRows: 0,
    recoveredChunks: 0,
    workerErrors: [],
  };
  const workers: Worker[] = [];
  const finished: Promise<void>[] = [];
  try {
    for (let w = 0; w < r.threads - 1; w++) {
      let worker: Worker;
      try {
        worker = new Worker(cachedSource, { eval: true, workerData: job });
      } catch (err) {
        // No thread to be had (resource limits): the main thread decodes the chunks left.
        stats.workerErrors.push((err as Error).message);
        break;
      }
      const i = stats.workerRows.push(0) - 1;
      workers.push(worker);
      finished.push(
        new Promise<void>((resolve) => {
          worker.on('message', (rows: number) => {
            stats.workerRows[i] = rows;
          });
          worker.on('error', (err: Error) => stats.workerErrors.push(err.message));
          worker.on('exit', () => resolve());
        }),
      );
    }
    await r.sideWork?.();
    const progress = r.onProgress ? () => r.onProgress?.(Atomics.load(job.counters, 1), r.nrows) : null;
    if (parallelReads.mainDecodes) stats.mainRows = claimChunks(job, r.buf, progress);
    await Promise.all(finished);
    // Chunks a failed worker claimed (or a short read left) are decoded here, where errors are reported.
    const fd = openSync(r.path, 'r');
    try {
      const sinks = sinksFor(job);
      for (let k = 0; k < chunks; k++) {
        if (job.chunkDone[k] === 1) continue;
        if (decodeChunk(job, fd, r.buf, sinks, k) >= 0) r.onShortRead(k * chunkRows);
        stats.recoveredChunks++;
      }
    } finally {
      closeSync(fd);
    }
  } finally {
    for (const w of workers) void w.terminate();
  }
  parallelReads.lastStats = stats;
  r.onProgress?.(r.nrows, r.nrows);
  return r.fields.map((_f, c) => ({
    data: job.columns[c],
    nulls: job.nullSeen[c] === 1 ? job.nullMasks[c] : null,
    rows: r.nrows,
  }));
}
