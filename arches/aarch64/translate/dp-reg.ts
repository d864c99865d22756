import type { Gen } from './gen.js';
import { Hi, L, add32, add64, extendReg, logicFlags, setW, setX, shift32, shift64, spSlot } from './gen.js';

/** Data processing — register (op0 = x101). Returns false for unallocated encodings. */
export function translateDpReg(g: Gen, insn: number): boolean {
  const sf = insn >>> 31;
  const rd = insn & 31;
  const rn = (insn >>> 5) & 31;
  const rm = (insn >>> 16) & 31;
  const op1 = (insn >>> 28) & 1;
  const op2 = (insn >>> 21) & 15;
  if (op1 === 0) {
    if ((op2 & 8) === 0) return logicalShifted(g, insn, sf, rd, rn, rm);
    if ((op2 & 1) === 0) return addSubShifted(g, insn, sf, rd, rn, rm);
    return addSubExtended(g, insn, sf, rd, rn, rm);
  }
  if (op2 & 8) return threeSource(g, insn, sf, rd, rn, rm);
  switch (op2) {
    case 0:
      return addSubCarry(g, insn, sf, rd, rn, rm);
    case 2:
      return condCompare(g, insn, sf, rn, rm);
    case 4:
      return condSelect(g, insn, sf, rd, rn, rm);
    case 6:
      return (insn >>> 30) & 1 ? oneSource(g, insn, sf, rd, rn) : twoSource(g, insn, sf, rd, rn, rm);
    default:
      return false;
  }
}

function logicalShifted(g: Gen, insn: number, sf: number, rd: number, rn: number, rm: number): boolean {
  const imm6 = (insn >>> 10) & 63;
  if (!sf && imm6 >= 32) return false;
  const shift = (insn >>> 22) & 3;
  const invert = (insn >>> 21) & 1;
  const opc = (insn >>> 29) & 3;
  const jsOp = opc === 0 || opc === 3 ? '&' : opc === 1 ? '|' : '^';
  const flags = opc === 3;
  if (!sf) {
    let b = shift32(shift, imm6, L(rm));
    if (invert) b = `~${b}`;
    // MOV (ORR with WZR) is the most common form.
    const expr = opc === 1 && rn === 31 ? b : `${L(rn)} ${jsOp} ${b}`;
    if (flags) g.emit(`{ const rl = ${expr}; ${logicFlags(g, 0)} ${setW(rd, 'rl')} }`);
    else g.emit(setW(rd, expr));
    return true;
  }
  if (rd === 31 && !flags) return true;
  const [bl0, bh0] = shift64(shift, imm6, 'ml', 'mh');
  const bl = invert ? `~${bl0}` : bl0;
  const bh = invert ? `~${bh0}` : bh0;
  let code = `{ const ml = ${L(rm)}, mh = ${Hi(rm)};`;
  if (opc === 1 && rn === 31) code += ` const rl = ${bl}, rh = ${bh};`;
  else code += ` const rl = ${L(rn)} ${jsOp} ${bl}, rh = ${Hi(rn)} ${jsOp} ${bh};`;
  if (flags) code += ' ' + logicFlags(g, 1);
  g.emit(code + setX(rd, 'rl', 'rh') + ' }');
  return true;
}

function addSubShifted(g: Gen, insn: number, sf: number, rd: number, rn: number, rm: number): boolean {
  const shift = (insn >>> 22) & 3;
  const imm6 = (insn >>> 10) & 63;
  if (shift === 3 || (!sf && imm6 >= 32)) return false;
  const sub = ((insn >>> 30) & 1) === 1;
  const flags = ((insn >>> 29) & 1) === 1;
  const cin = sub ? '1' : '0';
  if (!sf) {
    g.emit(add32(g, rd, L(rn), shift32(shift, imm6, L(rm)), sub, cin, flags));
    return true;
  }
  if (imm6 === 0) {
    g.emit(add64(g, rd, L(rn), Hi(rn), L(rm), Hi(rm), sub, cin, flags));
    return true;
  }
  const [bl, bh] = shift64(shift, imm6, 'ml', 'mh');
  g.emit(`{ const ml = ${L(rm)}, mh = ${Hi(rm)}; const ql = ${bl}, qh = ${bh}; ${add64(g, rd, L(rn), Hi(rn), 'ql', 'qh', sub, cin, flags)} }`);
  return true;
}

function addSubExtended(g: Gen, insn: number, sf: number, rd: number, rn: number, rm: number): boolean {
  const opt = (insn >>> 22) & 3;
  const imm3 = (insn >>> 10) & 7;
  if (opt !== 0 || imm3 > 4) return false;
  const sub = ((insn >>> 30) & 1) === 1;
  const flags = ((insn >>> 29) & 1) === 1;
  const option = (insn >>> 13) & 7;
  const n = spSlot(rn);
  const d = flags ? rd : spSlot(rd);
  const e = extendReg(option, rm, imm3);
  const cin = sub ? '1' : '0';
  if (sf) g.emit(`{ ${e.code} ${add64(g, d, L(n), Hi(n), e.l, e.h, sub, cin, flags)} }`);
  else g.emit(`{ ${e.code} ${add32(g, d, L(n), e.l, sub, cin, flags)} }`);
  return true;
}

