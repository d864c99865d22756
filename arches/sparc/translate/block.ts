import type { AddressSpace } from '../../../src/api/index.js';
import { DecodedPage, decodeInto } from '../decoder.js';
import { Op } from '../ops.js';
import { Icc, Mark, lazyCondition, operand2, rd, reg, rs1, setReg } from './gen.js';

/** One translated block: straight-line code up to and including a branch and its delay slot. */
export interface BlockCode {
  readonly start: number;
  /** Instructions the block executes when none is annulled (the budget it reserves). */
  readonly length: number;
  readonly code: string;
  /** Constant addresses it may continue at (for the region's exploration). */
  readonly targets: readonly number[];
}

/** Where an instruction runs: its PC, the nPC as an expression (a delay slot's is the branch's outcome), its index. */
interface Ctx {
  readonly pc: number;
  readonly npc: string;
  readonly k: number;
  readonly delay: boolean;
}

const scratch = new DecodedPage();

/** Decode the word at `pa` (op, immediate, word), or null when `pa` is not memory. */
function fetch(mem: AddressSpace, pa: number): { op: Op; imm: number; w: number } | null {
  if (!mem.isMemory(pa >>> 0, 4)) return null;
  const w = mem.read32(pa >>> 0) | 0;
  decodeInto(w, scratch, 0);
  return { op: scratch.ops[0] as Op, imm: scratch.imm[0], w };
}

const isCti = (op: Op): boolean =>
  op === Op.Bicc || op === Op.Ba || op === Op.BaA || op === Op.Bn || op === Op.BnA || op === Op.Fbfcc || op === Op.Call || op === Op.JmplR || op === Op.JmplI || op === Op.Rett;

class Builder {
  readonly parts: string[] = [];
  readonly targets: number[] = [];
  icc = Icc.Unknown;
  constructor(readonly nwindows: number) {}

  emit(code: string): void {
    this.parts.push(code);
  }

  /** About to write `icc` directly. */
  eager(): void {
    if (this.icc !== Icc.Eager) this.emit('fk = 0;');
    this.icc = Icc.Eager;
  }

  /** About to read `icc` (or hand it to a helper): make it real. */
  materialize(): void {
    if (this.icc !== Icc.Eager) this.emit('if (fk !== 0) { icc = H.iccOf(fk, fa, fb); fk = 0; }');
    this.icc = Icc.Eager;
  }

  cond(cond: number): string {
    const e = lazyCondition(this.icc, cond);
    if (e !== null) return e;
    this.materialize();
    return `H.ICC[${cond << 4} | icc] !== 0`;
  }
}

/**
 * Leave the region in front of the instruction at ctx, for the interpreter to execute it: its
 * exceptional cases (traps, devices, unaligned or unmapped addresses, window wrap-around) are
 * all the interpreter's, so generated code calls nothing and stays small for V8's compiler.
 */
function bail(ctx: Ctx): string {
  return `{ c.pcv = ${ctx.pc | 0}; c.npcv = ${ctx.npc}; c.interp = 1; ${Mark.leaveAt(ctx.k)} break L; }`;
}

/**
 * Translate the block at `pa`. Returns null when its first instruction must go to the
 * interpreter (RETT, a branch with a branch in its delay slot, a word not in memory).
 */
