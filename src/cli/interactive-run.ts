import type { StopReason } from '../api/machine-control.js';
import type { Machine } from '../machine/machine.js';
import type { SerialTarget } from '../output/output-router.js';
import { StdinConsole } from '../output/stdin-console.js';
import type { RunGate } from '../monitor/run-gate.js';

/** How long the simulation runs before the event loop gets a turn (stdin, signals). */
const SLICE_MS = 40;
/** Picoseconds per millisecond. */
const PS_PER_MS = 1e9;

/** How the run ended when the user ended it rather than the guest. */
export type UserStop = { kind: 'quit'; by?: string } | { kind: 'signal'; signal: NodeJS.Signals };

export interface InteractiveRunOptions {
  readonly maxTime: number;
  readonly onSlice: (time: number) => void;
  readonly serial: ReadonlyMap<string, SerialTarget>;
  /** Ask for nothing on stdin (tests that run the command in-process). */
  readonly input?: NodeJS.ReadStream;
  /** Messages for the user (power button pressed, quitting); stderr by default. */
  readonly say?: (text: string) => void;
  /** Holds the run between slices while a monitor has it paused. */
  readonly gate?: RunGate;
  /** Called between slices with a way to end the run as the user (the monitor's `quit`). */
  readonly onReady?: (quit: () => void) => void;
}

/**
 * The serial device that gets stdin: the first device explicitly sent to stdio
 * (`--serial D=stdio`), or, when stdin is a terminal, the first device on stdio (the default).
 * Piped stdin without an explicit `=stdio` is left alone, so scripts keep their input.
 */
export function stdinTarget(machine: Machine, serial: ReadonlyMap<string, SerialTarget>, terminal: boolean): string | undefined {
  const explicit = [...serial].find(([, t]) => t.kind === 'stdio')?.[0];
  if (explicit) return explicit;
  if (!terminal) return undefined;
  return [...machine.serial.keys()].find((id) => (serial.get(id)?.kind ?? 'stdio') === 'stdio');
}

/**
 * Run the machine while staying responsive to the host: every few tens of milliseconds the
 * event loop runs, so typed bytes reach the guest's serial port and signals are seen.
 *
 * - The first SIGINT or SIGTERM presses the board's power button (a `power-button` host event)
 *   when it has one; the second, or the first without a button, stops the run.
 * - With stdin attached, idle time follows the wall clock: a guest waiting at a prompt does not
 *   race through its virtual time. What the guest executes does not change, only when.
 */
export async function runInteractive(machine: Machine, o: InteractiveRunOptions): Promise<StopReason | UserStop> {
  const say = o.say ?? ((t: string) => process.stderr.write(`\r\nchimera: ${t}\r\n`));
  const input = o.input ?? process.stdin;
  const target = stdinTarget(machine, o.serial, input.isTTY === true);
  const channel = target === undefined ? undefined : machine.serial.get(target);
  let userStop: UserStop | undefined;
  let presses = 0;
  const pressPowerButton = (): boolean => {
    const pressed = machine.hostEvent('power-button');
    if (pressed) say('power button pressed (once more to stop the run)');
    return pressed;
  };
  const console = channel
    ? new StdinConsole(input, {
        byte: (b) => channel.receive(b),
        quit: () => (userStop = { kind: 'quit' }),
        powerButton: () => void (pressPowerButton() || say('this board has no power button')),
      })
    : undefined;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (presses++ === 0 && pressPowerButton()) return;
    userStop = { kind: 'signal', signal };
    o.gate?.resume(); // a paused run ends too
  };
  const onInt = (): void => onSignal('SIGINT');
  const onTerm = (): void => onSignal('SIGTERM');
  o.onReady?.(() => (userStop = { kind: 'quit' }));
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  console?.start();

  const paced = console !== undefined;
  let wallStart = performance.now();
  const gate = o.gate;
  const virtualStart = machine.scheduler.now();
  let ahead = 0;
  try {
    for (;;) {
      if (gate?.paused) {
        // Virtual time stands still while paused; pacing resumes from where it was.
        const pausedAt = performance.now();
        await gate.resumed();
        wallStart += performance.now() - pausedAt;
        if (userStop) return userStop;
      }
      const sliceStart = performance.now();
      ahead = 0;
      const stop = machine.runSlices(o.maxTime, o.onSlice, (time) => {
        if (userStop || gate?.paused) return true;
        const now = performance.now();
        if (paced) {
          const wallTime = virtualStart + (now - wallStart) * PS_PER_MS;
          if (time > wallTime) {
            ahead = (time - wallTime) / PS_PER_MS;
            return true;
          }
        }
        return now - sliceStart > SLICE_MS;
      });
      if (stop) return stop;
      if (userStop) return userStop;

      // Let stdin and signals in; while idle ahead of the wall clock, wait for it (or for input).
      await new Promise((resolve) => (ahead > 0 ? setTimeout(resolve, Math.min(ahead, SLICE_MS)) : setImmediate(resolve)));
    }
  } finally {
    console?.stop();
    process.off('SIGINT', onInt);
    process.off('SIGTERM', onTerm);
  }
}
