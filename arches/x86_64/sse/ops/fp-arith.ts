/**
 * Floating-point arithmetic: 0F 51–53, 58–59, 5C–5F (SQRT, RSQRT, RCP, ADD, MUL, SUB, MIN,
 * DIV, MAX in their PS/PD/SS/SD forms), C2 (CMP), 2E/2F (UCOMIS, COMIS), 7C/7D (HADD, HSUB),
 * D0 (ADDSUB). Every form computes all its lanes into scratch, commits the flags (which may
 * raise #XM), then writes the destination: scalar forms only its low lane.
 * @module
 */
import type { FpDecoded, FpInsn, X86FpHost } from '../../fp-contract.js';
import type { XmmFile } from '../operands.js';
import { fpBegin } from '../fp/mxcsr.js';
import { commit, finishLow32, finishLow64, finishPacked } from './finish.js';
import {
  ADD,
  DIV,
  MAX,
  MIN,
  MUL,
  SUB,
  cmpLane32,
  cmpLane64,
  lane32,
  lane64,
  recipLane32,
  rel32,
  rel64,
  sqrtLane32,
  sqrtLane64,
} from '../fp/lanes.js';
import { EQUAL, LESS, UNORDERED } from '../fp/compare.js';
import { sse, xmmForm, type Body } from './form.js';
import { compareLanes, compareScalar, minMaxScalar, packedDouble, packedSingle, scalarDouble, scalarSingle, sqrtDouble } from './fast.js';


const OPCODE_OP: Record<number, number> = { 0x58: ADD, 0x59: MUL, 0x5c: SUB, 0x5d: MIN, 0x5e: DIV, 0x5f: MAX };

/** The general body of 0F 58–5F for `prefix` (exported for the fast-path tests). */
export function generalBinary(op: number, prefix: number): Body {
  switch (prefix) {
    case 0:
      return (cpu, d, S, s) => {
        fpBegin(cpu.mxcsr);
        const a = d << 2;
        const b = s << 2;
        lane32(op, cpu, a, S, b, 0);
        lane32(op, cpu, a + 1, S, b + 1, 1);
        lane32(op, cpu, a + 2, S, b + 2, 2);
        lane32(op, cpu, a + 3, S, b + 3, 3);
        finishPacked(cpu, d);
      };
    case 0x66:
      return (cpu, d, S, s) => {
        fpBegin(cpu.mxcsr);
        lane64(op, cpu, d << 1, S, s << 1, 0);
        lane64(op, cpu, (d << 1) + 1, S, (s << 1) + 1, 1);
        finishPacked(cpu, d);
      };
    case 0xf3:
      return (cpu, d, S, s) => {
        fpBegin(cpu.mxcsr);
        lane32(op, cpu, d << 2, S, s << 2, 0);
        finishLow32(cpu, d);
      };
    default:
      return (cpu, d, S, s) => {
        fpBegin(cpu.mxcsr);
        lane64(op, cpu, d << 1, S, s << 1, 0);
        finishLow64(cpu, d);
      };
  }
}

/** Memory operand size of the PS/PD/SS/SD forms. */
function sizeOf(prefix: number): number {
  return prefix === 0xf3 ? 4 : prefix === 0xf2 ? 8 : 16;
}

/** 0F 58/59/5C/5D/5E/5F. */
export function decodeBinary(insn: FpInsn): FpDecoded {
  const p = insn.prefix;
  const op = OPCODE_OP[insn.opcode];
  const body = generalBinary(op, p);
  if (op === MIN || op === MAX) {
    const scalar = p === 0xf2 || p === 0xf3;
    return xmmForm(insn, sizeOf(p), !scalar, scalar ? minMaxScalar(op === MAX, p === 0xf2, body) : body);
  }
  if (p === 0xf2) return sse(scalarDouble(op, insn.reg, insn.rm, insn.isMem, body));
  if (p === 0xf3) return sse(scalarSingle(op, insn.reg, insn.rm, insn.isMem, body));
  return xmmForm(insn, 16, true, p === 0 ? packedSingle(op, body) : packedDouble(op, body));
}

