/**
 * SPARC V8 encodings of the LEON3 PROM boot stub, written by hand (no assembler at run time).
 * The stub follows what QEMU's leon3_generic puts in its PROM when it loads an ELF: CPU 0
 * enables the UART, programs GPTIMER for a 1 MHz tick with timer 0 free-running, and jumps to
 * the ELF entry; other cores (%asr17[31:28] != 0) jump to the entry straight away.
 */

const G0 = 0, G1 = 1, G2 = 2, O6 = 14;

const sethi = (rd: number, value: number): number => ((rd << 25) | (4 << 22) | (value >>> 10)) >>> 0;
const orImm = (rd: number, rs1: number, imm13: number): number =>
  ((2 << 30) | (rd << 25) | (0x02 << 19) | (rs1 << 14) | (1 << 13) | (imm13 & 0x1fff)) >>> 0;
const srlImm = (rd: number, rs1: number, count: number): number =>
  ((2 << 30) | (rd << 25) | (0x26 << 19) | (rs1 << 14) | (1 << 13) | (count & 31)) >>> 0;
const subccImm = (rd: number, rs1: number, imm13: number): number =>
  ((2 << 30) | (rd << 25) | (0x14 << 19) | (rs1 << 14) | (1 << 13) | (imm13 & 0x1fff)) >>> 0;
const rdAsr = (rd: number, asr: number): number => ((2 << 30) | (rd << 25) | (0x28 << 19) | (asr << 14)) >>> 0;
const wrAsrG0 = (asr: number): number => ((2 << 30) | (asr << 25) | (0x30 << 19)) >>> 0;
/** st rd, [rs1 + %g0] */
const st = (rd: number, rs1: number): number => ((3 << 30) | (rd << 25) | (0x04 << 19) | (rs1 << 14)) >>> 0;
/** jmpl rs1 + 0, %g0 */
const jmp = (rs1: number): number => ((2 << 30) | (0x38 << 19) | (rs1 << 14) | (1 << 13)) >>> 0;
/** Bicc with a word displacement. */
const bicc = (cond: number, words: number): number => ((cond << 25) | (2 << 22) | (words & 0x3fffff)) >>> 0;
const NOP = 0x01000000;
const BNE = 9, BA = 8;

/** sethi + or: load a 32-bit constant. */
function set(rd: number, value: number): number[] {
  return [sethi(rd, value), orImm(rd, rd, value & 0x3ff)];
}

export interface BootStubConfig {
  /** ELF entry; undefined: no program, every core powers down for good. */
  entry: number | undefined;
  uartBase: number;
  timerBase: number;
  /** %sp for CPU 0 (QEMU sets it to the top of RAM at reset); undefined leaves it alone. */
  stackPointer: number | undefined;
}

/** The stub's instruction words, to be placed at address 0. */
export function bootStub(c: BootStubConfig): number[] {
  if (c.entry === undefined) {
    // Power down (asr19) forever: with traps disabled no interrupt can wake the core.
    return [wrAsrG0(19), bicc(BA, -1), NOP];
  }
  const stores: [number, number][] = [
    [c.uartBase + 0x08, 3], // APBUART CTRL = RE | TE
    [c.timerBase + 0x04, 39], // GPTIMER SCALER_RELOAD: 40 MHz / 40 = 1 MHz tick
    [c.timerBase + 0x14, 0xfffffffe], // timer 0 RELOAD
    [c.timerBase + 0x18, 3], // timer 0 CTRL = EN | RS
  ];
  const cpu0: number[] = [];
  for (const [addr, value] of stores) cpu0.push(...set(G1, addr), ...set(G2, value), st(G2, G1));
  if (c.stackPointer !== undefined) cpu0.push(...set(O6, c.stackPointer));
  const head = [rdAsr(G1, 17), srlImm(G1, G1, 28), subccImm(G0, G1, 0)];
  // bne skips CPU 0's set-up: branch target is the jump sequence after `cpu0`.
  const branch = [bicc(BNE, 2 + cpu0.length), NOP];
  const jump = [...set(G1, c.entry), jmp(G1), NOP];
  return [...head, ...branch, ...cpu0, ...jump];
}
