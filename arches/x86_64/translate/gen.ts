/**
 * Source builder for one translated block. Generated code sees `c` (the X86Cpu), `r` (its
 * register pairs), `H` (runtime helpers) and `F` (decoded FP exec functions). Every instruction
 * is emitted in its own `{ }` scope.
 *
 * Flags: a flag-setting instruction assigns block-local variables (`fa`, `fb`, `fr`, their high
 * halves, `fc`) and the generator remembers the operation at compile time. Conditions that
 * follow in the same block are computed from those locals directly (CMP + Jcc is two compares,
 * no dispatch); the locals are written to the CPU's lazy-flag fields only where something else
 * could observe them: before an instruction that may fault (the exception frame holds EFLAGS),
 * before helpers that read flags, and at block exits. Locals nobody reads are dropped by V8.
 * @module
 */
import type { FpExec } from '../fp-contract.js';
import { BASE_RIP, type Insn, Seg } from '../decode/insn.js';
import { Cc, sizeIndex } from '../flags.js';
import { MODE_CPL_SHIFT, MODE_FLAT, MODE_PE, MODE_SS32 } from '../mode.js';

/** Unsigned 32-bit literal. */
export const u32 = (n: number): string => String(n >>> 0);
/** Signed 32-bit literal. */
export const i32 = (n: number): string => String(n | 0);

/** Mask for a size in bytes (8 and 16-bit values are kept masked and unsigned). */
export function maskOf(size: number): number {
  return size === 1 ? 0xff : size === 2 ? 0xffff : 0xffffffff;
}

/** A linear address as two expressions (hi is '0' outside 64-bit mode). */
export interface Addr {
  lo: string;
  hi: string;
}

export class Gen {
  private readonly parts: string[] = [];
  readonly fns: FpExec[] = [];
  /** The block ends after the current instruction (it set RIP itself). */
  ended = false;
  /** Index of the current instruction in the block. */
  idx = 0;
  i!: Insn;
  /** Address of the next instruction. */
  nextLo = 0;
  nextHi = 0;
  readonly code: number;
  readonly mode64: boolean;
  readonly ss32: boolean;
  readonly cpl: number;
  readonly pe: boolean;
  readonly flat: boolean;
  /** The instruction wrote memory (a store may have rewritten this block: check `c.smc`). */
  stored = false;
  /** Flag state: op pending in locals, op whose operands are in locals, op the CPU's ccOp holds. */
  pend = -1;
  known = -1;
  synced = -1;
  private marked = false;
  private tmp = 0;
  /** Address of the current instruction's memory operand, once computed. */
  private ea: Addr | undefined;
  /** Bytes added to RSP where it is a base or index (POP r/m addresses with the popped RSP). */
  rspAdjust = 0;
  /**
   * The block is a loop (its last instruction branches back to its start): the body runs in a
   * JavaScript loop, `kb` counts the instructions of finished iterations, and `n` is the block's
   * instruction count.
   */
  loop = false;
  loopN = 0;
  /** The CPU's optional features (`CpuFeature` bits): they decide how some encodings decode. */
  features = 0;
  /** Set when a direct branch of this block targets the block's start (compile again as a loop). */
  backEdge = false;

  constructor(readonly mode: number, readonly startLo: number, readonly startHi: number) {
    this.code = mode & 0xf;
    this.mode64 = this.code === 8;
    this.ss32 = (mode & MODE_SS32) !== 0;
    this.cpl = (mode >>> MODE_CPL_SHIFT) & 3;
    this.pe = (mode & MODE_PE) !== 0;
    this.flat = (mode & MODE_FLAT) !== 0;
  }

  begin(i: Insn, idx: number): void {
    this.i = i;
    this.idx = idx;
    const s = i.ripLo + i.len;
    if (this.mode64) {
      this.nextLo = s >>> 0;
      this.nextHi = (i.ripHi + (s > 0xffffffff ? 1 : 0)) >>> 0;
    } else {
      // EIP wraps at 4 GiB (and IP at 64 KiB in 16-bit code).
      this.nextLo = this.code === 2 ? s & 0xffff : s >>> 0;
      this.nextHi = 0;
    }
    this.marked = false;
    this.stored = false;
    this.ea = undefined;
  }

  emit(code: string): void {
    this.parts.push(code);
  }

  /** A fresh identifier suffix. */
  t(): number {
    return this.tmp++;
  }

