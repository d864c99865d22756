import { Either, left, right } from 'fp-ts/lib/Either.js';
import { parseRunArgs } from '../cli/run-args.js';
import { groupOutcomes, outcomeOf, type PointRecord } from './outcomes.js';
import type { PointExecutor } from './point-pool.js';
import type { ExploreReport } from './report.js';
import { isPointError, type PointError, type PointResult } from './run-point.js';
import { axisFlags, comboKey, enumeratePoints, seedFlags, type Point, type Space } from './space.js';

/** A sweep: the `chimera run` arguments every point shares, and the space to cover. */
export interface ExploreRequest {
  /** `chimera run` arguments as the user typed them (board first), without the varied flags. */
  readonly runArgv: readonly string[];
  readonly space: Space;
  readonly match?: RegExp;
}

export interface ExploreProgress {
  readonly done: number;
  readonly total: number;
  readonly outcomes: number;
}

/** Check that the shared flags and the axes do not both set the same thing. */
export function checkRequest(req: ExploreRequest): Either<string, void> {
  const parsed = parseRunArgs([...req.runArgv]);
  if (parsed._tag === 'Left') return left(parsed.left.message);
  const a = parsed.right;
  if (a.trace || a.vcd || a.races || a.stats) return left('explore runs points without --trace, --vcd, --races or --stats; give them to the reproduction command of the point you want to look at');
  if ([...a.serial.values()].some((t) => t.kind === 'file')) return left('explore: --serial D=file:... is not allowed; a point\'s outcome is what reaches stdout');
  for (const axis of req.space.axes) {
    if (axis.name === 'quantum' && a.quantum !== undefined) return left('--quantum and --vary quantum=...: give the quantum one way');
    const cpu = /^clock\.(.+)$/.exec(axis.name)?.[1];
    if (cpu !== undefined && a.timing.clocks[cpu] !== undefined) return left(`--clock ${cpu}=... and --vary clock.${cpu}=...: give that clock one way`);
  }
  if (new Set(req.space.axes.map((x) => x.name)).size !== req.space.axes.length) return left('--vary: an axis is given twice');
  if (req.space.seeds > 0 && (a.timing.jitter || a.timing.pct)) return left('--seeds with --jitter or --pct in the run flags: the seeds already choose the perturbation');
  return right(undefined);
}

/**
 * Run a sweep on an executor (threads here, or workers behind a queue) and group the outcomes.
 * The report depends only on the request: results are keyed by point, never by arrival.
 */
export async function explore(req: ExploreRequest, executor: PointExecutor, onProgress?: (p: ExploreProgress) => void): Promise<Either<string, ExploreReport>> {
  const checked = checkRequest(req);
  if (checked._tag === 'Left') return checked;
  const { space } = req;
  const points = enumeratePoints(space);
  const board = req.runArgv.find((w, i) => !w.startsWith('-') && (i === 0 || !takesValue(req.runArgv[i - 1]))) ?? '';

  // PCT spreads its change points over a run's slices: measure them once per axis combination.
  const steps = new Map<string, number>();
  if (space.seeds > 0 && space.strategy === 'pct' && space.steps === undefined) {
    const combos = new Map<string, Point>();
    for (const p of points) if (!combos.has(comboKey(p))) combos.set(comboKey(p), p);
    const list = [...combos.values()];
    const failure = await runAll(executor, list.map((p) => [...req.runArgv, ...axisFlags(space, p)]), (i, r) => steps.set(comboKey(list[i]), Math.max(1, r.slices)));
    if (failure) return left(failure);
  }

  const argvs = points.map((p) => [...req.runArgv, ...axisFlags(space, p), ...seedFlags(space, p, steps.get(comboKey(p)))]);
  const records: PointRecord[] = [];
  const seen = new Set<string>();
  const failure = await runAll(executor, argvs, (i, result) => {
    records.push({ index: i, argv: argvs[i], result });
    seen.add(outcomeOf(result, req.match).key);
    onProgress?.({ done: records.length, total: argvs.length, outcomes: seen.size });
  });
  if (failure) return left(failure);
  return right({
    board,
    runs: records.length,
    space,
    match: req.match?.source,
    outcomes: groupOutcomes(records, req.match),
    ...(steps.size ? { steps: Object.fromEntries([...steps].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) } : {}),
  });
}

/** Run points; the first point that cannot run stops the sweep with its message. */
async function runAll(executor: PointExecutor, argvs: string[][], onResult: (i: number, r: PointResult) => void): Promise<string | undefined> {
  let failure: string | undefined;
  await executor.run(argvs, (i, r: PointResult | PointError) => {
    if (isPointError(r)) failure ??= r.error;
    else onResult(i, r);
  });
  return failure;
}

const VALUE_FLAGS = new Set(['--kernel', '--load', '--serial', '--set', '--append', '--max-time', '--quantum', '--trace', '--vcd', '--clock', '--jitter', '--pct', '--result', '--plugin-dir', '--arch-dir']);
function takesValue(flag: string): boolean {
  return VALUE_FLAGS.has(flag);
}
