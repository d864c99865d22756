import { decodeBitMasks } from './bitmask.js';
import type { Gen } from './gen.js';
import { Hi, L, M64, add32, add64, hi32, lo32, logicFlags, setW, setX, sext, shift32, shift64, spSlot } from './gen.js';

/** Data processing — immediate (op0 = 100x). Returns false for unallocated encodings. */
export function translateDpImm(g: Gen, insn: number): boolean {
  const op = (insn >>> 23) & 7;
  const sf = insn >>> 31;
  const rd = insn & 31;
  const rn = (insn >>> 5) & 31;
  switch (op) {
    case 0:
    case 1: {
      // ADR / ADRP
      const imm = BigInt(sext((((insn >>> 5) & 0x7ffff) << 2) | ((insn >>> 29) & 3), 21));
      const v = sf ? ((g.pc & ~0xfffn) + (imm << 12n)) & M64 : (g.pc + imm) & M64;
      g.emit(setX(rd, String(lo32(v)), String(hi32(v))));
      return true;
    }
    case 2: {
      // ADD/ADDS/SUB/SUBS (immediate)
      if (insn & (1 << 23)) return false;
      const sub = ((insn >>> 30) & 1) === 1;
      const flags = ((insn >>> 29) & 1) === 1;
      const imm = ((insn >>> 10) & 0xfff) << ((insn >>> 22) & 1 ? 12 : 0);
      const n = spSlot(rn);
      const d = flags ? rd : spSlot(rd);
      if (sf) g.emit(add64(g, d, L(n), Hi(n), String(imm), '0', sub, sub ? '1' : '0', flags));
      else g.emit(add32(g, d, L(n), String(imm), sub, sub ? '1' : '0', flags));
      return true;
    }
    case 3:
      return false; // ADDG/SUBG (MTE) not implemented
    case 4:
      return logicalImm(g, insn, sf, rd, rn);
    case 5:
      return moveWide(g, insn, sf, rd);
    case 6:
      return bitfield(g, insn, sf, rd, rn);
    default:
      return extract(g, insn, sf, rd, rn);
  }
}

function logicalImm(g: Gen, insn: number, sf: number, rd: number, rn: number): boolean {
  const n = (insn >>> 22) & 1;
  if (!sf && n) return false;
  const m = decodeBitMasks(n, (insn >>> 10) & 63, (insn >>> 16) & 63, true, sf ? 64 : 32);
  if (!m) return false;
  const opc = (insn >>> 29) & 3;
  const kl = lo32(m.wmask);
  const kh = hi32(m.wmask);
  const jsOp = opc === 0 || opc === 3 ? '&' : opc === 1 ? '|' : '^';
  if (opc === 3) {
    // ANDS: N and Z from the result, C = V = 0.
    if (sf) {
      g.emit(`{ const rl = ${L(rn)} & ${kl}, rh = ${Hi(rn)} & ${kh}; ${logicFlags(g, 1)} ${setX(rd, 'rl', 'rh')} }`);
    } else {
      g.emit(`{ const rl = ${L(rn)} & ${kl}; ${logicFlags(g, 0)} ${setW(rd, 'rl')} }`);
    }
    return true;
  }
  const d = spSlot(rd);
  if (sf) g.emit(`{ const rl = ${L(rn)} ${jsOp} ${kl}, rh = ${Hi(rn)} ${jsOp} ${kh}; ${setX(d, 'rl', 'rh')} }`);
  else g.emit(setW(d, `${L(rn)} ${jsOp} ${kl}`));
  return true;
}

function moveWide(g: Gen, insn: number, sf: number, rd: number): boolean {
  const opc = (insn >>> 29) & 3;
  const hw = (insn >>> 21) & 3;
  if (opc === 1 || (!sf && hw >= 2)) return false;
  const imm = BigInt((insn >>> 5) & 0xffff) << BigInt(16 * hw);
  if (rd === 31) return true;
  if (opc === 3) {
    // MOVK: replace one halfword.
    const word = hw >> 1;
    const shift = 16 * (hw & 1);
    const mask = ~(0xffff << shift);
    const val = ((insn >>> 5) & 0xffff) << shift;
    g.emit(`x[${2 * rd + word}] = (x[${2 * rd + word}] & ${mask}) | ${val | 0};${sf ? '' : ` x[${2 * rd + 1}] = 0;`}`);
    return true;
  }
  let v = opc === 0 ? ~imm : imm;
  v &= sf ? M64 : 0xffffffffn;
  g.emit(setX(rd, String(lo32(v)), String(hi32(v))));
  return true;
}

