import { writeFileSync } from 'node:fs';
import type { BoardSpec } from '../../board/board-spec.js';
import type { Machine } from '../../machine/machine.js';
import { OutputRouter } from '../../output/output-router.js';
import { buildSimulation } from '../../runtime/simulation.js';
import { createSimulationContainer } from '../../runtime/simulation-container.js';
import { ChromeTraceRecorder } from '../../trace/chrome-trace.js';
import { VcdRecorder } from '../../trace/vcd-writer.js';
import { formatTime, MAX_VIRTUAL_TIME_PS } from '../../time/units.js';
import { EXIT, type CommandResult } from '../cli-error.js';
import { whyNotWritable } from '../output-paths.js';
import { parseRunArgs, type RunArgs } from '../run-args.js';
import { describeRun, failureEnd, type RunEnd } from '../run-result.js';
import { ProgressDisplay } from '../progress-display.js';
import { schedulePolicy } from '../../explore/schedule/timing-options.js';
import { attachRaceDetector } from '../../races/attach.js';
import { describeRaces, formatRaces } from '../../races/race-report.js';
import { traceRaces } from '../../races/race-trace.js';
import { runtimeOptionsFor } from '../trust-args.js';
import { runInteractive } from '../interactive-run.js';
import { attachTraceEvents } from '../../trace/events/trace-events.js';
import { BufferedLineSink } from '../../trace/events/trace-line-sink.js';
import { MonitorServer } from '../../monitor/monitor-server.js';
import { RunGate } from '../../monitor/run-gate.js';
import { chimeraVersion } from '../../util/package-root.js';
import { unsnapshottable } from '../../snapshot/machine-snapshot.js';
import { loadSnapshotFile, saveSnapshotFile } from '../../snapshot/snapshot-io.js';
import type { MonitorCommand } from '../../monitor/monitor-commands.js';
import { MonitorError } from '../../monitor/monitor-commands.js';
import { resolve } from 'node:path';
import { gdbGroups, runUnderGdb } from '../../gdb/gdb-run.js';

/**
 * `chimera run`: build the board, load programs, run, and report how the run ended. Whatever
 * ends the run — the guest, --max-time, a failing device plugin, a Chimera bug — the serial
 * output produced so far, the trace, the VCD and the result file are all written.
 */
