import { TT } from '../traps.js';
import { DOUBLE, SINGLE, fpAdd, fpDiv, fpMul, fpOut, fpRound, fpSqrt, fpSub, fpToInt } from './arith.js';
import { FpFlag, type Rounding } from './exact.js';

/** FSR fields. */
export const FSR_CEXC_MASK = 0x1f;
export const FSR_AEXC_SHIFT = 5;
export const FSR_FCC_SHIFT = 10;
export const FSR_FTT_SHIFT = 14;
export const FSR_FTT_MASK = 7 << FSR_FTT_SHIFT;
export const FSR_TEM_SHIFT = 23;
/**
 * FSR.ver after reset. QEMU 7.2 defines LEON3's FPU as version 4 but its CPU reset clears the
 * FSR afterwards, so guests read 0 (seen with qemu-sparc -cpu LEON3); we match what guests see.
 */
export const FSR_VERSION = 0;
/** Bits LDFSR writes; the rest (ver, ftt, qne) keep their value. */
export const FSR_LDFSR_MASK = 0xcfc00fff | 0;

/** Floating-point trap types (FSR.ftt). */
export const enum Ftt {
  None = 0,
  Ieee = 1,
  Unimplemented = 3,
  SequenceError = 4,
}

const SPARC_DEFAULT_NAN_S = 0x7fffffff;
const SPARC_DEFAULT_NAN_HI = 0x7fffffff;
const SPARC_DEFAULT_NAN_LO = 0xffffffff | 0;

// Scratch views for moving bits to and from JavaScript numbers.
const f32 = new Float32Array(1);
const i32s = new Int32Array(f32.buffer);
const f64 = new Float64Array(1);
const u32d = new Int32Array(f64.buffer);
const LITTLE = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const DLO = LITTLE ? 0 : 1, DHI = LITTLE ? 1 : 0;

function singleOf(bits: number): number {
  i32s[0] = bits;
  return f32[0];
}
function bitsOfSingle(v: number): number {
  f32[0] = v;
  return i32s[0];
}
function doubleOf(hi: number, lo: number): number {
  u32d[DHI] = hi;
  u32d[DLO] = lo;
  return f64[0];
}

function isNaNS(x: number): boolean {
  return (x & 0x7f800000) === 0x7f800000 && (x & 0x7fffff) !== 0;
}
function isSNaNS(x: number): boolean {
  return isNaNS(x) && (x & 0x400000) === 0;
}
function isNaND(hi: number, lo: number): boolean {
  return (hi & 0x7ff00000) === 0x7ff00000 && ((hi & 0xfffff) | lo) !== 0;
}
function isSNaND(hi: number, lo: number): boolean {
  return isNaND(hi, lo) && (hi & 0x80000) === 0;
}

/**
 * The LEON3 FPU as QEMU models it: V8 single and double FPops executed precisely (no
 * deferred-trap queue), quad operations unimplemented (ftt = 3).
 */
export class SparcFpu {
  /** f0..f31 as raw bits; a double occupies an even/odd pair, most significant word first. */
  readonly f = new Int32Array(32);
  fsr = FSR_VERSION;
  // Result of the NaN propagation helpers.
  private nanHi = 0;
  private nanLo = 0;

  reset(): void {
    this.f.fill(0);
    this.fsr = FSR_VERSION;
  }

  get fcc(): number {
    return (this.fsr >>> FSR_FCC_SHIFT) & 3;
  }

  /** Raise fp_exception with the given ftt. */
  private fpTrap(ftt: Ftt): number {
    this.fsr = (this.fsr & ~FSR_FTT_MASK) | (ftt << FSR_FTT_SHIFT);
    return TT.FpException;
  }

  /** Record the IEEE flags of an operation; returns a trap type if an enabled one fired. */
  private flags(flags: number): number {
    if (flags === 0) return 0;
    this.fsr |= flags;
    if (flags & (this.fsr >>> FSR_TEM_SHIFT) & 0x1f) return this.fpTrap(Ftt.Ieee);
    this.fsr |= flags << FSR_AEXC_SHIFT;
    return 0;
  }

