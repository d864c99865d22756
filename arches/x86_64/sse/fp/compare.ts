/**
 * Comparisons of non-NaN numbers with DAZ and DE (CMPPS predicates, COMISS, MINPS/MAXPS).
 * NaN operands are the callers': unordered, with IE for a signalling NaN, or for any NaN when
 * the comparison signals (LT, LE, NLT, NLE, COMIS, MIN, MAX).
 * @module
 */
import { fp } from './mxcsr.js';
import { inputs, prepare } from './inputs.js';

export const LESS = 0;
export const EQUAL = 1;
export const GREATER = 2;
export const UNORDERED = 3;

/** Relation of the non-NaN `fmt` numbers a and b (DAZ applied, DE raised). */
export function relation(fmt: number, a: number, b: number): number {
  prepare(fmt, a, b);
  fp.flags |= inputs.den;
  const x = inputs.a;
  const y = inputs.b;
  return x < y ? LESS : x > y ? GREATER : EQUAL;
}

/** Do CMPPS predicates 1, 2, 5 and 6 (LT, LE, NLT, NLE) signal on a quiet NaN? */
export function predicateSignals(imm: number): boolean {
  const p = imm & 3;
  return p === 1 || p === 2;
}

/** CMPPS predicate imm (0..7: EQ, LT, LE, UNORD, NEQ, NLT, NLE, ORD) applied to a relation. */
export function predicateHolds(imm: number, rel: number): boolean {
  let t: boolean;
  switch (imm & 3) {
    case 0:
      t = rel === EQUAL;
      break;
    case 1:
      t = rel === LESS;
      break;
    case 2:
      t = rel === LESS || rel === EQUAL;
      break;
    default:
      t = rel === UNORDERED;
  }
  return (imm & 4) !== 0 ? !t : t;
}