export async function runCommand(argv: string[]): Promise<CommandResult> {
  const args = parseRunArgs(argv);
  if (args._tag === 'Left') return { code: EXIT.badInput, message: args.left.message };
  const a = args.right;

  // Output paths are checked before anything runs: a typo must not cost the whole run.
  const unwritable = outputPaths(a).flatMap(([flag, path]) => {
    const why = whyNotWritable(path);
    return why ? [`${flag}: cannot write ${path}: ${why}`] : [];
  });
  if (unwritable.length) return { code: EXIT.badInput, message: unwritable.join('\n') };

  const container = createSimulationContainer(runtimeOptionsFor({ 'plugin-dir': a.pluginDirs, 'arch-dir': a.archDirs }));
  let built;
  try {
    built = await buildSimulation(container, { board: a.board, set: a.set, quantum: a.quantum, images: a.images, append: a.append, initrd: a.initrd, dtb: a.dtb, clocks: a.timing.clocks });
  } catch (e) {
    // A device's reset() throwing is the plugin's failure, reported as such.
    const end = failureEnd(e);
    if (end.kind === 'device-failure') return { code: EXIT.deviceFailure, message: `${end.fault.message} (before the run started)` };
    throw e;
  }
  if (built._tag === 'Left') return { code: EXIT.badInput, message: built.left.message };
  const machine = built.right;
  machine.scheduler.setPolicy(schedulePolicy(a.timing));
  const races = a.races ? attachRaceDetector(machine) : undefined;
  if (a.images.length === 0) {
    if (a.maxTime === undefined && !boardHasProgram(machine.board)) {
      return {
        code: EXIT.badInput,
        message: `no program: give --kernel ELF or --load <cpu-id>=ELF (or --max-time to run board ${machine.board.name} from its reset state for a while)`,
      };
    }
    process.stderr.write('chimera: warning: no program loaded (--kernel or --load); the CPUs start from their reset state\n');
  }
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
  if (a.snapshotAt.length || a.restore) {
    const missing = unsnapshottable(machine);
    if (missing.length) return { code: EXIT.badInput, message: `${a.restore ? '--restore' : '--snapshot-at'}: board ${machine.board.name} cannot be snapshotted: ${missing.join('; ')}` };
  }
  if (a.restore) {
    const r = loadSnapshotFile(machine, a.restore);
    if (r._tag === 'Left') return { code: EXIT.badInput, message: `--restore ${r.left}` };
  }
  const snapshotsDue = [...a.snapshotAt];
  const snapshotProblems: string[] = [];
  const takeDueSnapshots = (t: number): void => {
    while (snapshotsDue.length && t >= snapshotsDue[0].time && machine.scheduler.stopReason === null) {
      const s = snapshotsDue.shift()!;
      const r = saveSnapshotFile(machine, s.file);
      if (r._tag === 'Left') snapshotProblems.push(`--snapshot-at ${s.text}=${s.file}: ${r.left}`);
    }
  };
  let events: BufferedLineSink | undefined;
  if (a.traceEvents) {
    events = new BufferedLineSink(a.traceEventsFile);
    const attached = attachTraceEvents(machine, a.traceEvents, events);
    if (attached._tag === 'Left') return { code: EXIT.badInput, message: attached.left };
  }
  const trace = a.trace ? new ChromeTraceRecorder(machine) : undefined;
  if (trace && races) traceRaces(machine, races);
  const vcd = a.vcd ? new VcdRecorder(machine) : undefined;
  const gate = new RunGate(a.paused);
  let quit: () => void = () => {};
  let monitor: MonitorServer | undefined;
  if (a.monitor) {
    const snapshotCommands: MonitorCommand[] = [
      {
        name: 'snapshot-save',
        description: 'save the whole machine to a file (between slices; the file is replaced)',
        args: [{ name: 'file', type: 'string', description: 'path of the snapshot file' }],
        run: (x) => {
          const r = saveSnapshotFile(machine, resolve(x.file as string));
          if (r._tag === 'Left') throw new MonitorError('GenericError', r.left);
          return { file: resolve(x.file as string), 'virtual-time': r.right };
        },
      },
      {
        name: 'snapshot-load',
        description: 'restore the machine from a snapshot file of the same board and programs',
        args: [{ name: 'file', type: 'string', description: 'path of the snapshot file' }],
        run: (x) => {
          const r = loadSnapshotFile(machine, resolve(x.file as string));
          if (r._tag === 'Left') throw new MonitorError('GenericError', r.left);
          return { 'virtual-time': r.right };
        },
      },
    ];
    const listening = await MonitorServer.listen({ machine, gate, version: chimeraVersion(), quit: () => (quit(), gate.resume()), extra: snapshotCommands }, a.monitor);
    if (typeof listening === 'string') return { code: EXIT.badInput, message: listening };
    monitor = listening;
    process.stderr.write(`chimera: monitor listening on ${monitor.where}${a.paused ? ' (paused: cont starts the machine)' : ''}\n`);
  }
  const progress = new ProgressDisplay(a.progress ?? process.stderr.isTTY === true, a.maxTime);

  const groups = a.gdb ? gdbGroups(machine, a.gdb) : undefined;
  if (groups?._tag === 'Left') return { code: EXIT.badInput, message: groups.left };

  const started = process.hrtime.bigint();
  let end: RunEnd;
  try {
    const onSlice = (t: number): void => {
      router.flush();
      events?.flush();
      takeDueSnapshots(t);
      progress.update(t, machine.instructions());
    };
    const maxTime = a.maxTime ?? MAX_VIRTUAL_TIME_PS;
    let stop;
    if (groups) {
      const debugged = await runUnderGdb(machine, groups.right, { maxTime, onSlice });
      if (debugged._tag === 'Left') return { code: EXIT.badInput, message: debugged.left };
      stop = debugged.right;
    } else stop = await runInteractive(machine, { maxTime, serial: a.serial, gate, onReady: (q) => (quit = q), onSlice });
    end = stop.kind === 'quit' || stop.kind === 'signal' ? { kind: 'user-stop', stop } : { kind: 'stopped', stop };
  } catch (e) {
    end = failureEnd(e);
  }
  // After a failure the stop time is where the running CPU had got to.
  const endTime = end.kind === 'stopped' || end.kind === 'user-stop' ? machine.scheduler.endTime : machine.scheduler.now();
  progress.clear();
  const problems: string[] = [];
  try {
    router.close();
  } catch (e) {
    problems.push(`cannot write serial output: ${(e as Error).message}`);
  }
  // Devices with host state (a writable disk) keep the guest's changes only after a clean power-off.
  const clean = end.kind === 'stopped' && ((end.stop.kind === 'exit' && end.stop.status === 0) || end.stop.kind === 'all-stopped');
  const finishErrors = machine.finish({ clean });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;

  const write = (flag: string, path: string | undefined, text: () => string): void => {
    if (!path) return;
    try {
      writeFileSync(path, text());
    } catch (e) {
      problems.push(`${flag}: cannot write ${path}: ${(e as Error).message}`);
    }
  };
  try {
    events?.close();
  } catch (e) {
    problems.push(`--trace-events: cannot write ${a.traceEventsFile ?? 'stderr'}: ${(e as Error).message}`);
  }
  problems.push(...snapshotProblems);
  for (const s of snapshotsDue) problems.push(`--snapshot-at ${s.text}: the run ended at ${formatTime(endTime)}, before it; ${s.file} not written`);
  write('--trace', a.trace, () => trace!.finish(endTime));
  write('--vcd', a.vcd, () => vcd!.finish(endTime));
  const outcome = describeRun(end, machine, endTime);
  await monitor?.close({ reason: outcome.message, 'virtual-time': endTime });
  write('--result', a.result, () => JSON.stringify(outcome, null, 2) + '\n');
  if (races) process.stderr.write(formatRaces(describeRaces(machine, races.races), races.accessesChecked).replace(/^(?=.)/gm, 'chimera: '));
  if (a.stats) writeStats(machine, endTime, seconds);
  // Outputs that could not be written make an otherwise clean run fail; any other end keeps its status.
  if (finishErrors.length) return { code: EXIT.ioError, message: [outcome.message, ...finishErrors, ...problems].join('\n') };
  if (problems.length) return { code: outcome.exitCode === EXIT.ok ? EXIT.badInput : outcome.exitCode, message: [outcome.message, ...problems].join('\n') };
  return { code: outcome.exitCode, message: outcome.message };
}

function outputPaths(a: RunArgs): [string, string][] {
  const out: [string, string][] = [];
  if (a.trace) out.push(['--trace', a.trace]);
  if (a.vcd) out.push(['--vcd', a.vcd]);
  if (a.result) out.push(['--result', a.result]);
  if (a.traceEventsFile) out.push(['--trace-events-file', a.traceEventsFile]);
  for (const [id, t] of a.serial) if (t.kind === 'file') out.push([`--serial ${id}`, t.path]);
  for (const s of a.snapshotAt) out.push([`--snapshot-at ${s.text}`, s.file]);
  return out;
}

/** A board whose memory is filled from a file (a boot ROM) carries its own program. */
function boardHasProgram(board: BoardSpec): boolean {
  return board.devices.some((d) => typeof d.options.file === 'string');
}

function writeStats(machine: Machine, end: number, seconds: number): void {
  const n = machine.instructions();
  process.stderr.write(`chimera: ${n} instructions in ${formatTime(end)} of virtual time, ${seconds.toFixed(3)} s host, ${(n / seconds / 1e6).toFixed(2)} MIPS\n`);
}