/** The general body of SQRTPS/PD/SS/SD for prefix p. */
export function sqrtBody(p: number): Body {
  let body: Body;
  switch (p) {
    case 0:
      body = (cpu, d, S, s) => {
        fpBegin(cpu.mxcsr);
        for (let k = 0; k < 4; k++) sqrtLane32(S, (s << 2) + k, k);
        finishPacked(cpu, d);
      };
      break;
    case 0x66:
      body = (cpu, d, S, s) => {
        fpBegin(cpu.mxcsr);
        sqrtLane64(S, s << 1, 0);
        sqrtLane64(S, (s << 1) + 1, 1);
        finishPacked(cpu, d);
      };
      break;
    case 0xf3:
      body = (cpu, d, S, s) => {
        fpBegin(cpu.mxcsr);
        sqrtLane32(S, s << 2, 0);
        finishLow32(cpu, d);
      };
      break;
    default:
      body = (cpu, d, S, s) => {
        fpBegin(cpu.mxcsr);
        sqrtLane64(S, s << 1, 0);
        finishLow64(cpu, d);
      };
  }
  return body;
}

/** 0F 51: SQRTPS/PD/SS/SD. */
export function decodeSqrt(insn: FpInsn): FpDecoded {
  const p = insn.prefix;
  const body = sqrtBody(p);
  return xmmForm(insn, sizeOf(p), p === 0 || p === 0x66, p === 0xf2 ? sqrtDouble(body) : body);
}

/** 0F 52/53: RSQRTPS/SS, RCPPS/SS (no 66 or F2 forms). */
export function decodeRecip(insn: FpInsn): FpDecoded | null {
  const p = insn.prefix;
  if (p !== 0 && p !== 0xf3) return null;
  const sqrtFirst = insn.opcode === 0x52;
  const body: Body =
    p === 0
      ? (cpu, d, S, s) => {
          fpBegin(cpu.mxcsr);
          for (let k = 0; k < 4; k++) recipLane32(sqrtFirst, S, (s << 2) + k, k);
          finishPacked(cpu, d);
        }
      : (cpu, d, S, s) => {
          fpBegin(cpu.mxcsr);
          recipLane32(sqrtFirst, S, s << 2, 0);
          finishLow32(cpu, d);
        };
  return xmmForm(insn, p === 0 ? 16 : 4, p === 0, body);
}

/** The general body of CMPPS/PD/SS/SD (prefix p) with predicate imm (0..7). */
export function compareBody(imm: number, p: number): Body {
  let body: Body;
  switch (p) {
    case 0:
      body = (cpu, d, S, s) => {
        fpBegin(cpu.mxcsr);
        for (let k = 0; k < 4; k++) cmpLane32(imm, cpu, (d << 2) + k, S, (s << 2) + k, k);
        finishPacked(cpu, d);
      };
      break;
    case 0x66:
      body = (cpu, d, S, s) => {
        fpBegin(cpu.mxcsr);
        cmpLane64(imm, cpu, d << 1, S, s << 1, 0);
        cmpLane64(imm, cpu, (d << 1) + 1, S, (s << 1) + 1, 1);
        finishPacked(cpu, d);
      };
      break;
    case 0xf3:
      body = (cpu, d, S, s) => {
        fpBegin(cpu.mxcsr);
        cmpLane32(imm, cpu, d << 2, S, s << 2, 0);
        finishLow32(cpu, d);
      };
      break;
    default:
      body = (cpu, d, S, s) => {
        fpBegin(cpu.mxcsr);
        cmpLane64(imm, cpu, d << 1, S, s << 1, 0);
        finishLow64(cpu, d);
      };
  }
  return body;
}

