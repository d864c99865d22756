/** GRLIB GPTIMER register offsets (GRLIB IP Core User's Manual, GPTIMER). */
export const SCALER = 0x00;
export const SCALER_RELOAD = 0x04;
export const CONFIG = 0x08;
/** Timer n's registers start at 0x10 * (n + 1). */
export const TIMER_STRIDE = 0x10;
export const TIMER_COUNTER = 0x0;
export const TIMER_RELOAD = 0x4;
export const TIMER_CTRL = 0x8;

/** Timer control bits. */
export const CTRL_EN = 1 << 0; // enable
export const CTRL_RS = 1 << 1; // restart (reload on underflow)
export const CTRL_LD = 1 << 2; // load counter from reload (reads 0)
export const CTRL_IE = 1 << 3; // interrupt enable
export const CTRL_IP = 1 << 4; // interrupt pending (write 1 to clear)
export const CTRL_CH = 1 << 5; // chain with preceding timer (stored, not modelled: QEMU neither)
export const CTRL_DH = 1 << 6; // debug halt (stored, not modelled)
/** Bits that a CTRL write stores as written. */
export const CTRL_STORED = CTRL_EN | CTRL_RS | CTRL_IE | CTRL_CH | CTRL_DH;

/** Unit CONFIG fields. */
export const CONFIG_IRQ_SHIFT = 3;
export const CONFIG_SI = 1 << 8; // separate interrupts: timer n uses irq + n
export const CONFIG_DF = 1 << 9; // disable timer freeze

export const MAX_TIMERS = 7;