  source(): string {
    return this.parts.join('\n');
  }

  // ---------------- faults, exits ----------------

  /** Before an operation that may raise: flags up to date in the CPU, `c.k` = this instruction. */
  mayFault(): void {
    if (this.marked) return;
    this.syncFlags();
    this.emit(`c.k = ${this.retired(this.idx)};`);
    this.marked = true;
  }

  /** Expression for "instructions retired": `k` of this iteration (plus finished iterations in a loop block). */
  retired(k: number): string {
    return this.loop ? `kb + ${k}` : String(k);
  }

  /** `return <instructions retired when this instruction is done>;` */
  ret(): string {
    return `return ${this.retired(this.idx + 1)};`;
  }

  /** Is (lo, hi) the start of this block, in a block compiled as a loop? */
  isLoopBack(lo: number, hi: number): boolean {
    if (lo === this.startLo && hi === this.startHi) this.backEdge = true;
    return this.loop && lo === this.startLo && hi === this.startHi && this.idx === this.loopN - 1;
  }

  /**
   * The loop back-edge: flags to the CPU (the loop head assumes nothing), count the iteration,
   * and go round again while the budget allows and nothing needs the run loop.
   */
  loopBack(): string {
    const n = this.loopN;
    return `${this.syncCode()} kb += ${n}; if (c.attention === 0 && !c.exitRequested && c.cycleLimit - c.blockStartCycles - kb >= ${n}) continue; ${this.setIp(this.startLo, this.startHi)} return kb;`;
  }

  /** Raise `vector` here (the instruction has no other effect). Ends the block. */
  raise(vector: number, code?: number): void {
    this.mayFault();
    this.emit(`c.raise(${vector}${code === undefined ? '' : `, ${code}`});`);
    this.ended = true;
  }

  /** Code that sets RIP to a constant. */
  setIp(lo: number, hi: number): string {
    return hi === this.startHi ? `c.ip = ${u32(lo)};` : `c.ip = ${u32(lo)}; c.ipHi = ${u32(hi)};`;
  }

  /** End the block after this instruction, continuing at (lo, hi). */
  jump(lo: number, hi: number): void {
    this.syncFlags();
    if (this.isLoopBack(lo, hi)) this.emit(this.loopBack());
    else this.emit(`${this.setIp(lo, hi)} ${this.ret()}`);
    this.ended = true;
  }

  /** End the block after this instruction at the next one (mode or state changed). */
  endAfter(): void {
    this.jump(this.nextLo, this.nextHi);
  }

  /** End the block: RIP was set by a helper or by code already emitted. */
  endHere(): void {
    this.syncFlags();
    this.emit(this.ret());
    this.ended = true;
  }

  /** Side exit after a store that rewrote this block (x86 sees the new bytes at the next instruction). */
  smcCheck(): void {
    this.emit(`if (c.smc !== 0) { ${this.syncCode()} ${this.setIp(this.nextLo, this.nextHi)} ${this.ret()} }`);
  }

  // ---------------- registers ----------------

  /** Register `n` at `size` bytes (1, 2, 4) as an expression: unsigned for 1/2, int32 for 4. */
  rd(n: number, size: number): string {
    if (size === 1) {
      if (this.i.rex === 0 && n >= 4 && n < 8) return `((r[${2 * (n - 4)}] >>> 8) & 255)`;
      return `(r[${2 * n}] & 255)`;
    }
    if (size === 2) return `(r[${2 * n}] & 65535)`;
    return `r[${2 * n}]`;
  }

  /** Bits 63:32 of register n. */
  rdh(n: number): string {
    return `r[${2 * n + 1}]`;
  }

  /** Write `v` (an expression evaluated once) to register n at size 1, 2 or 4 (4 zeroes bits 63:32). */
  wr(n: number, size: number, v: string): string {
    if (size === 1) {
      if (this.i.rex === 0 && n >= 4 && n < 8) {
        const j = 2 * (n - 4);
        return `r[${j}] = (r[${j}] & -65281) | (((${v}) & 255) << 8);`;
      }
      return `r[${2 * n}] = (r[${2 * n}] & -256) | ((${v}) & 255);`;
    }
    if (size === 2) return `r[${2 * n}] = (r[${2 * n}] & -65536) | ((${v}) & 65535);`;
    return `r[${2 * n}] = ${v}; r[${2 * n + 1}] = 0;`;
  }

