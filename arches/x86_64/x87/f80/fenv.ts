/**
 * The rounding environment and exception accumulator of the floatx80 soft-float: set from the
 * FPU control word before an operation, read back into the status word after it. One module
 * object, so arithmetic needs no parameters for it and nothing is allocated per operation.
 * @module
 */

/** Exception flags, in the x87 status word's bit positions (and the control word's masks). */
export const enum Exc {
  IE = 0x01,
  DE = 0x02,
  ZE = 0x04,
  OE = 0x08,
  UE = 0x10,
  PE = 0x20,
}

/** Rounding control, as FCW bits 11:10 encode it. */
export const enum Rc {
  Nearest = 0,
  Down = 1,
  Up = 2,
  Zero = 3,
}

/** Precision control, as FCW bits 9:8 encode it (1 is reserved; QEMU treats it as extended). */
export const enum Pc {
  Single = 0,
  Double = 2,
  Extended = 3,
}

/** Rounding parameters in effect and what the operations raised since the last {@link clearExc}. */
export const fenv = {
  /** Rounding control (Rc). */
  rc: 0,
  /** Precision control (Pc); 1 behaves as Extended. */
  pc: 3,
  /** Exception flags raised (Exc bits). */
  exc: 0,
  /** The last rounding increased the magnitude (the x87's C1 after an inexact result). */
  up: 0,
};

/** Take RC and PC from a control word and clear the accumulated flags. */
export function setControl(fcw: number): void {
  fenv.rc = (fcw >>> 10) & 3;
  const pc = (fcw >>> 8) & 3;
  fenv.pc = pc === 1 ? Pc.Extended : pc;
  fenv.exc = 0;
  fenv.up = 0;
}

export function clearExc(): void {
  fenv.exc = 0;
  fenv.up = 0;
}
