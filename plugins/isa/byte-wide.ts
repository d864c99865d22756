/**
 * Helpers shared by the ISA device plugins (this folder has no `index.ts`, so it is not a plugin).
 * @module
 */

/**
 * ISA devices have 8-bit registers at consecutive ports. A 16- or 32-bit `in`/`out` to them is
 * split into byte cycles on consecutive ports, lowest port first, as the PC's bus (and QEMU's
 * memory core for devices whose largest access is one byte) does.
 */
export function readBytes(size: 1 | 2 | 4, offset: number, readByte: (offset: number) => number): number {
  let value = 0;
  for (let i = 0; i < size; i++) value |= (readByte(offset + i) & 0xff) << (8 * i);
  return value >>> 0;
}

/** The write half of {@link readBytes}: byte `i` of `value` goes to `offset + i`. */
export function writeBytes(size: 1 | 2 | 4, offset: number, value: number, writeByte: (offset: number, value: number) => void): void {
  for (let i = 0; i < size; i++) writeByte(offset + i, (value >>> (8 * i)) & 0xff);
}

/** Binary to packed BCD for 0..99, and back (RTC registers, PIT BCD counting). */
export const toBcd = (n: number): number => ((Math.floor(n / 10) % 10) << 4) | n % 10;
export const fromBcd = (b: number): number => (b >> 4) * 10 + (b & 0x0f);
