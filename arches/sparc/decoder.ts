import { Op } from './ops.js';

/** Sign-extend the low `bits` bits of `v`. */
export function signExtend(v: number, bits: number): number {
  const s = 32 - bits;
  return (v << s) >> s;
}

/**
 * Decoded instructions of one 4 KiB physical page: the operation, the raw word and a
 * precomputed immediate (simm13, branch/call displacement in bytes, or sethi value).
 * An `ops` entry of 0 (Op.Undecoded) means "decode on next fetch".
 */
export class DecodedPage {
  readonly ops = new Uint8Array(1024);
  readonly words = new Int32Array(1024);
  readonly imm = new Int32Array(1024);
}

const ALU_OP3_VALID = new Uint8Array(64);
// Generic ALU op3 values handled by Op.Alu (0x09, 0x0D, 0x19, 0x1D are unused in V8).
for (const op3 of [0x03, 0x05, 0x06, 0x07, 0x08, 0x0a, 0x0b, 0x0c, 0x0e, 0x0f,
  0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x1a, 0x1b, 0x1c, 0x1e, 0x1f,
  0x20, 0x21, 0x22, 0x23, 0x24]) ALU_OP3_VALID[op3] = 1;

const MEM_OP3_VALID = new Uint8Array(64);
for (const op3 of [0x02, 0x03, 0x06, 0x07, 0x09, 0x0a, 0x0d, 0x0f]) MEM_OP3_VALID[op3] = 1;
const ALT_OP3_VALID = new Uint8Array(64);
for (const op3 of [0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x19, 0x1a, 0x1d, 0x1f, 0x3c]) ALT_OP3_VALID[op3] = 1;

/** Decode one instruction word into `page` at slot `i`. */
export function decodeInto(w: number, page: DecodedPage, i: number): void {
  page.words[i] = w;
  const iBit = (w & 0x2000) !== 0;
  const simm13 = signExtend(w & 0x1fff, 13);
  let op: Op = Op.Illegal;
  let imm = 0;
  switch (w >>> 30) {
    case 0: {
      const op2 = (w >>> 22) & 7;
      if (op2 === 4) {
        imm = (w & 0x3fffff) << 10;
        op = ((w >>> 25) & 31) === 0 ? Op.Nop : Op.Sethi;
      } else if (op2 === 2) {
        imm = signExtend(w & 0x3fffff, 22) << 2;
        const cond = (w >>> 25) & 15;
        const annul = (w >>> 29) & 1;
        if (cond === 8) op = annul ? Op.BaA : Op.Ba;
        else if (cond === 0) op = annul ? Op.BnA : Op.Bn;
        else op = Op.Bicc;
      } else if (op2 === 6) {
        imm = signExtend(w & 0x3fffff, 22) << 2;
        op = Op.Fbfcc;
      } else if (op2 === 7) {
        op = Op.CpDisabled;
      } else {
        op = Op.Illegal; // UNIMP (op2 0) and the V9-only formats
      }
      break;
    }
    case 1:
      op = Op.Call;
      imm = w << 2;
      break;
    case 2: {
      const op3 = (w >>> 19) & 0x3f;
      imm = simm13;
      switch (op3) {
        case 0x00: op = iBit ? Op.AddI : Op.AddR; break;
        case 0x10: op = iBit ? Op.AddccI : Op.AddccR; break;
        case 0x04: op = iBit ? Op.SubI : Op.SubR; break;
        case 0x14: op = iBit ? Op.SubccI : Op.SubccR; break;
        case 0x01: op = iBit ? Op.AndI : Op.AndR; break;
        case 0x11: op = iBit ? Op.AndccI : Op.AndccR; break;
        case 0x02: op = iBit ? Op.OrI : Op.OrR; break;
        case 0x12: op = iBit ? Op.OrccI : Op.OrccR; break;
        case 0x03: op = iBit ? Op.XorI : Op.XorR; break;
        case 0x13: op = iBit ? Op.XorccI : Op.XorccR; break;
        case 0x05: op = iBit ? Op.AndnI : Op.AndnR; break;
        case 0x25: op = iBit ? Op.SllI : Op.SllR; imm &= 31; break;
        case 0x26: op = iBit ? Op.SrlI : Op.SrlR; imm &= 31; break;
        case 0x27: op = iBit ? Op.SraI : Op.SraR; imm &= 31; break;
        case 0x28: op = Op.Rdy; break;
        case 0x30: op = ((w >>> 25) & 31) === 0 ? Op.Wry : Op.Special; break;
        case 0x29: case 0x2a: case 0x2b:
        case 0x31: case 0x32: case 0x33:
          op = Op.Special; break;
        case 0x34: op = Op.FPop1; break;
        case 0x35: op = Op.FPop2; break;
        case 0x36: case 0x37: op = Op.CpDisabled; break;
        case 0x38: op = iBit ? Op.JmplI : Op.JmplR; break;
        case 0x39: op = Op.Rett; break;
        case 0x3a: op = Op.Ticc; imm = w & 0x7f; break;
        case 0x3b: op = Op.Flush; break;
        case 0x3c: op = iBit ? Op.SaveI : Op.SaveR; break;
        case 0x3d: op = iBit ? Op.RestoreI : Op.RestoreR; break;
        default: op = ALU_OP3_VALID[op3] ? Op.Alu : Op.Illegal;
      }
      break;
    }
    case 3: {
      const op3 = (w >>> 19) & 0x3f;
      imm = simm13;
      switch (op3) {
        case 0x00: op = iBit ? Op.LdI : Op.LdR; break;
        case 0x04: op = iBit ? Op.StI : Op.StR; break;
        case 0x01: op = iBit ? Op.LdubI : Op.LdubR; break;
        case 0x05: op = iBit ? Op.StbI : Op.StbR; break;
        case 0x02: op = Op.Lduh; break;
        case 0x0a: op = Op.Ldsh; break;
        case 0x09: op = Op.Ldsb; break;
        case 0x06: op = Op.Sth; break;
        case 0x03: op = Op.Ldd; break;
        case 0x07: op = Op.Std; break;
        case 0x20: case 0x21: case 0x23: case 0x24: case 0x25: case 0x26: case 0x27:
          op = Op.FpMem; break;
        case 0x30: case 0x31: case 0x33: case 0x34: case 0x35: case 0x36: case 0x37:
          op = Op.CpDisabled; break;
        default:
          op = MEM_OP3_VALID[op3] ? Op.Mem : ALT_OP3_VALID[op3] ? Op.Alt : Op.Illegal;
      }
      break;
    }
  }
  page.ops[i] = op;
  page.imm[i] = imm;
}
