import type { RegisterFile, RegisterInfo } from '../../src/api/index.js';
import type { SparcCpu } from './sparc-cpu.js';

const GPR_NAMES: string[] = [];
for (const bank of ['g', 'o', 'l', 'i']) for (let k = 0; k < 8; k++) GPR_NAMES.push(`${bank}${k}`);
const FPR_NAMES = Array.from({ length: 32 }, (_, k) => `f${k}`);
const SPECIAL = ['pc', 'npc', 'psr', 'wim', 'tbr', 'y', 'fsr'];
const INFO: RegisterInfo[] = [...GPR_NAMES, ...SPECIAL, ...FPR_NAMES].map((name) => ({ name, bits: 32 }));
const GPR_INDEX = new Map(GPR_NAMES.map((n, k) => [n, k]));
const FPR_INDEX = new Map(FPR_NAMES.map((n, k) => [n, k]));

/** Debugger/trace view of a SPARC core: the current window's registers and the state registers. */
export class SparcRegisters implements RegisterFile {
  constructor(private readonly cpu: SparcCpu) {}

  list(): readonly RegisterInfo[] {
    return INFO;
  }

  read(name: string): bigint | undefined {
    const v = this.read32(name);
    return v === undefined ? undefined : BigInt(v >>> 0);
  }

  private read32(name: string): number | undefined {
    const cpu = this.cpu;
    const g = GPR_INDEX.get(name);
    if (g !== undefined) return cpu.reg(g);
    const f = FPR_INDEX.get(name);
    if (f !== undefined) return cpu.fpu.f[f];
    switch (name) {
      case 'pc': return cpu.pcv;
      case 'npc': return cpu.npcv;
      case 'psr': return cpu.getPsr();
      case 'wim': return cpu.wim;
      case 'tbr': return cpu.tbr;
      case 'y': return cpu.y;
      case 'fsr': return cpu.fpu.fsr;
      case 'sp': return cpu.reg(14);
      case 'fp': return cpu.reg(30);
    }
    return undefined;
  }

  write(name: string, value: bigint): boolean {
    const v = Number(BigInt.asUintN(32, value)) | 0;
    const cpu = this.cpu;
    const g = GPR_INDEX.get(name);
    if (g !== undefined) {
      cpu.setReg(g, v);
      return true;
    }
    const f = FPR_INDEX.get(name);
    if (f !== undefined) {
      cpu.fpu.f[f] = v;
      return true;
    }
    switch (name) {
      case 'pc': cpu.pcv = v & ~3; return true;
      case 'npc': cpu.npcv = v & ~3; return true;
      case 'psr': return cpu.setPsr(v) === 0;
      case 'wim': cpu.wim = v & (2 ** cpu.nwindows - 1); return true;
      case 'tbr': cpu.tbr = v & ~0xf; return true;
      case 'y': cpu.y = v; return true;
      case 'fsr': cpu.fpu.fsr = v; return true;
    }
    return false;
  }
}
