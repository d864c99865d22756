import type { AddressSpace } from '../../src/api/index.js';
import { FSC_ACCESS_FLAG, FSC_ADDRESS_SIZE, FSC_EXTERNAL_WALK, FSC_TRANSLATION } from './syndrome.js';
import { SCTLR_M, SCTLR_WXN, Sys } from './sysreg-slots.js';

/** Permission bits of a translation: read/write/execute at EL0 and EL1. */
export const P_R0 = 1;
export const P_W0 = 2;
export const P_X0 = 4;
export const P_R1 = 8;
export const P_W1 = 16;
export const P_X1 = 32;
export const P_ALL = 63;

/**
 * The outcome of one stage-1 translation, reused (never allocated per walk).
 * On success `fault` is -1; otherwise it is the fault status code with the level added.
 */
export class WalkResult {
  fault = -1;
  /** Physical page base (bits [31:12]) as an unsigned number; -1 when it lies at or above 4 GiB. */
  pa = 0;
  perms = 0;
  /** Device memory (MAIR attribute high nibble 0, or MMU off for data). */
  device = false;
  /** MAIR attribute byte and shareability (SH) of the mapping, for PAR_EL1. */
  attr = 0;
  sh = 0;
  /** Level of the descriptor that gave the result (for permission fault codes). */
  level = 0;
}

/** What the walker needs from the CPU: system registers and the physical bus. */
export interface WalkHost {
  readonly sys: Int32Array;
  readonly memory: AddressSpace;
}

/**
 * Stage-1 translation for the EL1&0 regime with the 4 KiB granule (VMSAv8-64).
 * `lo`/`hi` are the virtual address halves; `dataAccess` selects TBI and MMU-off device memory.
 * Reads descriptors from the physical bus; no hardware access-flag or dirty-bit management
 * (ARMv8.0), so AF = 0 faults.
 */
