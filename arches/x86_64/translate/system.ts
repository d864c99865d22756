/**
 * System instructions: descriptor tables (0F 00, 0F 01), control and debug registers, I/O,
 * CLI/STI/HLT, CPUID, MSRs, TSC, SYSCALL/SYSRET, SYSENTER/SYSEXIT, CLTS, cache and TLB
 * maintenance, fences, plus BCD adjust, BOUND and ARPL. Privileged ones check CPL at
 * translation time (the CPL is part of the block's mode key).
 * @module
 */
import { Seg } from '../decode/insn.js';
import { Vec } from '../fault.js';
import type { Gen } from './gen.js';
import { u32 } from './gen.js';
import { isFpOpcode, fpInstruction } from './fp.js';

/** #GP(0) unless CPL = 0. Returns false when it raised. */
function needCpl0(g: Gen): boolean {
  if (g.cpl !== 0) {
    g.raise(Vec.GP, 0);
    return false;
  }
  return true;
}

/** 0F 00: SLDT, STR, LLDT, LTR, VERR, VERW (protected mode only). */
export function group0F00(g: Gen): void {
  const i = g.i;
  const reg = (i.modrm >>> 3) & 7;
  if (!g.pe || reg > 5) return g.raise(Vec.UD);
  switch (reg) {
    case 0:
    case 1: {
      const seg = reg === 0 ? Seg.LDTR : Seg.TR;
      if (i.isMem) g.emit(g.writeRm(2, `c.segSel[${seg}]`));
      else g.emit(g.wrAny(i.rm, i.osz === 8 ? 8 : i.osz, `c.segSel[${seg}]`, '0'));
      return;
    }
    case 2:
    case 3:
      if (!needCpl0(g)) return;
      g.emit('{');
      g.readRm(2, 's');
      g.mayFault();
      g.emit(`H.${reg === 2 ? 'lldt' : 'ltr'}(c, s);`);
      g.emit('}');
      return;
    default:
      g.emit('{');
      g.readRm(2, 's');
      g.flagsRead();
      g.mayFault();
      g.emit(`H.verify(c, s, ${reg === 5});`);
      g.emit('}');
      g.flagsClobbered();
  }
}

/** 0F 01: SGDT/SIDT/LGDT/LIDT/SMSW/LMSW/INVLPG, SWAPGS; the register forms qemu64 lacks are #UD. */
export function group0F01(g: Gen): void {
  const i = g.i;
  const reg = (i.modrm >>> 3) & 7;
  if (!i.isMem) {
    if (reg === 4) return smsw(g);
    if (reg === 6) return lmsw(g);
    if (reg === 7 && (i.modrm & 7) === 0) {
      // SWAPGS: 64-bit mode, CPL 0.
      if (!g.mode64) return g.raise(Vec.UD);
      if (!needCpl0(g)) return;
      g.emit('H.swapgs(c);');
      return;
    }
    // MONITOR/MWAIT, XGETBV, SVM, RDTSCP, CLAC/STAC...: not advertised by qemu64.
    return g.raise(Vec.UD);
  }
  switch (reg) {
    case 0:
    case 1: {
      // SGDT/SIDT: limit, then a 32-bit base (64-bit in 64-bit mode; 16-bit operand size stores 24 bits, as QEMU 32).
      g.emit('{');
      const a = g.addr();
      const a2 = g.addr(2);
      const t = reg === 0 ? 'gdt' : 'idt';
      g.emit(g.st(2, a, `c.${t}Limit`));
      if (g.mode64) g.emit(g.st(8, a2, `c.${t}BaseLo`, `c.${t}BaseHi`));
      else g.emit(g.st(4, a2, i.osz === 2 ? `c.${t}BaseLo & 0xffffff` : `c.${t}BaseLo`));
      g.emit('}');
      return;
    }
    case 2:
    case 3: {
      if (!needCpl0(g)) return;
      g.emit('{');
      const a = g.addr();
      const a2 = g.addr(2);
      g.readMem(2, a, 'l');
      if (g.mode64) g.readMem(8, a2, 'b');
      else g.emit(`const b = ${g.ld(4, a2)} ${i.osz === 2 ? '& 0xffffff' : '| 0'}, bh = 0;`);
      const t = reg === 2 ? 'gdt' : 'idt';
      g.emit(`c.${t}Limit = l; c.${t}BaseLo = b | 0; c.${t}BaseHi = ${g.mode64 ? 'bh' : '0'};`);
      g.emit('}');
      return;
    }
    case 4:
      return smsw(g);
    case 6:
      return lmsw(g);
    case 7:
      if (!needCpl0(g)) return;
      g.emit('{');
      {
        const a = g.addr();
        g.emit(`c.flushTlbPage(${a.lo}, ${a.hi});`);
      }
      g.emit('}');
      return g.endAfter(); // the next instruction may be on the page just dropped
    default:
      return g.raise(Vec.UD);
  }
}

