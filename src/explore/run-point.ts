import { parseRunArgs } from '../cli/run-args.js';
import { describeRun, failureEnd, type RunEnd } from '../cli/run-result.js';
import { runtimeOptionsFor } from '../cli/trust-args.js';
import { OutputRouter } from '../output/output-router.js';
import { buildSimulation } from '../runtime/simulation.js';
import { createSimulationContainer } from '../runtime/simulation-container.js';
import { MAX_VIRTUAL_TIME_PS } from '../time/units.js';
import { schedulePolicy } from './schedule/timing-options.js';

/** What one point of a sweep produced: exactly what `chimera run` with the same flags prints and returns. */
export interface PointResult {
  /** stdout of `chimera run` (serial and semihosting console), as latin1 text. */
  readonly output: string;
  /** The exit status `chimera run` returns. */
  readonly status: number;
  /** Why the run ended, in words (not part of the outcome: the status says it). */
  readonly end: string;
  /** Slices the scheduler ran (PCT spreads its change points over this many). */
  readonly slices: number;
  readonly instructions: number;
  /** Virtual time at the end, in ps. */
  readonly time: number;
}

/** A point that could not run: bad flags, a missing file, a board error. */
export interface PointError {
  readonly error: string;
}

/**
 * Run `chimera run <argv>` in this thread, capturing stdout instead of writing it. The flags are
 * parsed by the same parser as `chimera run`, so the reproduction command of a point is the
 * point itself. Traces, VCDs, --races and output files are refused: a point's outcome is its
 * stdout and exit status.
 */
export async function runPoint(argv: readonly string[]): Promise<PointResult | PointError> {
  const parsed = parseRunArgs([...argv]);
  if (parsed._tag === 'Left') return { error: parsed.left.message };
  const a = parsed.right;
  if (a.trace || a.vcd || a.races || a.stats) return { error: 'a sweep point cannot write --trace, --vcd, --races or --stats; run its reproduction command for those' };
  if ([...a.serial.values()].some((t) => t.kind === 'file')) return { error: 'a sweep point cannot send serial output to a file: its outcome is what reaches stdout' };
  const logs: string[] = [];
  const container = createSimulationContainer({ ...runtimeOptionsFor({ 'plugin-dir': a.pluginDirs, 'arch-dir': a.archDirs }), logWrite: (l) => logs.push(l) });
  let built;
  try {
    built = await buildSimulation(container, { board: a.board, set: a.set, quantum: a.quantum, images: a.images, append: a.append, initrd: a.initrd, dtb: a.dtb, clocks: a.timing.clocks });
  } catch (e) {
    const f = failureEnd(e);
    if (f.kind === 'device-failure') return { error: `${f.fault.message} (before the run started)` };
    throw e;
  }
  if (built._tag === 'Left') return { error: built.left.message };
  const machine = built.right;
  for (const id of a.serial.keys()) {
    if (!machine.serial.has(id)) return { error: `--serial ${id}: board ${machine.board.name} has no serial device "${id}"` };
  }
  machine.scheduler.setPolicy(schedulePolicy(a.timing));
  const chunks: Buffer[] = [];
  const router = new OutputRouter(machine, a.serial, (c) => chunks.push(c));
  let slices = 0;
  let end: RunEnd;
  try {
    end = {
      kind: 'stopped',
      stop: machine.run(a.maxTime ?? MAX_VIRTUAL_TIME_PS, () => {
        slices++;
        router.flush();
      }),
    };
  } catch (e) {
    // A failing plugin (exit 5) or a simulator bug (exit 70), as `chimera run` reports them.
    end = failureEnd(e);
  }
  router.close();
  // The same end, status and words as `chimera run` (src/cli/run-result.ts).
  const outcome = describeRun(end, machine, end.kind === 'stopped' ? machine.scheduler.endTime : machine.scheduler.now());
  const status = outcome.exitCode;
  const ended = outcome.message ?? outcome.reason;
  return {
    output: Buffer.concat(chunks).toString('latin1'),
    status,
    end: ended,
    slices,
    instructions: machine.instructions(),
    time: machine.scheduler.endTime,
  };
}

export function isPointError(r: PointResult | PointError): r is PointError {
  return (r as PointError).error !== undefined;
}
