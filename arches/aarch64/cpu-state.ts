import { restoreFields, saveFields, type SavedState } from '../../src/api/index.js';
import type { A64Cpu } from './cpu.js';

/**
 * Architectural state of an aarch64 core for snapshots: registers, PSTATE, system registers,
 * FP/SIMD, interrupt inputs, sleep and exclusive-monitor state, counters, and the generic timer.
 * The TLB and translated blocks are caches, not state: they are dropped on restore.
 */
const FIELDS = [
  'x', 'nf', 'zf', 'cf', 'vf', 'pcLo', 'pcHi', 'vregs', 'fpcr', 'fpsr', 'el', 'spsel', 'daif', 'illegal', 'spBank', 'sys',
  'loadHi', 'rh', 'pmccntrOffset', 'irqLevel', 'fiqLevel', 'serrorPending', 'eventRegister', 'sleeping',
  'exclusivePa', 'exclusiveHi', 'exclusiveLo', 'extraCycles', 'cycles', 'instructions',
];

export function saveA64(cpu: A64Cpu): SavedState {
  return { ...saveFields(cpu, FIELDS), timer: cpu.timer.save() };
}

export function restoreA64(cpu: A64Cpu, state: SavedState): void {
  restoreFields(cpu, FIELDS, state);
  cpu.timer.restore(state.timer as unknown as Parameters<A64Cpu['timer']['restore']>[0]);
  cpu.afterRestore();
}
