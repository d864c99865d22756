import type { Cpu } from './cpu.js';
import type { InterruptMessageBus } from './interrupt-messages.js';

/** Why the run ended. */
export type StopReason =
  | { kind: 'exit'; status: number; by: string }
  | { kind: 'all-stopped' }
  | { kind: 'max-time'; time: number }
  | { kind: 'deadlock'; time: number };

/**
 * What cores and devices may do to the machine as a whole: stop the run, find other CPUs
 * (PSCI CPU_ON, IRQMP MPSTAT), and write to the console that semihosting uses.
 */
export const MachineControl = Symbol('MachineControl');
export interface MachineControl {
  /** End the run after the current instruction with this exit status. */
  exit(status: number, by: string): void;
  readonly cpus: readonly Cpu[];
  cpu(id: string): Cpu | undefined;
  /** Console output that is not a UART (semihosting SYS_WRITEC/SYS_WRITE0). */
  console(byte: number): void;
  /** The entry point and symbols of the program loaded for each CPU, if any. */
  bootImage(cpuId: string): BootImage | undefined;
  /** Interrupt messages between interrupt controllers (x86 APICs, MSI). */
  readonly interruptMessages: InterruptMessageBus;
}

export interface BootImage {
  readonly entry: number;
  readonly file: string;
  readonly symbols: ReadonlyMap<string, number>;
}
