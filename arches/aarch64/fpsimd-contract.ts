/**
 * The contract between the aarch64 integer core and the FP/SIMD module (`./fpsimd/`).
 * See `INTERNALS.md` next to this file for the full description.
 * @module
 */

/** Slot of the stack pointer in {@link A64FpHost.x} (pairs: lo at 2*slot, hi at 2*slot+1). */
export const SP_SLOT = 32;
/** Slot 31 of {@link A64FpHost.x} always holds 0: it is XZR/WZR when read. */
export const ZR_SLOT = 31;

/**
 * What FP/SIMD execute functions may use of the CPU. The core's `A64Cpu` implements it.
 * Memory helpers take a 64-bit virtual address as two unsigned 32-bit halves (lo, hi).
 * On a guest fault (translation/permission/alignment/external abort) they record the exception
 * and THROW the core's private sentinel, and the core enters it once the instruction is
 * abandoned: an exec function must let it propagate (never catch).
 */
export interface A64FpHost {
  /**
   * General registers as int32 pairs: X[n] = (x[2n] >>> 0) + (x[2n+1] >>> 0) * 2**32.
   * Slot 0..30 = X0..X30, slot 31 = zero register (always 0, never write it), slot 32 = SP.
   */
  readonly x: Int32Array;
  /** V0..V31, 128 bits each: words 4n..4n+3 of `vregs` are V[n] bits [31:0]..[127:96]. */
  readonly vregs: Uint32Array;
  /** Same buffer as `vregs`. Element e of V[n] at size s sits at index n*(16/s)+e. */
  readonly vbytes: Uint8Array;
  readonly vhalf: Uint16Array;
  readonly vf32: Float32Array;
  readonly vf64: Float64Array;
  /** FPCR and FPSR as plain 32-bit numbers (architectural bit layout). */
  fpcr: number;
  fpsr: number;
  /** PSTATE flags, each 0 or 1 (FCMP writes them). */
  nf: number;
  zf: number;
  cf: number;
  vf: number;
  /** Address of the executing instruction (set by the core before an exec function runs). */
  readonly pcLo: number;
  readonly pcHi: number;

  /** Write Xn (n = 31 discards: the zero register). */
  setX(n: number, lo: number, hi: number): void;
  /** Write Wn, zeroing bits [63:32] (n = 31 discards). */
  setW(n: number, lo: number): void;
  /** Does condition `cond` (0..15, A64 encoding) hold for the current NZCV? */
  conditionHolds(cond: number): boolean;

  /** Loads return unsigned numbers. load64 returns bits [31:0] and leaves [63:32] in `loadHi`. */
  load8(lo: number, hi: number): number;
  load16(lo: number, hi: number): number;
  load32(lo: number, hi: number): number;
  load64(lo: number, hi: number): number;
  /** Bits [63:32] of the last load64. */
  loadHi: number;
  store8(lo: number, hi: number, v: number): void;
  store16(lo: number, hi: number, v: number): void;
  store32(lo: number, hi: number, v: number): void;
  store64(lo: number, hi: number, vlo: number, vhi: number): void;
  /** 128-bit transfer between memory and V[reg] (whole register). */
  load128(lo: number, hi: number, reg: number): void;
  store128(lo: number, hi: number, reg: number): void;

  /** Raise the undefined-instruction exception (EC=0) for the current instruction; throws. */
  undefinedInstruction(): never;
}

/** Executes one decoded FP/SIMD instruction. It must not change the PC. */
export type FpExecFn = (cpu: A64FpHost, insn: number) => void;

/** Decodes an FP/SIMD instruction once; null means unallocated (the core raises UNDEFINED). */
export type FpDecoder = (insn: number) => FpExecFn | null;
