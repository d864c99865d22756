/**
 * The architecture-neutral core of IEEE 754 rounding: an exact real result becomes a value of
 * a binary format with `p` significand bits and normal exponents emin..emax, in any rounding
 * direction. What an architecture does with the outcome (which flags, tininess before or after
 * rounding, flush-to-zero, overflow results) is its own business: the core only reports what
 * happened in {@link roundInfo}.
 *
 * Callers describe the exact result as |value| = (hi + tiny * loSign) * 2^k where hi > 0 is the
 * double nearest to the exact value / 2^k (round-to-nearest, 53 bits, unbounded exponent) and
 * loSign in {-1, 0, 1} is the sign of (exact / 2^k - hi). That is enough information for any
 * narrower rounding, because every rounding boundary of a format with at most 53 bits is itself
 * a 53-bit number, and round-to-nearest never moves a value across one.
 * @module
 */
import { exponentOf, isPow2, pow2, scalb } from './bits.js';

/** Rounding directions. 0..3 coincide with Arm's FPCR.RMode; other arches map theirs. */
export const RN = 0;
export const RP = 1;
export const RM = 2;
export const RZ = 3;
/** Round to nearest, ties away from zero. */
export const TIEAWAY = 4;
/** Round to odd (von Neumann rounding). */
export const ODD = 5;

/** What the last {@link roundMagnitude} found. */
export const roundInfo = {
  /** The rounded value differs from the exact one. */
  inexact: false,
  /** |exact| < 2^emin (tininess detected before rounding). */
  tinyBefore: false,
  /** The exact value rounded to p bits with an unbounded exponent is < 2^emin (tininess after rounding). */
  tinyAfter: false,
  /** The rounded value reaches 2^(emax+1): the returned magnitude is then meaningless. */
  overflow: false,
};

/** floor(log2(|exact|)) of an exact value described as (hi, loSign, k). */
export function exactExponent(hi: number, loSign: number, k: number): number {
  const e = exponentOf(hi) + k;
  // One lower when hi is a power of two and the rest pulls down.
  return loSign < 0 && isPow2(hi) ? e - 1 : e;
}

/** Whether the last {@link roundScaled} lost bits. */
let scaledInexact = false;

/**
 * The exact value (hi, loSign, k) divided by 2^qexp and rounded to an integer in `mode`
 * (a magnitude: `neg` only steers RP/RM). Sets {@link scaledInexact}.
 */
function roundScaled(hi: number, loSign: number, k: number, e: number, qexp: number, mode: number, neg: boolean): number {
  let i: number;
  let cmpHalf: number; // -1 below 1/2, 0 exactly 1/2, 1 above
  if (e - qexp < -80) {
    // Far below the quantum: only a sticky bit remains.
    i = 0;
    cmpHalf = -1;
    scaledInexact = true;
  } else {
    const n = scalb(hi, k - qexp);
    i = Math.floor(n);
    const f = n - i;
    if (f === 0) {
      if (loSign === 0) {
        cmpHalf = -1;
        scaledInexact = false;
      } else if (loSign > 0) {
        cmpHalf = -1;
        scaledInexact = true;
      } else {
        i -= 1;
        cmpHalf = 1;
        scaledInexact = true;
      }
    } else {
      scaledInexact = true;
      cmpHalf = f === 0.5 ? loSign : f < 0.5 ? -1 : 1;
    }
  }
  let up = false;
  switch (mode) {
    case RN:
      up = cmpHalf > 0 || (cmpHalf === 0 && i % 2 === 1);
      break;
    case TIEAWAY:
      up = cmpHalf >= 0 && scaledInexact;
      break;
    case RP:
      up = scaledInexact && !neg;
      break;
    case RM:
      up = scaledInexact && neg;
      break;
    case ODD:
      if (scaledInexact && i % 2 === 0) i += 1;
      break;
    default: // RZ
      break;
  }
  return up ? i + 1 : i;
}

/**
 * Round the exact non-zero magnitude (hi, loSign, k) to `p` bits with normal exponents
 * emin..emax (subnormals below emin) in direction `mode`; `neg` is the sign of the result.
 * Returns the rounded magnitude and fills {@link roundInfo}.
 */
export function roundMagnitude(
  p: number,
  emin: number,
  emax: number,
  neg: boolean,
  hi: number,
  loSign: number,
  k: number,
  mode: number,
): number {
  const e = exactExponent(hi, loSign, k);
  roundInfo.tinyBefore = e < emin;
  // Tininess after rounding: only a value in the binade just below 2^emin can round up out of it.
  roundInfo.tinyAfter = e < emin && (e < emin - 1 || roundScaled(hi, loSign, k, e, e - (p - 1), mode, neg) < pow2(p));
  const qexp = (e < emin ? emin : e) - (p - 1);
  const i = roundScaled(hi, loSign, k, e, qexp, mode, neg);
  roundInfo.inexact = scaledInexact;
  roundInfo.overflow = e > emax || (e === emax && i >= pow2(p));
  return i === 0 ? 0 : scalb(i, qexp);
}

/**
 * Does the exact value (hi, loSign, k) need more than `p` significant bits, whatever its
 * exponent? (The precision exception of a result delivered scaled, as x86 reports it beside an
 * unmasked overflow or underflow.)
 */
export function inexactAtPrecision(p: number, hi: number, loSign: number): boolean {
  if (loSign !== 0) return true;
  const n = scalb(hi, p - 1 - exponentOf(hi));
  return n !== Math.floor(n);
}
