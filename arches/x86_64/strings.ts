/**
 * String instructions at run time: one iteration (`str`) and the REP loop (`rep`), which counts
 * each iteration as one instruction, stops at the end of the time budget or when an interrupt
 * or an exit is pending (RIP stays on the instruction, registers show the iterations done), and
 * reports iterations retired before a fault through `c.repDone`.
 * @module
 */
import { Seg } from './decode/insn.js';
import { Cc, DF, ZF, computeFlags, sizeIndex } from './flags.js';
import type { X86Cpu } from './cpu.js';

let aLo = 0;
let aHi = 0;

/** Linear address of seg:[index register] at address size asz into aLo/aHi. */
function linear(c: X86Cpu, seg: number, reg: number, asz: number): void {
  const r = c.r;
  if (asz === 8) {
    aLo = r[2 * reg] >>> 0;
    aHi = r[2 * reg + 1];
  } else {
    aLo = asz === 4 ? r[2 * reg] >>> 0 : r[2 * reg] & 0xffff;
    aHi = 0;
  }
  if (c.mode64) {
    if (seg === Seg.FS || seg === Seg.GS) {
      const s = aLo + (c.segBase[seg] >>> 0);
      aLo = s >>> 0;
      aHi = (aHi + c.segBaseHi[seg] + (s > 0xffffffff ? 1 : 0)) | 0;
    }
  } else aLo = (c.segBase[seg] + aLo) >>> 0;
}

/** Add delta to index register `reg` at the address size. */
function advance(c: X86Cpu, reg: number, delta: number, asz: number): void {
  const r = c.r;
  const i = 2 * reg;
  if (asz === 2) r[i] = (r[i] & -65536) | ((r[i] + delta) & 0xffff);
  else if (asz === 4) {
    r[i] = (r[i] + delta) | 0;
    r[i + 1] = 0;
  } else {
    const s = (r[i] >>> 0) + delta;
    r[i] = s | 0;
    r[i + 1] = (r[i + 1] + (s > 0xffffffff ? 1 : s < 0 ? -1 : 0)) | 0;
  }
}

function load(c: X86Cpu, size: number): number {
  switch (size) {
    case 1: return c.load8(aLo, aHi);
    case 2: return c.load16(aLo, aHi);
    case 4: return c.load32(aLo, aHi);
    default: return c.load64(aLo, aHi);
  }
}

function store(c: X86Cpu, size: number, v: number, vh: number): void {
  switch (size) {
    case 1: return c.store8(aLo, aHi, v);
    case 2: return c.store16(aLo, aHi, v);
    case 4: return c.store32(aLo, aHi, v);
    default: return c.store64(aLo, aHi, v, vh);
  }
}

/** Write rAX at `size` (32 bits zero-extend). */
function setAcc(c: X86Cpu, size: number, v: number, vh: number): void {
  const r = c.r;
  if (size === 1) r[0] = (r[0] & -256) | (v & 0xff);
  else if (size === 2) r[0] = (r[0] & -65536) | (v & 0xffff);
  else {
    r[0] = v | 0;
    r[1] = size === 8 ? vh | 0 : 0;
  }
}

/** CMPS/SCAS flags: a - b at size. */
function compare(c: X86Cpu, size: number, a: number, ah: number, b: number, bh: number): void {
  c.ccOp = (Cc.Sub << 2) | sizeIndex(size);
  if (size === 8) {
    const s = (a >>> 0) - (b >>> 0);
    c.ccA = a | 0;
    c.ccAH = ah | 0;
    c.ccB = b | 0;
    c.ccBH = bh | 0;
    c.ccR = s | 0;
    c.ccRH = (ah - bh - (s < 0 ? 1 : 0)) | 0;
  } else {
    c.ccA = size === 4 ? a | 0 : a;
    c.ccB = size === 4 ? b | 0 : b;
    c.ccR = size === 1 ? (a - b) & 0xff : size === 2 ? (a - b) & 0xffff : (a - b) | 0;
  }
}

