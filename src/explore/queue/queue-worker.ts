import { Worker, UnrecoverableError, type Job } from 'bullmq';
import { Either, right } from 'fp-ts/lib/Either.js';
import type { Redis } from 'ioredis';
import { ThreadRunner } from '../point-pool.js';
import { connectRedis } from './connection.js';
import { inputMismatch } from './input-files.js';
import type { PointJob, PointJobResult } from './job-types.js';
import type { WorkerArgs } from './worker-args.js';

/** A running `chimera worker`: BullMQ consumer in front of a pool of point threads. */
export class QueueWorker {
  private jobsDone = 0;
  private readonly finished: Promise<void>;
  private finish!: () => void;

  private constructor(
    private readonly connection: Redis,
    private readonly worker: Worker,
    private readonly runner: ThreadRunner,
  ) {
    this.finished = new Promise((r) => (this.finish = r));
  }

  static async start(args: WorkerArgs, log: (line: string) => void): Promise<Either<string, QueueWorker>> {
    const c = await connectRedis(args.url);
    if (c._tag === 'Left') return c;
    const runner = new ThreadRunner(args.jobs);
    let self: QueueWorker | undefined;
    const processJob = async (job: Job<PointJob, PointJobResult>): Promise<PointJobResult> => {
      const { index, argv, inputs } = job.data;
      const refused = inputMismatch(argv, inputs);
      if (refused) {
        log(`refused job ${job.id} (point ${index}): ${refused}`);
        throw new UnrecoverableError(`worker refused point ${index}: ${refused}`);
      }
      log(`job ${job.id} (point ${index}) started`);
      const result = await runner.runOne(argv);
      log(`job ${job.id} (point ${index}) done`);
      return result;
    };
    const worker = new Worker<PointJob, PointJobResult>(args.queueName, processJob, {
      connection: c.right,
      concurrency: args.jobs,
      lockDuration: args.lockMs,
      stalledInterval: Math.max(250, Math.floor(args.lockMs / 2)),
      maxStalledCount: 3,
    });
    worker.on('error', (e) => log(`queue error: ${e.message}`));
    worker.on('completed', () => {
      if (self && args.maxJobs !== undefined && ++self.jobsDone >= args.maxJobs) self.finish();
    });
    await worker.waitUntilReady();
    self = new QueueWorker(c.right, worker, runner);
    log(`waiting for jobs on ${args.url}, queue ${args.queueName}, ${args.jobs} at a time`);
    return right(self);
  }

  /** Resolves when --max-jobs jobs are done (never without it). */
  get done(): Promise<void> {
    return this.finished;
  }

  async close(): Promise<void> {
    await this.worker.close();
    await this.runner.close();
    await this.connection.quit().catch(() => {});
  }
}
