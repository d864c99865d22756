import type { FpExecFn } from '../fpsimd-contract.js';

/**
 * Source builder for one translated block. Generated code sees:
 * - `c`: the A64Cpu, `x`: its register pairs (`c.x`), `H`: runtime helpers, `F`: FP exec functions.
 * Every instruction is emitted in its own `{ }` scope so temporaries never clash.
 */
export class Gen {
  private readonly parts: string[] = [];
  readonly fns: FpExecFn[] = [];
  /** The block ends after the current instruction (it set the PC itself). */
  ended = false;
  /** Address of the instruction being translated (full 64-bit). */
  pc = 0n;
  private marked = false;

  /**
   * @param lse ARMv8.1 LSE atomics (CAS/CASP/LD<op>/SWP) are implemented; otherwise their
   *   encodings are UNDEFINED, as on Cortex-A57.
   */
  constructor(readonly startLo: number, readonly startHi: number, readonly lse = false) {}

  /** Start translating the instruction at `pc`. */
  begin(pc: bigint): void {
    this.pc = pc;
    this.marked = false;
  }

  emit(code: string): void {
    this.parts.push(code);
  }

  /** Record the PC before an operation that may raise an exception (memory, system, FP). */
  mayFault(): void {
    if (this.marked) return;
    this.marked = true;
    this.parts.push(`c.pcLo = ${lo32u(this.pc)};`);
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
    this.emit(`${this.setPc(target)} return;`);
    this.ended = true;
  }

  /** End the block: to `target` if `cond` (a JS boolean expression), else to the next instruction. */
  branchIf(cond: string, target: bigint): void {
    this.emit(`if (${cond}) { ${this.setPc(target)} } else { ${this.setPc(this.next)} } return;`);
    this.ended = true;
  }

  /** End the block after this instruction: the helper called already set the PC. */
  endHere(): void {
    this.emit('return;');
    this.ended = true;
  }

  /** Register an FP/SIMD exec function; returns its index in `F`. */
  fp(fn: FpExecFn): number {
    this.fns.push(fn);
    return this.fns.length - 1;
  }

  source(): string {
    return this.parts.join('\n');
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
 * With `flags`, sets NZCV. `sub` inverts b (a - b = a + ~b + 1). Writes slot d (31 = discard).
 */
export function add64(d: number, al: string, ah: string, bl: string, bh: string, sub: boolean, cin: string, flags: boolean): string {
  if (!flags && cin === (sub ? '1' : '0')) {
    if (d === 31) return '';
    if (sub) {
      return `{ const s = (${al} >>> 0) - (${bl} >>> 0); const t = ${ah} - ${bh} - (s < 0 ? 1 : 0); x[${2 * d}] = s; x[${2 * d + 1}] = t; }`;
    }
    return `{ const s = (${al} >>> 0) + (${bl} >>> 0); const t = ${ah} + ${bh} + (s > 4294967295 ? 1 : 0); x[${2 * d}] = s; x[${2 * d + 1}] = t; }`;
  }
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
export function add32(d: number, a: string, b: string, sub: boolean, cin: string, flags: boolean): string {
  if (!flags && cin === (sub ? '1' : '0')) {
    if (d === 31) return '';
    return `x[${2 * d}] = ${a} ${sub ? '-' : '+'} ${b}; x[${2 * d + 1}] = 0;`;
  }
  const nb = sub ? `~(${b})` : b;
  let code = `{ const a = ${a}, b = ${nb}; const s = (a >>> 0) + (b >>> 0) + ${cin}; const r = s | 0;`;
  if (flags) code += ` c.nf = r >>> 31; c.zf = r === 0 ? 1 : 0; c.cf = s > 4294967295 ? 1 : 0; c.vf = (~(a ^ b) & (a ^ r)) >>> 31;`;
  if (d !== 31) code += ` x[${2 * d}] = r; x[${2 * d + 1}] = 0;`;
  return code + ' }';
}
