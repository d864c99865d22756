/**
 * String instructions (MOVS, CMPS, STOS, LODS, SCAS, INS, OUTS) with and without REP/REPE/
 * REPNE. The work is done by `strings.ts` at run time. A REP instruction ends its block: its
 * helper runs iterations up to the end of the time budget (each counts as one instruction),
 * stops early for a pending interrupt, and leaves RIP on the instruction when it is not done.
 * @module
 */
import { Seg } from '../decode/insn.js';
import { Vec } from '../fault.js';
import type { Gen } from './gen.js';
import { u32 } from './gen.js';

export function stringOp(g: Gen, op: number): void {
  const i = g.i;
  const size = (op & 1) === 0 ? 1 : i.osz;
  const io = op >= 0x6c && op <= 0x6f;
  if (io) {
    const ioSize = (op & 1) === 0 ? 1 : i.osz === 2 ? 2 : 4;
    g.mayFault();
    g.emit(`H.ioCheck(c, r[4] & 65535, ${ioSize});`);
  }
  // CMPS/SCAS take REPE/REPNE; the others treat F2 like F3 (QEMU).
  const seg = g.segOf(Seg.DS);
  g.flagsRead();
  g.mayFault();
  const sz = io ? ((op & 1) === 0 ? 1 : i.osz === 2 ? 2 : 4) : size;
  const args = `${op}, ${sz}, ${i.asz}, ${seg}`;
  if (i.rep === 0) {
    g.emit(`H.str(c, ${args});`);
    if (op !== 0xa6 && op !== 0xa7 && op !== 0xac && op !== 0xad && op !== 0xae && op !== 0xaf && op !== 0x6e && op !== 0x6f) g.stored = true;
    if (op === 0xa6 || op === 0xa7 || op === 0xae || op === 0xaf) g.flagsClobbered();
    return;
  }
  if (i.lock) return g.raise(Vec.UD);
  const cmp = op === 0xa6 || op === 0xa7 || op === 0xae || op === 0xaf;
  const kind = cmp ? (i.rep === 0xf3 ? 1 : 2) : 0;
  g.emit(`return ${g.retired(g.idx)} + H.rep(c, ${args}, ${kind}, ${u32(i.ripLo)}, ${u32(i.ripHi)}, ${u32(g.nextLo)}, ${u32(g.nextHi)});`);
  g.flagsClobbered();
  g.ended = true;
}
