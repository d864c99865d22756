import type { Cpu, CpuContext } from './cpu.js';
import type { AddressSpace } from '../memory/address-space.js';
import type { ElfImage } from '../loader/elf-types.js';
import type { Either } from 'fp-ts/lib/Either.js';
import type { GdbArchDescription } from './debug.js';
import type { ArchDeviceTreeContext, DtChosen, DtContribution } from './device-tree.js';

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
  /**
   * Boot protocols beyond the generic `entry` (PC = ELF entry) and `reset` (the reset vector),
   * by the name a board gives in `cpus[].boot`, e.g. x86's `multiboot`.
   */
  readonly bootProtocols?: Readonly<Record<string, BootProtocol>>;
  /**
   * The arch's part of a generated device tree: CPU nodes, firmware interfaces (PSCI), per-CPU
   * timers. Called only when a boot protocol asks for a tree.
   */
  deviceTree?(context: ArchDeviceTreeContext): readonly DtContribution[];
  /** How gdb sees this arch (target description, register numbering); needed for `--gdb`. */
  readonly gdb?: GdbArchDescription;
  createCpu(context: CpuContext): Cpu;
}

/** A file handed to a boot protocol beside the program (`--initrd`, `--dtb`). */
export interface BootFile {
  readonly file: string;
  readonly bytes: Uint8Array;
}

/** A program as a boot protocol sees it: the file's bytes, its ELF form if it is one, and the command line. */
export interface BootProgram {
  readonly file: string;
  readonly bytes: Uint8Array;
  /** Undefined for a file that is not an ELF. */
  readonly elf?: ElfImage;
  /** Where the runtime loaded a raw binary (`--kernel FILE@ADDR`); undefined otherwise. */
  readonly address?: number;
  /** `--append`, as QEMU's `-append`. */
  readonly commandLine: string;
  /** `--initrd`: an initial RAM disk, for protocols that take one (`takesInitrd`). */
  readonly initrd?: BootFile;
  /** `--dtb`: a device tree blob to use instead of the generated one (`takesDeviceTree`). */
  readonly deviceTree?: BootFile;
}

/** What the runtime offers a protocol when it boots a CPU. */
export interface BootEnvironment {
  /** True for the first CPU (in board order) that boots this program; the others are secondaries. */
  readonly primary: boolean;
  /**
   * The DTB to hand the program: the board's generated tree as this CPU sees it, or the `--dtb`
   * file, with `/chosen` filled in from `chosen`. Left: a message naming what is wrong.
   */
  deviceTree(chosen: DtChosen): Either<string, Uint8Array>;
}

/**
 * How a CPU starts a program, when that is more than jumping to its entry: the state a boot
 * loader or firmware would leave (x86 Multiboot: protected mode, EAX magic, EBX info structure).
 */
export interface BootProtocol {
  readonly description: string;
  /**
   * The protocol loads files the runtime cannot place (neither ELF nor `FILE@ADDR`, e.g. a Linux
   * `Image`): such a program reaches `check` and `boot` unloaded, and `boot` puts it in memory.
   */
  readonly placesFiles?: boolean;
  /** The protocol hands an initial RAM disk (`--initrd`) to the program. */
  readonly takesInitrd?: boolean;
  /** The protocol hands a device tree to the program, so `--dtb` means something to it. */
  readonly takesDeviceTree?: boolean;
  /**
   * Check a program before anything is loaded or run. Returns a message naming what is wrong
   * (the runtime prefixes the file name), or undefined when the program can boot this way.
   */
  check(program: BootProgram): string | undefined;
  /**
   * Called after the CPU's reset, with the program's segments already in memory (unless the
   * protocol places files itself): write whatever the protocol hands over (information
   * structures, a device tree) and set the CPU's registers. Returns a message if the program
   * cannot start (e.g. no room for the boot information).
   */
  boot(cpu: Cpu, program: BootProgram, memory: AddressSpace, environment: BootEnvironment): string | undefined;
}
