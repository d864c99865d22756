/**
 * An unpacked floating-point value with a 128-bit significand, the working form of every
 * floatx80 operation (QEMU's softfloat works on the same shape, which is why results can be
 * bit-identical): class, sign, unbiased exponent and the significand as four 32-bit limbs with
 * the integer bit at bit 31 of `f0` for normal numbers, so value = 1.f × 2^exp.
 *
 * The helpers here are the 128-bit integer primitives the operations need: shift right with a
 * sticky ("jamming") bit, normalise, add, subtract, compare. Limbs are plain numbers kept in
 * 0..2^32-1; nothing allocates.
 * @module
 */

export const enum Cls {
  Zero = 0,
  Normal = 1,
  Inf = 2,
  QNaN = 3,
  SNaN = 4,
}

export class Parts {
  cls = Cls.Zero;
  sign = 0;
  exp = 0;
  /** Bits 127..96 of the significand. */
  f0 = 0;
  f1 = 0;
  f2 = 0;
  /** Bits 31..0. */
  f3 = 0;

  set(cls: Cls, sign: number, exp: number, f0: number, f1: number, f2: number, f3: number): this {
    this.cls = cls;
    this.sign = sign;
    this.exp = exp;
    this.f0 = f0;
    this.f1 = f1;
    this.f2 = f2;
    this.f3 = f3;
    return this;
  }

  copy(o: Parts): this {
    return this.set(o.cls, o.sign, o.exp, o.f0, o.f1, o.f2, o.f3);
  }

  isZeroFrac(): boolean {
    return (this.f0 | this.f1 | this.f2 | this.f3) === 0;
  }
}

/** Shift the significand right by c (≥ 0) bits, OR-ing every bit shifted out into bit 0. */
export function shrJam(p: Parts, c: number): void {
  if (c <= 0) return;
  if (c >= 128) {
    const s = (p.f0 | p.f1 | p.f2 | p.f3) !== 0 ? 1 : 0;
    p.f0 = 0;
    p.f1 = 0;
    p.f2 = 0;
    p.f3 = s;
    return;
  }
  let sticky = 0;
  while (c >= 32) {
    sticky |= p.f3;
    p.f3 = p.f2;
    p.f2 = p.f1;
    p.f1 = p.f0;
    p.f0 = 0;
    c -= 32;
  }
  if (c > 0) {
    const l = 32 - c;
    sticky |= p.f3 << l;
    p.f3 = ((p.f3 >>> c) | (p.f2 << l)) >>> 0;
    p.f2 = ((p.f2 >>> c) | (p.f1 << l)) >>> 0;
    p.f1 = ((p.f1 >>> c) | (p.f0 << l)) >>> 0;
    p.f0 = p.f0 >>> c;
  }
  if (sticky !== 0) p.f3 = (p.f3 | 1) >>> 0;
}

/** Shift the significand left by c (0 ≤ c < 128) bits. */
export function shl(p: Parts, c: number): void {
  while (c >= 32) {
    p.f0 = p.f1;
    p.f1 = p.f2;
    p.f2 = p.f3;
    p.f3 = 0;
    c -= 32;
  }
  if (c > 0) {
    const r = 32 - c;
    p.f0 = ((p.f0 << c) | (p.f1 >>> r)) >>> 0;
    p.f1 = ((p.f1 << c) | (p.f2 >>> r)) >>> 0;
    p.f2 = ((p.f2 << c) | (p.f3 >>> r)) >>> 0;
    p.f3 = (p.f3 << c) >>> 0;
  }
}

/** Shift left until bit 127 is set; returns the shift (128 for a zero significand). */
export function normalize(p: Parts): number {
  let n: number;
  if (p.f0 !== 0) n = Math.clz32(p.f0);
  else if (p.f1 !== 0) n = 32 + Math.clz32(p.f1);
  else if (p.f2 !== 0) n = 64 + Math.clz32(p.f2);
  else if (p.f3 !== 0) n = 96 + Math.clz32(p.f3);
  else return 128;
  shl(p, n);
  return n;
}

