import { Either, left, right } from 'fp-ts/lib/Either.js';
import { parseArgs } from 'node:util';

export interface WorkerArgs {
  readonly url: string;
  readonly queueName: string;
  readonly jobs: number;
  /** BullMQ lock duration in ms: how long a dead worker's job waits before another takes it. */
  readonly lockMs: number;
  /** Stop after this many jobs (tests, batch machines); undefined: run until interrupted. */
  readonly maxJobs?: number;
}

export const WORKER_USAGE = `usage: chimera worker redis://HOST:PORT [--jobs N] [--queue-name Q] [--lock-ms MS]

Runs the points that \`chimera explore --queue redis://HOST:PORT\` publishes, N at a time (one
worker thread each), and returns their outcomes, until interrupted (Ctrl-C, SIGTERM). Relative
file names in a job resolve in this folder; a job whose board or programs differ from the
explorer's files (by SHA-256) is refused with a message naming the file.

  --jobs N        points at a time (default 1)
  --queue-name Q  the BullMQ queue (default chimera-explore)
  --lock-ms MS    job lock duration: a job whose worker died is run again after about this
                  long (default 30000)
  --max-jobs N    stop after N jobs (batch machines); default: run until interrupted`;

export function parseWorkerArgs(argv: readonly string[]): Either<string, WorkerArgs> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: { jobs: { type: 'string' }, 'queue-name': { type: 'string' }, 'lock-ms': { type: 'string' }, 'max-jobs': { type: 'string' } },
    });
  } catch (e) {
    return left(`${(e as Error).message.split('\n')[0]}\n${WORKER_USAGE}`);
  }
  const { values, positionals } = parsed;
  const errors: string[] = [];
  if (positionals.length !== 1) errors.push(`worker takes one Redis URL, got ${positionals.length ? positionals.join(' ') : 'none'}`);
  const url = positionals[0] ?? '';
  if (url && !/^rediss?:\/\/[^\s/]+(:[0-9]+)?(\/[0-9]*)?$/.test(url)) errors.push(`${url}: write redis://HOST:PORT`);
  const int = (flag: string, v: string | undefined, min: number, max: number, fallback: number): number => {
    if (v === undefined) return fallback;
    const n = Number(v);
    if (!/^[0-9]+$/.test(v) || n < min || n > max) errors.push(`--${flag} ${v}: write a whole number from ${min} to ${max}`);
    return n;
  };
  const jobs = int('jobs', values.jobs, 1, 256, 1);
  const lockMs = int('lock-ms', values['lock-ms'], 500, 3_600_000, 30_000);
  const maxJobs = values['max-jobs'] === undefined ? undefined : int('max-jobs', values['max-jobs'], 1, Number.MAX_SAFE_INTEGER, 1);
  if (errors.length) return left(`${errors.join('\n')}\n${WORKER_USAGE}`);
  return right({ url, queueName: values['queue-name'] ?? 'chimera-explore', jobs, lockMs, maxJobs });
}
