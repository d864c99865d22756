/** PL061 register offsets (ARM PrimeCell GPIO PL061 TRM, DDI 0190). */
export const enum Pl061Reg {
  /** GPIODATA spans 0x000–0x3FC: address bits [9:2] mask which pins an access touches. */
  DATA_END = 0x3fc,
  DIR = 0x400,
  IS = 0x404,
  IBE = 0x408,
  IEV = 0x40c,
  IE = 0x410,
  RIS = 0x414,
  MIS = 0x418,
  IC = 0x41c,
  AFSEL = 0x420,
  ID_BASE = 0xfe0,
}

/** Peripheral ID (PL061) and PrimeCell ID bytes at 0xFE0–0xFFC. */
export const PL061_ID: readonly number[] = [0x61, 0x10, 0x04, 0x00, 0x0d, 0xf0, 0x05, 0xb1];

/** Eight pins. */
export const PINS = 8;
