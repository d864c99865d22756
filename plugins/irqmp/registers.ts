/** GRLIB IRQMP register offsets (GRLIB IP Core User's Manual, IRQMP). */
export const LEVEL = 0x00;
export const PENDING = 0x04;
export const FORCE0 = 0x08;
export const CLEAR = 0x0c;
export const MPSTAT = 0x10;
export const BROADCAST = 0x14;
/** Per-processor blocks: MASK[n] at 0x40 + 4n, FORCE[n] at 0x80 + 4n, EXTENDED ACK[n] at 0xC0 + 4n. */
export const MASK_BASE = 0x40;
export const FORCE_BASE = 0x80;
export const EXTENDED_BASE = 0xc0;

/** The IRQMP architecture allows up to 16 processors. */
export const MAX_CPUS = 16;
/** Interrupts 1..15; bit 0 does not exist. */
export const IRQ_BITS = 0xfffe;
/** MPSTAT.NCPU (number of processors - 1) sits in bits 31:28. */
export const MPSTAT_NCPU_SHIFT = 28;
