/**
 * Shifts and rotates that are not inlined: counts from CL, ROL/ROR/RCL/RCR, SHLD/SHRD, and the
 * BT flag update. Flags follow QEMU 7.2: a count that is zero after masking leaves them alone;
 * rotates keep SF/ZF/AF/PF and set CF/OF; RCL/RCR take the count modulo 9/17 for 8/16 bits.
 * @module
 */
import { ARITH, AF, CF, Cc, computeCf, computeFlags, OF, sizeIndex, type LazyFlags } from './flags.js';

/** What the helpers touch on the CPU. */
export interface ShiftHost extends LazyFlags {
  loadHi: number;
}

/** Result pair of the pair operations below. */
let resLo = 0;
let resHi = 0;

/** Pair shift left by n (0..63). */
function shl(l: number, h: number, n: number): void {
  if (n === 0) {
    resLo = l;
    resHi = h;
  } else if (n < 32) {
    resLo = l << n;
    resHi = (h << n) | (l >>> (32 - n));
  } else {
    resLo = 0;
    resHi = n === 32 ? l : l << (n - 32);
  }
}

/** Pair logical shift right by n (0..63). */
function shr(l: number, h: number, n: number): void {
  if (n === 0) {
    resLo = l;
    resHi = h;
  } else if (n < 32) {
    resLo = (l >>> n) | (h << (32 - n));
    resHi = h >>> n;
  } else {
    resLo = n === 32 ? h : h >>> (n - 32);
    resHi = 0;
  }
  resLo |= 0;
  resHi |= 0;
}

/** Pair arithmetic shift right by n (0..63). */
function sar(l: number, h: number, n: number): void {
  if (n === 0) {
    resLo = l;
    resHi = h;
  } else if (n < 32) {
    resLo = (l >>> n) | (h << (32 - n));
    resHi = h >> n;
  } else {
    resLo = n === 32 ? h : h >> (n - 32);
    resHi = h >> 31;
  }
  resLo |= 0;
}

/** Mask a value to `size` bytes (8: left as is). */
function mask(v: number, size: number): number {
  return size === 1 ? v & 0xff : size === 2 ? v & 0xffff : v | 0;
}

function msb(size: number, lo: number, hi: number): number {
  return size === 8 ? hi >>> 31 : (lo >>> (size * 8 - 1)) & 1;
}

/** Set CF and OF, keeping the other arithmetic flags (rotates). */
function setCfOf(c: ShiftHost, cf: number, of: number): void {
  const f = computeFlags(c);
  c.ccOp = Cc.Eflags << 2;
  c.ccR = (f & ARITH & ~(CF | OF)) | (cf ? CF : 0) | (of ? OF : 0);
}

/**
 * Group 2 operation `op` (0 ROL, 1 ROR, 2 RCL, 3 RCR, 4 SHL, 5 SHR, 7 SAR) of (a, ah) at `size`
 * by the masked count n. Returns bits 31:0; bits 63:32 in `c.loadHi`.
 */
