/**
 * The contract between the x86-64 integer core and its floating-point modules: `./sse/` (SSE,
 * SSE2, SSE3 and the MMX forms) and `./x87/` (the x87 FPU, FXSAVE/FXRSTOR). See `DESIGN.md`.
 * FP modules import only this file (type imports), so there is no import cycle with the core.
 * @module
 */

/** Register numbers in {@link X86FpHost.r}: pairs, lo at 2n, hi at 2n+1 (int32; `>>> 0` for unsigned). */
export const enum Gpr {
  RAX = 0, RCX, RDX, RBX, RSP, RBP, RSI, RDI, R8, R9, R10, R11, R12, R13, R14, R15,
}

/** Exception vectors the FP modules raise. */
export const enum FpVector {
  UD = 6,
  NM = 7,
  GP = 13,
  MF = 16,
  AC = 17,
  XM = 19,
}

/**
 * x87 register storage, shared by x87 and MMX. Physical register i (not ST(i)) occupies
 * halfwords 5i..5i+4 of `fpr`: the 64-bit significand little-endian in 5i..5i+3, sign and
 * exponent in 5i+4 — the byte image of FXSAVE's register area. MMX register i is the
 * significand of physical register i; an MMX write sets halfword 5i+4 to 0xFFFF.
 */
export interface X87Registers {
  readonly fpr: Uint16Array;
  /** FPU control word (FCW). */
  fcw: number;
  /** FPU status word without TOP (bits 13:11 are kept in `top`). */
  fsw: number;
  /** Stack top, 0..7. */
  top: number;
  /** Full tag word, 2 bits per physical register (00 valid, 01 zero, 10 special, 11 empty). */
  ftw: number;
  /** Last instruction opcode (11 bits), instruction pointer and data pointer, as FXSAVE stores them. */
  fop: number;
  fipLo: number;
  fipHi: number;
  fdpLo: number;
  fdpHi: number;
}

/**
 * What FP exec functions may use of the CPU. The core's `X86Cpu` implements it.
 * Memory helpers take a linear address (segment base already added, truncated to the address
 * size) as two unsigned 32-bit halves. They translate through paging; on a fault they deliver the
 * exception (#PF with CR2, #GP) and THROW the core's private sentinel: never catch it. Stores
 * done before a fault stay done; an instruction that must be all-or-nothing checks first with
 * `probeWrite`.
 */
export interface X86FpHost {
  /** RAX..R15 as int32 pairs (see {@link Gpr}). Writes to 32-bit registers zero the high half in 64-bit mode; the FP module does that itself. */
  readonly r: Int32Array;
  /** XMM0..XMM15, four 32-bit words each, little-endian element order (word 4n = bits 31:0 of XMMn). */
  readonly xmm: Uint32Array;
  /** Views of the same buffer as `xmm`. Element e of XMMn at size s bytes sits at index n*(16/s)+e. */
  readonly xmmBytes: Uint8Array;
  readonly xmmU16: Uint16Array;
  readonly xmmI32: Int32Array;
  readonly xmmF32: Float32Array;
  readonly xmmF64: Float64Array;
  /** MXCSR, architectural layout (flags 5:0, DAZ 6, masks 12:7, RC 14:13, FZ 15). */
  mxcsr: number;
  /** x87 and MMX state. */
  readonly x87: X87Registers;
  /** True in 64-bit mode (CS.L = 1 with EFER.LMA). */
  readonly mode64: boolean;
  /** CR0 and CR4 as the core holds them (the core checks EM/TS/OSFXSR before calling exec functions). */
  readonly cr0: number;
  readonly cr4: number;
  /** RIP of the executing instruction (FIP for x87), unsigned halves; and its CS selector. */
  readonly ripLo: number;
  readonly ripHi: number;
  readonly csSelector: number;

