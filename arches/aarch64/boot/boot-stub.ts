/**
 * The few instructions a boot loader runs before jumping into a Linux kernel: load x0 with the
 * DTB address, clear x1–x3, branch to the kernel. Placed at the base of RAM, where QEMU's `-kernel`
 * puts the same sequence (so the primary CPU executes the same instructions on both), with the
 * two 64-bit literals after the code.
 */

/** LDR Xt, label (literal, 64-bit): imm19 is the word offset from this instruction. */
const ldrLiteral = (rt: number, wordOffset: number): number => (0x58000000 | ((wordOffset & 0x7ffff) << 5) | rt) >>> 0;
/** MOV Xd, XZR (ORR Xd, XZR, XZR). */
const movZero = (rd: number): number => (0xaa1f03e0 | rd) >>> 0;
/** BR Xn. */
const br = (rn: number): number => (0xd61f0000 | (rn << 5)) >>> 0;

/** Size of the stub in bytes: six instructions and two doublewords. */
export const BOOT_STUB_SIZE = 40;

/** The stub for a kernel at `entry` given the DTB at `dtb`, as little-endian bytes. */
export function linuxBootStub(dtb: number, entry: number): Uint8Array {
  const words = [
    ldrLiteral(0, 6), // x0 = the doubleword at +24 (the DTB address)
    movZero(1),
    movZero(2),
    movZero(3),
    ldrLiteral(4, 4), // x4 = the doubleword at +32 (the entry point)
    br(4),
    dtb >>> 0,
    Math.floor(dtb / 2 ** 32) >>> 0,
    entry >>> 0,
    Math.floor(entry / 2 ** 32) >>> 0,
  ];
  const out = new Uint8Array(BOOT_STUB_SIZE);
  const v = new DataView(out.buffer);
  words.forEach((w, i) => v.setUint32(i * 4, w, true));
  return out;
}
