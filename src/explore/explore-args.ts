import { Either, left, right } from 'fp-ts/lib/Either.js';
import { parseDuration } from '../time/units.js';
import { parseAxis, type Axis, type Space, type Strategy } from './space.js';

/** `chimera explore` after parsing: the sweep, how to run it, how to show it. */
export interface ExploreArgs {
  readonly runArgv: string[];
  readonly space: Space;
  readonly match?: RegExp;
  readonly jobs: number;
  readonly json: boolean;
  readonly queue?: string;
  readonly queueName: string;
  readonly progress?: boolean;
}

export const EXPLORE_USAGE = `usage: chimera explore <board> [chimera run flags: --load C=ELF, --kernel, --set, --max-time ...]
                        [--vary quantum=T,T,... | --vary clock.<cpu>=LOW..HIGH:N ...]
                        [--seeds N [--strategy jitter|pct] [--bound T] [--depth D] [--steps K]]
                        [--match REGEX] [--jobs N | --queue redis://HOST:PORT] [--json]

Runs every point of a space of timings (one deterministic run each), groups the runs by
outcome (exit status and output) and prints, for each outcome, how many runs gave it, the
output lines that tell it apart and the chimera run command that reproduces it.

  --vary A=V      an axis: quantum=100ns,1us,10us or clock.cpu1=90MHz..110MHz:5 (N values,
                  ends included) or clock.cpu1=90MHz,100MHz; axes multiply
  --seeds N       seeds 1..N of a seeded perturbation at every point of the axes
  --strategy S    jitter (default): --jitter SEED:BOUND; pct: --pct SEED:DEPTH:STEPS
  --bound T       jitter bound (default 1us)
  --depth D       PCT depth: D-1 priority change points (default 3)
  --steps K       PCT steps (default: the slices of an unperturbed run of each axis point)
  --match RE      the outcome is what RE matches in the output (its groups if it has any),
                  plus the exit status
  --jobs N        worker threads on this machine (default 1)
  --queue URL     publish the points as BullMQ jobs on the Redis at URL (redis://HOST:PORT)
                  and gather what \`chimera worker URL\` processes return
  --queue-name Q  the BullMQ queue (default chimera-explore)
  --json          the report as JSON on stdout
  --progress / --no-progress   progress bar on stderr (default: when stderr is a terminal)

The report on stdout depends only on the inputs: the same sweep prints the same bytes, with
any --jobs and any number of workers. Timing goes to stderr.`;

/** Flags of explore itself, and whether each takes a value. Everything else goes to the points' `chimera run`. */
const OWN_FLAGS: Record<string, boolean> = {
  '--vary': true,
  '--seeds': true,
  '--strategy': true,
  '--bound': true,
  '--depth': true,
  '--steps': true,
  '--match': true,
  '--jobs': true,
  '--queue': true,
  '--queue-name': true,
  '--json': false,
  '--progress': false,
  '--no-progress': false,
};

export function parseExploreArgs(argv: readonly string[]): Either<string, ExploreArgs> {
  const own = new Map<string, string[]>();
  const runArgv: string[] = [];
  const errors: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const w = argv[i];
    const eq = w.indexOf('=');
    const flag = w.startsWith('--') && eq > 0 ? w.slice(0, eq) : w;
    if (!(flag in OWN_FLAGS)) {
      runArgv.push(w);
      continue;
    }
    let value = '';
    if (OWN_FLAGS[flag]) {
      if (eq > 0 && flag !== w) value = w.slice(eq + 1);
      else if (i + 1 < argv.length) value = argv[++i];
      else {
        errors.push(`${flag}: needs a value`);
        continue;
      }
    } else if (flag !== w) {
      errors.push(`${w}: ${flag} takes no value`);
      continue;
    }
    own.set(flag, [...(own.get(flag) ?? []), value]);
  }
  const one = (flag: string): string | undefined => {
    const v = own.get(flag);
    if (v && v.length > 1) errors.push(`${flag}: give it once`);
    return v?.[v.length - 1];
  };
  const int = (flag: string, min: number, max: number, fallback: number): number => {
    const v = one(flag);
    if (v === undefined) return fallback;
    const n = Number(v);
    if (!/^[0-9]+$/.test(v) || n < min || n > max) errors.push(`${flag} ${v}: write a whole number from ${min} to ${max}`);
    return n;
  };

  const axes: Axis[] = [];
  for (const v of own.get('--vary') ?? []) {
    const a = parseAxis(v);
    if (a._tag === 'Left') errors.push(a.left);
    else axes.push(a.right);
  }
  const seeds = int('--seeds', 1, 1_000_000, 0);
  const strategyText = one('--strategy') ?? 'jitter';
  if (strategyText !== 'jitter' && strategyText !== 'pct') errors.push(`--strategy ${strategyText}: choose jitter or pct`);
  const strategy = strategyText as Strategy;
  let bound = 1_000_000;
  const boundText = one('--bound');
  if (boundText !== undefined) {
    const d = parseDuration(boundText);
    if (d._tag === 'Left') errors.push(`--bound: ${d.left}`);
    else if (d.right <= 0) errors.push('--bound: must be greater than zero');
    else bound = d.right;
  }
  const depth = int('--depth', 1, 64, 3);
  const stepsText = one('--steps');
  const steps = stepsText === undefined ? undefined : int('--steps', 1, Number.MAX_SAFE_INTEGER, 1);
  for (const flag of ['--bound', '--depth', '--steps', '--strategy']) {
    if (own.has(flag) && seeds === 0) errors.push(`${flag}: only meaningful with --seeds N`);
  }
  if (own.has('--bound') && strategy === 'pct') errors.push('--bound: a jitter setting; PCT takes --depth and --steps');
  if ((own.has('--depth') || own.has('--steps')) && strategy === 'jitter') errors.push('--depth/--steps: PCT settings; add --strategy pct');

  let match: RegExp | undefined;
  const matchText = one('--match');
  if (matchText !== undefined) {
    try {
      match = new RegExp(matchText, 'm');
    } catch (e) {
      errors.push(`--match ${matchText}: not a regular expression (${(e as Error).message})`);
    }
  }
  const jobs = int('--jobs', 1, 256, 1);
  const queue = one('--queue');
  if (queue !== undefined && !/^rediss?:\/\/[^\s/]+(:[0-9]+)?(\/[0-9]*)?$/.test(queue)) errors.push(`--queue ${queue}: write redis://HOST:PORT`);
  if (queue !== undefined && own.has('--jobs')) errors.push('--jobs and --queue: with a queue, the workers decide (chimera worker --jobs N)');
  const progress = own.has('--no-progress') ? false : own.has('--progress') ? true : undefined;
  if (!runArgv.some((w) => !w.startsWith('-'))) errors.push('explore needs a board, as chimera run does');

  if (errors.length) return left(`${errors.join('\n')}\n${EXPLORE_USAGE}`);
  return right({
    runArgv,
    space: { axes, seeds, strategy, bound, depth, steps },
    match,
    jobs,
    json: own.has('--json'),
    queue,
    queueName: one('--queue-name') ?? 'chimera-explore',
    progress,
  });
}
