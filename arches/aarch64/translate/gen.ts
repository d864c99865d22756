import type { FpExecFn } from '../fpsimd-contract.js';

/**
 * Markers in emitted instruction code that the region assembler (`region.ts`) resolves once it
 * knows the whole region: which registers live in locals, which blocks it holds, how long each
 * block is. They never reach `new Function`.
 */
export const Mark = {
  /** `GOTO <hex>`: continue at a constant address (a block of this region, or leave it). */
  goto: (target: bigint): string => `\u0001G${target.toString(16)}\u0001`,
  /** Leave the region; the code has already set c.pcLo/c.pcHi. */
  exit: '\u0001X\u0001',
  /** Cycles left in the run before this instruction executes (for `c.left`, read by syncCycles). */
  left: '\u0001L\u0001',
  /**
   * An indirect branch to the address in the locals `tl` (bits [31:0], unsigned) and `th`: a
   * block of the region if one starts there, else the run loop.
   */
  indirect: '\u0001I\u0001',
  /**
   * Make NZCV real (`c.nf`..`c.vf`) if a compare left them lazy: the region expands it to a
   * check of `fk` (see {@link Gen.cond}).
   */
  materialize: '\u0001M\u0001',
  /** After a slow-path call: leave the region if it raised an exception (`c.raised`). */
  faulted: '\u0001R\u0001',
} as const;

/** One translated instruction. */
export interface InsnCode {
  /** Address (64-bit) of the instruction. */
  readonly pc: bigint;
  readonly code: string;
  /**
   * Calls something that may raise an exception, look at the time, or read or write registers or
   * flags through the CPU object (system registers, exclusives, FP/SIMD, exceptions): the region
   * records PC and cycles left before it, flushes its locals before it and reloads them after it,
   * and the code itself addresses registers through `x`.
   */
  readonly opaque: boolean;
}

/**
 * Where NZCV are while a block is translated. `eager`: in `c.nf`..`c.vf` (locals in a region).
 * The lazy kinds keep the operands of the last flag-setting instruction in the locals `fk`
 * (the kind, 0 when eager), `fa`/`fah`, `fb`/`fbh`, so that a following B.cond or CSEL tests
 * them directly (`cmp w1, w2; b.lt` is `fa < fb`) and NZCV are only computed when something
 * needs them (an exception, a call out, leaving the region). At a block's start the state is
 * only known at run time (`unknown`).
 */
export const enum Flags {
  Unknown = -1,
  Eager = 0,
  /** SUBS/CMP on W registers: fa - fb. */
  Sub32 = 1,
  /** SUBS/CMP on X registers: (fah:fa) - (fbh:fb). */
  Sub64 = 2,
  /** ANDS/TST/BICS on W registers: result in fa (C = V = 0). */
  Logic32 = 3,
  /** ANDS/TST/BICS on X registers: result in fah:fa. */
  Logic64 = 4,
}

/** Helpers of `H` that only compute (they may set c.rh) and never touch registers or flags. */
const PURE_HELPERS = new Set(['nzcv', 'mul64', 'umull', 'smull', 'umulh', 'smulh', 'udiv64', 'sdiv64', 'shift64', 'rbit32', 'rev16', 'rev32', 'cls32', 'cls64', 'crc32']);
/** Methods of the CPU that generated code may call without flushing locals first (memory slow paths flush themselves). */
const PURE_METHODS = new Set(['slowLoad', 'slowStore']);

