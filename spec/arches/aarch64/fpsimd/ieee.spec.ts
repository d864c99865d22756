/**
 * Unit tests of the IEEE 754 library with hand-computed values (and a few cases checked
 * against qemu-aarch64 as noted). The broad differential coverage is in
 * scalar-fp-oracle.spec.ts.
 */
import { expect } from 'chai';
import { add64, div64, mul64, mulAdd64, sqrt64 } from '../../../../arches/aarch64/fpsimd/ieee/arith64.js';
import { add32, mulAdd32 } from '../../../../arches/aarch64/fpsimd/ieee/arith32.js';
import { fixedToFp, fpToFixed, intOut } from '../../../../arches/aarch64/fpsimd/ieee/convert.js';
import { roundIntegral } from '../../../../arches/common/ieee/integral.js';
import { recipEstimate, rsqrtEstimate } from '../../../../arches/aarch64/fpsimd/ieee/estimate.js';
import { f32Bits, f64Hi, f64Lo } from '../../../../arches/common/ieee/bits.js';
import { processNaNs32 } from '../../../../arches/aarch64/fpsimd/ieee/nan.js';
import * as E from '../../../../arches/aarch64/fpsimd/ieee/fp-env.js';

const env = (rmode = 0, extra = 0) => ({ fpcr: (rmode << 22) | extra, fpsr: 0 });

