/**
 * Ordered and unordered comparison (QEMU's `parts_compare`): a signalling NaN always raises IE,
 * a quiet NaN only for the signalling (FCOM-type) comparison.
 * @module
 */
import { Exc, fenv } from './fenv.js';
import { Cls, cmpFrac, type Parts } from './parts.js';

export const enum Rel {
  Less = -1,
  Equal = 0,
  Greater = 1,
  Unordered = 2,
}

export function compare(a: Parts, b: Parts, quiet: boolean): Rel {
  if (a.cls === Cls.Normal && b.cls === Cls.Normal) {
    if (a.sign !== b.sign) return a.sign ? Rel.Less : Rel.Greater;
    let c: number;
    if (a.exp === b.exp) c = cmpFrac(a, b);
    else c = a.exp < b.exp ? -1 : 1;
    return (a.sign ? -c : c) as Rel;
  }
  if (a.cls >= Cls.QNaN || b.cls >= Cls.QNaN) {
    if (a.cls === Cls.SNaN || b.cls === Cls.SNaN || !quiet) fenv.exc |= Exc.IE;
    return Rel.Unordered;
  }
  if (a.cls === Cls.Zero || b.cls === Cls.Zero) {
    if (a.cls === Cls.Zero && b.cls === Cls.Zero) return Rel.Equal;
    if (a.cls === Cls.Zero) return b.sign ? Rel.Greater : Rel.Less;
    return a.sign ? Rel.Less : Rel.Greater;
  }
  if (a.cls === Cls.Inf && b.cls === Cls.Inf) {
    if (a.sign === b.sign) return Rel.Equal;
    return a.sign ? Rel.Less : Rel.Greater;
  }
  if (b.cls === Cls.Inf) return b.sign ? Rel.Greater : Rel.Less;
  return a.sign ? Rel.Less : Rel.Greater;
}
