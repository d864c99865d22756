/** GICv2 register map (ARM IHI 0048B, GIC architecture v2). Offsets within each block. */

/** Distributor (GICD_*), a 4 KiB block. */
export const GICD_CTLR = 0x000;
export const GICD_TYPER = 0x004;
export const GICD_IIDR = 0x008;
export const GICD_IGROUPR = 0x080;
export const GICD_ISENABLER = 0x100;
export const GICD_ICENABLER = 0x180;
export const GICD_ISPENDR = 0x200;
export const GICD_ICPENDR = 0x280;
export const GICD_ISACTIVER = 0x300;
export const GICD_ICACTIVER = 0x380;
export const GICD_IPRIORITYR = 0x400;
export const GICD_ITARGETSR = 0x800;
export const GICD_ICFGR = 0xc00;
export const GICD_NSACR = 0xe00;
export const GICD_SGIR = 0xf00;
export const GICD_CPENDSGIR = 0xf10;
export const GICD_SPENDSGIR = 0xf20;
/** Peripheral/component ID registers 0xFD0–0xFFC. */
export const GICD_PIDR4 = 0xfd0;
export const GICD_SIZE = 0x1000;

/** CPU interface (GICC_*), 8 KiB (GICC_DIR sits in the second page). */
export const GICC_CTLR = 0x00;
export const GICC_PMR = 0x04;
export const GICC_BPR = 0x08;
export const GICC_IAR = 0x0c;
export const GICC_EOIR = 0x10;
export const GICC_RPR = 0x14;
export const GICC_HPPIR = 0x18;
export const GICC_ABPR = 0x1c;
export const GICC_APR0 = 0xd0;
export const GICC_NSAPR0 = 0xe0;
export const GICC_IIDR = 0xfc;
export const GICC_DIR = 0x1000;
export const GICC_SIZE = 0x2000;

/** GICC_CTLR bits (no Security Extensions: the Secure layout). */
export const CTLR_ENABLE_GRP0 = 1 << 0;
export const CTLR_ENABLE_GRP1 = 1 << 1;
export const CTLR_ACK_CTL = 1 << 2;
export const CTLR_FIQ_EN = 1 << 3;
export const CTLR_CBPR = 1 << 4;
export const CTLR_EOIMODE = 1 << 9;
/** Writable GICC_CTLR bits of a GICv2 without Security Extensions (QEMU: 0x21f). */
export const GICC_CTLR_MASK = 0x21f;

/** Interrupt ID space. */
export const NUM_SGIS = 16;
export const NUM_PRIVATE = 32;
export const MAX_CPUS = 8;
export const MAX_IRQS = 1020;
export const SPURIOUS = 1023;
/** IAR/HPPIR value when the pending interrupt is Group 1 and AckCtl is clear. */
export const SPURIOUS_GROUP1 = 1022;
/** Running priority when nothing is active: lower than any real priority. */
export const IDLE_PRIORITY = 0x100;
/** Number of active-priority registers (128 preemption levels with BPR minimum 0). */
export const NUM_APRS = 4;

/** GICD_IIDR: implementer ARM (JEP106 0x43B), as QEMU reports. */
export const GICD_IIDR_VALUE = 0x0000043b;
/** GICC_IIDR: architecture version 2, implementer ARM. */
export const GICC_IIDR_VALUE = 0x0002043b;
/** ID registers 0xFD0..0xFFC of a GICv2 (one byte per word), as QEMU's arm_gic reports. */
export const GICD_ID_BYTES: readonly number[] = [0x04, 0x00, 0x00, 0x00, 0x90, 0xb4, 0x2b, 0x00, 0x0d, 0xf0, 0x05, 0xb1];
