/**
 * `mmassoc worker --redis URL [--queue NAME] [--concurrency 1] [--lock-ms MS]`: processes the shard jobs
 * that `mmassoc match … --queue URL` enqueues (docs/reliability.md, "Queued shards"). Stops on SIGTERM
 * or SIGINT after the running job.
 */
import type { Command } from 'commander';
import { UserError } from '../../errors.js';
import { removeActiveTemps } from '../../io/atomic.js';
import { DEFAULT_QUEUE } from '../../queue/jobs.js';
import { log } from '../progress.js';

function positiveInt(flag: string, v: string): number {
  const x = Number(v);
  if (!(Number.isInteger(x) && x > 0)) throw new UserError(`${flag} ${v}: expected a positive integer`);
  return x;
}

export function register(program: Command): void {
  program
    .command('worker')
    .description('process the shard jobs of `mmassoc match --queue URL` from a Redis (BullMQ) queue')
    .requiredOption('--redis <url>', 'Redis URL, e.g. redis://127.0.0.1:6379')
    .option('--queue <name>', 'queue name', DEFAULT_QUEUE)
    .option('--concurrency <n>', 'jobs at a time in this process', '1')
    .option(
      '--lock-ms <ms>',
      'job lock: longer than the slowest shard (a dead worker’s job is retried after it)',
      '300000',
    )
    .action(async (o: { redis: string; queue: string; concurrency: string; lockMs: string }) => {
      // Loaded on use: BullMQ and ioredis add ~0.3 s to every CLI start.
      const { startWorker } = await import('../../queue/worker.js');
      const w = startWorker({
        url: o.redis,
        queueName: o.queue,
        concurrency: positiveInt('--concurrency', o.concurrency),
        lockMs: positiveInt('--lock-ms', o.lockMs),
      });
      log(`worker: waiting for jobs on ${o.queue} at ${o.redis}`);
      await new Promise<void>((resolve) => {
        // Replace the CLI's exit-at-once handlers: let the running job finish, then leave cleanly.
        for (const sig of ['SIGINT', 'SIGTERM'] as const) {
          process.removeAllListeners(sig);
          process.once(sig, () => {
            log(`worker: ${sig}, finishing the running job and stopping`);
            w.close()
              .catch(() => undefined)
              .finally(() => {
                removeActiveTemps();
                resolve();
              });
          });
        }
      });
    });
}