function smsw(g: Gen): void {
  const i = g.i;
  if (i.isMem) g.emit(g.writeRm(2, 'c.cr0 & 65535'));
  else if (i.osz === 8) g.emit(g.wr64(i.rm, 'c.cr0', '0'));
  else g.emit(g.wr(i.rm, i.osz, i.osz === 2 ? 'c.cr0 & 65535' : 'c.cr0'));
}

function lmsw(g: Gen): void {
  if (!needCpl0(g)) return;
  g.emit('{');
  g.readRm(2, 'v');
  g.mayFault();
  // LMSW changes PE, MP, EM, TS only and cannot clear PE.
  g.emit('H.writeCr(c, 0, (c.cr0 & ~0xe) | (v & 0xf), 0);');
  g.emit('}');
  g.endAfter();
}

/** MOV to/from CR0, CR2, CR3, CR4, CR8 (REX.R). The operand is always a register; mod is ignored. */
export function movCr(g: Gen, write: boolean): void {
  const i = g.i;
  const cr = i.reg;
  const rm = (i.modrm & 7) | ((i.rex & 1) << 3);
  if (cr !== 0 && cr !== 2 && cr !== 3 && cr !== 4 && cr !== 8) return g.raise(Vec.UD);
  if (cr === 8 && !g.mode64) return g.raise(Vec.UD);
  if (!needCpl0(g)) return;
  g.mayFault();
  if (write) {
    g.emit(`H.writeCr(c, ${cr}, r[${2 * rm}], ${g.mode64 ? `r[${2 * rm + 1}]` : '0'});`);
    return g.endAfter();
  }
  g.emit(`{ const v = H.readCr(c, ${cr}); ${g.mode64 ? g.wr64(rm, 'v', 'c.loadHi | 0') : g.wr(rm, 4, 'v')} }`);
}

/** MOV to/from DR0-DR7 (DR4/5 alias DR6/7 unless CR4.DE). Breakpoints are not implemented. */
export function movDr(g: Gen, write: boolean): void {
  const i = g.i;
  const dr = i.reg;
  const rm = (i.modrm & 7) | ((i.rex & 1) << 3);
  if (dr > 7) return g.raise(Vec.UD);
  if (!needCpl0(g)) return;
  g.mayFault();
  if (write) {
    g.emit(`H.writeDr(c, ${dr}, r[${2 * rm}], ${g.mode64 ? `r[${2 * rm + 1}]` : '0'});`);
    return g.endAfter(); // breakpoints take effect at the next instruction
  } else g.emit(`{ const v = H.readDr(c, ${dr}); ${g.mode64 ? g.wr64(rm, 'v', 'c.loadHi | 0') : g.wr(rm, 4, 'v')} }`);
}

/** IN/OUT with an immediate port (E4-E7) or DX (EC-EF). */
export function inOut(g: Gen, op: number): void {
  const i = g.i;
  const size = (op & 1) === 0 ? 1 : i.osz === 2 ? 2 : 4;
  const port = op < 0xe8 ? String(i.imm & 0xff) : '(r[4] & 65535)';
  const out = (op & 2) !== 0;
  g.mayFault();
  g.emit(`H.ioCheck(c, ${port}, ${size});`);
  if (out) {
    g.emit(`c.portOut(${port}, ${size}, ${size === 4 ? 'r[0]' : g.rd(0, size)});`);
    g.stored = true; // a device may write memory (this block's bytes included)
  } else g.emit(`{ const v = c.portIn(${port}, ${size}); ${g.wr(0, size, 'v')} }`);
  // A device may have raised an interrupt or changed time: let the run loop look.
  g.emit(`if (c.attention !== 0 || c.exitRequested) { ${g.syncCode()} ${g.setIp(g.nextLo, g.nextHi)} ${g.ret()} }`);
}

