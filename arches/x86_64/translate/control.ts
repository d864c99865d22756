/**
 * Control transfers: Jcc, JMP/CALL/RET near (direct and indirect), LOOP/JCXZ, INT n/INT3/
 * INTO/INT1, IRET, and the far forms through runtime helpers. Every one ends its block.
 * @module
 */
import { EventKind } from '../exceptions.js';
import type { Gen } from './gen.js';
import { u32 } from './gen.js';

/** Target of a relative branch: next + disp at the operand size (16-bit targets wrap at 64 KiB, as QEMU). */
function relTarget(g: Gen, disp: number): [number, number] {
  if (g.i.osz === 2) return [(g.nextLo + disp) & 0xffff, 0];
  if (!g.mode64) return [(g.nextLo + disp) >>> 0, 0];
  const t = (BigInt(g.nextHi) << 32n) + BigInt(g.nextLo) + BigInt(disp);
  return [Number(t & 0xffffffffn), Number((t >> 32n) & 0xffffffffn)];
}

/** Size of an indirect near branch target and of near CALL/RET stack slots. */
function nearSize(g: Gen): number {
  return g.stackOpSize;
}

export function condJump(g: Gen, cc: number, disp: number): void {
  const [tl, th] = relTarget(g, disp);
  const cond = g.cond(cc);
  branch(g, cond, tl, th);
}

/** End the block with a two-way branch: to (tl, th) when `cond`, else to the next instruction. */
function branch(g: Gen, cond: string, tl: number, th: number): void {
  if (g.isLoopBack(tl, th)) {
    g.emit(`if (${cond}) { ${g.loopBack()} }`);
    g.syncFlags();
    g.emit(`${g.setIp(g.nextLo, g.nextHi)} ${g.ret()}`);
  } else {
    g.syncFlags();
    if (th === g.nextHi) {
      const hi = th === g.startHi ? '' : ` c.ipHi = ${u32(th)};`;
      g.emit(`c.ip = ${cond} ? ${u32(tl)} : ${u32(g.nextLo)};${hi} ${g.ret()}`);
    } else {
      g.emit(`if (${cond}) { c.ip = ${u32(tl)}; c.ipHi = ${u32(th)}; } else { c.ip = ${u32(g.nextLo)}; c.ipHi = ${u32(g.nextHi)}; } ${g.ret()}`);
    }
  }
  g.ended = true;
}

/** Does this instruction branch to (tl, th)? (The block compiler turns a branch back to the block start into a loop.) */
export function branchTarget(g: Gen, disp: number): [number, number] {
  return relTarget(g, disp);
}

/** JMP rel (disp given) or JMP r/m (FF /4). */
export function jumpNear(g: Gen, disp: number | undefined): void {
  if (disp !== undefined) {
    const [tl, th] = relTarget(g, disp);
    return g.jump(tl, th);
  }
  const size = nearSize(g);
  g.emit('{');
  g.readRm(size, 't');
  g.syncFlags();
  if (size === 8) g.emit('c.ip = t >>> 0; c.ipHi = th >>> 0;');
  else g.emit(`c.ip = ${size === 2 ? 't & 65535' : 't >>> 0'};${g.mode64 || g.startHi !== 0 ? ' c.ipHi = 0;' : ''}`);
  g.emit(`${g.ret()} }`);
  g.ended = true;
}

/** CALL rel / CALL r/m: the target is read first, then the return address pushed. */
export function callNear(g: Gen, disp: number | undefined): void {
  const size = nearSize(g);
  g.emit('{');
  let tl: string;
  let th: string;
  if (disp !== undefined) {
    const [l, h] = relTarget(g, disp);
    tl = u32(l);
    th = u32(h);
  } else {
    g.readRm(size, 't');
    tl = size === 2 ? '(t & 65535)' : '(t >>> 0)';
    th = size === 8 ? '(th >>> 0)' : '0';
  }
  const retLo = size === 2 ? g.nextLo & 0xffff : g.nextLo;
  g.push(size, [[String(retLo | 0), String(size === 8 ? g.nextHi | 0 : 0)]]);
  g.syncFlags();
  g.emit(`c.ip = ${tl};${g.mode64 || g.startHi !== 0 ? ` c.ipHi = ${th};` : ''} ${g.ret()} }`);
  g.ended = true;
}

