import { Either, left, right } from 'fp-ts/lib/Either.js';
import { Redis } from 'ioredis';

/**
 * A Redis connection for BullMQ (which needs `maxRetriesPerRequest: null`), checked with a PING
 * first so that a wrong address is a clear error, not a silent wait.
 */
export async function connectRedis(url: string): Promise<Either<string, Redis>> {
  const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy: () => null, connectTimeout: 5000 });
  probe.on('error', () => {}); // reported below
  try {
    await probe.connect();
    await probe.ping();
  } catch (e) {
    probe.disconnect();
    return left(`cannot reach Redis at ${url}: ${(e as Error).message}`);
  }
  probe.disconnect();
  const connection = new Redis(url, { maxRetriesPerRequest: null });
  connection.on('error', () => {}); // ioredis reconnects by itself; BullMQ surfaces lasting failures
  return right(connection);
}
