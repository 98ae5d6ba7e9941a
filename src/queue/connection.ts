/** Redis connections for the shard queue (BullMQ needs `maxRetriesPerRequest: null` on worker connections). */
import { Redis } from 'ioredis';
import { UserError } from '../errors.js';

/** Opens a connection to `url` (redis://host:port[/db]); a malformed URL is a UserError. */
export function connectRedis(url: string): Redis {
  if (!/^rediss?:\/\//.test(url))
    throw new UserError(`--redis/--queue ${url}: expected a Redis URL such as redis://127.0.0.1:6379`);
  // Workers block on BullMQ's long polls; a bounded retry count would turn a Redis restart into a crash.
  const conn = new Redis(url, { maxRetriesPerRequest: null });
  // ioredis reconnects by itself; an unreachable server is reported by assertReachable, not per attempt.
  conn.on('error', () => undefined);
  return conn;
}

/** Fails with a UserError when Redis does not answer within `ms` (instead of waiting for it forever). */
export async function assertReachable(conn: Redis, url: string, ms = 5000): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new UserError(`${url}: Redis does not answer; start redis-server or check the URL`)),
      ms,
    );
  });
  try {
    await Promise.race([conn.ping(), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
