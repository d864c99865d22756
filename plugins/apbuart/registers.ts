/** GRLIB APBUART register offsets (GRLIB IP Core User's Manual, APBUART). */
export const DATA = 0x00;
export const STATUS = 0x04;
export const CTRL = 0x08;
export const SCALER = 0x0c;

/** STATUS bits. */
export const STATUS_DR = 1 << 0; // data ready
export const STATUS_TS = 1 << 1; // transmitter shift register empty
export const STATUS_TE = 1 << 2; // transmitter FIFO empty
export const STATUS_TF = 1 << 9; // transmitter FIFO full

/** CTRL bits. */
export const CTRL_RE = 1 << 0; // receiver enable
export const CTRL_TE = 1 << 1; // transmitter enable
export const CTRL_RI = 1 << 2; // receiver interrupt enable
export const CTRL_TI = 1 << 3; // transmitter interrupt enable

/** QEMU's receive FIFO length. */
export const RX_FIFO_LENGTH = 1024;