export function shift(c: ShiftHost, op: number, size: number, a: number, ah: number, n: number): number {
  const bits = size * 8;
  a = mask(a, size);
  if (size < 8) ah = 0;
  if (n === 0) {
    c.loadHi = ah;
    return a;
  }
  const sz = sizeIndex(size);
  switch (op) {
    case 4:
    case 6: {
      if (size === 8) {
        shl(a, ah, n - 1);
        const sl = resLo;
        const sh = resHi;
        shl(a, ah, n);
        c.ccB = sl;
        c.ccBH = sh;
      } else {
        c.ccB = mask(n - 1 >= 32 ? 0 : a << (n - 1), size);
        resLo = mask(n >= 32 ? 0 : a << n, size);
        resHi = 0;
      }
      c.ccOp = (Cc.Shl << 2) | sz;
      break;
    }
    case 5:
    case 7: {
      if (size === 8) {
        if (op === 5) shr(a, ah, n - 1);
        else sar(a, ah, n - 1);
        const sl = resLo;
        const sh = resHi;
        if (op === 5) shr(a, ah, n);
        else sar(a, ah, n);
        c.ccB = sl;
        c.ccBH = sh;
      } else {
        const sx = op === 7 ? (size === 1 ? (a << 24) >> 24 : size === 2 ? (a << 16) >> 16 : a) : a >>> 0;
        if (op === 5) {
          c.ccB = mask(n - 1 >= 32 ? 0 : sx >>> (n - 1), size);
          resLo = mask(n >= 32 ? 0 : sx >>> n, size);
        } else {
          c.ccB = mask(sx >> Math.min(31, n - 1), size);
          resLo = mask(sx >> Math.min(31, n), size);
        }
        resHi = 0;
      }
      c.ccOp = (Cc.Sar << 2) | sz;
      break;
    }
    case 0:
    case 1: {
      // ROL/ROR: rotate by n mod bits; CF/OF from the result even when n mod bits is 0.
      const k = n & (bits - 1);
      if (size === 8) {
        if (op === 0) {
          shl(a, ah, k);
          const l = resLo;
          const h = resHi;
          shr(a, ah, (64 - k) & 63);
          resLo = k === 0 ? a : l | resLo;
          resHi = k === 0 ? ah : h | resHi;
        } else {
          shr(a, ah, k);
          const l = resLo;
          const h = resHi;
          shl(a, ah, (64 - k) & 63);
          resLo = k === 0 ? a : l | resLo;
          resHi = k === 0 ? ah : h | resHi;
        }
      } else {
        const v = a >>> 0;
        resLo = k === 0 ? a : mask(op === 0 ? (v << k) | (v >>> (bits - k)) : (v >>> k) | (v << (bits - k)), size);
        resHi = 0;
      }
      const top = msb(size, resLo, resHi);
      if (op === 0) {
        const cf = resLo & 1;
        setCfOf(c, cf, cf ^ top);
      } else {
        const next = size === 8 ? (resHi >>> 30) & 1 : (resLo >>> (bits - 2)) & 1;
        setCfOf(c, top, top ^ next);
      }
      break;
    }
    default: {
      // RCL/RCR through CF: the count is taken mod bits+1 for 8/16-bit operands.
      const k = size === 1 ? n % 9 : size === 2 ? n % 17 : n;
      if (k === 0) {
        c.loadHi = ah;
        return a;
      }
      let cf = computeCf(c);
      let l = a;
      let h = ah;
      for (let s = 0; s < k; s++) {
        if (op === 2) {
          const out = msb(size, l, h);
          if (size === 8) {
            h = (h << 1) | (l >>> 31);
            l = (l << 1) | cf;
          } else l = mask((l << 1) | cf, size);
          cf = out;
        } else {
          const out = l & 1;
          if (size === 8) {
            l = (l >>> 1) | (h << 31);
            h = (h >>> 1) | (cf << 31);
          } else l = mask((l >>> 1) | (cf << (bits - 1)), size);
          cf = out;
        }
      }
      resLo = l | 0;
      resHi = size === 8 ? h | 0 : 0;
      setCfOf(c, cf, msb(size, a ^ resLo, ah ^ resHi));
    }
  }
  if (op >= 4) {
    c.ccR = resLo;
    c.ccRH = resHi;
  }
  c.loadHi = resHi;
  return resLo;
}

/**
 * SHLD (right = false) / SHRD of dest (a, ah) with src (b, bh) by the masked count n. 16-bit
 * operands shift the 48-bit a:b:a as Intel and QEMU do for counts above 16.
 */
export function shiftd(c: ShiftHost, right: boolean, size: number, a: number, ah: number, b: number, bh: number, n: number): number {
  if (n === 0) {
    c.loadHi = size === 8 ? ah : 0;
    return mask(a, size);
  }
  let res: number;
  let resH = 0;
  let src: number;
  let srcH = 0;
  if (size === 8) {
    if (right) {
      shr(a, ah, n - 1);
      src = resLo;
      srcH = resHi;
      shr(a, ah, n);
      const l = resLo;
      const h = resHi;
      shl(b, bh, 64 - n);
      res = l | resLo;
      resH = h | resHi;
    } else {
      shl(a, ah, n - 1);
      src = resLo;
      srcH = resHi;
      shl(a, ah, n);
      const l = resLo;
      const h = resHi;
      shr(b, bh, 64 - n);
      res = l | resLo;
      resH = h | resHi;
    }
  } else {
    // Build the 64-bit value QEMU shifts: SHRD: (b:a) for 32, a:b:a for 16; SHLD: (a:b), a:b:a.
    let lo: number;
    let hi: number;
    if (size === 4) {
      if (right) {
        lo = a;
        hi = b;
      } else {
        lo = b;
        hi = a;
      }
    } else if (right) {
      lo = (a & 0xffff) | ((b & 0xffff) << 16);
      hi = a & 0xffff;
    } else {
      lo = (a & 0xffff) | ((b & 0xffff) << 16);
      hi = a & 0xffff;
    }
    if (right) {
      shr(lo, hi, n - 1);
      src = resLo;
      shr(lo, hi, n);
      res = resLo;
    } else {
      shl(lo, hi, n - 1);
      src = resHi;
      shl(lo, hi, n);
      res = resHi;
    }
    res = mask(res, size);
    src = mask(src, size);
  }
  c.ccOp = ((right ? Cc.Sar : Cc.Shl) << 2) | sizeIndex(size);
  c.ccB = src;
  c.ccBH = srcH;
  c.ccR = res;
  c.ccRH = resH;
  c.loadHi = resH;
  return res;
}

/**
 * BT family flags, as QEMU: CF = the tested bit; when the last flag-setting operation is
 * known, the others come from a SAR of the same size with the tested value shifted (ZF kept).
 */
export function bt(c: ShiftHost, tl: number, th: number): void {
  const op = c.ccOp;
  if (op >>> 2 !== Cc.Eflags) {
    c.ccOp = (Cc.Sar << 2) | (op & 3);
    c.ccB = tl;
    c.ccBH = th;
  } else c.ccR = (c.ccR & ~CF) | (tl & 1);
}

export { AF };
