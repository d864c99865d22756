import type { StopReason } from '../api/machine-control.js';
import { DeviceFault } from '../machine/device-fault.js';
import type { Machine } from '../machine/machine.js';
import type { UserStop } from './interactive-run.js';
import { formatTime } from '../time/units.js';
import { EXIT } from './cli-error.js';

/** How a run ended: the scheduler stopped, a device plugin threw, or Chimera itself failed. */
export type RunEnd =
  | { readonly kind: 'stopped'; readonly stop: StopReason }
  | { readonly kind: 'user-stop'; readonly stop: UserStop }
  | { readonly kind: 'device-failure'; readonly fault: DeviceFault }
  | { readonly kind: 'internal-error'; readonly error: unknown };

/** Classify an exception that escaped the run. */
export function failureEnd(e: unknown): RunEnd {
  return e instanceof DeviceFault ? { kind: 'device-failure', fault: e } : { kind: 'internal-error', error: e };
}

/** The machine-readable result of a run (`--result`), also the source of the stderr line. */
export interface RunResult {
  /** Why the run ended. */
  readonly reason: 'guest-exit' | 'all-stopped' | 'max-time' | 'deadlock' | 'device-failure' | 'internal-error' | 'quit' | 'signal';
  /** Chimera's exit status. */
  readonly exitCode: number;
  /** The status the guest exited with, when it did (reason guest-exit). */
  readonly guestStatus: number | null;
  /** What ended it: the guest's exit mechanism, or the failing device. */
  readonly by: string | null;
  /** The line printed on stderr. */
  readonly message: string;
  /** Virtual time at the end, in picoseconds, and formatted. */
  readonly virtualTimePs: number;
  readonly virtualTime: string;
  readonly cpus: readonly { id: string; arch: string; state: string; instructions: number; cycles: number }[];
  /** The device and plugin that failed (reason device-failure). */
  readonly device: { id: string; plugin: string; operation: string } | null;
}

/** Describe how a run ended: exit code, stderr line and the `--result` document. */
export function describeRun(end: RunEnd, machine: Machine, endTime: number): RunResult {
  const at = `at ${formatTime(endTime)} of virtual time`;
  const base = {
    guestStatus: null,
    by: null,
    device: null,
    virtualTimePs: endTime,
    virtualTime: formatTime(endTime),
    cpus: machine.cpuEntries.map((e) => ({ id: e.cpu.id, arch: e.arch.id, state: e.cpu.state, instructions: e.cpu.instructions, cycles: e.cpu.cycles })),
  };
  if (end.kind === 'device-failure') {
    const f = end.fault;
    return {
      ...base,
      reason: 'device-failure',
      exitCode: EXIT.deviceFailure,
      by: `device ${f.device} (plugin ${f.plugin})`,
      device: { id: f.device, plugin: f.plugin, operation: f.operation },
      message: `stopped: ${f.message} ${at}. This is a failure of the plugin, not of Chimera or the guest (exit ${EXIT.deviceFailure})`,
    };
  }
  if (end.kind === 'user-stop') {
    const u = end.stop;
    if (u.kind === 'quit') {
      const by = u.by ?? 'Ctrl-A x';
      return { ...base, reason: 'quit', exitCode: EXIT.ok, by: `the user (${by})`, message: `quit (${by}) ${at}` };
    }
    const code = u.signal === 'SIGINT' ? 130 : 143;
    return { ...base, reason: 'signal', exitCode: code, by: u.signal, message: `stopped by ${u.signal} ${at} (exit ${code})` };
  }
  if (end.kind === 'internal-error') {
    const e = end.error;
    const text = e instanceof Error ? (e.stack ?? e.message) : String(e);
    return { ...base, reason: 'internal-error', exitCode: EXIT.internal, message: `internal error (a Chimera bug, please report it) ${at}: ${text}` };
  }
  const stop = end.stop;
  switch (stop.kind) {
    case 'exit': {
      const status = stop.status & 0xff;
      return { ...base, reason: 'guest-exit', exitCode: status, guestStatus: status, by: stop.by, message: `the guest exited with status ${status} (${stop.by}) ${at}` };
    }
    case 'all-stopped':
      return { ...base, reason: 'all-stopped', exitCode: EXIT.ok, message: `every CPU stopped ${at} (exit 0)` };
    case 'max-time':
      return { ...base, reason: 'max-time', exitCode: EXIT.maxTime, message: `stopped: --max-time ran out ${at}, before the guest powered off (exit ${EXIT.maxTime})` };
    case 'deadlock':
      return {
        ...base,
        reason: 'deadlock',
        exitCode: EXIT.deadlock,
        message: `stopped: every CPU is waiting for an interrupt and no event is pending (at ${formatTime(stop.time)}) (exit ${EXIT.deadlock})`,
      };
  }
}
