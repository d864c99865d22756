/**
 * NaN handling with the x87's rules, as QEMU 7.2 implements them: signalling NaNs raise IE and
 * are quietened by setting the top fraction bit; of two NaN operands a QNaN wins over an SNaN,
 * otherwise the larger significand wins (the positive one on a tie); the default NaN is the
 * negative "real indefinite" 0xFFFF C000000000000000.
 * @module
 */
import { Exc, fenv } from './fenv.js';
import { Cls, cmpFrac, type Parts } from './parts.js';

/** Make `p` the default NaN (real indefinite). */
export function defaultNaN(p: Parts): Parts {
  return p.set(Cls.QNaN, 1, 0, 0x40000000, 0, 0, 0);
}

/** Quieten a signalling NaN (the caller raises IE). */
export function silence(p: Parts): void {
  p.f0 = (p.f0 | 0x40000000) >>> 0;
  p.cls = Cls.QNaN;
}

/** The result of an operation on one NaN operand: IE and quietened if signalling. */
export function returnNaN(p: Parts): Parts {
  if (p.cls === Cls.SNaN) {
    fenv.exc |= Exc.IE;
    silence(p);
  }
  return p;
}

export function isNaN(p: Parts): boolean {
  return p.cls >= Cls.QNaN;
}

/** Choose the NaN result of a two-operand operation where at least one operand is a NaN. */
export function pickNaN(a: Parts, b: Parts): Parts {
  const aSnan = a.cls === Cls.SNaN;
  const bSnan = b.cls === Cls.SNaN;
  if (aSnan || bSnan) fenv.exc |= Exc.IE;
  let cmp = cmpFrac(a, b);
  if (cmp === 0) cmp = a.sign < b.sign ? 1 : 0;
  const aLarger = cmp > 0;
  let r: Parts;
  if (aSnan) {
    if (bSnan) r = aLarger ? a : b;
    else r = b.cls === Cls.QNaN ? b : a;
  } else if (a.cls === Cls.QNaN) {
    if (bSnan || b.cls !== Cls.QNaN) r = a;
    else r = aLarger ? a : b;
  } else {
    r = b;
  }
  if (r.cls === Cls.SNaN) silence(r);
  return r;
}
