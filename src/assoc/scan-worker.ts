/**
 * Runs one secondary's candidate scan (candidate-scan.ts) on a worker thread, so that two large
 * secondaries stream at the same time on two cores. The worker rebuilds the primary's index from
 * its positions (a few ms) and posts back the kept rows' numbers and bytes; the Table is built on
 * the calling thread. A user error in the worker comes back as the same UserError.
 */
import { extname } from 'node:path';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { UserError } from '../errors.js';
import { type RawScan, type ScanColumns, scanFitsRaw } from './candidate-scan.js';
import { NearPrimaryFilter } from './candidates.js';
import { buildZoneIndex } from './zone-index.js';

interface Job {
  path: string;
  cols: ScanColumns;
  primaryRa: Float64Array;
  primaryDec: Float64Array;
  radiusArcsec: number;
}

type Reply = { ok: true; raw: RawScan | undefined } | { ok: false; message: string; user: boolean };

/** Starts the scan of `job.path` on a worker thread; the promise settles with its result. */
export function scanInWorker(job: Job): Promise<RawScan | undefined> {
  // The same module file runs the job: .js from dist, or .ts under tsx (development and tests), whose
  // loader hooks a worker does not inherit, so the worker registers them first.
  const self = new URL(`./scan-worker${extname(new URL(import.meta.url).pathname)}`, import.meta.url).href;
  const load = self.endsWith('.ts')
    ? `import('tsx/esm/api').then((t) => t.register()).then(() => import(${JSON.stringify(self)}))`
    : `import(${JSON.stringify(self)})`;
  const worker = new Worker(`${load}.then((m) => m.runScanJob());`, { eval: true, workerData: job });
  return new Promise((resolve, reject) => {
    worker.once('message', (r: Reply) => {
      if (r.ok) resolve(r.raw);
      else reject(r.user ? new UserError(r.message) : new Error(r.message));
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`candidate scan worker exited with code ${code}`));
    });
  });
}

/** The worker's side: scan, reply, and let the thread end. */
export async function runScanJob(): Promise<void> {
  if (isMainThread || !parentPort) throw new Error('runScanJob runs on a worker thread');
  const job = workerData as Job;
  let reply: Reply;
  try {
    const index = buildZoneIndex(job.primaryRa, job.primaryDec, job.radiusArcsec);
    const raw = await scanFitsRaw(job.path, job.cols, new NearPrimaryFilter(index, job.radiusArcsec));
    reply = { ok: true, raw };
  } catch (err) {
    reply = { ok: false, message: err instanceof Error ? err.message : String(err), user: err instanceof UserError };
  }
  const transfer = reply.ok && reply.raw ? [reply.raw.bytes.buffer, reply.raw.fileRows.buffer] : [];
  parentPort.postMessage(reply, transfer as ArrayBuffer[]);
}
