/**
 * Architectural events a core reports for `--trace-events`: exceptions (traps, interrupts taken)
 * and changes of privilege mode. Cores hold the hook in `Cpu.eventHook`; it is null unless a
 * trace pattern selects the CPU, so a core pays one property test per exception or mode change,
 * and nothing per instruction.
 */
export interface CpuEventHook {
  /**
   * The core took an exception. `name` is the arch's name for it (`irq`, `sync`, `trap 0x11`...);
   * `pc` is where the core was (the preferred return address), `vector` where it goes.
   */
  exception(name: string, pc: number, vector: number, detail?: Readonly<Record<string, number | string>>): void;
  /** The privilege mode changed (aarch64 `EL0` → `EL1`, SPARC `user` → `supervisor`). */
  modeChange(from: string, to: string): void;
}