export function translateBlock(mem: AddressSpace, pa: number, nwindows: number, limit: number): BlockCode | null {
  const b = new Builder(nwindows);
  let k = 0;
  let pc = pa;
  for (;;) {
    const d = fetch(mem, pc);
    if (d === null) break;
    const ctx: Ctx = { pc, npc: String((pc + 4) | 0), k, delay: false };
    if (isCti(d.op)) {
      const used = cti(b, mem, d.op, d.imm, d.w, ctx);
      if (used === 0) break; // for the interpreter
      k += used;
      return { start: pa, length: k, code: b.parts.join('\n'), targets: b.targets };
    }
    const mark = b.parts.length;
    if (!plain(b, d.op, d.imm, d.w, ctx)) {
      b.parts.length = mark;
      break;
    }
    k++;
    pc = (pc + 4) >>> 0;
    if (exitsAfter(d.op, d.w)) {
      b.emit(`c.pcv = ${pc | 0}; c.npcv = ${(pc + 4) | 0}; break L;`);
      return { start: pa, length: k, code: b.parts.join('\n'), targets: [] };
    }

    if (k >= limit || (pc & 0xfff) === 0) {
      b.targets.push(pc);
      b.emit(Mark.goto(pc));
      return { start: pa, length: k, code: b.parts.join('\n'), targets: b.targets };
    }
  }
  if (k === 0) return null;
  // The next instruction is for the interpreter: stop in front of it.
  b.emit(`c.pcv = ${pc | 0}; c.npcv = ${(pc + 4) | 0}; c.interp = 1; break L;`);
  return { start: pa, length: k, code: b.parts.join('\n'), targets: [] };
}

/** Instructions after which the run loop must look again (code may have changed). */
function exitsAfter(op: Op, _w: number): boolean {
  return op === Op.Flush;
}

/**
 * A branch, call or jump at ctx with its delay slot. Returns the instructions it reserves (2),
 * or 0 when the pair must go to the interpreter.
 */
function cti(b: Builder, mem: AddressSpace, op: Op, imm: number, w: number, ctx: Ctx): number {
  if (op === Op.Rett) return 0;
  const P = ctx.pc;
  const P8 = (P + 8) >>> 0;
  const slot = fetch(mem, (P + 4) >>> 0);
  const annulled = op === Op.BaA || op === Op.BnA || ((op === Op.Bicc || op === Op.Fbfcc) && (w & 0x20000000) !== 0);
  // A delay slot holding a branch (a DCTI couple) or an instruction that must end the region
  // goes to the interpreter with its branch.
  const needsSlot = op !== Op.BaA && op !== Op.BnA;
  if (needsSlot && (slot === null || isCti(slot.op) || exitsAfter(slot.op, slot.w))) return 0;
  const delayCtx = (npc: string): Ctx => ({ pc: (P + 4) >>> 0, npc, k: ctx.k + 1, delay: true });
  const delay = (npc: string): string | null => {
    if (slot === null) return null;
    const inner = new Builder(b.nwindows);
    inner.icc = b.icc;
    if (!plain(inner, slot.op, slot.imm, slot.w, delayCtx(npc))) return null;
    b.icc = inner.icc;
    return inner.parts.join(' ');
  };
  switch (op) {
    case Op.Ba:
    case Op.Bn: {
      const t = op === Op.Ba ? (P + imm) >>> 0 : P8;
      const code = delay(String(t | 0));
      if (code === null) return 0;
      b.targets.push(t);
      b.emit(`${code} ${Mark.goto(t)}`);
      return 2;
    }
    case Op.BaA:
    case Op.BnA: {
      // The delay slot is annulled: it takes no cycle.
      const t = op === Op.BaA ? (P + imm) >>> 0 : P8;
      b.targets.push(t);
      b.emit(`n += 1; ${Mark.goto(t)}`);
      return 2;
    }
    case Op.Bicc:
    case Op.Fbfcc: {
      const t = (P + imm) >>> 0;
      const cond = (w >>> 25) & 15;
      let test: string;
      if (op === Op.Fbfcc) {
        b.emit(`if (c.ef === 0) ${bail(ctx)}`);
        test = `H.FCC[${cond << 2} | c.fpu.fcc] !== 0`;
      } else {
        test = b.cond(cond);
      }
      const before = b.icc;
      const code = delay(`(taken ? ${t | 0} : ${P8 | 0})`);
      if (code === null) return 0;
      b.targets.push(t, P8);
      if (op === Op.Fbfcc && cond === 8 && annulled) {
        // FBA,a: the delay slot is annulled, as for BA,a.
        b.icc = before;
        b.emit(`n += 1; ${Mark.goto(t)}`);
        return 2;
      }
      const run = annulled ? `if (taken) { ${code} } else n += 1;` : code;
      b.emit(`{ const taken = ${test}; ${run} if (taken) { ${Mark.goto(t)} } ${Mark.goto(P8)} }`);
      return 2;
    }
    case Op.Call: {
      const t = (P + imm) >>> 0;
      const code = delay(String(t | 0));
      if (code === null) return 0;
      b.targets.push(t, P8); // P8: where the call returns, worth translating with the caller
      b.emit(`R[wb + 15] = ${P | 0}; ${code} ${Mark.goto(t)}`);
      return 2;
    }
    case Op.JmplR:
    case Op.JmplI: {
      const code = delay('tgt');
      if (code === null) return 0;
      b.emit(`{ const tgt = (${reg(rs1(w))} + ${operand2(w)}) | 0; if ((tgt & 3) !== 0) ${bail(ctx)} ${setReg(rd(w), String(P | 0))} ${code} ${Mark.indirect} }`);
      return 2;
    }
    default:
      return 0;
  }
}

