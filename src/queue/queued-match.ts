/**
 * `mmassoc match … --queue URL --shards N`: enqueues the N HEALPix shards of one match as BullMQ jobs,
 * waits for the workers (`mmassoc worker`) to finish them all, and merges their outputs into --out.
 * The shard files go to a temporary folder next to --out, so workers need the same filesystem.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { type Job, Queue } from 'bullmq';
import { mergeShardTables } from '../assoc/merge.js';
import type { MatchOptions } from '../cli/commands/match.js';
import { log } from '../cli/progress.js';
import { UserError } from '../errors.js';
import { assertOutputFolder } from '../io/atomic.js';
import { readTable, writeTable } from '../io/index.js';
import { assertReachable, connectRedis } from './connection.js';
import { absoluteSpec, DEFAULT_QUEUE, SHARD_JOB, type ShardJobData } from './jobs.js';

export interface QueueRunOptions {
  url: string;
  shards: number;
  queueName?: string;
  /** Poll interval while waiting for the workers. */
  pollMs?: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs `opts` as `shards` queued jobs and writes the merged table to `opts.out`; returns its row count. */
export async function runQueuedMatch(opts: MatchOptions, q: QueueRunOptions): Promise<{ rows: number }> {
  if (opts.shard) throw new UserError('--queue runs every shard itself; drop --shard');
  if (opts.best) throw new UserError('--best is not available with --queue; run mmassoc match --best without --queue');
  const out = resolve(opts.out);
  assertOutputFolder(out);
  const connection = connectRedis(q.url);
  try {
    await assertReachable(connection, q.url);
  } catch (err) {
    connection.disconnect();
    throw err;
  }
  const dir = mkdtempSync(join(dirname(out), `.${basename(out)}.queue-`));
  // Ctrl-C / SIGTERM end the CLI through process.exit: the shard folder goes with it.
  const removeDir = () => rmSync(dir, { recursive: true, force: true });
  process.once('exit', removeDir);
  const queue = new Queue<ShardJobData>(q.queueName ?? DEFAULT_QUEUE, { connection });
  const run = randomUUID();
  const jobs: Job<ShardJobData>[] = [];
  try {
    const files: string[] = [];
    for (let index = 1; index <= q.shards; index++) {
      // FITS keeps every value bit-for-bit between the worker and the merge.
      const file = join(dir, `shard-${index}of${q.shards}.fits`);
      files.push(file);
      const options: MatchOptions = {
        ...opts,
        out: file,
        catalogs: opts.catalogs.map((c) => absoluteSpec(c)),
        shard: { index, count: q.shards },
      };
      jobs.push(
        await queue.add(
          SHARD_JOB,
          { options },
          // A job whose worker died is moved back to the queue by BullMQ's stalled-job check; a job that
          // threw is retried with backoff, up to 3 attempts.
          { jobId: `${run}-${index}`, attempts: 3, backoff: { type: 'exponential', delay: 1000 } },
        ),
      );
    }
    log(`match: ${q.shards} shard jobs queued on ${q.queueName ?? DEFAULT_QUEUE} (run ${run})`);
    const done = new Set<number>();
    while (done.size < q.shards) {
      for (let i = 0; i < jobs.length; i++) {
        if (done.has(i)) continue;
        const state = await queue.getJobState(jobs[i].id as string);
        if (state === 'completed') {
          done.add(i);
          log(`match: shard ${i + 1}/${q.shards} done (${done.size} of ${q.shards})`);
        } else if (state === 'failed') {
          const job = await queue.getJob(jobs[i].id as string);
          throw new UserError(
            `--queue: shard ${i + 1}/${q.shards} failed on a worker after ${job?.attemptsMade ?? '?'} attempts: ${(job?.failedReason ?? 'unknown reason').split('\n')[0]}`,
          );
        } else if (state === 'unknown') {
          throw new UserError(`--queue: shard ${i + 1}/${q.shards} vanished from the queue (was Redis flushed?)`);
        }
      }
      if (done.size < q.shards) await sleep(q.pollMs ?? 200);
    }
    // Merge in shard order; the merge orders rows by primary row, so the result is the unsharded table.
    const tables = [];
    for (const f of files) tables.push(await readTable(f));
    const merged = mergeShardTables(tables, files);
    const expected = tables.reduce((s, t) => s + t.nrows, 0);
    if (merged.nrows !== expected) throw new Error(`merge produced ${merged.nrows} rows from ${expected}`);
    await writeTable(out, merged);
    log(`match: ${merged.nrows} associations from ${q.shards} queued shards → ${opts.out}`);
    return { rows: merged.nrows };
  } catch (err) {
    // Withdraw this run's waiting shards so that workers do not compute outputs nobody will merge.
    for (const job of jobs) await job.remove().catch(() => undefined);
    throw err;
  } finally {
    await queue.close();
    connection.disconnect();
    process.removeListener('exit', removeDir);
    removeDir();
  }
}
