/** 16550A register offsets (port base + n). With LCR.DLAB set, 0 and 1 are the divisor latch. */
export const enum UartReg {
  RBR_THR = 0,
  IER = 1,
  IIR_FCR = 2,
  LCR = 3,
  MCR = 4,
  LSR = 5,
  MSR = 6,
  SCR = 7,
}

/** IER: interrupt enables. */
export const IER_RDI = 0x01;
export const IER_THRI = 0x02;
export const IER_RLSI = 0x04;
export const IER_MSI = 0x08;

/** IIR: the pending interrupt of highest priority (bit 0 = none pending), FIFO state in bits 7:6. */
export const IIR_NONE = 0x01;
export const IIR_MSI = 0x00;
export const IIR_THRI = 0x02;
export const IIR_RDI = 0x04;
export const IIR_RLSI = 0x06;
export const IIR_CTI = 0x0c;
export const IIR_ID_MASK = 0x0e;
export const IIR_FIFO_ON = 0xc0;

/** FCR: FIFO enable, FIFO resets, DMA mode, receive trigger level (bits 7:6). */
export const FCR_FE = 0x01;
export const FCR_RFR = 0x02;
export const FCR_XFR = 0x04;
/** The FCR bits that stick (QEMU keeps trigger level, DMA mode and FE). */
export const FCR_STORED = 0xc9;
/** Receive FIFO trigger levels of a 16550A, by FCR[7:6]. */
export const RX_TRIGGER_LEVELS: readonly number[] = [1, 4, 8, 14];

/** LCR: word length (1:0), stop bits (2), parity enable (3), break (6), divisor latch access (7). */
export const LCR_STOP2 = 0x04;
export const LCR_PARITY = 0x08;
export const LCR_DLAB = 0x80;

/** MCR: modem outputs and loopback. */
export const MCR_DTR = 0x01;
export const MCR_RTS = 0x02;
export const MCR_OUT1 = 0x04;
export const MCR_OUT2 = 0x08;
export const MCR_LOOP = 0x10;
export const MCR_MASK = 0x1f;

/** LSR: line status. */
export const LSR_DR = 0x01;
export const LSR_OE = 0x02;
export const LSR_BI = 0x10;
export const LSR_THRE = 0x20;
export const LSR_TEMT = 0x40;
/** Error bits that raise the line-status interrupt (OE, PE, FE, BI). */
export const LSR_ERRORS = 0x1e;

/** MSR: modem inputs (7:4) and their change flags (3:0). */
export const MSR_DCTS = 0x01;
export const MSR_DDSR = 0x02;
export const MSR_TERI = 0x04;
export const MSR_DDCD = 0x08;
export const MSR_CTS = 0x10;
export const MSR_DSR = 0x20;
export const MSR_RI = 0x40;
export const MSR_DCD = 0x80;
export const MSR_DELTAS = 0x0f;

export const FIFO_DEPTH = 16;

/** Reset state as QEMU 7.2's serial_reset leaves it: 9600 baud (divisor 12), OUT2 on, DCD/DSR/CTS asserted by the host side. */
export const RESET_DIVISOR = 12;
export const RESET_MCR = MCR_OUT2;
export const HOST_MODEM_LINES = MSR_DCD | MSR_DSR | MSR_CTS;