function addSubCarry(g: Gen, insn: number, sf: number, rd: number, rn: number, rm: number): boolean {
  if (((insn >>> 10) & 63) !== 0) return false;
  const sub = ((insn >>> 30) & 1) === 1;
  const flags = ((insn >>> 29) & 1) === 1;
  g.flagsRead();
  if (sf) g.emit(add64(g, rd, L(rn), Hi(rn), L(rm), Hi(rm), sub, 'c.cf', flags));
  else g.emit(add32(g, rd, L(rn), L(rm), sub, 'c.cf', flags));
  return true;
}

function condCompare(g: Gen, insn: number, sf: number, rn: number, rm: number): boolean {
  if (((insn >>> 29) & 1) === 0 || (insn & (1 << 10)) || (insn & (1 << 4))) return false;
  const sub = ((insn >>> 30) & 1) === 1;
  const cond = (insn >>> 12) & 15;
  const nzcv = insn & 15;
  const imm = (insn >>> 11) & 1;
  const bl = imm ? String(rm) : L(rm);
  const bh = imm ? '0' : Hi(rm);
  // Reads NZCV (the condition) and writes them both ways: eager. The compare is spelt out with
  // the carry as an input so that add64/add32 do not make it lazy.
  const test = g.cond(cond);
  g.flagsEager();
  const cin = sub ? '(1)' : '(0)';
  const cmp = sf ? add64(g, 31, L(rn), Hi(rn), bl, bh, sub, cin, true) : add32(g, 31, L(rn), bl, sub, cin, true);
  g.emit(`if (${test}) ${cmp} else { c.nf = ${(nzcv >> 3) & 1}; c.zf = ${(nzcv >> 2) & 1}; c.cf = ${(nzcv >> 1) & 1}; c.vf = ${nzcv & 1}; }`);
  return true;
}

function condSelect(g: Gen, insn: number, sf: number, rd: number, rn: number, rm: number): boolean {
  if (((insn >>> 29) & 1) !== 0 || ((insn >>> 11) & 1) !== 0) return false;
  const op = (insn >>> 30) & 1;
  const o2 = (insn >>> 10) & 1;
  const cond = g.cond((insn >>> 12) & 15);
  if (rd === 31) return true;
  // else-branch value of Rm: as is, +1, NOT, or negated.
  if (!sf) {
    let alt: string;
    if (op === 0) alt = o2 ? `${L(rm)} + 1` : L(rm);
    else alt = o2 ? `-${L(rm)}` : `~${L(rm)}`;
    g.emit(setW(rd, `${cond} ? ${L(rn)} : (${alt})`));
    return true;
  }
  let code = `{ let rl, rh; if (${cond}) { rl = ${L(rn)}; rh = ${Hi(rn)}; } else {`;
  if (op === 0 && o2 === 0) code += ` rl = ${L(rm)}; rh = ${Hi(rm)};`;
  else if (op === 0) code += ` const ml = ${L(rm)}; rl = ml + 1; rh = ${Hi(rm)} + ((ml | 0) === -1 ? 1 : 0);`;
  else if (o2 === 0) code += ` rl = ~${L(rm)}; rh = ~${Hi(rm)};`;
  else code += ` const ml = ${L(rm)}; rl = -ml; rh = ~${Hi(rm)} + ((ml | 0) === 0 ? 1 : 0);`;
  g.emit(code + ` } ${setX(rd, 'rl', 'rh')} }`);
  return true;
}

