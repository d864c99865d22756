import { SYNC_ACQUIRE, SYNC_ACQUIRE_RELEASE, SYNC_RELEASE } from '../../src/api/index.js';
import type { A64Cpu } from './cpu.js';

/**
 * Exclusives (LDXR/STXR and pairs), ordered accesses (LDAR/STLR), CAS/CASP and the LSE atomic
 * memory operations. Cores run one at a time, so each helper is atomic by construction; what
 * needs care is the exclusive monitor shared by all cores.
 *
 * The monitor: LDXR records the reserved 64-byte physical granule in `cpu.exclusivePa` and marks
 * it with `memory.markCode`, so that a write to it from any core or the loader reaches each
 * core's `codeWriteHook`, which clears the reservation (and wakes a core waiting in WFE).
 */

const GRANULE = ~63;

function regLo(c: A64Cpu, r: number): number {
  return c.x[2 * r];
}
function regHi(c: A64Cpu, r: number): number {
  return c.x[2 * r + 1];
}

/** Write a value of `size` (log2 bytes) zero-extended into Xr. */
function setReg(c: A64Cpu, r: number, lo: number, hi: number, size: number): void {
  if (r === 31) return;
  c.x[2 * r] = size === 0 ? lo & 0xff : size === 1 ? lo & 0xffff : lo;
  c.x[2 * r + 1] = size === 3 ? hi : 0;
}

/** LDXR/LDAXR (t2 < 0) and LDXP/LDAXP (size 2: two words, 3: two doublewords). */
function ldxAccess(c: A64Cpu, lo: number, hi: number, size: number, t: number, t2: number): void {
  const bytes = t2 < 0 ? 1 << size : 2 << size;
  const pa = c.alignedPa(lo, hi, bytes, false);
  c.syncCycles();
  if (t2 < 0) {
    const v = c.physRead(pa, 1 << size, lo, hi);
    setReg(c, t, v, c.loadHi, size);
  } else if (size === 2) {
    const v = c.physRead(pa, 8, lo, hi);
    const v2 = c.loadHi;
    setReg(c, t, v, 0, 2);
    setReg(c, t2, v2, 0, 2);
  } else {
    const v = c.physRead(pa, 8, lo, hi);
    const vh = c.loadHi;
    const w = c.physRead(pa + 8, 8, lo, hi);
    setReg(c, t, v, vh, 3);
    setReg(c, t2, w, c.loadHi, 3);
  }
  c.exclusivePa = (pa & GRANULE) >>> 0;
  c.memory.markCode(pa, bytes);
}

/** STXR/STLXR and STXP/STLXP: store if the reservation holds; Ws = 0 on success, 1 on failure. */
function stxAccess(c: A64Cpu, lo: number, hi: number, size: number, s: number, t: number, t2: number): void {
  const bytes = t2 < 0 ? 1 << size : 2 << size;
  const pa = c.alignedPa(lo, hi, bytes, true);
  let status = 1;
  if (c.exclusivePa !== -1 && c.exclusivePa === (pa & GRANULE) >>> 0) {
    c.exclusivePa = -1;
    c.syncCycles();
    if (t2 < 0) c.physWrite(pa, 1 << size, regLo(c, t), regHi(c, t), lo, hi);
    else if (size === 2) c.physWrite(pa, 8, regLo(c, t), regLo(c, t2), lo, hi);
    else {
      c.physWrite(pa, 8, regLo(c, t), regHi(c, t), lo, hi);
      c.physWrite(pa + 8, 8, regLo(c, t2), regHi(c, t2), lo, hi);
    }
    status = 0;
  }
  c.exclusivePa = -1;
  setReg(c, s, status, 0, 2);
}

/** LDAR/STLR (and the LORegion forms): aligned single accesses. */
function orderedAccess(c: A64Cpu, lo: number, hi: number, size: number, load: number, t: number): void {
  const bytes = 1 << size;
  const pa = c.alignedPa(lo, hi, bytes, load === 0);
  c.syncCycles();
  if (load) {
    const v = c.physRead(pa, bytes, lo, hi);
    setReg(c, t, v, c.loadHi, size);
  } else {
    c.physWrite(pa, bytes, regLo(c, t), regHi(c, t), lo, hi);
  }
}