  /** Write a 64-bit pair. */
  wr64(n: number, lo: string, hi: string): string {
    return `r[${2 * n}] = ${lo}; r[${2 * n + 1}] = ${hi};`;
  }

  /** Write any size; for 8 bytes `v` and `vh` are the halves. */
  wrAny(n: number, size: number, v: string, vh = '0'): string {
    return size === 8 ? this.wr64(n, v, vh) : this.wr(n, size, v);
  }

  // ---------------- memory operands ----------------

  /** Segment the memory operand uses (override or default). */
  segOf(def = this.i.defaultSeg): number {
    return this.i.seg >= 0 ? this.i.seg : def;
  }

  /**
   * Emit the linear address of the ModRM memory operand (once per instruction) and return its
   * names. `extra` bytes are added to the effective address (second word of a far pointer...).
   */
  addr(extra = 0): Addr {
    if (extra === 0 && this.ea) return this.ea;
    const i = this.i;
    const a = this.effective(i.base, i.index, i.scale, i.disp + extra, i.asz, this.segOf());
    if (extra === 0) this.ea = a;
    return a;
  }

  /**
   * Emit a linear address from parts: base/index registers (-1 none, BASE_RIP), scale shift,
   * displacement, address size and segment.
   */
  effective(base: number, index: number, scale: number, disp: number, asz: number, seg: number): Addr {
    const n = this.t();
    const al = `al${n}`;
    const ah = `ah${n}`;
    if (asz === 8) {
      if (base === BASE_RIP) {
        const t = BigInt(this.nextLo) + (BigInt(this.nextHi) << 32n) + BigInt(disp);
        const lo = Number(t & 0xffffffffn);
        const hi = Number((t >> 32n) & 0xffffffffn) | 0;
        this.emit(`const ${al} = ${lo}, ${ah} = ${hi};`);
      } else {
        const terms: string[] = [];
        const hiTerms: string[] = [];
        if (base >= 0) {
          terms.push(`(r[${2 * base}] >>> 0)`);
          hiTerms.push(`r[${2 * base + 1}]`);
          if (base === 4 && this.rspAdjust) terms.push(String(this.rspAdjust));
        }
        if (index >= 0) {
          terms.push(scale === 0 ? `(r[${2 * index}] >>> 0)` : `(r[${2 * index}] >>> 0) * ${1 << scale}`);
          hiTerms.push(scale === 0 ? `r[${2 * index + 1}]` : `(r[${2 * index + 1}] << ${scale})`);
        }
        if (disp !== 0 || terms.length === 0) {
          terms.push(String(disp));
          if (disp < 0) hiTerms.push('0');
        }
        if (terms.length === 1 && base >= 0 && index < 0) {
          this.emit(`const ${al} = r[${2 * base}] >>> 0, ${ah} = r[${2 * base + 1}];`);
        } else if (base < 0 && index < 0) {
          this.emit(`const ${al} = ${u32(disp)}, ${ah} = ${disp < 0 ? -1 : 0};`);
        } else {
          const his = hiTerms.filter((h) => h !== '0');
          // The sum is exact in a double; its carry into bits 63:32 is usually 0 (then s === s >>> 0).
          const hiSum = his.length ? his.join(' + ') : '0';
          this.emit(`const s${n} = ${terms.join(' + ')}; const ${al} = s${n} >>> 0, ${ah} = ${al} === s${n} ? ${his.length === 1 ? hiSum : `(${hiSum}) | 0`} : (${hiSum} + Math.floor(s${n} / 4294967296)) | 0;`);
        }
      }
      return this.segmentBase64({ lo: al, hi: ah }, seg, n);
    }
    // 16/32-bit effective address, then the segment base (32-bit linear; in 64-bit mode only FS/GS).
    const terms: string[] = [];
    if (base === BASE_RIP) {
      // EIP-relative with a 32-bit address size in 64-bit mode.
      terms.push(String((this.nextLo + disp) | 0));
    } else {
      if (base >= 0) terms.push(asz === 2 ? `(r[${2 * base}] & 65535)` : `r[${2 * base}]`);
      if (base === 4 && this.rspAdjust) terms.push(String(this.rspAdjust));
      if (index >= 0) terms.push(asz === 2 ? `(r[${2 * index}] & 65535)` : scale === 0 ? `r[${2 * index}]` : `(r[${2 * index}] << ${scale})`);
      if (disp !== 0 || terms.length === 0) terms.push(String(disp));
    }
    const eff = asz === 2 ? `((${terms.join(' + ')}) & 65535)` : `((${terms.join(' + ')}) >>> 0)`;
    if (this.mode64) {
      this.emit(`const ${al} = ${eff}, ${ah} = 0;`);
      return this.segmentBase64({ lo: al, hi: ah }, seg, n);
    }
    if (seg < 0 || (this.flat && seg !== Seg.FS && seg !== Seg.GS)) this.emit(`const ${al} = ${eff};`);
    else this.emit(`const ${al} = (c.segBase[${seg}] + ${eff}) >>> 0;`);
    return { lo: al, hi: '0' };
  }

