export { assertReachable, connectRedis } from './connection.js';
export { absoluteSpec, DEFAULT_QUEUE, SHARD_JOB, type ShardJobData } from './jobs.js';
export { type QueueRunOptions, runQueuedMatch } from './queued-match.js';
export { processShardJob, startWorker, type WorkerOptions } from './worker.js';