function mask(size: number, v: number): number {
  return size === 0 ? v & 0xff : size === 1 ? v & 0xffff : v >>> 0;
}

/** CAS/CASA/CASL/CASAL: if [addr] == Rs then [addr] = Rt; Rs = old value. */
function casAccess(c: A64Cpu, lo: number, hi: number, size: number, s: number, t: number): void {
  const bytes = 1 << size;
  const pa = c.alignedPa(lo, hi, bytes, true);
  c.syncCycles();
  const old = c.physRead(pa, bytes, lo, hi) >>> 0;
  const oldHi = size === 3 ? c.loadHi >>> 0 : 0;
  const equal = old === mask(size, regLo(c, s)) && (size !== 3 || oldHi === regHi(c, s) >>> 0);
  if (equal) c.physWrite(pa, bytes, regLo(c, t), regHi(c, t), lo, hi);
  setReg(c, s, old, oldHi, size);
}

/** CASP: pairs of W (size 2) or X (size 3) registers Rs:Rs+1 and Rt:Rt+1. */
function caspAccess(c: A64Cpu, lo: number, hi: number, size: number, s: number, t: number): void {
  const half = 1 << size;
  const pa = c.alignedPa(lo, hi, 2 * half, true);
  c.syncCycles();
  const s2 = s === 31 ? 31 : s + 1;
  const t2 = t === 31 ? 31 : t + 1;
  const o1 = c.physRead(pa, half, lo, hi) >>> 0;
  const o1h = size === 3 ? c.loadHi >>> 0 : 0;
  const o2 = c.physRead(pa + half, half, lo, hi) >>> 0;
  const o2h = size === 3 ? c.loadHi >>> 0 : 0;
  let equal = o1 === regLo(c, s) >>> 0 && o2 === regLo(c, s2) >>> 0;
  if (size === 3) equal = equal && o1h === regHi(c, s) >>> 0 && o2h === regHi(c, s2) >>> 0;
  if (equal) {
    c.physWrite(pa, half, regLo(c, t), regHi(c, t), lo, hi);
    c.physWrite(pa + half, half, regLo(c, t2), regHi(c, t2), lo, hi);
  }
  setReg(c, s, o1, o1h, size);
  setReg(c, s2, o2, o2h, size);
}

/** Signed comparison of two values of `size`: negative, zero or positive. */
function compare(size: number, al: number, ah: number, bl: number, bh: number, signed: boolean): number {
  if (size === 3) {
    const x = signed ? ah | 0 : ah >>> 0;
    const y = signed ? bh | 0 : bh >>> 0;
    if (x !== y) return x < y ? -1 : 1;
    return (al >>> 0) - (bl >>> 0);
  }
  const sh = 32 - (8 << size);
  if (signed) return ((al << sh) >> sh) - ((bl << sh) >> sh);
  return mask(size, al) - mask(size, bl);
}

/**
 * LSE atomics: op 0 ADD, 1 CLR, 2 EOR, 3 SET, 4 SMAX, 5 SMIN, 6 UMAX, 7 UMIN, 8 SWP.
 * Rt receives the old value (ST* aliases use Rt = XZR).
 */