  /** In 64-bit mode FS and GS add their 64-bit base; other segments are flat. */
  private segmentBase64(a: Addr, seg: number, n: number): Addr {
    if (seg !== Seg.FS && seg !== Seg.GS) return a; // includes seg < 0: no segment (LEA)
    this.emit(`const t${n} = ${a.lo} + (c.segBase[${seg}] >>> 0); const bl${n} = t${n} >>> 0, bh${n} = (${a.hi} + c.segBaseHi[${seg}] + (t${n} - bl${n}) / 4294967296) | 0;`);
    return { lo: `bl${n}`, hi: `bh${n}` };
  }

  /** Load `size` bytes: unsigned expression (for 8, the low half; read `c.loadHi` right after). */
  ld(size: number, a: Addr): string {
    this.mayFault();
    return `c.load${size * 8}(${a.lo}, ${a.hi})`;
  }

  /** Store statement. */
  st(size: number, a: Addr, v: string, vh = '0'): string {
    this.mayFault();
    this.stored = true;
    return size === 8 ? `c.store64(${a.lo}, ${a.hi}, ${v}, ${vh});` : `c.store${size * 8}(${a.lo}, ${a.hi}, ${v});`;
  }

  /**
   * Read the r/m operand at `size` into consts named `name` (and `name`h for 8 bytes, a signed
   * int32). 1/2-byte values are unsigned, 4-byte int32.
   */
  readRm(size: number, name: string): void {
    const i = this.i;
    if (!i.isMem) {
      if (size === 8) this.emit(`const ${name} = r[${2 * i.rm}], ${name}h = r[${2 * i.rm + 1}];`);
      else this.emit(`const ${name} = ${this.rd(i.rm, size)};`);
      return;
    }
    this.readMem(size, this.addr(), name);
  }

  /** Read memory at `a` into consts (see readRm). */
  readMem(size: number, a: Addr, name: string): void {
    if (size === 8) this.emit(`const ${name} = ${this.ld(8, a)} | 0, ${name}h = c.loadHi | 0;`);
    else if (size === 4) this.emit(`const ${name} = ${this.ld(4, a)} | 0;`);
    else this.emit(`const ${name} = ${this.ld(size, a)};`);
  }

  /** Write the r/m operand (memory at the address computed by readRm/addr). */
  writeRm(size: number, v: string, vh = '0'): string {
    const i = this.i;
    if (!i.isMem) return this.wrAny(i.rm, size, v, vh);
    return this.st(size, this.addr(), v, vh);
  }

  // ---------------- stack ----------------

  /** Stack width in bytes: 8 in 64-bit mode, else SS.B ? 4 : 2. */
  get stackSize(): number {
    return this.mode64 ? 8 : this.ss32 ? 4 : 2;
  }

  /** Operand size of PUSH/POP/CALL/RET and friends: 64-bit mode defaults to 8 (66h: 2). */
  get stackOpSize(): number {
    if (this.mode64) return this.i.p66 ? 2 : 8;
    return this.i.osz === 2 ? 2 : 4;
  }

  /** Linear address of SS:[xSP + off] as names (emits code). */
  stackAddr(spExpr: string): Addr {
    const n = this.t();
    if (this.mode64) return { lo: `${spExpr}`, hi: 'sph' };
    if (this.flat) this.emit(`const sa${n} = ${this.ss32 ? `${spExpr} >>> 0` : `${spExpr} & 65535`};`);
    else this.emit(`const sa${n} = (c.segBase[${Seg.SS}] + (${this.ss32 ? `${spExpr}` : `${spExpr} & 65535`})) >>> 0;`);
    return { lo: `sa${n}`, hi: '0' };
  }

