/** Mailbox register map: one 0x100-byte window per CPU, CPU i at base + i * WINDOW. */
export const WINDOW = 0x100;
export const DATA = 0x00;
export const STATUS = 0x04;
export const CTRL = 0x08;

export const STATUS_NOT_EMPTY = 1 << 0;
export const STATUS_FULL = 1 << 1;
export const STATUS_OVERFLOW = 1 << 2;
export const STATUS_UNDERFLOW = 1 << 3;
export const STATUS_COUNT_SHIFT = 16;

export const CTRL_IRQ_ENABLE = 1 << 0;
/** Write 1 to clear the sticky OVERFLOW / UNDERFLOW flags. */
export const CTRL_CLEAR_OVERFLOW = 1 << 2;
export const CTRL_CLEAR_UNDERFLOW = 1 << 3;

export const DEPTH = 16;