  /** Set ZF, PF, CF (0 or 1 each) and clear OF, SF, AF: what COMISS/UCOMISD/FCOMI do. */
  setCompareFlags(zf: number, pf: number, cf: number): void;
  /**
   * Set ZF, PF, CF and keep OF, SF, AF: FCOMI/FUCOMI(P) as QEMU 7.2 does them (its helper merges
   * the compare into the flags computed so far; the SDM clears the other three).
   */
  setFcomiFlags(zf: number, pf: number, cf: number): void;
  /** Does condition `cc` (0..15, the Jcc encoding) hold? (FCMOVcc, via B/E/BE/P.) */
  conditionHolds(cc: number): boolean;

  /** Loads return unsigned numbers. load64 returns bits 31:0 and leaves 63:32 in `loadHi`. */
  load8(lo: number, hi: number): number;
  load16(lo: number, hi: number): number;
  load32(lo: number, hi: number): number;
  load64(lo: number, hi: number): number;
  loadHi: number;
  store8(lo: number, hi: number, v: number): void;
  store16(lo: number, hi: number, v: number): void;
  store32(lo: number, hi: number, v: number): void;
  store64(lo: number, hi: number, vlo: number, vhi: number): void;
  /** Fault now (as a write of `size` bytes at lo/hi would) without writing anything. */
  probeWrite(lo: number, hi: number, size: number): void;

  /** Deliver exception `vector` (with `errorCode` when it has one) for the current instruction; throws. */
  raise(vector: number, errorCode?: number): never;
}

/** Which checks the core makes before an exec function runs (Intel SDM vol. 3 §2.5, §13.1). */
export const enum FpClass {
  /** SSE/SSE2/SSE3: #UD if CR0.EM or !CR4.OSFXSR, #NM if CR0.TS. */
  Sse = 1,
  /** x87: #NM if CR0.EM or CR0.TS. Pending unmasked x87 exceptions (#MF) are the module's job. */
  X87 = 2,
  /** MMX: #UD if CR0.EM, #NM if CR0.TS; also the x87 #MF rule. */
  Mmx = 3,
  /** FXSAVE/FXRSTOR/LDMXCSR/STMXCSR: #UD if CR0.EM (FXSAVE/FXRSTOR also need the OSFXSR bit as SDM says), #NM if CR0.TS. */
  State = 4,
  /** WAIT/FWAIT (9B): #NM only when CR0.MP and CR0.TS are both set; CR0.EM is ignored (SDM vol. 2, WAIT). */
  Wait = 5,
}

/**
 * An instruction of an FP opcode, as the core decoded it. `reg` and `rm` already include REX.R
 * and REX.B. For memory forms (`isMem`), the exec function receives the linear address.
 */
export interface FpInsn {
  /** Mandatory prefix in effect: 0 (none), 0x66, 0xF3 or 0xF2 (an F2/F3 overrides 0x66). */
  readonly prefix: number;
  /** Opcode map: 0 = one-byte (x87 D8-DF, 9B), 1 = 0F, 2 = 0F 38, 3 = 0F 3A. */
  readonly map: number;
  readonly opcode: number;
  /** The ModRM byte as encoded. */
  readonly modrm: number;
  readonly reg: number;
  readonly rm: number;
  readonly isMem: boolean;
  readonly rexW: boolean;
  /** The REX prefix was present (byte registers SPL..DIL instead of AH..BH). */
  readonly rex: boolean;
  /** The 0x66 operand-size prefix was present (x87 16-bit environment formats). */
  readonly opsize16: boolean;
  /** The immediate byte, for opcodes that have one (see `hasImm8` of the decoders). */
  readonly imm8: number;
}

/**
 * Executes one decoded instruction. It must not change RIP; the core advances it.
 * eaLo/eaHi is the linear address of the memory operand (`isMem`). MASKMOVQ and MASKMOVDQU
 * (0F F7, register form) have an implicit one: the core passes the linear address of
 * DS:rDI there (DS unless a segment prefix overrides it, rDI truncated to the address size).
 */
export type FpExec = (cpu: X86FpHost, eaLo: number, eaHi: number) => void;

/** What a decoder returns for an encoding it owns; null means the encoding is undefined (#UD). */
export interface FpDecoded {
  readonly exec: FpExec;
  readonly fpClass: FpClass;
}

/** A module's decoder: called once per instruction when the core translates a block. */
export type FpDecoder = (insn: FpInsn) => FpDecoded | null;
