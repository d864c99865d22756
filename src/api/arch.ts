import type { Cpu, CpuContext } from './cpu.js';

/** Version of the arch interface; an arch built for another version is refused. */
export const ARCH_API_VERSION = 1;

/**
 * An architecture, as contributed by `arches/<id>/index.ts`. That module's default export is a
 * ContainerModule binding an `ArchContribution`; the runtime loads it with `import()` only when a
 * board names the arch.
 */
export const ArchContribution = Symbol('ArchContribution');
export interface ArchContribution {
  readonly apiVersion: number;
  readonly id: string;
  readonly description: string;
  /** CPU models; the first is the default. */
  readonly models: readonly string[];
  readonly littleEndian: boolean;
  /** Byte order of a CPU with these options, for bi-endian arches; default `littleEndian`. */
  isLittleEndian?(options: Readonly<Record<string, unknown>>): boolean;
  /** ELF e_machine values this arch runs; the loader refuses others. */
  readonly elfMachines: readonly number[];
  /** JSON Schema for `cpus[].options`, checked when the board is loaded. */
  readonly optionsSchema?: object;
  createCpu(context: CpuContext): Cpu;
}
