import type { RegisterFile, RegisterInfo } from '../../src/api/index.js';
import type { A64Cpu } from './cpu.js';
import { Sys } from './sysreg-slots.js';

function pair(lo: number, hi: number): bigint {
  return (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0);
}

/** System registers exposed to debuggers and traces, by storage slot. */
const SYSREGS: [string, Sys][] = [
  ['sctlr_el1', Sys.SCTLR],
  ['tcr_el1', Sys.TCR],
  ['ttbr0_el1', Sys.TTBR0],
  ['ttbr1_el1', Sys.TTBR1],
  ['mair_el1', Sys.MAIR],
  ['vbar_el1', Sys.VBAR],
  ['esr_el1', Sys.ESR],
  ['far_el1', Sys.FAR],
  ['elr_el1', Sys.ELR],
  ['spsr_el1', Sys.SPSR],
  ['cpacr_el1', Sys.CPACR],
  ['par_el1', Sys.PAR],
  ['tpidr_el0', Sys.TPIDR_EL0],
  ['tpidr_el1', Sys.TPIDR_EL1],
];

/**
 * Debugger view of the core: x0–x30, sp, pc, cpsr (PSTATE as SPSR bits), fpcr, fpsr, v0–v31
 * (128-bit) and the main EL1 system registers. Not the hot path: BigInt values.
 */
export function createRegisterFile(cpu: A64Cpu): RegisterFile {
  const infos: RegisterInfo[] = [];
  for (let i = 0; i < 31; i++) infos.push({ name: `x${i}`, bits: 64 });
  infos.push({ name: 'sp', bits: 64 }, { name: 'pc', bits: 64 }, { name: 'cpsr', bits: 32 });
  infos.push({ name: 'fpsr', bits: 32 }, { name: 'fpcr', bits: 32 });
  for (let i = 0; i < 32; i++) infos.push({ name: `v${i}`, bits: 128 });
  infos.push({ name: 'sp_el0', bits: 64 }, { name: 'sp_el1', bits: 64 });
  for (const [name] of SYSREGS) infos.push({ name, bits: 64 });
  const sysByName = new Map(SYSREGS);

  return {
    list: () => infos,
    read(name: string): bigint | undefined {
      const m = /^x(\d+)$/.exec(name);
      if (m && +m[1] < 31) return pair(cpu.x[2 * +m[1]], cpu.x[2 * +m[1] + 1]);
      const v = /^v(\d+)$/.exec(name);
      if (v && +v[1] < 32) {
        const r = cpu.vregs;
        const b = 4 * +v[1];
        return (pair(r[b + 2], r[b + 3]) << 64n) | pair(r[b], r[b + 1]);
      }
      switch (name) {
        case 'sp':
          return pair(cpu.x[64], cpu.x[65]);
        case 'pc':
          return pair(cpu.pcLo, cpu.pcHi);
        case 'cpsr':
        case 'pstate':
          return BigInt(cpu.pstate());
        case 'fpsr':
          return BigInt(cpu.fpsr >>> 0);
        case 'fpcr':
          return BigInt(cpu.fpcr >>> 0);
        case 'sp_el0':
        case 'sp_el1': {
          const lo = cpu.readBankedSp(name === 'sp_el0' ? 0 : 1);
          return pair(lo, cpu.rh);
        }
      }
      const slot = sysByName.get(name);
      if (slot !== undefined) return pair(cpu.sys[2 * slot], cpu.sys[2 * slot + 1]);
      return undefined;
    },
    write(name: string, value: bigint): boolean {
      const lo = Number(value & 0xffffffffn) | 0;
      const hi = Number((value >> 32n) & 0xffffffffn) | 0;
      const m = /^x(\d+)$/.exec(name);
      if (m && +m[1] < 31) {
        cpu.x[2 * +m[1]] = lo;
        cpu.x[2 * +m[1] + 1] = hi;
        return true;
      }
      const v = /^v(\d+)$/.exec(name);
      if (v && +v[1] < 32) {
        const b = 4 * +v[1];
        for (let k = 0; k < 4; k++) cpu.vregs[b + k] = Number((value >> BigInt(32 * k)) & 0xffffffffn);
        return true;
      }
      switch (name) {
        case 'sp':
          cpu.x[64] = lo;
          cpu.x[65] = hi;
          return true;
        case 'pc':
          cpu.pcLo = lo >>> 0;
          cpu.pcHi = hi >>> 0;
          return true;
        case 'cpsr':
        case 'pstate':
          cpu.restorePstate(lo >>> 0);
          return true;
        case 'fpsr':
          cpu.fpsr = lo >>> 0;
          return true;
        case 'fpcr':
          cpu.fpcr = lo >>> 0;
          return true;
        case 'sp_el0':
        case 'sp_el1':
          cpu.writeBankedSp(name === 'sp_el0' ? 0 : 1, lo, hi);
          return true;
      }
      const slot = sysByName.get(name);
      if (slot !== undefined) {
        cpu.sys[2 * slot] = lo;
        cpu.sys[2 * slot + 1] = hi;
        cpu.flushTlb();
        cpu.updateFpTrap();
        return true;
      }
      return false;
    },
  };
}
