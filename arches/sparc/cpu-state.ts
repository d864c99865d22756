import { restoreFields, saveFields, type SavedState } from '../../src/api/index.js';
import type { SparcCpu } from './sparc-cpu.js';

/**
 * Architectural state of a SPARC V8 (LEON3) core for snapshots: the windowed register file (with
 * its wrap-around slots), PSR fields, WIM, TBR, Y, PC/nPC, the interrupt level, the FPU, the
 * LEON cache-control and MMU registers, and counters. Decoded instructions are a cache: dropped.
 */
const FIELDS = ['r', 'wb', 'cwp', 'pcv', 'npcv', 'icc', 'ef', 'pil', 's', 'ps', 'et', 'wim', 'tbr', 'y', 'irl', 'irqPending', 'errorModeTrap'];

export function saveSparc(cpu: SparcCpu): SavedState {
  return { ...saveFields(cpu, FIELDS), fpu: saveFields(cpu.fpu, ['f', 'fsr']), asi: saveFields(cpu.asi, ['ccr', 'mmuRegs']) };
}

export function restoreSparc(cpu: SparcCpu, state: SavedState): void {
  restoreFields(cpu, FIELDS, state);
  restoreFields(cpu.fpu, ['f', 'fsr'], state.fpu as SavedState);
  restoreFields(cpu.asi, ['ccr', 'mmuRegs'], state.asi as SavedState);
}