/** RET [imm16]. */
export function retNear(g: Gen, imm: number): void {
  const size = nearSize(g);
  g.emit('{');
  g.popValues(size, 1, 'v');
  g.emit(g.adjustSp(size + imm));
  g.syncFlags();
  if (size === 8) g.emit('c.ip = v0 >>> 0; c.ipHi = v0h >>> 0;');
  else g.emit(`c.ip = ${size === 2 ? 'v0 & 65535' : 'v0 >>> 0'};${g.mode64 || g.startHi !== 0 ? ' c.ipHi = 0;' : ''}`);
  g.emit(`${g.ret()} }`);
  g.ended = true;
}

/** LOOP (E2), LOOPE (E1), LOOPNE (E0), JrCXZ (E3): the counter has the address size. */
export function loop(g: Gen, op: number, disp: number): void {
  const [tl, th] = relTarget(g, disp);
  const asz = g.i.asz;
  g.emit('{');
  let zero: string;
  if (op !== 0xe3) {
    if (asz === 2) g.emit('r[2] = (r[2] & -65536) | ((r[2] - 1) & 65535);');
    else if (asz === 4) g.emit('r[2] = (r[2] - 1) | 0; r[3] = 0;');
    else g.emit('{ const s = (r[2] >>> 0) - 1; r[2] = s | 0; r[3] = (r[3] - (s < 0 ? 1 : 0)) | 0; }');
  }
  if (asz === 2) zero = '(r[2] & 65535) === 0';
  else if (asz === 4) zero = 'r[2] === 0';
  else zero = '(r[2] | r[3]) === 0';
  let cond: string;
  if (op === 0xe3) cond = zero;
  else if (op === 0xe2) cond = `!(${zero})`;
  else cond = `!(${zero}) && ${op === 0xe1 ? '' : '!'}${g.cond(4)}`;
  branch(g, `(${cond})`, tl, th);
  g.emit('}');
}

/** INT n, INT3, INTO (when OF), INT1 (ICEBP: #DB without the DPL check). */
export function intN(g: Gen, vector: number, kind: 'int' | 'int3' | 'into' | 'int1'): void {
  if (kind === 'into') {
    const of = g.cond(0);
    g.mayFault();
    g.emit(`${g.setIp(g.nextLo, g.nextHi)} if (${of}) c.softInterrupt(4, ${EventKind.Soft});`);
    return g.endHere();
  }
  g.mayFault();
  g.emit(`${g.setIp(g.nextLo, g.nextHi)} c.softInterrupt(${vector}, ${kind === 'int1' ? EventKind.Trap : EventKind.Soft});`);
  g.endHere();
}

/** IRET/IRETD/IRETQ. */
export function iret(g: Gen): void {
  g.mayFault();
  const size = g.mode64 ? (g.i.rexW ? 8 : g.i.p66 ? 2 : 4) : g.i.osz;
  g.emit(`H.iret(c, ${size});`);
  g.flagsClobbered();
  g.endHere();
}

/** Far JMP/CALL (immediate or memory pointer) and RETF. */
export function farTransfer(g: Gen, kind: 'jmpf-imm' | 'callf-imm' | 'jmpf-mem' | 'callf-mem' | 'retf', imm = 0): void {
  const i = g.i;
  g.emit('{');
  g.mayFault();
  const next = `${u32(g.nextLo)}, ${u32(g.nextHi)}`;
  switch (kind) {
    case 'jmpf-imm':
      g.emit(`H.farJump(c, ${i.imm2}, ${u32(i.imm)}, 0, ${i.osz}, ${next});`);
      break;
    case 'callf-imm':
      g.emit(`H.farCall(c, ${i.imm2}, ${u32(i.imm)}, 0, ${i.osz}, ${next});`);
      break;
    case 'jmpf-mem':
    case 'callf-mem': {
      const size = i.osz;
      g.readMem(size, g.addr(), 'o');
      g.readMem(2, g.addr(size), 's');
      g.emit(`H.${kind === 'jmpf-mem' ? 'farJump' : 'farCall'}(c, s, o >>> 0, ${size === 8 ? 'oh >>> 0' : '0'}, ${size}, ${next});`);
      break;
    }
    default: {
      const size = g.mode64 ? (i.rexW ? 8 : i.p66 ? 2 : 4) : i.osz;
      g.emit(`H.farRet(c, ${size}, ${imm});`);
    }
  }
  g.emit('}');
  g.flagsClobbered();
  g.endHere();
}
