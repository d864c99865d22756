/** PL011 register offsets (ARM PrimeCell UART PL011 TRM, DDI 0183). */
export const enum Pl011Reg {
  DR = 0x00,
  RSR_ECR = 0x04,
  FR = 0x18,
  ILPR = 0x20,
  IBRD = 0x24,
  FBRD = 0x28,
  LCR_H = 0x2c,
  CR = 0x30,
  IFLS = 0x34,
  IMSC = 0x38,
  RIS = 0x3c,
  MIS = 0x40,
  ICR = 0x44,
  DMACR = 0x48,
  /** First of the eight peripheral/PrimeCell ID registers (0xFE0–0xFFC). */
  ID_BASE = 0xfe0,
}

/** UARTFR bits. */
export const FR_RXFE = 0x10;
export const FR_TXFF = 0x20;
export const FR_RXFF = 0x40;
export const FR_TXFE = 0x80;

/** Interrupt bits shared by RIS, MIS, IMSC and ICR. */
export const INT_RX = 1 << 4;
export const INT_TX = 1 << 5;
export const INT_ALL = 0x7ff;

/** UARTLCR_H.FEN: FIFOs enabled (16 deep) instead of one holding register. */
export const LCR_FEN = 1 << 4;

export const FIFO_DEPTH = 16;

/** Peripheral ID 0–3 and PrimeCell ID 0–3 of an ARM PL011 r1p5, as QEMU reports them. */
export const PL011_ID: readonly number[] = [0x11, 0x10, 0x14, 0x00, 0x0d, 0xf0, 0x05, 0xb1];

/** Reset values (QEMU 7.2: UARTEN off, TXE and RXE on; IFLS at half-full). */
export const CR_RESET = 0x300;
export const IFLS_RESET = 0x12;