describe('aarch64 IEEE library', () => {
  it('adds with directed rounding using the exact error', () => {
    // 1 + 2^-60: the sum is not representable; RN/RZ/RM give 1, RP gives 1 + 2^-52.
    for (const [mode, want] of [[E.RN, 1], [E.RZ, 1], [E.RM, 1], [E.RP, 1 + 2 ** -52]] as const) {
      const e = env(mode);
      expect(add64(1, 2 ** -60, e)).to.equal(want);
      expect(e.fpsr).to.equal(E.FPSR_IXC);
    }
    // x + (-x) is +0, except -0 when rounding toward minus infinity.
    expect(Object.is(add64(3, -3, env(E.RN)), 0)).to.equal(true);
    expect(Object.is(add64(3, -3, env(E.RM)), -0)).to.equal(true);
    expect(Object.is(add32(-0, -0, env(E.RN)), -0)).to.equal(true);
  });

  it('overflows to infinity or the largest normal by rounding mode', () => {
    const big = Number.MAX_VALUE;
    let e = env(E.RN);
    expect(mul64(big, 2, e)).to.equal(Infinity);
    expect(e.fpsr).to.equal(E.FPSR_OFC | E.FPSR_IXC);
    e = env(E.RZ);
    expect(mul64(big, 2, e)).to.equal(big);
    expect(e.fpsr).to.equal(E.FPSR_OFC | E.FPSR_IXC);
    e = env(E.RP);
    expect(mul64(-big, 2, e)).to.equal(-big);
  });

  it('detects underflow before rounding and flushes under FZ', () => {
    // 2^-1022 * (1 - 2^-53) rounds up to the smallest normal but is tiny before rounding.
    let e = env(E.RN);
    expect(mul64(2 ** -1022, 1 - 2 ** -53, e)).to.equal(2 ** -1022);
    expect(e.fpsr).to.equal(E.FPSR_UFC | E.FPSR_IXC);
    // Exact subnormal result: no flags; with FZ it becomes +0 with UFC only.
    e = env(E.RN);
    expect(mul64(2 ** -1030, 0.5, e)).to.equal(2 ** -1031);
    expect(e.fpsr).to.equal(0);
    e = env(E.RN, E.FPCR_FZ);
    expect(Object.is(mul64(2 ** -1000, 2 ** -30, e), 0)).to.equal(true);
    expect(e.fpsr).to.equal(E.FPSR_UFC);
    // Denormal input under FZ: flushed with IDC.
    e = env(E.RN, E.FPCR_FZ);
    expect(add64(2 ** -1030, 1, e)).to.equal(1);
    expect(e.fpsr).to.equal(E.FPSR_IDC);
  });

  it('divides and takes square roots with exact inexact detection', () => {
    let e = env(E.RN);
    expect(div64(1, 3, e)).to.equal(1 / 3);
    expect(e.fpsr).to.equal(E.FPSR_IXC);
    e = env(E.RN);
    expect(div64(6, 3, e)).to.equal(2);
    expect(e.fpsr).to.equal(0);
    e = env(E.RN);
    expect(div64(1, 0, e)).to.equal(Infinity);
    expect(e.fpsr).to.equal(E.FPSR_DZC);
    // The RN value of sqrt(2) lies above it: RP keeps it, RM takes the double below
    // (qemu-aarch64 FSQRT: 3ff6a09e667f3bcd with RP, 3ff6a09e667f3bcc with RM).
    expect(sqrt64(2, env(E.RP))).to.equal(1.4142135623730951);
    expect(sqrt64(2, env(E.RM))).to.equal(1.4142135623730951 - 2 ** -52);
    e = env(E.RN);
    expect(sqrt64(-1, e)).to.be.NaN;
    expect(e.fpsr).to.equal(E.FPSR_IOC);
  });

  it('fuses multiply-add with one rounding', () => {
    // (1 + 2^-52)^2 - 1 = 2^-51 + 2^-104: unfused gives 2^-51 exactly, fused is inexact
    // (qemu-aarch64 FMADD: 3cc0000000000000, FPSR 0x10).
    const e = env(E.RN);
    const r = mulAdd64(-1, 1 + 2 ** -52, 1 + 2 ** -52, e);
    expect(f64Hi(r)).to.equal(0x3cc00000);
    expect(f64Lo(r)).to.equal(0);
    expect(e.fpsr).to.equal(E.FPSR_IXC);
    // RP sees the 2^-104 remainder.
    expect(mulAdd64(-1, 1 + 2 ** -52, 1 + 2 ** -52, env(E.RP))).to.equal(2 ** -51 + 2 ** -103);
    // Single precision midpoint case: (1 + 2^-12)^2 + 2^-80 lies just above a single-precision
    // tie, where fround of the double sum would round to even (qemu-aarch64: 3f801001, 0x10).
    const e32 = env(E.RN);
    expect(f32Bits(mulAdd32(2 ** -80, 1 + 2 ** -12, 1 + 2 ** -12, e32))).to.equal(0x3f801001);
    expect(e32.fpsr).to.equal(E.FPSR_IXC);
    expect(f32Bits(mulAdd32(-(2 ** -80), 1 + 2 ** -12, 1 + 2 ** -12, env(E.RN)))).to.equal(0x3f801000);
  });

  it('rounds to integral in every mode, keeping the sign of zero', () => {
    expect(roundIntegral(2.5, E.RN)).to.equal(2);
    expect(roundIntegral(3.5, E.RN)).to.equal(4);
    expect(roundIntegral(2.5, E.TIEAWAY)).to.equal(3);
    expect(roundIntegral(-2.5, E.TIEAWAY)).to.equal(-3);
    expect(roundIntegral(0.49999999999999994, E.TIEAWAY)).to.equal(0);
    expect(Object.is(roundIntegral(-0.3, E.RN), -0)).to.equal(true);
    expect(Object.is(roundIntegral(-0.3, E.RP), -0)).to.equal(true);
    expect(roundIntegral(-0.3, E.RM)).to.equal(-1);
  });

  it('converts to integers with saturation and to floating point from 64-bit integers', () => {
    let e = env();
    expect(fpToFixed(-1.5, 0, E.RZ, false, false, true, e) | 0).to.equal(-1);
    expect(e.fpsr).to.equal(E.FPSR_IXC);
    e = env();
    expect(fpToFixed(-1, 0, E.RZ, true, false, true, e)).to.equal(0); // FCVTZU of a negative
    expect(e.fpsr).to.equal(E.FPSR_IOC);
    e = env();
    expect(fpToFixed(1e30, 0, E.RZ, false, true, true, e)).to.equal(0xffffffff);
    expect(intOut.hi).to.equal(0x7fffffff);
    expect(e.fpsr).to.equal(E.FPSR_IOC);
    e = env();
    expect(fpToFixed(NaN, 0, E.RN, false, false, true, e)).to.equal(0);
    expect(e.fpsr).to.equal(E.FPSR_IOC);
    // FCVTZS with 8 fraction bits: 1.5 * 256 = 384.
    expect(fpToFixed(1.5, 8, E.RZ, false, true, true, env())).to.equal(384);
    // UCVTF of 2^64 - 1 to double rounds to 2^64 (inexact); RZ gives 2^64 - 2048.
    e = env(E.RN);
    expect(fixedToFp(0xffffffff, 0xffffffff, false, true, 0, true, E.RN, e)).to.equal(2 ** 64);
    expect(e.fpsr).to.equal(E.FPSR_IXC);
    expect(fixedToFp(0xffffffff, 0xffffffff, false, true, 0, true, E.RZ, env())).to.equal(2 ** 64 - 2048);
    // SCVTF of -1 (all ones) is -1.
    expect(fixedToFp(0xffffffff, 0xffffffff, true, true, 0, false, E.RN, env())).to.equal(-1);
  });

  it('propagates NaNs with Arm priorities', () => {
    // Any signalling NaN beats a quiet NaN and is quieted, raising IOC.
    const e = env();
    expect(processNaNs32(0x7fc00001, 0x7f800002, e)).to.equal(0x7fc00002);
    expect(e.fpsr).to.equal(E.FPSR_IOC);
    // Default NaN mode.
    expect(processNaNs32(0x7fc00001, 0, env(0, E.FPCR_DN))).to.equal(0x7fc00000);
  });

  it('computes reciprocal estimates as the Arm tables define', () => {
    // FRECPE(1.0) = 0.998046875 (estimate 511/512), FRSQRTE(1.0) = 0.998046875, FRSQRTE(4.0) = 0.4990234375
    expect(recipEstimate(1, false, env())).to.equal(0.998046875);
    expect(rsqrtEstimate(1, true, env())).to.equal(0.998046875);
    expect(rsqrtEstimate(4, true, env())).to.equal(0.4990234375);
    const e = env();
    expect(recipEstimate(0, true, e)).to.equal(Infinity);
    expect(e.fpsr).to.equal(E.FPSR_DZC);
  });
});