function bitfield(g: Gen, insn: number, sf: number, rd: number, rn: number): boolean {
  const opc = (insn >>> 29) & 3;
  const n = (insn >>> 22) & 1;
  const immr = (insn >>> 16) & 63;
  const imms = (insn >>> 10) & 63;
  if (opc === 3 || n !== sf || (!sf && ((immr | imms) & 0x20) !== 0)) return false;
  const width = sf ? 64 : 32;
  const masks = decodeBitMasks(n, imms, immr, false, width);
  if (!masks) return false;
  if (rd === 31) return true;
  // Common aliases first: LSR/ASR (imms = width-1), LSL (imms + 1 = immr), UXT/SXT.
  if (opc !== 1 && imms === width - 1) {
    const type = opc === 2 ? 1 : 2;
    if (sf) {
      const [l, h] = shift64(type, immr, 'sl', 'sh');
      g.emit(`{ const sl = ${L(rn)}, sh = ${Hi(rn)}; ${setX(rd, l, h)} }`);
    } else g.emit(setW(rd, shift32(type, immr, L(rn))));
    return true;
  }
  if (opc === 2 && imms + 1 === immr) {
    const k = width - 1 - imms;
    if (sf) {
      const [l, h] = shift64(0, k, 'sl', 'sh');
      g.emit(`{ const sl = ${L(rn)}, sh = ${Hi(rn)}; ${setX(rd, l, h)} }`);
    } else g.emit(setW(rd, shift32(0, k, L(rn))));
    return true;
  }
  const wl = lo32(masks.wmask);
  const wh = hi32(masks.wmask);
  const tl = lo32(masks.tmask);
  const th = hi32(masks.tmask);
  if (!sf) {
    const rot = shift32(3, immr, 's');
    let body: string;
    if (opc === 2) body = `(${rot}) & ${wl & tl}`;
    else if (opc === 0) body = `(-((s >>> ${imms}) & 1) & ${~tl}) | ((${rot}) & ${wl & tl})`;
    else body = `(d & ${~tl}) | (((d & ${~wl}) | ((${rot}) & ${wl})) & ${tl})`;
    g.emit(`{ const s = ${L(rn)}, d = ${L(rd)}; ${setW(rd, body)} }`);
    return true;
  }
  const [rl, rh] = shift64(3, immr, 'sl', 'sh');
  let code = `{ const sl = ${L(rn)}, sh = ${Hi(rn)}; const ql = ${rl}, qh = ${rh};`;
  if (opc === 2) {
    code += setX(rd, `ql & ${wl & tl}`, `qh & ${wh & th}`);
  } else if (opc === 0) {
    const bit = imms < 32 ? `((sl >>> ${imms}) & 1)` : `((sh >>> ${imms - 32}) & 1)`;
    code += ` const top = -${bit};`;
    code += setX(rd, `(top & ${~tl}) | (ql & ${wl & tl})`, `(top & ${~th}) | (qh & ${wh & th})`);
  } else {
    code += ` const dl = ${L(rd)}, dh = ${Hi(rd)};`;
    code += setX(rd, `(dl & ${~tl}) | (((dl & ${~wl}) | (ql & ${wl})) & ${tl})`, `(dh & ${~th}) | (((dh & ${~wh}) | (qh & ${wh})) & ${th})`);
  }
  g.emit(code + ' }');
  return true;
}

function extract(g: Gen, insn: number, sf: number, rd: number, rn: number): boolean {
  const op21 = (insn >>> 29) & 3;
  const n = (insn >>> 22) & 1;
  const o0 = (insn >>> 21) & 1;
  const lsb = (insn >>> 10) & 63;
  const rm = (insn >>> 16) & 31;
  if (op21 !== 0 || o0 !== 0 || n !== sf || (!sf && lsb >= 32)) return false;
  if (rd === 31) return true;
  if (!sf) {
    g.emit(setW(rd, lsb === 0 ? L(rm) : `(${L(rm)} >>> ${lsb}) | (${L(rn)} << ${32 - lsb})`));
    return true;
  }
  let lo: string;
  let hi: string;
  if (lsb === 0) {
    lo = 'ml';
    hi = 'mh';
  } else if (lsb < 32) {
    lo = `(ml >>> ${lsb}) | (mh << ${32 - lsb})`;
    hi = `(mh >>> ${lsb}) | (nl << ${32 - lsb})`;
  } else if (lsb === 32) {
    lo = 'mh';
    hi = 'nl';
  } else {
    const k = lsb - 32;
    lo = `(mh >>> ${k}) | (nl << ${32 - k})`;
    hi = `(nl >>> ${k}) | (nh << ${32 - k})`;
  }
  g.emit(`{ const ml = ${L(rm)}, mh = ${Hi(rm)}, nl = ${L(rn)}, nh = ${Hi(rn)}; const rl = ${lo}, rh = ${hi}; ${setX(rd, 'rl', 'rh')} }`);
  return true;
}