/** Does instruction code call anything that may see or change registers and flags through `c`? */
function callsOut(code: string): boolean {
  if (/\bF\[/.test(code)) return true;
  for (const m of code.matchAll(/\bH\.(\w+)\(/g)) if (!PURE_HELPERS.has(m[1])) return true;
  for (const m of code.matchAll(/\bc\.(\w+)\(/g)) if (!PURE_METHODS.has(m[1])) return true;
  return false;
}

/**
 * Source builder for one translated block. Generated code sees:
 * - `c`: the A64Cpu, `x`: its register pairs (`c.x`), `H`: runtime helpers, `F`: FP exec functions.
 * Every instruction is emitted in its own `{ }` scope so temporaries never clash. Control flow
 * leaves an instruction only through the markers of {@link Mark} (never `return`).
 */
export class Gen {
  readonly insns: InsnCode[] = [];
  /** Constant branch targets of the block (for the region's exploration). */
  readonly targets: bigint[] = [];
  /** The block ends after the current instruction (it transferred control itself). */
  ended = false;
  /** Address of the instruction being translated (full 64-bit). */
  pc = 0n;
  private forcedOpaque = false;
  private parts: string[] = [];
  private flagState = Flags.Unknown;

  /**
   * @param lse ARMv8.1 LSE atomics (CAS/CASP/LD<op>/SWP) are implemented; otherwise their
   *   encodings are UNDEFINED, as on Cortex-A57.
   */
  constructor(
    readonly startLo: number,
    readonly startHi: number,
    readonly lse = false,
    /** FP/SIMD exec functions of the whole region (`F[k]` in generated code). */
    readonly fns: FpExecFn[] = [],
  ) {}

  /** Start translating the instruction at `pc`. */
  begin(pc: bigint): void {
    this.pc = pc;
    this.forcedOpaque = false;
    this.parts = [];
  }

  /** Finish the instruction begun with `begin`. */
  finish(): void {
    const code = this.parts.join(' ');
    const opaque = this.forcedOpaque || callsOut(code);
    // Around an opaque instruction the region materializes NZCV; after it they are eager.
    if (opaque) this.flagState = Flags.Eager;
    this.insns.push({ pc: this.pc, code, opaque });
  }

  /** Code about to write `c.nf`..`c.vf` directly: leave the lazy state (a later materialization must not undo it). */
  flagsEager(): void {
    if (this.flagState !== Flags.Eager) this.emit('fk = 0;');
    this.flagState = Flags.Eager;
  }

  /** Code about to read `c.nf`..`c.vf` (ADC, SBC): make them real first. */
  flagsRead(): void {
    if (this.flagState !== Flags.Eager) this.emit(Mark.materialize);
    this.flagState = Flags.Eager;
  }

  /** The instruction just emitted left NZCV lazy, of `kind`, in fk/fa/fah/fb/fbh. */
  flagsLazy(kind: Flags): void {
    this.flagState = kind;
  }

  /** A condition (A64 `cond`) as a JS boolean expression, tested on the lazy operands when it can be. */
  cond(cond: number): string {
    const direct = lazyCondition(this.flagState, cond);
    if (direct !== null) return direct;
    this.flagsRead();
    return condition(cond);
  }

  emit(code: string): void {
    this.parts.push(code);
  }

  /**
   * The instruction calls something that may raise an exception or look at the time (system,
   * FP and exclusive helpers): it is opaque, so the region records the PC and the cycles left
   * before it (`c.pcLo`, `c.left`) and writes its locals back around it.
   */
  mayFault(): void {
    this.forcedOpaque = true;
  }

  /** Address of the next instruction. */
  get next(): bigint {
    return (this.pc + 4n) & M64;
  }

  /** Code that sets the PC to a constant. */
  setPc(target: bigint): string {
    const hi = hi32u(target);
    return hi === this.startHi ? `c.pcLo = ${lo32u(target)};` : `c.pcLo = ${lo32u(target)}; c.pcHi = ${hi};`;
  }

  /** End the block with a jump to a constant target. */
  jump(target: bigint): void {
    this.emit(Mark.goto(target));
    this.targets.push(target);
    this.ended = true;
  }

  /** End the block: to `target` if `cond` (a JS boolean expression), else to the next instruction. */
  branchIf(cond: string, target: bigint): void {
    this.emit(`if (${cond}) { ${Mark.goto(target)} } ${Mark.goto(this.next)}`);
    this.targets.push(target, this.next);
    this.ended = true;
  }

  /** End the block and the region after this instruction: its code (or the helper it called) set the PC. */
  endHere(): void {
    this.emit(Mark.exit);
    this.ended = true;
  }

  /** End the block and the region, continuing at the next instruction (after anything that changes how code is fetched). */
  exitToNext(): void {
    this.emit(`${this.setPc(this.next)} ${Mark.exit}`);
    this.ended = true;
  }

  /** Register an FP/SIMD exec function; returns its index in `F`. */
  fp(fn: FpExecFn): number {
    this.fns.push(fn);
    return this.fns.length - 1;
  }
}

export const M64 = (1n << 64n) - 1n;

/** Bits [31:0] of a 64-bit value as an unsigned number literal. */
export function lo32u(v: bigint): number {
  return Number(v & 0xffffffffn);
}
export function hi32u(v: bigint): number {
  return Number((v >> 32n) & 0xffffffffn);
}
/** Same as int32 literals (for comparisons with Int32Array contents). */
export function lo32(v: bigint): number {
  return lo32u(v) | 0;
}
export function hi32(v: bigint): number {
  return hi32u(v) | 0;
}

/** Expression for bits [31:0] / [63:32] of register slot r (31 reads the zero slot: literal 0). */
export function L(r: number): string {
  return r === 31 ? '0' : `x[${2 * r}]`;
}
export function Hi(r: number): string {
  return r === 31 ? '0' : `x[${2 * r + 1}]`;
}

/** Slot for a register field that means SP when 31. */
export function spSlot(r: number): number {
  return r === 31 ? 32 : r;
}

/** Store a 64-bit result (lo/hi expressions, evaluated in order lo then hi) to slot d. */
export function setX(d: number, lo: string, hi: string): string {
  if (d === 31) return '';
  return `x[${2 * d}] = ${lo}; x[${2 * d + 1}] = ${hi};`;
}

/** Store a 32-bit result, zeroing bits [63:32]. */
export function setW(d: number, lo: string): string {
  if (d === 31) return '';
  return `x[${2 * d}] = ${lo}; x[${2 * d + 1}] = 0;`;
}

/** Condition codes (A64 `cond` field) as JS boolean expressions over c.nf/zf/cf/vf. */
export function condition(cond: number): string {
  let e: string;
  switch (cond >> 1) {
    case 0:
      e = 'c.zf !== 0';
      break;
    case 1:
      e = 'c.cf !== 0';
      break;
    case 2:
      e = 'c.nf !== 0';
      break;
    case 3:
      e = 'c.vf !== 0';
      break;
    case 4:
      e = '(c.cf !== 0 && c.zf === 0)';
      break;
    case 5:
      e = 'c.nf === c.vf';
      break;
    case 6:
      e = '(c.zf === 0 && c.nf === c.vf)';
      break;
    default:
      return 'true';
  }
  return (cond & 1) !== 0 ? `!(${e})` : `(${e})`;
}

/** `cond` tested directly on the operands of a lazy flag state, or null when NZCV are needed. */
function lazyCondition(state: Flags, cond: number): string | null {
  if (cond >= 14) return 'true';
  const neg = (cond & 1) !== 0;
  const base = cond >> 1; // EQ, CS, MI, VS, HI, GE, GT (then LE = !GT)
  let e: string | null = null;
  switch (state) {
    case Flags.Sub32:
      e = ['fa === fb', '(fa >>> 0) >= (fb >>> 0)', '((fa - fb) | 0) < 0', '((fa ^ fb) & (fa ^ ((fa - fb) | 0))) < 0', '(fa >>> 0) > (fb >>> 0)', 'fa >= fb', 'fa > fb'][base];
      break;
    case Flags.Sub64:
      e = [
        '(fa === fb && fah === fbh)',
        '(fah !== fbh ? (fah >>> 0) > (fbh >>> 0) : (fa >>> 0) >= (fb >>> 0))',
        null,
        null,
        '(fah !== fbh ? (fah >>> 0) > (fbh >>> 0) : (fa >>> 0) > (fb >>> 0))',
        '(fah !== fbh ? fah > fbh : (fa >>> 0) >= (fb >>> 0))',
        '(fah !== fbh ? fah > fbh : (fa >>> 0) > (fb >>> 0))',
      ][base];
      break;
    case Flags.Logic32:
      e = ['fa === 0', 'false', 'fa < 0', 'false', 'false', 'fa >= 0', 'fa > 0'][base];
      break;
    case Flags.Logic64:
      e = ['(fa | fah) === 0', 'false', 'fah < 0', 'false', 'false', 'fah >= 0', '(fah > 0 || (fah === 0 && fa !== 0))'][base];
      break;
    default:
      return null;
  }
  if (e === null) return null;
  return neg ? `!(${e})` : `(${e})`;
}

/** Sign-extend the low `bits` of n. */
export function sext(n: number, bits: number): number {
  const s = 32 - bits;
  return (n << s) >> s;
}

/**
 * A 64-bit constant shift of the pair (l, h), both simple expressions (identifiers).
 * type: 0 LSL, 1 LSR, 2 ASR, 3 ROR. Returns [lo, hi] expressions.
 */
export function shift64(type: number, amount: number, l: string, h: string): [string, string] {
  const k = amount & 63;
  if (k === 0) return [l, h];
  switch (type) {
    case 0:
      if (k < 32) return [`(${l} << ${k})`, `((${h} << ${k}) | (${l} >>> ${32 - k}))`];
      return ['0', k === 32 ? l : `(${l} << ${k - 32})`];
    case 1:
      if (k < 32) return [`((${l} >>> ${k}) | (${h} << ${32 - k}))`, `(${h} >>> ${k})`];
      return [k === 32 ? h : `(${h} >>> ${k - 32})`, '0'];
    case 2:
      if (k < 32) return [`((${l} >>> ${k}) | (${h} << ${32 - k}))`, `(${h} >> ${k})`];
      return [k === 32 ? h : `(${h} >> ${k - 32})`, `(${h} >> 31)`];
    default:
      if (k < 32) return [`((${l} >>> ${k}) | (${h} << ${32 - k}))`, `((${h} >>> ${k}) | (${l} << ${32 - k}))`];
      if (k === 32) return [h, l];
      return [`((${h} >>> ${k - 32}) | (${l} << ${64 - k}))`, `((${l} >>> ${k - 32}) | (${h} << ${64 - k}))`];
  }
}

/** A 32-bit constant shift of l. */
export function shift32(type: number, amount: number, l: string): string {
  const k = amount & 31;
  if (k === 0) return l;
  switch (type) {
    case 0:
      return `(${l} << ${k})`;
    case 1:
      return `(${l} >>> ${k})`;
    case 2:
      return `(${l} >> ${k})`;
    default:
      return `((${l} >>> ${k}) | (${l} << ${32 - k}))`;
  }
}

/**
 * The extended-register operand: extend `option` (UXTB..SXTX) of slot m, then shift left by
 * `amount` (0..4). Emits temporaries `el`, `eh` and returns their names.
 */
export function extendReg(option: number, m: number, amount: number): { code: string; l: string; h: string } {
  const ml = L(m);
  const mh = Hi(m);
  let l: string;
  let h: string;
  switch (option) {
    case 0:
      l = `(${ml} & 0xff)`;
      h = '0';
      break;
    case 1:
      l = `(${ml} & 0xffff)`;
      h = '0';
      break;
    case 2:
      l = ml;
      h = '0';
      break;
    case 3:
      l = ml;
      h = mh;
      break;
    case 4:
      l = `((${ml} << 24) >> 24)`;
      h = `(${l} >> 31)`;
      break;
    case 5:
      l = `((${ml} << 16) >> 16)`;
      h = `(${l} >> 31)`;
      break;
    case 6:
      l = ml;
      h = `(${ml} >> 31)`;
      break;
    default:
      l = ml;
      h = mh;
  }
  let code = `const el0 = ${l}, eh0 = ${h};`;
  if (amount === 0) return { code, l: 'el0', h: 'eh0' };
  const [sl, sh] = shift64(0, amount, 'el0', 'eh0');
  code += ` const el = ${sl}, eh = ${sh};`;
  return { code, l: 'el', h: 'eh' };
}

/**
 * 64-bit add of (al, ah) + (bl, bh) [+ cin], all expressions (a* and b* evaluated once each).
 * With `flags`, sets NZCV: lazily for a plain subtract (SUBS/CMP), else eagerly. `sub` inverts b
 * (a - b = a + ~b + 1). Writes slot d (31 = discard).
 */
export function add64(g: Gen, d: number, al: string, ah: string, bl: string, bh: string, sub: boolean, cin: string, flags: boolean): string {
  if (!flags && cin === (sub ? '1' : '0')) {
    if (d === 31) return '';
    if (sub) {
      return `{ const s = (${al} >>> 0) - (${bl} >>> 0); const t = ${ah} - ${bh} - (s < 0 ? 1 : 0); x[${2 * d}] = s; x[${2 * d + 1}] = t; }`;
    }
    return `{ const s = (${al} >>> 0) + (${bl} >>> 0); const t = ${ah} + ${bh} + (s > 4294967295 ? 1 : 0); x[${2 * d}] = s; x[${2 * d + 1}] = t; }`;
  }
  if (sub && cin === '1') {
    g.flagsLazy(Flags.Sub64);
    const res = d === 31 ? '' : ` const s = (fa >>> 0) - (fb >>> 0); x[${2 * d}] = s; x[${2 * d + 1}] = fah - fbh - (s < 0 ? 1 : 0);`;
    return `{ fa = ${al} | 0; fah = ${ah} | 0; fb = ${bl} | 0; fbh = ${bh} | 0; fk = ${Flags.Sub64};${res} }`;
  }
  if (flags) g.flagsEager();
  const nb = sub ? `~(${bl})` : bl;
  const nbh = sub ? `~(${bh})` : bh;
  let code = `{ const al = ${al}, ah = ${ah}, bl = ${nb}, bh = ${nbh};`;
  code += ` const s = (al >>> 0) + (bl >>> 0) + ${cin}; const t = (ah >>> 0) + (bh >>> 0) + (s > 4294967295 ? 1 : 0); const rh = t | 0;`;
  if (flags) {
    code += ` c.nf = rh >>> 31; c.zf = ((s | 0) | rh) === 0 ? 1 : 0; c.cf = t > 4294967295 ? 1 : 0; c.vf = (~(ah ^ bh) & (ah ^ rh)) >>> 31;`;
  }
  if (d !== 31) code += ` x[${2 * d}] = s; x[${2 * d + 1}] = rh;`;
  return code + ' }';
}

/** 32-bit add/sub, as add64 but on W registers (bits [63:32] of the result are zero). */
export function add32(g: Gen, d: number, a: string, b: string, sub: boolean, cin: string, flags: boolean): string {
  if (!flags && cin === (sub ? '1' : '0')) {
    if (d === 31) return '';
    return `x[${2 * d}] = ${a} ${sub ? '-' : '+'} ${b}; x[${2 * d + 1}] = 0;`;
  }
  if (sub && cin === '1') {
    g.flagsLazy(Flags.Sub32);
    return `{ fa = ${a} | 0; fb = ${b} | 0; fk = ${Flags.Sub32};${d === 31 ? '' : ` x[${2 * d}] = fa - fb; x[${2 * d + 1}] = 0;`} }`;
  }
  if (flags) g.flagsEager();
  const nb = sub ? `~(${b})` : b;
  let code = `{ const a = ${a}, b = ${nb}; const s = (a >>> 0) + (b >>> 0) + ${cin}; const r = s | 0;`;
  if (flags) code += ` c.nf = r >>> 31; c.zf = r === 0 ? 1 : 0; c.cf = s > 4294967295 ? 1 : 0; c.vf = (~(a ^ b) & (a ^ r)) >>> 31;`;
  if (d !== 31) code += ` x[${2 * d}] = r; x[${2 * d + 1}] = 0;`;
  return code + ' }';
}

/** Flags of a logical operation (ANDS, BICS, TST) on the result in `rl` (and `rh` for 64 bits): lazy. */
export function logicFlags(g: Gen, sf: number): string {
  g.flagsLazy(sf ? Flags.Logic64 : Flags.Logic32);
  return sf ? `fa = rl | 0; fah = rh | 0; fk = ${Flags.Logic64};` : `fa = rl | 0; fk = ${Flags.Logic32};`;
}
