import { Worker } from 'node:worker_threads';
import type { PointError, PointResult } from './run-point.js';

/** Runs points somewhere and reports each result as it arrives. */
export interface PointExecutor {
  /** Run every argv; `onResult` is called once per point (any order); resolves when all are done. */
  run(argvs: readonly (readonly string[])[], onResult: (index: number, result: PointResult | PointError) => void): Promise<void>;
  close(): Promise<void>;
}

/**
 * `--jobs N`: N worker threads in this process, each running one point at a time. Threads are
 * started once and reused, so each keeps its translated code between points.
 */
export class ThreadPool implements PointExecutor {
  private readonly workers: Worker[] = [];

  constructor(readonly size: number) {}

  private worker(i: number): Worker {
    while (this.workers.length <= i) this.workers.push(new Worker(new URL('./point-thread.js', import.meta.url)));
    return this.workers[i];
  }

  run(argvs: readonly (readonly string[])[], onResult: (index: number, result: PointResult | PointError) => void): Promise<void> {
    let next = 0;
    let done = 0;
    return new Promise((resolve, reject) => {
      if (argvs.length === 0) return resolve();
      const feed = (w: Worker): void => {
        if (next >= argvs.length) return;
        const id = next++;
        w.postMessage({ id, argv: argvs[id] });
      };
      const active = Math.min(this.size, argvs.length);
      for (let i = 0; i < active; i++) {
        const w = this.worker(i);
        const onMessage = (m: { id: number; result: PointResult | PointError }): void => {
          onResult(m.id, m.result);
          done++;
          if (done === argvs.length) {
            cleanup();
            resolve();
          } else feed(w);
        };
        const onError = (e: Error): void => {
          cleanup();
          reject(e);
        };
        const cleanup = (): void => {
          for (const x of this.workers) {
            x.removeAllListeners('message');
            x.removeAllListeners('error');
          }
        };
        w.on('message', onMessage);
        w.on('error', onError);
        feed(w);
      }
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
    this.workers.length = 0;
  }
}

/**
 * Threads that run one point per request, whenever asked (a queue worker's jobs arrive one by
 * one). Keeps the process's event loop free while points run, so BullMQ can renew its locks.
 */
export class ThreadRunner {
  private readonly idle: Worker[] = [];
  private readonly waiting: ((w: Worker) => void)[] = [];
  private readonly all: Worker[] = [];
  private nextId = 0;

  constructor(size: number) {
    for (let i = 0; i < size; i++) {
      const w = new Worker(new URL('./point-thread.js', import.meta.url));
      this.all.push(w);
      this.idle.push(w);
    }
  }

  async runOne(argv: readonly string[]): Promise<PointResult | PointError> {
    const w = this.idle.pop() ?? (await new Promise<Worker>((resolve) => this.waiting.push(resolve)));
    try {
      return await new Promise<PointResult | PointError>((resolve, reject) => {
        const id = this.nextId++;
        const onMessage = (m: { id: number; result: PointResult | PointError }): void => {
          if (m.id !== id) return;
          w.off('message', onMessage);
          w.off('error', reject);
          resolve(m.result);
        };
        w.on('message', onMessage);
        w.once('error', reject);
        w.postMessage({ id, argv });
      });
    } finally {
      const next = this.waiting.shift();
      if (next) next(w);
      else this.idle.push(w);
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.all.map((w) => w.terminate()));
  }
}
