/**
 * Entry of a worker thread of the local pool (`chimera explore --jobs N`): runs the points it
 * is sent, one at a time, and posts each result back.
 */
import { parentPort } from 'node:worker_threads';
import { runPoint } from './run-point.js';

export interface PointRequest {
  readonly id: number;
  readonly argv: readonly string[];
}

parentPort?.on('message', (m: PointRequest) => {
  runPoint(m.argv).then(
    (result) => parentPort!.postMessage({ id: m.id, result }),
    (e: unknown) => parentPort!.postMessage({ id: m.id, result: { error: `internal error (a Chimera bug): ${(e as Error).stack ?? String(e)}` } }),
  );
});