  /** Called by STDFQ: the queue is always empty, so this is a sequence error. */
  sequenceError(): number {
    return this.fpTrap(Ftt.SequenceError);
  }

  /** QEMU's NaN choice for two operands (x87-style rules of its softfloat default). */
  private pickNaN(aSig: number, aQuiet: boolean, aNaN: boolean, aFracHi: number, aFracLo: number, aSign: number,
    bSig: number, bQuiet: boolean, bNaN: boolean, bFracHi: number, bFracLo: number, bSign: number): boolean {
    void aSig; void bSig;
    const aSnan = aNaN && !aQuiet, bSnan = bNaN && !bQuiet;
    const aQnan = aNaN && aQuiet, bQnan = bNaN && bQuiet;
    let cmp = aFracHi !== bFracHi ? (aFracHi >>> 0 > bFracHi >>> 0 ? 1 : -1) : aFracLo !== bFracLo ? (aFracLo >>> 0 > bFracLo >>> 0 ? 1 : -1) : 0;
    if (cmp === 0) cmp = aSign < bSign ? 1 : 0;
    const aLarger = cmp > 0;
    // true: choose b
    if (aSnan) return bSnan ? !aLarger : bQnan;
    if (aQnan) return bSnan || !bQnan ? false : !aLarger;
    return true;
  }

  /** NaN result of a single-precision operation on a and b (at least one NaN); returns flags. */
  private nanS(a: number, b: number, binary: boolean): number {
    const aNaN = isNaNS(a), bNaN = binary && isNaNS(b);
    let pickB = !aNaN;
    if (aNaN && bNaN) {
      pickB = this.pickNaN(0, (a & 0x400000) !== 0, true, a & 0x3fffff, 0, a >>> 31, 0, (b & 0x400000) !== 0, true, b & 0x3fffff, 0, b >>> 31);
    } else if (aNaN && binary) {
      pickB = false;
    }
    const n = pickB ? b : a;
    this.nanHi = n | 0x400000;
    return (aNaN && isSNaNS(a)) || (bNaN && isSNaNS(b)) ? FpFlag.NV : 0;
  }

  private nanD(ah: number, al: number, bh: number, bl: number, binary: boolean): number {
    const aNaN = isNaND(ah, al), bNaN = binary && isNaND(bh, bl);
    let pickB = !aNaN;
    if (aNaN && bNaN) {
      pickB = this.pickNaN(0, (ah & 0x80000) !== 0, true, ah & 0x7ffff, al, ah >>> 31, 0, (bh & 0x80000) !== 0, true, bh & 0x7ffff, bl, bh >>> 31);
    }
    this.nanHi = (pickB ? bh : ah) | 0x80000;
    this.nanLo = pickB ? bl : al;
    return (aNaN && isSNaND(ah, al)) || (bNaN && isSNaND(bh, bl)) ? FpFlag.NV : 0;
  }

  private writeS(rd: number, v: number): void {
    this.f[rd] = v !== v ? SPARC_DEFAULT_NAN_S : bitsOfSingle(v);
  }

  private writeD(rd: number, v: number): void {
    const d = rd & 0x1e;
    if (v !== v) {
      this.f[d] = SPARC_DEFAULT_NAN_HI;
      this.f[d + 1] = SPARC_DEFAULT_NAN_LO;
    } else {
      f64[0] = v;
      this.f[d] = u32d[DHI];
      this.f[d + 1] = u32d[DLO];
    }
  }