/** a += b (significands); returns the carry out of bit 127. */
export function addFrac(a: Parts, b: Parts): number {
  let s = a.f3 + b.f3;
  a.f3 = s >>> 0;
  s = a.f2 + b.f2 + (s >= 4294967296 ? 1 : 0);
  a.f2 = s >>> 0;
  s = a.f1 + b.f1 + (s >= 4294967296 ? 1 : 0);
  a.f1 = s >>> 0;
  s = a.f0 + b.f0 + (s >= 4294967296 ? 1 : 0);
  a.f0 = s >>> 0;
  return s >= 4294967296 ? 1 : 0;
}

/** r = x - y (significands, modulo 2^128); returns the borrow out of bit 127. r may be x or y. */
export function subFrac(r: Parts, x: Parts, y: Parts): number {
  let d = x.f3 - y.f3;
  const b3 = d < 0 ? 1 : 0;
  r.f3 = d >>> 0;
  d = x.f2 - y.f2 - b3;
  const b2 = d < 0 ? 1 : 0;
  r.f2 = d >>> 0;
  d = x.f1 - y.f1 - b2;
  const b1 = d < 0 ? 1 : 0;
  r.f1 = d >>> 0;
  d = x.f0 - y.f0 - b1;
  r.f0 = d >>> 0;
  return d < 0 ? 1 : 0;
}

/** Two's complement negation of the significand. */
export function negFrac(p: Parts): void {
  p.f3 = (~p.f3 >>> 0) + 1;
  let c = p.f3 === 4294967296 ? 1 : 0;
  p.f3 >>>= 0;
  p.f2 = (~p.f2 >>> 0) + c;
  c = p.f2 === 4294967296 ? 1 : 0;
  p.f2 >>>= 0;
  p.f1 = (~p.f1 >>> 0) + c;
  c = p.f1 === 4294967296 ? 1 : 0;
  p.f1 >>>= 0;
  p.f0 = ((~p.f0 >>> 0) + c) >>> 0;
}

/** Compare significands: -1, 0 or 1. */
export function cmpFrac(a: Parts, b: Parts): number {
  if (a.f0 !== b.f0) return a.f0 < b.f0 ? -1 : 1;
  if (a.f1 !== b.f1) return a.f1 < b.f1 ? -1 : 1;
  if (a.f2 !== b.f2) return a.f2 < b.f2 ? -1 : 1;
  if (a.f3 !== b.f3) return a.f3 < b.f3 ? -1 : 1;
  return 0;
}

/** Limb i counted from the least significant (0 = f3 .. 3 = f0). */
export function limb(p: Parts, i: number): number {
  return i === 0 ? p.f3 : i === 1 ? p.f2 : i === 2 ? p.f1 : p.f0;
}

export function setLimb(p: Parts, i: number, v: number): void {
  if (i === 0) p.f3 = v >>> 0;
  else if (i === 1) p.f2 = v >>> 0;
  else if (i === 2) p.f1 = v >>> 0;
  else p.f0 = v >>> 0;
}

/** Bit `pos` of the significand (0 = least significant). */
export function bitAt(p: Parts, pos: number): number {
  return (limb(p, pos >>> 5) >>> (pos & 31)) & 1;
}

/** Is any significand bit below position `pos` set? */
export function anyBelow(p: Parts, pos: number): boolean {
  if (pos <= 0) return false;
  if (pos >= 128) return !p.isZeroFrac();
  const w = pos >>> 5;
  for (let i = 0; i < w; i++) if (limb(p, i) !== 0) return true;
  const b = pos & 31;
  return b !== 0 && (limb(p, w) & ((1 << b) - 1)) !== 0;
}

/** Clear every significand bit below position `pos`. */
export function clearBelow(p: Parts, pos: number): void {
  const w = pos >>> 5;
  for (let i = 0; i < w && i < 4; i++) setLimb(p, i, 0);
  const b = pos & 31;
  if (w < 4 && b !== 0) setLimb(p, w, limb(p, w) & ~((1 << b) - 1));
}

/** Add 2^pos to the significand; returns the carry out of bit 127. */
export function addBit(p: Parts, pos: number): number {
  let i = pos >>> 5;
  let s = limb(p, i) + 2 ** (pos & 31);
  setLimb(p, i, s);
  while (s >= 4294967296) {
    i++;
    if (i === 4) return 1;
    s = limb(p, i) + 1;
    setLimb(p, i, s);
  }
  return 0;
}
