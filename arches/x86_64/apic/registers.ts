/** Local APIC register offsets in the 4 KiB window (xAPIC mode). */
export const enum ApicReg {
  ID = 0x020,
  VERSION = 0x030,
  TPR = 0x080,
  APR = 0x090,
  PPR = 0x0a0,
  EOI = 0x0b0,
  RRD = 0x0c0,
  LDR = 0x0d0,
  DFR = 0x0e0,
  SVR = 0x0f0,
  ISR = 0x100,
  TMR = 0x180,
  IRR = 0x200,
  ESR = 0x280,
  ICR_LOW = 0x300,
  ICR_HIGH = 0x310,
  LVT_TIMER = 0x320,
  LVT_THERMAL = 0x330,
  LVT_PERF = 0x340,
  LVT_LINT0 = 0x350,
  LVT_LINT1 = 0x360,
  LVT_ERROR = 0x370,
  TIMER_INITIAL = 0x380,
  TIMER_CURRENT = 0x390,
  TIMER_DIVIDE = 0x3e0,
}

/** Version register: version 0x14 with 6 LVT entries (max LVT 5 in bits 23:16), as QEMU 7.2: 0x50014. */
export const APIC_VERSION = 0x00050014;

/** LVT indexes in LVT order (offset 0x320 + 0x10·n). */
export const enum Lvt {
  Timer = 0,
  Thermal = 1,
  Perf = 2,
  Lint0 = 3,
  Lint1 = 4,
  Error = 5,
}

export const LVT_MASKED = 1 << 16;
export const LVT_LEVEL = 1 << 15;
export const LVT_REMOTE_IRR = 1 << 14;
export const LVT_ACTIVE_LOW = 1 << 13;
export const LVT_TIMER_PERIODIC = 1 << 17;
/** Writable bits per LVT (delivery status and remote IRR are read-only; no TSC-deadline mode on qemu64). */
export const LVT_WRITABLE: readonly number[] = [
  0xff | LVT_MASKED | LVT_TIMER_PERIODIC, // timer
  0x7ff | LVT_MASKED, // thermal: vector, delivery mode
  0x7ff | LVT_MASKED, // performance counters
  0x7ff | LVT_ACTIVE_LOW | LVT_LEVEL | LVT_MASKED, // LINT0
  0x7ff | LVT_ACTIVE_LOW | LVT_LEVEL | LVT_MASKED, // LINT1
  0xff | LVT_MASKED, // error
];

/** SVR: spurious vector (7:0), APIC software enable (8). QEMU keeps bits 8:0. */
export const SVR_ENABLE = 0x100;
export const SVR_WRITABLE = 0x1ff;

/** ICR low: vector, delivery mode, destination mode (11), delivery status (12, reads 0), level (14), trigger (15), shorthand (19:18). */
export const ICR_LOW_WRITABLE = 0x000ccfff & ~(1 << 12);

/** ESR bits. */
export const ESR_SEND_ILLEGAL_VECTOR = 1 << 5;
export const ESR_RECEIVE_ILLEGAL_VECTOR = 1 << 6;
export const ESR_ILLEGAL_REGISTER = 1 << 7;

/** IA32_APIC_BASE bits. */
export const BASE_BSP = 1 << 8;
export const BASE_ENABLE = 1 << 11;
export const DEFAULT_BASE = 0xfee00000;