/** A non-CTI instruction. Returns false when it is for the interpreter. */
function plain(b: Builder, op: Op, imm: number, w: number, ctx: Ctx): boolean {
  const d = rd(w);
  const a = reg(rs1(w));
  const o2 = operand2(w);
  switch (op) {
    case Op.Nop:
      return true;
    case Op.Sethi:
      b.emit(setReg(d, String(imm)));
      return true;
    case Op.AddR:
    case Op.AddI:
      b.emit(setReg(d, `${a} + ${o2}`));
      return true;
    case Op.SubR:
    case Op.SubI:
      b.emit(setReg(d, `${a} - ${o2}`));
      return true;
    case Op.AndR:
    case Op.AndI:
      b.emit(setReg(d, `${a} & ${o2}`));
      return true;
    case Op.OrR:
    case Op.OrI:
      b.emit(setReg(d, rs1(w) === 0 ? o2 : `${a} | ${o2}`));
      return true;
    case Op.XorR:
    case Op.XorI:
      b.emit(setReg(d, `${a} ^ ${o2}`));
      return true;
    case Op.AndnR:
    case Op.AndnI:
      b.emit(setReg(d, `${a} & ~(${o2})`));
      return true;
    case Op.SllR:
    case Op.SllI:
      b.emit(setReg(d, `${a} << ${w & 0x2000 ? imm : `(${o2} & 31)`}`));
      return true;
    case Op.SrlR:
    case Op.SrlI:
      b.emit(setReg(d, `${a} >>> ${w & 0x2000 ? imm : `(${o2} & 31)`}`));
      return true;
    case Op.SraR:
    case Op.SraI:
      b.emit(setReg(d, `${a} >> ${w & 0x2000 ? imm : `(${o2} & 31)`}`));
      return true;
    case Op.AddccR:
    case Op.AddccI:
      b.eager();
      b.emit(`{ const x = ${a}, y = ${o2}, r = (x + y) | 0; icc = ((r >>> 28) & 8) | (r === 0 ? 4 : 0) | (((~(x ^ y) & (x ^ r)) >>> 30) & 2) | ((r >>> 0) < (x >>> 0) ? 1 : 0); ${setReg(d, 'r')} }`);
      return true;
    case Op.SubccR:
    case Op.SubccI:
      b.icc = Icc.Sub;
      b.emit(`fa = ${a} | 0; fb = ${o2} | 0; fk = 1; ${setReg(d, 'fa - fb')}`);
      return true;
    case Op.AndccR:
    case Op.AndccI:
    case Op.OrccR:
    case Op.OrccI:
    case Op.XorccR:
    case Op.XorccI: {
      const js = op === Op.AndccR || op === Op.AndccI ? '&' : op === Op.OrccR || op === Op.OrccI ? '|' : '^';
      b.icc = Icc.Logic;
      b.emit(`fa = (${a} ${js} ${o2}) | 0; fk = 2; ${setReg(d, 'fa')}`);
      return true;
    }
    case Op.Alu:
      return alu(b, w, ctx);
    case Op.SaveR:
    case Op.SaveI:
    case Op.RestoreR:
    case Op.RestoreI: {
      // Window overflow and underflow traps go to the interpreter.
      const save = op === Op.SaveR || op === Op.SaveI;
      const last = b.nwindows - 1;
      const next = save ? `(cwp === 0 ? ${last} : cwp - 1)` : `(cwp === ${last} ? 0 : cwp + 1)`;
      b.emit(`{ const cwp = c.cwp, next = ${next}; if (((c.wim >>> next) & 1) !== 0) ${bail(ctx)} const v = (${a} + ${o2}) | 0; c.setCwp(next); wb = c.wb; ${setReg(d, 'v')} }`);
      return true;
    }
    case Op.Ticc: {
      const cond = (w >>> 25) & 15;
      if (cond === 0) return true; // TN
      b.emit(`if (${b.cond(cond)}) ${bail(ctx)}`);
      return true;
    }
    case Op.Rdy:
      // STBAR (RDASR 15 into %g0) is a barrier the race detector hears, in order with the
      // region's accesses: accesses to observed memory all leave for the interpreter.
      if (d === 0 && rs1(w) === 15) b.emit('{ const o = c.sync.observer; if (o !== null) o.barrier(c.index); }');
      b.emit(setReg(d, rs1(w) === 17 ? 'c.asr17' : 'c.y'));
      return true;
    case Op.Wry:
      b.emit(`c.y = ${a} ^ ${o2};`);
      return true;
    case Op.Flush:
      return !ctx.delay; // stored code is already invalid; the block ends after it
    case Op.LdR:
    case Op.LdI:
      b.emit(`{ const ea = (${a} + ${o2}) | 0, x = rix[ea >>> 12]; if ((ea & 3) !== 0 || x === 0) ${bail(ctx)} ${setReg(d, 'views[x].getInt32((ea >>> 0) - bases[x])')} }`);
      return true;
    case Op.LdubR:
    case Op.LdubI:
      b.emit(`{ const ea = (${a} + ${o2}) | 0, x = rix[ea >>> 12]; if (x === 0) ${bail(ctx)} ${setReg(d, 'views[x].getUint8((ea >>> 0) - bases[x])')} }`);
      return true;
    case Op.Lduh:
    case Op.Ldsh:
    case Op.Ldsb: {
      const get = op === Op.Lduh ? 'getUint16' : op === Op.Ldsh ? 'getInt16' : 'getInt8';
      const align = op === Op.Ldsb ? '' : '(ea & 1) !== 0 || ';
      b.emit(`{ const ea = (${a} + ${o2}) | 0, x = rix[ea >>> 12]; if (${align}x === 0) ${bail(ctx)} ${setReg(d, `views[x].${get}((ea >>> 0) - bases[x])`)} }`);
      return true;
    }
    case Op.Ldd:
      if (d & 1) return false;
      b.emit(`{ const ea = (${a} + ${o2}) | 0, x = rix[ea >>> 12]; if ((ea & 7) !== 0 || x === 0) ${bail(ctx)} const o = (ea >>> 0) - bases[x], dv = views[x]; const v = dv.getInt32(o), v2 = dv.getInt32(o + 4); ${setReg(d, 'v')} ${setReg(d + 1, 'v2')} }`);
      return true;
    case Op.StR:
    case Op.StI:
      b.emit(store(ctx, a, o2, 3, 'setInt32', reg(d)));
      return true;
    case Op.StbR:
    case Op.StbI:
      b.emit(store(ctx, a, o2, 0, 'setUint8', reg(d)));
      return true;
    case Op.Sth:
      b.emit(store(ctx, a, o2, 1, 'setInt16', reg(d)));
      return true;
    case Op.Std:
      if (d & 1) return false;
      b.emit(store(ctx, a, o2, 7, 'setInt32', reg(d), reg(d + 1)));
      return true;
    case Op.Special: {
      // RD/WR of PSR, WIM, TBR and ASRs through the CPU's helper; a trap (privileged, illegal
      // CWP) goes to the interpreter before anything changed. Interrupt state may change (WRPSR,
      // power-down): the region stops after it when the run loop is wanted.
      if (ctx.delay) return false; // the interpreter takes the branch and its slot
      b.materialize();
      const stop = `if (c.brk !== 0) { c.pcv = ${(ctx.pc + 4) | 0}; c.npcv = ${(ctx.pc + 8) | 0}; ${Mark.leaveAt(ctx.k + 1)} break L; }`;
      b.emit(`{ c.icc = icc; if (c.special(${w}) !== 0) ${bail(ctx)} icc = c.icc; wb = c.wb; ${stop} }`);
      return true;
    }
    default:
      // Alternate spaces, LDSTUB/SWAP, the FPU, RETT, UNIMP: the interpreter's.
      return false;
  }
}

