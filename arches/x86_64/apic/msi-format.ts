/**
 * The `msi` interrupt message as local APICs send and receive it: the MSI address/data format of
 * Intel SDM vol. 3 §11.11, plus the ICR's destination shorthand in address bits 1:0 (which the
 * SDM leaves as don't-care), so "self" and "all excluding self" need no second message kind.
 * @module
 */

export const MSI_BASE = 0xfee00000;

/** Delivery modes (data 10:8, ICR 10:8, LVT 10:8, IOAPIC entry 10:8). */
export const enum Mode {
  Fixed = 0,
  LowestPriority = 1,
  Smi = 2,
  Nmi = 4,
  Init = 5,
  StartUp = 6,
  ExtInt = 7,
}

/** ICR destination shorthand (bits 19:18), carried in address bits 1:0. */
export const enum Shorthand {
  None = 0,
  Self = 1,
  AllIncludingSelf = 2,
  AllExcludingSelf = 3,
}

export interface MsiFields {
  destination: number;
  logical: boolean;
  shorthand: Shorthand;
  vector: number;
  mode: Mode;
  /** Level (data bit 14): 0 with level trigger is a de-assert (INIT level de-assert). */
  assert: boolean;
  levelTriggered: boolean;
}

export function encodeAddress(destination: number, logical: boolean, shorthand: Shorthand): number {
  return (MSI_BASE | ((destination & 0xff) << 12) | (logical ? 4 : 0) | shorthand) >>> 0;
}

export function encodeData(vector: number, mode: Mode, assert: boolean, levelTriggered: boolean): number {
  return (vector & 0xff) | (mode << 8) | (assert ? 1 << 14 : 0) | (levelTriggered ? 1 << 15 : 0);
}

/** Decode into `out` (reused: message handling allocates nothing). */
export function decodeMsi(address: number, data: number, out: MsiFields): MsiFields {
  out.destination = (address >>> 12) & 0xff;
  out.logical = (address & 4) !== 0;
  out.shorthand = (address & 3) as Shorthand;
  out.vector = data & 0xff;
  out.mode = ((data >> 8) & 7) as Mode;
  out.assert = (data & (1 << 14)) !== 0;
  out.levelTriggered = (data & (1 << 15)) !== 0;
  return out;
}