export function translate(h: WalkHost, lo: number, hi: number, dataAccess: boolean, out: WalkResult): void {
  const sys = h.sys;
  out.fault = -1;
  hi = hi | 0;
  if ((sys[2 * Sys.SCTLR] & SCTLR_M) === 0) {
    // MMU off: flat, RWX everywhere, device for data (so unaligned data accesses fault).
    // PARange is 44 bits: above that is an address size fault; above 4 GiB our bus has nothing.
    if ((hi >>> 12) !== 0) {
      out.fault = FSC_ADDRESS_SIZE;
      return;
    }
    out.pa = hi !== 0 ? -1 : (lo & ~0xfff) >>> 0;
    out.perms = P_ALL;
    out.device = dataAccess;
    out.attr = 0;
    out.sh = 2;
    return;
  }
  const tcrLo = sys[2 * Sys.TCR];
  const tcrHi = sys[2 * Sys.TCR + 1];
  const upper = (hi & (1 << 23)) !== 0; // VA bit 55 selects TTBR1
  const tbi = dataAccess && (tcrHi & (upper ? 1 << 6 : 1 << 5)) !== 0;
  const tsz = upper ? (tcrLo >>> 16) & 63 : tcrLo & 63;
  const epd = upper ? (tcrLo >>> 23) & 1 : (tcrLo >>> 7) & 1;
  const tg = upper ? (tcrLo >>> 30) & 3 : (tcrLo >>> 14) & 3;
  const granule4k = upper ? tg === 2 : tg === 0;
  // Top bits above the input size must all equal bit 55 (ignoring the top byte with TBI).
  const inputSize = tsz < 16 ? 48 : tsz > 39 ? 25 : 64 - tsz;
  // Bits [63:inputSize] must all equal bit 55; with TBI the top byte [63:56] is ignored.
  const want = upper ? -1 : 0;
  const tbiMask = tbi ? 0x00ffffff : -1;
  let ok: boolean;
  if (inputSize >= 32) {
    const mask = (-1 << (inputSize - 32)) & tbiMask;
    ok = (hi & mask) === (want & mask);
  } else {
    const loMask = -1 << inputSize;
    ok = (hi & tbiMask) === (want & tbiMask) && (lo & loMask) === (want & loMask);
  }
  if (!ok || epd !== 0 || !granule4k) {
    out.fault = FSC_TRANSLATION + 0;
    return;
  }
  const ttbr = upper ? Sys.TTBR1 : Sys.TTBR0;
  // BADDR: bits [47:1], aligned to the table size; we keep bits [47:12] (table >= 4 KiB aligned
  // for start levels 0..2; a level-3 start with a smaller table keeps its low bits).
  let tableLo = sys[2 * ttbr] & ~7;
  let tableHi = sys[2 * ttbr + 1] & 0xffff;
  let level = inputSize > 39 ? 0 : inputSize > 30 ? 1 : inputSize > 21 ? 2 : 3;
  const startLevel = level;
  // Hierarchical table attributes.
  let apTable = 0;
  let xnTable = 0;
  let pxnTable = 0;
  const mem = h.memory;
  for (;;) {
    let index: number;
    if (level === 0) index = (hi >>> 7) & 0x1ff;
    else if (level === 1) index = ((hi << 2) | (lo >>> 30)) & 0x1ff;
    else if (level === 2) index = (lo >>> 21) & 0x1ff;
    else index = (lo >>> 12) & 0x1ff;
    if (level === startLevel) {
      // The start-level table only has as many entries as the input size gives.
      const bitsHere = inputSize - (12 + 9 * (3 - level));
      index &= (1 << bitsHere) - 1;
    }
    if (tableHi !== 0) {
      out.fault = FSC_EXTERNAL_WALK + level;
      return;
    }
    const descAddr = ((tableLo >>> 0) + index * 8) >>> 0;
    mem.faulted = false;
    const dLo = mem.read32(descAddr);
    const dHi = mem.read32(descAddr + 4) | 0;
    if (mem.faulted) {
      mem.faulted = false;
      out.fault = FSC_EXTERNAL_WALK + level;
      return;
    }
    const type = dLo & 3;
    if ((type & 1) === 0 || (type === 1 && (level === 0 || level === 3))) {
      out.fault = FSC_TRANSLATION + level;
      return;
    }
    if (type === 3 && level < 3) {
      // Table descriptor.
      apTable |= (dHi >>> 29) & 3; // APTable [62:61] -> bits 1:0
      xnTable |= (dHi >>> 28) & 1; // UXNTable [60]
      pxnTable |= (dHi >>> 27) & 1; // PXNTable [59]
      tableLo = dLo & ~0xfff;
      tableHi = dHi & 0xffff;
      if ((tableHi >>> 12) !== 0) {
        out.fault = FSC_ADDRESS_SIZE + level;
        return;
      }
      level++;
      continue;
    }
    // Block (level 1/2) or page (level 3).
    out.level = level;
    if ((dLo & (1 << 10)) === 0) {
      out.fault = FSC_ACCESS_FLAG + level;
      return;
    }
    const oaHi = dHi & 0xffff;
    if ((oaHi >>> 12) !== 0) {
      out.fault = FSC_ADDRESS_SIZE + level;
      return;
    }
    let paLo: number;
    if (level === 3) paLo = dLo & ~0xfff;
    else if (level === 2) paLo = (dLo & ~0x1fffff) | (lo & 0x1ff000);
    else paLo = (dLo & ~0x3fffffff) | (lo & 0x3ffff000);
    out.pa = oaHi !== 0 ? -1 : paLo >>> 0;
    const attrIndx = (dLo >>> 2) & 7;
    const mairWord = sys[2 * Sys.MAIR + (attrIndx >> 2)];
    const attr = (mairWord >>> (8 * (attrIndx & 3))) & 0xff;
    out.device = dataAccess && (attr & 0xf0) === 0;
    out.attr = attr;
    out.sh = (dLo >>> 8) & 3;
    const ap = (dLo >>> 6) & 3;
    let el0Access = (ap & 1) !== 0;
    let readOnly = (ap & 2) !== 0;
    if (apTable & 1) el0Access = false;
    if (apTable & 2) readOnly = true;
    let perms = P_R1;
    if (!readOnly) perms |= P_W1;
    if (el0Access) {
      perms |= P_R0;
      if (!readOnly) perms |= P_W0;
    }
    const uxn = ((dHi >>> 22) & 1) | xnTable;
    const pxn = ((dHi >>> 21) & 1) | pxnTable;
    const wxn = (sys[2 * Sys.SCTLR] & SCTLR_WXN) !== 0;
    if (uxn === 0 && !(wxn && (perms & P_W0))) perms |= P_X0;
    // EL1 never executes memory that EL0 can write.
    if (pxn === 0 && !(perms & P_W0) && !(wxn && (perms & P_W1))) perms |= P_X1;
    out.perms = perms;
    return;
  }
}
