import { QueueWorker } from '../../explore/queue/queue-worker.js';
import { parseWorkerArgs } from '../../explore/queue/worker-args.js';
import { EXIT, type CommandResult } from '../cli-error.js';

/** `chimera worker redis://HOST:PORT`: run sweep points from a BullMQ queue until interrupted. */
export async function workerCommand(argv: string[]): Promise<CommandResult> {
  const parsed = parseWorkerArgs(argv);
  if (parsed._tag === 'Left') return { code: EXIT.badInput, message: parsed.left };
  const log = (line: string): void => void process.stderr.write(`chimera worker: ${line}\n`);
  const started = await QueueWorker.start(parsed.right, log);
  if (started._tag === 'Left') return { code: EXIT.badInput, message: started.left };
  const worker = started.right;
  const signal = new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await Promise.race([signal, worker.done]);
  await worker.close();
  return { code: EXIT.ok };
}