/** One iteration of string op `op` (the opcode byte). */
export function str(c: X86Cpu, op: number, size: number, asz: number, seg: number): void {
  const delta = (c.eflags & DF) !== 0 ? -size : size;
  const r = c.r;
  switch (op) {
    case 0xa4:
    case 0xa5: {
      linear(c, seg, 6, asz);
      const v = load(c, size);
      const vh = c.loadHi;
      linear(c, Seg.ES, 7, asz);
      store(c, size, v, vh);
      advance(c, 6, delta, asz);
      advance(c, 7, delta, asz);
      return;
    }
    case 0xa6:
    case 0xa7: {
      linear(c, seg, 6, asz);
      const a = load(c, size);
      const ah = c.loadHi;
      linear(c, Seg.ES, 7, asz);
      const b = load(c, size);
      const bh = c.loadHi;
      compare(c, size, a, ah, b, bh);
      advance(c, 6, delta, asz);
      advance(c, 7, delta, asz);
      return;
    }
    case 0xaa:
    case 0xab:
      linear(c, Seg.ES, 7, asz);
      store(c, size, r[0], r[1]);
      advance(c, 7, delta, asz);
      return;
    case 0xac:
    case 0xad: {
      linear(c, seg, 6, asz);
      const v = load(c, size);
      setAcc(c, size, v, c.loadHi);
      advance(c, 6, delta, asz);
      return;
    }
    case 0xae:
    case 0xaf: {
      linear(c, Seg.ES, 7, asz);
      const b = load(c, size);
      const bh = c.loadHi;
      const a = size === 1 ? r[0] & 0xff : size === 2 ? r[0] & 0xffff : r[0];
      compare(c, size, a, r[1], b, bh);
      advance(c, 7, delta, asz);
      return;
    }
    case 0x6c:
    case 0x6d: {
      const v = c.portIn(r[4] & 0xffff, size as 1 | 2 | 4);
      linear(c, Seg.ES, 7, asz);
      store(c, size, v, 0);
      advance(c, 7, delta, asz);
      return;
    }
    default: {
      linear(c, seg, 6, asz);
      const v = load(c, size);
      c.portOut(r[4] & 0xffff, size as 1 | 2 | 4, v);
      advance(c, 6, delta, asz);
    }
  }
}

/**
 * REP/REPE/REPNE `op` (kind 0 plain, 1 REPE, 2 REPNE). Returns the instructions retired and sets
 * RIP to `next` when done, or leaves it on the instruction (rip) when stopped early.
 */
export function rep(c: X86Cpu, op: number, size: number, asz: number, seg: number, kind: number, ripLo: number, ripHi: number, nextLo: number, nextHi: number): number {
  const r = c.r;
  let count = asz === 2 ? r[2] & 0xffff : asz === 4 ? r[2] >>> 0 : (r[3] >>> 0) * 4294967296 + (r[2] >>> 0);
  if (count === 0) {
    c.ip = nextLo;
    c.ipHi = nextHi;
    return 1;
  }
  const budget = c.cycleLimit - c.blockStartCycles - c.k;
  let done = 0;
  c.repDone = 0;
  for (;;) {
    str(c, op, size, asz, seg);
    done++;
    c.repDone = done;
    count--;
    if (asz === 2) r[2] = (r[2] & -65536) | (count & 0xffff);
    else if (asz === 4) {
      r[2] = count | 0;
      r[3] = 0;
    } else {
      const s = (r[2] >>> 0) - 1;
      r[2] = s | 0;
      r[3] = (r[3] - (s < 0 ? 1 : 0)) | 0;
    }
    if (kind !== 0) {
      const zf = (computeFlags(c) & ZF) !== 0;
      if (kind === 1 ? !zf : zf) break;
    }
    if (count === 0) break;
    if (done >= budget || c.attention !== 0 || c.exitRequested) {
      c.repDone = 0;
      c.ip = ripLo;
      c.ipHi = ripHi;
      return done;
    }
  }
  c.repDone = 0;
  c.ip = nextLo;
  c.ipHi = nextHi;
  return done;
}
