import { randomUUID } from 'node:crypto';
import { Either, right } from 'fp-ts/lib/Either.js';
import { Queue, QueueEvents, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { PointExecutor } from '../point-pool.js';
import type { PointError, PointResult } from '../run-point.js';
import { connectRedis } from './connection.js';
import { inputFiles, type InputFile } from './input-files.js';
import { JOB_NAME, type PointJob, type PointJobResult } from './job-types.js';

/**
 * `chimera explore --queue redis://HOST:PORT`: every point becomes a BullMQ job; `chimera worker`
 * processes on any machines run them. A job whose worker dies is found stalled by another
 * worker and run again, so no point is lost; a worker whose files differ fails the job with its
 * reason, which stops the sweep with that message.
 */
export class QueueExecutor implements PointExecutor {
  private readonly sweep = randomUUID();

  private constructor(
    private readonly connection: Redis,
    private readonly queue: Queue,
    private readonly events: QueueEvents,
  ) {}

  static async connect(url: string, name: string): Promise<Either<string, QueueExecutor>> {
    const c = await connectRedis(url);
    if (c._tag === 'Left') return c;
    const queue = new Queue(name, { connection: c.right });
    const events = new QueueEvents(name, { connection: c.right.duplicate() });
    await events.waitUntilReady();
    return right(new QueueExecutor(c.right, queue, events));
  }

  async run(argvs: readonly (readonly string[])[], onResult: (index: number, result: PointResult | PointError) => void): Promise<void> {
    if (argvs.length === 0) return;
    // The points of a sweep differ only in timing flags, so they read the same files.
    const files = inputFiles(argvs[0]);
    if (files._tag === 'Left') {
      argvs.forEach((_, i) => onResult(i, { error: files.left }));
      return;
    }
    const inputs: InputFile[] = files.right;
    const jobs: Job[] = await this.queue.addBulk(
      argvs.map((argv, index) => {
        const data: PointJob = { sweep: this.sweep, index, argv, inputs };
        return { name: JOB_NAME, data, opts: { jobId: `${this.sweep}-${index}`, removeOnComplete: false, removeOnFail: false } };
      }),
    );
    await Promise.all(
      jobs.map(async (job) => {
        const index = (job.data as PointJob).index;
        let result: PointJobResult;
        try {
          result = (await job.waitUntilFinished(this.events)) as PointJobResult;
        } catch (e) {
          result = { error: `point ${index}: ${(e as Error).message}` };
        }
        onResult(index, result);
        await job.remove().catch(() => {});
      }),
    );
  }

  async close(): Promise<void> {
    await this.events.close();
    await this.queue.close();
    await this.connection.quit().catch(() => {});
  }
}
