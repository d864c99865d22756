/**
 * What a CPU core offers a debugger (the gdb stub, `src/gdb`). Everything here is optional for an
 * arch: a core without `Cpu.debugControl` simply cannot be debugged. Nothing here is on the hot path
 * while no breakpoint is set and no step is asked for.
 * @module
 */

/** Why a core's `run` returned on the debugger's account. */
export type DebugStopKind = 'breakpoint' | 'step';

/** Debugger control of one core. */
export interface CpuDebug {
  /**
   * The virtual addresses at which `run` stops *before* executing the instruction there (software
   * and hardware breakpoints alike; the core never writes guest memory for them). The core makes
   * sure translated code cannot run past one: it ends blocks before them and drops blocks it
   * translated earlier that cover them.
   */
  setBreakpoints(addresses: readonly bigint[]): void;
  /**
   * While true, `run` retires at most one instruction (an exception or interrupt taken on the way
   * counts as reaching its handler's first instruction) and then returns with a 'step' stop.
   */
  stepping: boolean;
  /**
   * While true, translated code holds one instruction per block, so that `requestExit` takes
   * effect right after the current instruction: the debugger sets it while watchpoints exist,
   * so a watchpoint stops the core just after the access.
   */
  precise: boolean;
  /** Called inside `run` (which then returns at once) when the core stops for a breakpoint or a step. */
  onStop: ((kind: DebugStopKind) => void) | null;
  /** Resume from a breakpoint: the next `run` executes the instruction at the PC even if a breakpoint is set there. */
  skipBreakpointOnce(): void;
  /**
   * The physical address a debugger access to `address` reaches in the CPU's current translation
   * regime (no side effects, no exception taken), or -1 when it would fault.
   */
  translate(address: bigint, write: boolean): number;
}

/** One register as gdb numbers it, read and written through the core's `RegisterFile`. */
export interface GdbRegister {
  /** gdb's name (in the target description). */
  readonly name: string;
  readonly bits: number;
  /** The `RegisterFile` name, when it differs from gdb's (SPARC's `sp` is `o6`). */
  readonly source?: string;
  /** Target description type (`int`, `code_ptr`, `data_ptr`, `uint128`, a vector id …). */
  readonly type?: string;
  /** Register group for `info registers` (`general`, `float`, `vector`). */
  readonly group?: string;
}

/** A feature of a target description: its name, types and registers. */
export interface GdbFeature {
  /** e.g. `org.gnu.gdb.aarch64.core`. */
  readonly name: string;
  /** Raw XML type definitions (`<vector>`, `<union>`, `<flags>`) placed before the registers. */
  readonly types?: string;
  readonly registers: readonly GdbRegister[];
}

/**
 * How gdb sees an arch: its BFD architecture name and the features of its target description, in
 * gdb's register numbering (the `g` packet is every register in order, in the CPU's byte order).
 */
export interface GdbArchDescription {
  /** BFD architecture (`aarch64`, `sparc`, `i386:x86-64`). */
  readonly architecture: string;
  readonly features: readonly GdbFeature[];
  /**
   * Whether gdb expects a watchpoint to be reported before the access executes (gdb's
   * "non-steppable" watchpoints: aarch64). Chimera reports after the access; see docs/debugging.md.
   */
  readonly watchpointBeforeAccess?: boolean;
}
