/**
 * The contract between the x86-64 core (`../cpu.ts`) and its local APIC (`./lapic.ts`). The
 * LAPIC is per CPU and part of the arch (as in QEMU, where it is created with the CPU); the
 * IOAPIC, the 8259 and other CPUs' LAPICs reach it only through `machine.interruptMessages`
 * (`src/api/interrupt-messages.ts`): `msi` messages carry fixed, lowest-priority, NMI, INIT,
 * SIPI and ExtINT deliveries in the MSI address/data format of Intel SDM vol. 3 §11.11; `inta`
 * asks the 8259 for its vector; `eoi` tells IOAPICs a level-triggered vector was finished.
 * @module
 */
import type { InterruptMessageBus, Logger, Scheduler } from '../../../src/api/index.js';

/** What the LAPIC needs of its CPU. */
export interface LapicCpu {
  /** The CPU's id (message `source`). */
  readonly id: string;
  /** Something changed that may let an interrupt in: re-check before the next instruction. */
  interruptStateChanged(): void;
  /** INIT delivered: the CPU resets into wait-for-SIPI (the BSP too, as hardware does). */
  init(): void;
  /** Start-up IPI: a CPU waiting for SIPI starts in real mode at CS = vector << 8, IP = 0. */
  startup(vector: number): void;
  /** NMI delivered (LINT1 or an NMI message). */
  nmi(): void;
}

/** What the LAPIC is given when the CPU creates it. */
export interface LapicContext {
  readonly cpu: LapicCpu;
  /** Initial APIC ID (the CPU's index on the board); also the BSP flag when 0. */
  readonly apicId: number;
  readonly scheduler: Scheduler;
  readonly messages: InterruptMessageBus;
  readonly log: Logger;
  /** Frequency the timer counts at before the divider, in Hz (QEMU: 1 GHz). */
  readonly busFrequency: number;
}

/** The local APIC as the CPU core uses it. */
export interface Lapic {
  /** IA32_APIC_BASE (MSR 0x1B): base address, BSP flag (bit 8), global enable (bit 11). */
  readonly baseMsr: number;
  /** Write IA32_APIC_BASE; returns false for a value that must #GP (reserved bits). */
  writeBaseMsr(lo: number, hi: number): boolean;
  /** Register window at the APIC base: 32-bit registers at 16-byte strides. */
  read(offset: number, size: 1 | 2 | 4): number;
  write(offset: number, size: 1 | 2 | 4, value: number): void;
  /**
   * The vector the CPU would take now (IF = 1 assumed): the highest IRR vector above PPR, or an
   * ExtINT from the 8259 when LINT0 is in ExtINT mode (or the APIC is disabled, where LINT0 is
   * the INTR pin); -1 when none.
   */
  pendingVector(): number;
  /** Interrupt acknowledge: move the vector the CPU takes to ISR (fixed) or run the 8259's INTA cycle (ExtINT), and return it. */
  acknowledge(): number;
  /** CR8 reads and writes TPR[7:4]. */
  cr8: number;
  /** The LINT0/LINT1 pins (8259 INTR on LINT0, NMI on LINT1 on a pc board). */
  setLint(pin: 0 | 1, level: number): void;
  /** Power-on or INIT reset. `init` keeps the APIC ID and base, as an INIT does. */
  reset(init: boolean): void;
}

/** Creates the LAPIC; exported by `./lapic.ts`. */
export type LapicFactory = (ctx: LapicContext) => Lapic;
