/**
 * Register access for debuggers and traces (BigInt values; not the hot path).
 * @module
 */
import type { RegisterFile, RegisterInfo } from '../../src/api/index.js';
import type { X86Cpu } from './cpu.js';

const GPRS = ['rax', 'rcx', 'rdx', 'rbx', 'rsp', 'rbp', 'rsi', 'rdi', 'r8', 'r9', 'r10', 'r11', 'r12', 'r13', 'r14', 'r15'];
const SEGS = ['es', 'cs', 'ss', 'ds', 'fs', 'gs'];

const pair = (lo: number, hi: number): bigint => (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0);

export function createRegisterFile(c: X86Cpu): RegisterFile {
  const list: RegisterInfo[] = [
    ...GPRS.map((name) => ({ name, bits: 64 })),
    { name: 'rip', bits: 64 },
    { name: 'rflags', bits: 64 },
    ...SEGS.map((name) => ({ name, bits: 16 })),
    ...SEGS.map((name) => ({ name: `${name}_base`, bits: 64 })),
    { name: 'cr0', bits: 64 },
    { name: 'cr2', bits: 64 },
    { name: 'cr3', bits: 64 },
    { name: 'cr4', bits: 64 },
    { name: 'efer', bits: 64 },
    { name: 'gdtr_base', bits: 64 },
    { name: 'gdtr_limit', bits: 16 },
    { name: 'idtr_base', bits: 64 },
    { name: 'idtr_limit', bits: 16 },
    { name: 'cpl', bits: 2 },
  ];
  return {
    list: () => list,
    read(name: string): bigint | undefined {
      const g = GPRS.indexOf(name);
      if (g >= 0) return pair(c.r[2 * g], c.r[2 * g + 1]);
      const s = SEGS.indexOf(name);
      if (s >= 0) return BigInt(c.segSel[s]);
      if (name.endsWith('_base') && SEGS.includes(name.slice(0, 2))) {
        const i = SEGS.indexOf(name.slice(0, 2));
        return pair(c.segBase[i], c.segBaseHi[i]);
      }
      switch (name) {
        case 'rip': return pair(c.ip, c.ipHi);
        case 'rflags': return BigInt(c.getEflags());
        case 'cr0': return BigInt(c.cr0 >>> 0);
        case 'cr2': return pair(c.cr2Lo, c.cr2Hi);
        case 'cr3': return pair(c.cr3Lo, c.cr3Hi);
        case 'cr4': return BigInt(c.cr4 >>> 0);
        case 'efer': return BigInt(c.efer >>> 0);
        case 'gdtr_base': return pair(c.gdtBaseLo, c.gdtBaseHi);
        case 'gdtr_limit': return BigInt(c.gdtLimit);
        case 'idtr_base': return pair(c.idtBaseLo, c.idtBaseHi);
        case 'idtr_limit': return BigInt(c.idtLimit);
        case 'cpl': return BigInt(c.cpl);
      }
      return undefined;
    },
    write(name: string, value: bigint): boolean {
      const lo = Number(value & 0xffffffffn) | 0;
      const hi = Number((value >> 32n) & 0xffffffffn) | 0;
      const g = GPRS.indexOf(name);
      if (g >= 0) {
        c.r[2 * g] = lo;
        c.r[2 * g + 1] = hi;
        return true;
      }
      if (name === 'rip') {
        c.setRip(lo, hi);
        return true;
      }
      if (name === 'rflags') {
        c.setEflags(lo, 0x3f7fd5);
        return true;
      }
      return false;
    },
  };
}