  /** FPop1 (op3 0x34). Returns 0 or a trap type. */
  fpop1(w: number): number {
    const opf = (w >>> 5) & 0x1ff;
    const rd = (w >>> 25) & 31, rs1 = (w >>> 14) & 31, rs2 = w & 31;
    const f = this.f;
    const rm = (this.fsr >>> 30) as Rounding;
    this.fsr &= ~(FSR_FTT_MASK | FSR_CEXC_MASK);
    switch (opf) {
      case 0x01: f[rd] = f[rs2]; return 0; // FMOVs
      case 0x05: f[rd] = f[rs2] ^ 0x80000000; return 0; // FNEGs
      case 0x09: f[rd] = f[rs2] & 0x7fffffff; return 0; // FABSs
      case 0x41: case 0x45: case 0x49: case 0x4d: { // FADDs FSUBs FMULs FDIVs
        const a = f[rs1], b = f[rs2];
        if (isNaNS(a) || isNaNS(b)) {
          const t = this.flags(this.nanS(a, b, true));
          if (t === 0) f[rd] = this.nanHi;
          return t;
        }
        const x = singleOf(a), y = singleOf(b);
        if (opf === 0x41) fpAdd(x, y, SINGLE, rm);
        else if (opf === 0x45) fpSub(x, y, SINGLE, rm);
        else if (opf === 0x49) fpMul(x, y, SINGLE, rm);
        else fpDiv(x, y, SINGLE, rm);
        return this.commitS(rd);
      }
      case 0x42: case 0x46: case 0x4a: case 0x4e: { // FADDd FSUBd FMULd FDIVd
        const ah = f[rs1 & 0x1e], al = f[rs1 | 1], bh = f[rs2 & 0x1e], bl = f[rs2 | 1];
        if (isNaND(ah, al) || isNaND(bh, bl)) return this.commitNaND(rd, this.nanD(ah, al, bh, bl, true));
        const x = doubleOf(ah, al), y = doubleOf(bh, bl);
        if (opf === 0x42) fpAdd(x, y, DOUBLE, rm);
        else if (opf === 0x46) fpSub(x, y, DOUBLE, rm);
        else if (opf === 0x4a) fpMul(x, y, DOUBLE, rm);
        else fpDiv(x, y, DOUBLE, rm);
        return this.commitD(rd);
      }
      case 0x29: { // FSQRTs
        const a = f[rs2];
        if (isNaNS(a)) {
          const t = this.flags(this.nanS(a, 0, false));
          if (t === 0) f[rd] = this.nanHi;
          return t;
        }
        fpSqrt(singleOf(a), SINGLE, rm);
        return this.commitS(rd);
      }
      case 0x2a: { // FSQRTd
        const ah = f[rs2 & 0x1e], al = f[rs2 | 1];
        if (isNaND(ah, al)) return this.commitNaND(rd, this.nanD(ah, al, 0, 0, false));
        fpSqrt(doubleOf(ah, al), DOUBLE, rm);
        return this.commitD(rd);
      }
      case 0x69: { // FsMULd: both operands widen exactly, the product is exact
        const a = f[rs1], b = f[rs2];
        if (isNaNS(a) || isNaNS(b)) {
          // Widen each NaN (quieting a signalling one), then pick as for doubles.
          let flags = 0;
          const wide = (x: number): [number, number] => {
            if (!isNaNS(x)) return this.widen(x);
            if (isSNaNS(x)) flags |= FpFlag.NV;
            return [(x & 0x80000000) | 0x7ff80000 | ((x & 0x3fffff) >>> 3), (x << 29) | 0];
          };
          const [ah, al] = wide(a), [bh, bl] = wide(b);
          this.nanD(ah, al, bh, bl, true);
          return this.commitNaND(rd, flags);
        }
        fpMul(singleOf(a), singleOf(b), DOUBLE, rm);
        return this.commitD(rd);
      }
      case 0xc4: // FiTOs
        fpRound(f[rs2], SINGLE, rm);
        return this.commitS(rd);
      case 0xc8: // FiTOd (exact)
        this.writeD(rd, f[rs2]);
        return 0;
      case 0xc9: { // FsTOd
        const a = f[rs2];
        if (isNaNS(a)) {
          const t = this.flags(isSNaNS(a) ? FpFlag.NV : 0);
          if (t === 0) {
            f[rd & 0x1e] = (a & 0x80000000) | 0x7ff80000 | ((a & 0x3fffff) >>> 3);
            f[rd | 1] = a << 29;
          }
          return t;
        }
        this.writeD(rd, singleOf(a));
        return 0;
      }
      case 0xc6: { // FdTOs
        const ah = f[rs2 & 0x1e], al = f[rs2 | 1];
        if (isNaND(ah, al)) {
          const t = this.flags(isSNaND(ah, al) ? FpFlag.NV : 0);
          if (t === 0) f[rd] = (ah & 0x80000000) | 0x7fc00000 | ((ah & 0x7ffff) << 3) | (al >>> 29);
          return t;
        }
        fpRound(doubleOf(ah, al), SINGLE, rm);
        return this.commitS(rd);
      }
      case 0xd1: { // FsTOi
        const a = f[rs2];
        if (isNaNS(a)) return this.commitInt(rd, 0x7fffffff, FpFlag.NV);
        fpToInt(singleOf(a));
        return this.commitInt(rd, fpOut.value, fpOut.flags);
      }
      case 0xd2: { // FdTOi
        const ah = f[rs2 & 0x1e], al = f[rs2 | 1];
        if (isNaND(ah, al)) return this.commitInt(rd, 0x7fffffff, FpFlag.NV);
        fpToInt(doubleOf(ah, al));
        return this.commitInt(rd, fpOut.value, fpOut.flags);
      }
      default:
        return this.fpTrap(Ftt.Unimplemented); // quad operations and undefined opf
    }
  }