function atomicAccess(c: A64Cpu, lo: number, hi: number, size: number, op: number, s: number, t: number): void {
  const bytes = 1 << size;
  const pa = c.alignedPa(lo, hi, bytes, true);
  c.syncCycles();
  const old = c.physRead(pa, bytes, lo, hi) >>> 0;
  const oldHi = size === 3 ? c.loadHi >>> 0 : 0;
  const vl = regLo(c, s);
  const vh = size === 3 ? regHi(c, s) : 0;
  let nl: number;
  let nh = 0;
  switch (op) {
    case 0: {
      const sum = old + (vl >>> 0);
      nl = sum >>> 0;
      nh = (oldHi + vh + (sum > 4294967295 ? 1 : 0)) | 0;
      break;
    }
    case 1:
      nl = old & ~vl;
      nh = oldHi & ~vh;
      break;
    case 2:
      nl = old ^ vl;
      nh = oldHi ^ vh;
      break;
    case 3:
      nl = old | vl;
      nh = oldHi | vh;
      break;
    case 8:
      nl = vl;
      nh = vh;
      break;
    default: {
      const signed = op === 4 || op === 5;
      const wantMax = op === 4 || op === 6;
      const cmp = compare(size, old, oldHi, vl, vh, signed);
      const keepOld = wantMax ? cmp >= 0 : cmp <= 0;
      nl = keepOld ? old : vl;
      nh = keepOld ? oldHi : vh;
    }
  }
  c.physWrite(pa, bytes, nl, nh, lo, hi);
  setReg(c, t, old, oldHi, size);
}

// The race detector hears each helper below as one synchronising access: the bus accesses
// between `beginAtomic` and `endAtomic` carry the kind (docs/timing-research.md). Without a
// listener each wrapper costs one property test; written out by hand so nothing allocates.

/** LDXR/LDAXR (t2 < 0) and LDXP/LDAXP: an acquire for the race detector. */
export function ldx(c: A64Cpu, lo: number, hi: number, size: number, t: number, t2: number): void {
  const o = c.sync.observer;
  if (o === null) return ldxAccess(c, lo, hi, size, t, t2);
  o.beginAtomic(c.index, SYNC_ACQUIRE);
  try {
    ldxAccess(c, lo, hi, size, t, t2);
  } finally {
    o.endAtomic(c.index);
  }
}

/** STXR/STLXR and STXP/STLXP: a release, when the store happens. */
export function stx(c: A64Cpu, lo: number, hi: number, size: number, s: number, t: number, t2: number): void {
  const o = c.sync.observer;
  if (o === null) return stxAccess(c, lo, hi, size, s, t, t2);
  o.beginAtomic(c.index, SYNC_RELEASE);
  try {
    stxAccess(c, lo, hi, size, s, t, t2);
  } finally {
    o.endAtomic(c.index);
  }
}

/** LDAR (an acquire) and STLR (a release). */
export function ordered(c: A64Cpu, lo: number, hi: number, size: number, load: number, t: number): void {
  const o = c.sync.observer;
  if (o === null) return orderedAccess(c, lo, hi, size, load, t);
  o.beginAtomic(c.index, load ? SYNC_ACQUIRE : SYNC_RELEASE);
  try {
    orderedAccess(c, lo, hi, size, load, t);
  } finally {
    o.endAtomic(c.index);
  }
}

/** CAS: acquire and release. */
export function cas(c: A64Cpu, lo: number, hi: number, size: number, s: number, t: number): void {
  const o = c.sync.observer;
  if (o === null) return casAccess(c, lo, hi, size, s, t);
  o.beginAtomic(c.index, SYNC_ACQUIRE_RELEASE);
  try {
    casAccess(c, lo, hi, size, s, t);
  } finally {
    o.endAtomic(c.index);
  }
}

/** CASP: acquire and release. */
export function casp(c: A64Cpu, lo: number, hi: number, size: number, s: number, t: number): void {
  const o = c.sync.observer;
  if (o === null) return caspAccess(c, lo, hi, size, s, t);
  o.beginAtomic(c.index, SYNC_ACQUIRE_RELEASE);
  try {
    caspAccess(c, lo, hi, size, s, t);
  } finally {
    o.endAtomic(c.index);
  }
}

/** LSE atomic memory operations: acquire and release. */
export function atomic(c: A64Cpu, lo: number, hi: number, size: number, op: number, s: number, t: number): void {
  const o = c.sync.observer;
  if (o === null) return atomicAccess(c, lo, hi, size, op, s, t);
  o.beginAtomic(c.index, SYNC_ACQUIRE_RELEASE);
  try {
    atomicAccess(c, lo, hi, size, op, s, t);
  } finally {
    o.endAtomic(c.index);
  }
}
