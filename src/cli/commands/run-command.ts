import { runtimeOptionsFromEnv } from '../../runtime/env-options.js';
import { writeFileSync } from 'node:fs';
import type { StopReason } from '../../api/machine-control.js';
import { OutputRouter } from '../../output/output-router.js';
import { buildSimulation } from '../../runtime/simulation.js';
import { createSimulationContainer } from '../../runtime/simulation-container.js';
import { ChromeTraceRecorder } from '../../trace/chrome-trace.js';
import { VcdRecorder } from '../../trace/vcd-writer.js';
import { formatTime, MAX_VIRTUAL_TIME_PS } from '../../time/units.js';
import { EXIT, type CommandResult } from '../cli-error.js';
import { parseRunArgs } from '../run-args.js';
import { ProgressDisplay } from '../progress-display.js';
import { runInteractive, type UserStop } from '../interactive-run.js';

/** `chimera run`: build the board, load programs, run, and report how the run ended. */
export async function runCommand(argv: string[]): Promise<CommandResult> {
  const args = parseRunArgs(argv);
  if (args._tag === 'Left') return { code: EXIT.badInput, message: args.left.message };
  const a = args.right;

  const container = createSimulationContainer(runtimeOptionsFromEnv());
  const built = await buildSimulation(container, { board: a.board, set: a.set, quantum: a.quantum, images: a.images, append: a.append, initrd: a.initrd, dtb: a.dtb });
  if (built._tag === 'Left') return { code: EXIT.badInput, message: built.left.message };
  const machine = built.right;
  if (a.images.length === 0) process.stderr.write('chimera: warning: no program loaded (--kernel or --load); the CPUs start from their reset state\n');
  for (const id of a.serial.keys()) {
    if (!machine.serial.has(id)) {
      return { code: EXIT.badInput, message: `--serial ${id}: board ${machine.board.name} has no serial device "${id}"; serial devices: ${[...machine.serial.keys()].join(', ') || 'none'}` };
    }
  }

  let router: OutputRouter;
  try {
    router = new OutputRouter(machine, a.serial);
  } catch (e) {
    return { code: EXIT.badInput, message: `--serial: cannot open output file: ${(e as Error).message}` };
  }
  const trace = a.trace ? new ChromeTraceRecorder(machine) : undefined;
  const vcd = a.vcd ? new VcdRecorder(machine) : undefined;
  const progress = new ProgressDisplay(a.progress ?? process.stderr.isTTY === true, a.maxTime);

  const started = process.hrtime.bigint();
  let stop: StopReason | UserStop;
  try {
    stop = await runInteractive(machine, {
      maxTime: a.maxTime ?? MAX_VIRTUAL_TIME_PS,
      serial: a.serial,
      onSlice: (t) => {
        router.flush();
        progress.update(t, machine.instructions());
      },
    });
  } finally {
    progress.clear();
    router.close();
  }
  const end = machine.scheduler.endTime;
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  // Devices with host state (a writable disk) keep the guest's changes only after a clean power-off.
  const finishErrors = machine.finish({ clean: (stop.kind === 'exit' && stop.status === 0) || stop.kind === 'all-stopped' });
  if (finishErrors.length) return { code: EXIT.ioError, message: finishErrors.join('\n') };

  try {
    if (trace && a.trace) writeFileSync(a.trace, trace.finish(end));
    if (vcd && a.vcd) writeFileSync(a.vcd, vcd.finish(end));
  } catch (e) {
    return { code: EXIT.badInput, message: `cannot write trace: ${(e as Error).message}` };
  }
  if (a.stats) {
    const n = machine.instructions();
    process.stderr.write(`chimera: ${n} instructions in ${formatTime(end)} of virtual time, ${seconds.toFixed(3)} s host, ${(n / seconds / 1e6).toFixed(2)} MIPS\n`);
  }
  return result(stop, end);
}

function result(stop: StopReason | UserStop, end: number): CommandResult {
  switch (stop.kind) {
    case 'quit':
      return { code: EXIT.ok, message: `quit (Ctrl-A x) at ${formatTime(end)} of virtual time` };
    case 'signal':
      return { code: stop.signal === 'SIGINT' ? 130 : 143, message: `stopped by ${stop.signal} at ${formatTime(end)} of virtual time` };
    case 'exit':
      return { code: stop.status & 0xff };
    case 'all-stopped':
      return { code: EXIT.ok };
    case 'max-time':
      return { code: EXIT.maxTime, message: `stopped: --max-time ran out at ${formatTime(end)} of virtual time, before the guest powered off` };
    case 'deadlock':
      return { code: EXIT.deadlock, message: `stopped: every CPU is waiting for an interrupt and no event is pending (at ${formatTime(stop.time)})` };
  }
}
