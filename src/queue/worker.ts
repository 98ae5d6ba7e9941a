/**
 * The processor of `mmassoc worker`: runs each shard job with `runMatch` in this process. Its output is
 * written atomically, so a worker killed mid-job leaves no partial shard file and the retried job
 * (moved back by BullMQ's stalled-job check) writes the complete one.
 */
import { type Job, UnrecoverableError, Worker } from 'bullmq';
import { runMatch } from '../cli/commands/match.js';
import { log } from '../cli/progress.js';
import { isUserError } from '../errors.js';
import { connectRedis } from './connection.js';
import { DEFAULT_QUEUE, type ShardJobData } from './jobs.js';

export interface WorkerOptions {
  url: string;
  queueName?: string;
  concurrency?: number;
  /**
   * Job lock in ms. The association runs synchronously and cannot renew the lock while it computes, so
   * the lock must outlast the longest shard or another worker will redo it (harmless, but wasted work).
   */
  lockMs?: number;
}

export async function processShardJob(job: Job<ShardJobData>): Promise<{ rows: number }> {
  const o = job.data.options;
  log(
    `worker: job ${job.id} started: shard ${o.shard?.index}/${o.shard?.count} (attempt ${job.attemptsMade + 1}, stalled ${job.stalledCounter})`,
  );
  // Test hook: holds the job open (asynchronously, the lock keeps being renewed) so a kill lands mid-job.
  const delay = Number(process.env.MMASSOC_WORKER_DELAY_MS ?? 0);
  if (delay > 0) await new Promise((r) => setTimeout(r, delay));
  try {
    const r = await runMatch(o);
    log(`worker: job ${job.id} done: ${r.rows} rows → ${o.out}`);
    return { rows: r.rows };
  } catch (err) {
    // Bad input fails the same way on every attempt: fail the job at once with the one-line message.
    if (isUserError(err)) throw new UnrecoverableError(err.message.split('\n')[0]);
    throw err;
  }
}

/** Starts a worker; resolves with a `close` that finishes the running job and disconnects. */
export function startWorker(opts: WorkerOptions): { worker: Worker<ShardJobData>; close: () => Promise<void> } {
  const connection = connectRedis(opts.url);
  const lockDuration = opts.lockMs ?? 300_000;
  const worker = new Worker<ShardJobData>(opts.queueName ?? DEFAULT_QUEUE, processShardJob, {
    connection,
    concurrency: opts.concurrency ?? 1,
    lockDuration,
    // Look for jobs of dead workers as often as a lock can expire.
    stalledInterval: lockDuration,
    maxStalledCount: 2,
  });
  worker.on('failed', (job, err) => log(`worker: job ${job?.id} failed: ${err.message.split('\n')[0]}`));
  return {
    worker,
    close: async () => {
      await worker.close();
      connection.disconnect();
    },
  };
}