  /**
   * Push values (pairs lo/hi for 8-byte pushes) in order, all-or-nothing for the registers:
   * RSP changes only after every store. Emits code in a scope of its own.
   */
  push(size: number, values: [string, string][]): void {
    const ss = this.stackSize;
    if (this.mode64) {
      // RSP pair arithmetic: compute each slot's address from the original RSP.
      this.emit(`{ const sp0 = r[8] >>> 0, sph0 = r[9];`);
      let off = 0;
      for (const [lo, hi] of values) {
        off += size;
        this.emit(`{ const s = sp0 - ${off}; const sp = s >>> 0, sph = (sph0 + (s < 0 ? -1 : 0)) | 0; ${this.st(size, { lo: 'sp', hi: 'sph' }, lo, hi)} }`);
      }
      this.emit(`const s = sp0 - ${off}; r[8] = s | 0; r[9] = (sph0 + (s < 0 ? -1 : 0)) | 0; }`);
      return;
    }
    this.emit('{');
    let off = 0;
    for (const [lo] of values) {
      off += size;
      const a = this.stackAddr(`(r[8] - ${off})`);
      this.emit(this.st(size, a, lo));
    }
    this.emit(ss === 4 ? `r[8] = (r[8] - ${off}) | 0; r[9] = 0; }` : `r[8] = (r[8] & -65536) | ((r[8] - ${off}) & 65535); }`);
  }

  /**
   * Load `count` stack values of `size` into consts name0.. (and name0h for 8 bytes) from
   * SS:[SP + skip...], where SP is RSP or the pair given (LEAVE pops from RBP). RSP is not changed.
   */
  popValues(size: number, count: number, name: string, skip = 0, spLo = 'r[8]', spHi = 'r[9]'): void {
    for (let k = 0; k < count; k++) {
      const off = skip + k * size;
      if (this.mode64) {
        this.emit(`const ps${k}${name} = (${spLo} >>> 0) + ${off};`);
        const a = { lo: `(ps${k}${name} >>> 0)`, hi: `((${spHi} + (ps${k}${name} > 4294967295 ? 1 : 0)) | 0)` };
        this.readMem(size, a, `${name}${k}`);
      } else {
        const a = this.stackAddr(`(${spLo} + ${off})`);
        this.readMem(size, a, `${name}${k}`);
      }
    }
  }

  /** Add `bytes` to the stack pointer (at the stack width). */
  adjustSp(bytes: number): string {
    if (bytes === 0) return '';
    if (this.mode64) return `{ const s = (r[8] >>> 0) + ${bytes}; r[8] = s | 0; r[9] = (r[9] + (s > 4294967295 ? 1 : (s < 0 ? -1 : 0))) | 0; }`;
    if (this.ss32) return `r[8] = (r[8] + ${bytes}) | 0; r[9] = 0;`;
    return `r[8] = (r[8] & -65536) | ((r[8] + ${bytes}) & 65535);`;
  }

  // ---------------- flags ----------------

  /** Write pending flag locals to the CPU (statement text, state unchanged). */
  syncCode(): string {
    const op = this.pend;
    if (op < 0) return '';
    const kind = op >>> 2;
    const wide = (op & 3) === 3;
    const s: string[] = [];
    if (this.synced !== op) s.push(`c.ccOp = ${op};`);
    const a = kind === Cc.Add || kind === Cc.Adc || kind === Cc.Sub || kind === Cc.Sbb || kind === Cc.Inc || kind === Cc.Dec || kind === Cc.Imul;
    const b = a || kind === Cc.Shl || kind === Cc.Sar || kind === Cc.Mul;
    if (a) s.push(wide ? 'c.ccA = fa; c.ccAH = fah;' : 'c.ccA = fa;');
    if (b) s.push(wide ? 'c.ccB = fb; c.ccBH = fbh;' : 'c.ccB = fb;');
    s.push(wide ? 'c.ccR = fr; c.ccRH = frh;' : 'c.ccR = fr;');
    if (kind === Cc.Adc || kind === Cc.Sbb || kind === Cc.Inc || kind === Cc.Dec) s.push('c.ccC = fc;');
    return s.join(' ');
  }

  /** Make the CPU's lazy-flag fields current. */
  syncFlags(): void {
    if (this.pend < 0) return;
    this.emit(this.syncCode());
    this.synced = this.pend;
    this.pend = -1;
  }