/** 0F C2 ib: CMPPS/PD/SS/SD with predicate imm8[2:0]. */
export function decodeCompare(insn: FpInsn): FpDecoded {
  const p = insn.prefix;
  const imm = insn.imm8 & 7;
  const body = compareBody(imm, p);
  const double = p === 0x66 || p === 0xf2;
  const lanes = p === 0 ? 4 : p === 0x66 ? 2 : 1;
  return xmmForm(insn, sizeOf(p), p === 0 || p === 0x66, compareLanes(imm, double, lanes, body));
}

/** ZF, PF, CF of COMIS/UCOMIS for a relation. */
function setFlags(cpu: X86FpHost, rel: number): void {
  if (rel === UNORDERED) cpu.setCompareFlags(1, 1, 1);
  else if (rel === LESS) cpu.setCompareFlags(0, 0, 1);
  else if (rel === EQUAL) cpu.setCompareFlags(1, 0, 0);
  else cpu.setCompareFlags(0, 0, 0);
}

/** The general body of UCOMISS/COMISS (double = false) and UCOMISD/COMISD. */
export function comisBody(double: boolean, signals: boolean): Body {
  return double
    ? (cpu, d, S, s) => {
        fpBegin(cpu.mxcsr);
        const rel = rel64(cpu, d << 1, S, s << 1, signals);
        commit(cpu);
        setFlags(cpu, rel);
      }
    : (cpu, d, S, s) => {
        fpBegin(cpu.mxcsr);
        const rel = rel32(cpu, d << 2, S, s << 2, signals);
        commit(cpu);
        setFlags(cpu, rel);
      };
}

/** 0F 2E/2F: UCOMISS/COMISS (no prefix), UCOMISD/COMISD (66). COMIS signals on any NaN. */
export function decodeComis(insn: FpInsn): FpDecoded | null {
  const p = insn.prefix;
  if (p !== 0 && p !== 0x66) return null;
  const double = p === 0x66;
  return xmmForm(insn, double ? 8 : 4, false, compareScalar(double, comisBody(double, insn.opcode === 0x2f)));
}

/**
 * 0F 7C/7D (HADD/HSUB, 66 = PD, F2 = PS) and 0F D0 (ADDSUB, 66 = PD, F2 = PS): horizontal
 * pairs of d then of s, or alternating subtract/add.
 */
export function decodeHorizontal(insn: FpInsn): FpDecoded | null {
  const p = insn.prefix;
  if (p !== 0x66 && p !== 0xf2) return null;
  let body: Body;
  if (insn.opcode === 0xd0) {
    body =
      p === 0xf2
        ? (cpu, d, S, s) => {
            fpBegin(cpu.mxcsr);
            for (let k = 0; k < 4; k++) lane32(k & 1 ? ADD : SUB, cpu, (d << 2) + k, S, (s << 2) + k, k);
            finishPacked(cpu, d);
          }
        : (cpu, d, S, s) => {
            fpBegin(cpu.mxcsr);
            lane64(SUB, cpu, d << 1, S, s << 1, 0);
            lane64(ADD, cpu, (d << 1) + 1, S, (s << 1) + 1, 1);
            finishPacked(cpu, d);
          };
  } else {
    const op = insn.opcode === 0x7c ? ADD : SUB;
    body =
      p === 0xf2
        ? (cpu, d, S, s) => {
            fpBegin(cpu.mxcsr);
            pairs32(op, cpu, d << 2, 0);
            pairs32(op, S, s << 2, 2);
            finishPacked(cpu, d);
          }
        : (cpu, d, S, s) => {
            fpBegin(cpu.mxcsr);
            lane64(op, cpu, d << 1, cpu, (d << 1) + 1, 0);
            lane64(op, S, s << 1, S, (s << 1) + 1, 1);
            finishPacked(cpu, d);
          };
  }
  return xmmForm(insn, 16, true, body);
}

/** Result lanes k, k+1 = (x0 op x1), (x2 op x3) of the singles at index i of F. */
function pairs32(op: number, F: XmmFile, i: number, k: number): void {
  lane32(op, F, i, F, i + 1, k);
  lane32(op, F, i + 2, F, i + 3, k + 1);
}