/** Named system and miscellaneous instructions. */
export function miscSystem(g: Gen, what: string): void {
  const i = g.i;
  switch (what) {
    case 'hlt':
      if (!needCpl0(g)) return;
      g.mayFault();
      g.emit(`${g.setIp(g.nextLo, g.nextHi)} c.halt();`);
      return g.endHere();
    case 'cli':
    case 'sti':
      g.mayFault();
      g.emit(`H.${what}(c);`);
      if (what === 'sti') return g.endAfter(); // interrupts are looked at after the next instruction
      return;
    case '0f02':
    case '0f03':
      // LAR / LSL
      if (!g.pe) return g.raise(Vec.UD);
      g.emit('{');
      g.readRm(2, 's');
      g.flagsRead();
      g.mayFault();
      g.emit(`const v = H.${what === '0f02' ? 'lar' : 'lsl'}(c, s); if (v >= 0) { ${g.wrAny(i.reg, i.osz, 'v', '0')} }`);
      g.emit('}');
      g.flagsClobbered();
      return;
    case '0f05':
      g.mayFault();
      g.emit(`H.syscall(c, ${u32(g.nextLo)}, ${u32(g.nextHi)});`);
      g.flagsClobbered();
      return g.endHere();
    case '0f07':
      g.mayFault();
      g.emit(`H.sysret(c, ${i.rexW ? 8 : 4});`);
      g.flagsClobbered();
      return g.endHere();
    case '0f06':
      // CLTS
      if (!needCpl0(g)) return;
      g.emit('c.cr0 &= ~8;');
      return;
    case '0f08':
    case '0f09':
      // INVD, WBINVD: no caches to manage.
      needCpl0(g);
      return;
    case '0f30':
      if (!needCpl0(g)) return;
      g.mayFault();
      g.emit('H.wrmsr(c);');
      return g.endAfter(); // EFER, FS/GS base, APIC base may change what blocks assume
    case '0f31':
      g.mayFault();
      g.emit('H.rdtsc(c);');
      return;
    case '0f32':
      if (!needCpl0(g)) return;
      g.mayFault();
      g.emit('H.rdmsr(c);');
      return;
    case '0f33':
      g.mayFault();
      g.emit('H.rdpmc(c);');
      return;
    case '0f34':
    case '0f35':
      // SYSENTER/SYSEXIT: qemu64 is AuthenticAMD, so QEMU makes them #UD in 64-bit mode.
      if (g.mode64) return g.raise(Vec.UD);
      if (what === '0f35' && !needCpl0(g)) return;
      g.mayFault();
      g.emit(what === '0f34' ? 'H.sysenter(c);' : `H.sysexit(c, ${i.rexW ? 8 : 4});`);
      g.flagsClobbered();
      return g.endHere();
    case '0fa2':
      g.emit('H.cpuid(c);');
      return;
    case '0faa':
      // RSM: never in SMM.
      return g.raise(Vec.UD);
    case '0fae': {
      const reg = (i.modrm >>> 3) & 7;
      if (isFpOpcode(i)) return fpInstruction(g, i);
      if (!i.isMem) {
        // LFENCE (5), MFENCE (6), SFENCE (7): ordering is already total here.
        if (reg >= 5) return g.emit('/* fence */');
        return g.raise(Vec.UD); // RDFSBASE & co: FSGSBASE not advertised
      }
      if (reg === 7) {
        // CLFLUSH: checks the address like a read, then nothing to flush.
        g.emit('{');
        g.readMem(1, g.addr(), 'v');
        g.emit('}');
        return;
      }
      return g.raise(Vec.UD); // XSAVE family, CLWB...: not advertised
    }
  }
  g.raise(Vec.UD);
}

/** DAA, DAS, AAA, AAS, AAM, AAD, SALC (legacy modes; #UD in 64-bit mode, filtered earlier). */
export function bcd(g: Gen, op: number): void {
  g.flagsRead();
  if (op === 0xd4 || op === 0xd5) {
    const base = g.i.imm & 0xff;
    if (op === 0xd4 && base === 0) return g.raise(Vec.DE);
    g.emit(`H.${op === 0xd4 ? 'aam' : 'aad'}(c, ${base});`);
    g.flagsClobbered();
    return;
  }
  if (op === 0xd6) {
    // SALC: AL = CF ? 0xFF : 0.
    g.emit(`r[0] = (r[0] & -256) | (${g.cf()} ? 255 : 0);`);
    return;
  }
  const name = op === 0x27 ? 'daa' : op === 0x2f ? 'das' : op === 0x37 ? 'aaa' : 'aas';
  g.emit(`H.${name}(c);`);
  g.flagsClobbered();
}

/** BOUND r, m: #BR when the index is outside [lower, upper]. */
export function bound(g: Gen): void {
  const i = g.i;
  const size = i.osz === 2 ? 2 : 4;
  g.emit('{');
  const a = g.addr();
  g.readMem(size, a, 'lo');
  g.readMem(size, g.addr(size), 'up');
  const sx = (v: string): string => (size === 2 ? `((${v} << 16) >> 16)` : `(${v} | 0)`);
  g.emit(`const x = ${sx(g.rd(i.reg, size))}; if (x < ${sx('lo')} || x > ${sx('up')}) c.raise(${Vec.BR});`);
  g.emit('}');
}

/** ARPL r/m16, r16: raise the RPL of the destination to the source's; ZF says whether it changed. */
export function arpl(g: Gen): void {
  const i = g.i;
  g.emit('{');
  g.readRm(2, 'd');
  g.emit(`const s = ${g.rd(i.reg, 2)}; const ch = (d & 3) < (s & 3);`);
  g.emit(`const nv = ch ? (d & ~3) | (s & 3) : d;`);
  g.emit(g.writeRm(2, 'nv'));
  g.flagsRead();
  g.emit(`c.setEflags(ch ? 0x40 : 0, 0x40);`);
  g.emit('}');
  g.flagsClobbered();
}