  private widen(x: number): [number, number] {
    f64[0] = singleOf(x);
    return [u32d[DHI], u32d[DLO]];
  }

  /** FPop2 (op3 0x35): FCMPs/d, FCMPEs/d. */
  fpop2(w: number): number {
    const opf = (w >>> 5) & 0x1ff;
    const rs1 = (w >>> 14) & 31, rs2 = w & 31;
    const f = this.f;
    this.fsr &= ~(FSR_FTT_MASK | FSR_CEXC_MASK);
    let fcc: number;
    let flags = 0;
    switch (opf) {
      case 0x51: case 0x55: {
        const a = f[rs1], b = f[rs2];
        if (isNaNS(a) || isNaNS(b)) {
          fcc = 3;
          if (opf === 0x55 || isSNaNS(a) || isSNaNS(b)) flags = FpFlag.NV;
        } else {
          const x = singleOf(a), y = singleOf(b);
          fcc = x === y ? 0 : x < y ? 1 : 2;
        }
        break;
      }
      case 0x52: case 0x56: {
        const ah = f[rs1 & 0x1e], al = f[rs1 | 1], bh = f[rs2 & 0x1e], bl = f[rs2 | 1];
        if (isNaND(ah, al) || isNaND(bh, bl)) {
          fcc = 3;
          if (opf === 0x56 || isSNaND(ah, al) || isSNaND(bh, bl)) flags = FpFlag.NV;
        } else {
          const x = doubleOf(ah, al), y = doubleOf(bh, bl);
          fcc = x === y ? 0 : x < y ? 1 : 2;
        }
        break;
      }
      default:
        return this.fpTrap(Ftt.Unimplemented);
    }
    const t = this.flags(flags);
    if (t === 0) this.fsr = (this.fsr & ~(3 << FSR_FCC_SHIFT)) | (fcc << FSR_FCC_SHIFT);
    return t;
  }

  private commitS(rd: number): number {
    const t = this.flags(fpOut.flags);
    if (t === 0) this.writeS(rd, fpOut.value);
    return t;
  }

  private commitD(rd: number): number {
    const t = this.flags(fpOut.flags);
    if (t === 0) this.writeD(rd, fpOut.value);
    return t;
  }

  private commitNaND(rd: number, flags: number): number {
    const t = this.flags(flags);
    if (t === 0) {
      this.f[rd & 0x1e] = this.nanHi;
      this.f[rd | 1] = this.nanLo;
    }
    return t;
  }

  private commitInt(rd: number, v: number, flags: number): number {
    const t = this.flags(flags);
    if (t === 0) this.f[rd] = v;
    return t;
  }
}