function twoSource(g: Gen, insn: number, sf: number, rd: number, rn: number, rm: number): boolean {
  if ((insn >>> 29) & 1) return false;
  const opcode = (insn >>> 10) & 63;
  const n = L(rn);
  const nh = Hi(rn);
  const m = L(rm);
  const mh = Hi(rm);
  switch (opcode) {
    case 2: // UDIV
      if (sf) g.emit(`{ const q = H.udiv64(c, ${n}, ${nh}, ${m}, ${mh}); ${setX(rd, 'q', 'c.rh')} }`);
      else g.emit(setW(rd, `(${m}) === 0 ? 0 : ((${n} >>> 0) / (${m} >>> 0)) >>> 0`));
      return true;
    case 3: // SDIV
      if (sf) g.emit(`{ const q = H.sdiv64(c, ${n}, ${nh}, ${m}, ${mh}); ${setX(rd, 'q', 'c.rh')} }`);
      else g.emit(setW(rd, `(${m}) === 0 ? 0 : (${n} / ${m}) | 0`));
      return true;
    case 8: // LSLV
    case 9: // LSRV
    case 10: // ASRV
    case 11: {
      // RORV
      const type = opcode - 8;
      if (sf) {
        g.emit(`{ const q = H.shift64(c, ${type}, ${n}, ${nh}, ${m} & 63); ${setX(rd, 'q', 'c.rh')} }`);
      } else {
        const ops = [`${n} << ${m}`, `${n} >>> ${m}`, `${n} >> ${m}`, `(${n} >>> ${m}) | (${n} << (32 - (${m} & 31)))`];
        g.emit(setW(rd, ops[type]));
      }
      return true;
    }
    case 16:
    case 17:
    case 18:
    case 19:
    case 20:
    case 21:
    case 22:
    case 23: {
      // CRC32{B,H,W,X} and CRC32C{B,H,W,X}
      const size = opcode & 3;
      if ((size === 3) !== (sf === 1)) return false;
      const castagnoli = (opcode & 4) !== 0 ? 1 : 0;
      g.emit(setW(rd, `H.crc32(${castagnoli}, ${n}, ${m}, ${size === 3 ? mh : '0'}, ${size})`));
      return true;
    }
    default:
      return false;
  }
}

function oneSource(g: Gen, insn: number, sf: number, rd: number, rn: number): boolean {
  if ((insn >>> 29) & 1 || ((insn >>> 16) & 31) !== 0) return false;
  const opcode = (insn >>> 10) & 63;
  const n = L(rn);
  const nh = Hi(rn);
  switch (opcode) {
    case 0: // RBIT
      if (sf) g.emit(`{ const sl = ${n}, sh = ${nh}; ${setX(rd, 'H.rbit32(sh)', 'H.rbit32(sl)')} }`);
      else g.emit(setW(rd, `H.rbit32(${n})`));
      return true;
    case 1: // REV16
      if (sf) g.emit(`{ const sl = ${n}, sh = ${nh}; ${setX(rd, 'H.rev16(sl)', 'H.rev16(sh)')} }`);
      else g.emit(setW(rd, `H.rev16(${n})`));
      return true;
    case 2: // REV32 (64-bit) / REV (32-bit)
      if (sf) g.emit(`{ const sl = ${n}, sh = ${nh}; ${setX(rd, 'H.rev32(sl)', 'H.rev32(sh)')} }`);
      else g.emit(setW(rd, `H.rev32(${n})`));
      return true;
    case 3: // REV (64-bit)
      if (!sf) return false;
      g.emit(`{ const sl = ${n}, sh = ${nh}; ${setX(rd, 'H.rev32(sh)', 'H.rev32(sl)')} }`);
      return true;
    case 4: // CLZ
      if (sf) g.emit(setX(rd, `((${nh}) !== 0 ? Math.clz32(${nh}) : 32 + Math.clz32(${n}))`, '0'));
      else g.emit(setW(rd, `Math.clz32(${n})`));
      return true;
    case 5: // CLS
      if (sf) g.emit(setX(rd, `H.cls64(${n}, ${nh})`, '0'));
      else g.emit(setW(rd, `H.cls32(${n})`));
      return true;
    default:
      return false;
  }
}

function threeSource(g: Gen, insn: number, sf: number, rd: number, rn: number, rm: number): boolean {
  const op54 = (insn >>> 29) & 3;
  const op31 = (insn >>> 21) & 7;
  const o0 = (insn >>> 15) & 1;
  const ra = (insn >>> 10) & 31;
  if (op54 !== 0) return false;
  const n = L(rn);
  const m = L(rm);
  switch (op31) {
    case 0: // MADD / MSUB
      if (!sf) {
        g.emit(setW(rd, o0 ? `${L(ra)} - Math.imul(${n}, ${m})` : `Math.imul(${n}, ${m}) + ${L(ra)}`));
      } else {
        g.emit(`{ const pl = H.mul64(c, ${n}, ${Hi(rn)}, ${m}, ${Hi(rm)}), ph = c.rh; ${add64(g, rd, L(ra), Hi(ra), 'pl', 'ph', o0 === 1, o0 ? '1' : '0', false)} }`);
      }
      return true;
    case 1: // SMADDL / SMSUBL
    case 5: // UMADDL / UMSUBL
      if (!sf) return false;
      g.emit(`{ const pl = H.${op31 === 1 ? 'smull' : 'umull'}(c, ${n}, ${m}), ph = c.rh; ${add64(g, rd, L(ra), Hi(ra), 'pl', 'ph', o0 === 1, o0 ? '1' : '0', false)} }`);
      return true;
    case 2: // SMULH
    case 6: // UMULH
      if (!sf || o0) return false;
      g.emit(`{ const ql = H.${op31 === 2 ? 'smulh' : 'umulh'}(c, ${n}, ${Hi(rn)}, ${m}, ${Hi(rm)}); ${setX(rd, 'ql', 'c.rh')} }`);
      return true;
    default:
      return false;
  }
}