  /** The instruction set flag locals for op `kind` at `size` bytes. */
  setFlags(kind: number, size: number): void {
    const op = (kind << 2) | sizeIndex(size);
    this.pend = op;
    this.known = op;
  }

  /** A helper wrote the CPU's flag fields: nothing is known at compile time any more. */
  flagsClobbered(): void {
    this.pend = -1;
    this.known = -1;
    this.synced = -1;
  }

  /** A helper is about to read the flags from the CPU. */
  flagsRead(): void {
    this.syncFlags();
  }

  /** Expression for CF (0/1). */
  cf(): string {
    const op = this.known;
    if (op >= 0) {
      const kind = op >>> 2;
      const sz = op & 3;
      switch (kind) {
        case Cc.Add:
          return `(${below(sz, 'fr', 'frh', 'fa', 'fah')} ? 1 : 0)`;
        case Cc.Sub:
          return `(${below(sz, 'fa', 'fah', 'fb', 'fbh')} ? 1 : 0)`;
        case Cc.Logic:
          return '0';
        case Cc.Inc:
        case Cc.Dec:
          return 'fc';
      }
    }
    this.syncFlags();
    return 'H.cf(c)';
  }

  /** Boolean expression for condition `cc` (Jcc encoding). */
  cond(cc: number): string {
    const op = this.known;
    if (op >= 0) {
      const e = knownCondition(op, cc);
      if (e !== undefined) return e;
    }
    this.syncFlags();
    return `H.cond(c, ${cc})`;
  }
}

/** Unsigned (a < b) for a size index, on the flag locals. */
function below(sz: number, a: string, ah: string, b: string, bh: string): string {
  if (sz < 2) return `(${a} < ${b})`;
  if (sz === 2) return `((${a} >>> 0) < (${b} >>> 0))`;
  return `((${ah} >>> 0) < (${bh} >>> 0) || (${ah} === ${bh} && (${a} >>> 0) < (${b} >>> 0)))`;
}

function signedBelow(sz: number, a: string, ah: string, b: string, bh: string): string {
  if (sz === 0) return `(((${a} << 24) >> 24) < ((${b} << 24) >> 24))`;
  if (sz === 1) return `(((${a} << 16) >> 16) < ((${b} << 16) >> 16))`;
  if (sz === 2) return `(${a} < ${b})`;
  return `(${ah} < ${bh} || (${ah} === ${bh} && (${a} >>> 0) < (${b} >>> 0)))`;
}

function zero(sz: number): string {
  return sz === 3 ? '((fr | frh) === 0)' : '(fr === 0)';
}

function sign(sz: number): string {
  return sz === 0 ? '((fr & 128) !== 0)' : sz === 1 ? '((fr & 32768) !== 0)' : sz === 2 ? '(fr < 0)' : '(frh < 0)';
}

/** Condition from known-operation locals, or undefined when the generic path is simpler. */
function knownCondition(op: number, cc: number): string | undefined {
  const kind = op >>> 2;
  const sz = op & 3;
  const neg = (cc & 1) !== 0;
  let e: string | undefined;
  const base = cc & ~1;
  if (base === 4) e = zero(sz);
  else if (base === 8) e = sign(sz);
  else if (kind === Cc.Sub) {
    switch (base) {
      case 2: e = below(sz, 'fa', 'fah', 'fb', 'fbh'); break;
      case 6: e = `(!${below(sz, 'fb', 'fbh', 'fa', 'fah')})`; break;
      case 12: e = signedBelow(sz, 'fa', 'fah', 'fb', 'fbh'); break;
      case 14: e = `(!${signedBelow(sz, 'fb', 'fbh', 'fa', 'fah')})`; break;
    }
  } else if (kind === Cc.Logic) {
    switch (base) {
      case 0: e = 'false'; break;
      case 2: e = 'false'; break;
      case 6: e = zero(sz); break;
      case 12: e = sign(sz); break;
      case 14: e = `(${zero(sz)} || ${sign(sz)})`; break;
    }
  } else if (kind === Cc.Add) {
    if (base === 2) e = below(sz, 'fr', 'frh', 'fa', 'fah');
  } else if (kind === Cc.Inc || kind === Cc.Dec) {
    if (base === 2) e = '(fc !== 0)';
  }
  if (e === undefined) return undefined;
  return neg ? `(!${e})` : e;
}