/** The generic ALU ops: ADDX/SUBX, UMUL/SMUL inline; the rest (division, tagged, MULScc, cc forms) are the interpreter's. */
function alu(b: Builder, w: number, _ctx: Ctx): boolean {
  const op3 = (w >>> 19) & 0x3f;
  const d = rd(w);
  const a = reg(rs1(w));
  const o2 = operand2(w);
  if (op3 === 0x0a || op3 === 0x0b) {
    // UMUL, SMUL: low word to rd, high word to %y.
    b.emit(`{ const x = ${a}, y = ${o2}; c.y = H.mulHigh(x, y, ${op3 === 0x0b}); ${setReg(d, 'Math.imul(x, y)')} }`);
    return true;
  }
  if (op3 === 0x08 || op3 === 0x0c) {
    // ADDX, SUBX: with the carry in.
    b.materialize();
    b.emit(setReg(d, `${a} ${op3 === 0x08 ? '+' : '-'} ${o2} ${op3 === 0x08 ? '+' : '-'} (icc & 1)`));
    return true;
  }
  // The rest (division, cc forms, tagged, MULScc) through the CPU's helper; a trap (division by
  // zero, tag overflow) goes to the interpreter before anything changed.
  b.materialize();
  b.emit(`{ const x = ${a}, y = ${o2}; c.icc = icc; if (c.alu(${w}, x, y) !== 0) ${bail(_ctx)} icc = c.icc; }`);
  return true;
}

/**
 * An inline store of `value` (and `value2` at +4, STD) at rs1 + op2 whose low `align` bits must
 * be zero: the bus page map when the page holds no code, the page's store gate when it does
 * (data beside code), else the interpreter (code to drop, ROM, devices, unmapped, unaligned).
 */
function store(ctx: Ctx, a: string, o2: string, align: number, set: string, value: string, value2?: string): string {
  const write = (dv: string): string => (value2 === undefined ? `${dv}.${set}(o, ${value});` : `{ const w1 = ${value}, w2 = ${value2}; ${dv}.${set}(o, w1); ${dv}.${set}(o + 4, w2); }`);
  const aligned = align === 0 ? '' : `(ea & ${align}) === 0 && `;
  return `{ const ea = (${a} + ${o2}) | 0, x = wix[ea >>> 12]; let o; if (${aligned}x !== 0) { o = (ea >>> 0) - bases[x]; ${write('views[x]')} } else { const y = rix[ea >>> 12]; if (${aligned}y !== 0 && gates[y][(o = (ea >>> 0) - bases[y]) >>> 6] === 0) ${write('views[y]')} else ${bail(ctx)} } }`;
}
