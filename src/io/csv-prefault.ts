import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

/**
 * First-touches the pages of large column arrays on a second thread, a little ahead of the
 * parser that fills them. On the machines this runs on, the page faults of fresh memory cost
 * about a third of a large CSV read (≈ 300 MB/s per thread on the development VM), and the
 * parser itself cannot start writing a page before it has been faulted in; a helper thread takes
 * those faults concurrently. It never changes a value: each page is touched with an atomic
 * add of zero, which is a write for the MMU but leaves whatever the parser already stored.
 */

export const csvPrefault = {
  /** Smallest column memory (bytes) worth a helper thread (its start costs tens of ms). */
  minBytes: 64 << 20,
};

export function prefaultWorthwhile(bytes: number): boolean {
  return bytes >= csvPrefault.minBytes && availableParallelism() > 1;
}

// The helper: waits for the parser to publish a row target (ctl[0]), touches every 4 KB page of
// every column below it, and stops on ctl[1] = 1 or when the parser has been silent for 2 s
// (it then died or finished without saying so; the touches are only an optimisation).
const SOURCE = `'use strict';
const { workerData } = require('node:worker_threads');
const { ctl, columns } = workerData;
const views = columns.map((c) => new Int32Array(c.buffer, c.byteOffset, c.length * 2));
const PAGE = 1024; // int32 elements per 4 KB page
let done = 0;
for (;;) {
  if (Atomics.load(ctl, 1) === 1) break;
  const target = Atomics.load(ctl, 0);
  if (target <= done) {
    if (Atomics.wait(ctl, 0, target, 2000) === 'timed-out') break;
    continue;
  }
  for (const v of views) {
    const end = Math.min(v.length, 2 * target);
    for (let i = Math.ceil((2 * done) / PAGE) * PAGE; i < end; i += PAGE) Atomics.add(v, i, 0);
  }
  done = target;
}
`;

/** A running helper over float64 columns backed by SharedArrayBuffers. */
export class Prefaulter {
  private readonly ctl = new Int32Array(new SharedArrayBuffer(8));
  private worker: Worker | null;

  private constructor(columns: Float64Array[]) {
    this.worker = new Worker(SOURCE, { eval: true, workerData: { ctl: this.ctl, columns } });
    this.worker.unref();
    // A helper that fails only costs the speed-up.
    this.worker.on('error', () => {});
  }

  /** A helper over `columns`, or null when no thread can be started. */
  static start(columns: Float64Array[]): Prefaulter | null {
    try {
      return new Prefaulter(columns);
    } catch {
      return null;
    }
  }

  /** Lets the helper touch the rows below `row`. */
  advance(row: number): void {
    if (row <= this.ctl[0]) return;
    Atomics.store(this.ctl, 0, row);
    Atomics.notify(this.ctl, 0);
  }

  stop(): void {
    if (this.worker === null) return;
    Atomics.store(this.ctl, 1, 1);
    Atomics.notify(this.ctl, 0);
    this.worker = null;
  }
}
