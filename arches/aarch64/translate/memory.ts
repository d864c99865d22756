import type { Gen } from './gen.js';
import { Mark, lo32u } from './gen.js';

/**
 * Inline RAM accesses for generated code. The region function holds the fast TLB of the current
 * exception level in locals (see `FastTlb` in `../cpu.ts`):
 * `RT`/`RH` read tags (bits [31:12] and [63:32] of the virtual page), `RO` the page's offset in
 * its backing and `RV` the backing's DataView; `WT`/`WH`/`WO`/`WV` the same for writes, plus
 * `WG`, the backing's store gate (non-zero for granules holding code). A hit is a tag compare
 * that also checks alignment, and one DataView call. Anything else calls the CPU's slow path,
 * which reports a fault in `c.raised` instead of throwing: the region then leaves, writing its
 * locals back, and the run loop enters the exception (see `region.ts`).
 */

/** Tag masks: page bits plus the low bits that must be zero for an aligned access of 1, 2, 4, 8 bytes. */
const TAG_MASK = [-4096, -4095, -4093, -4089];
const GET = ['getUint8', 'getUint16', 'getUint32'];
const SET = ['setUint8', 'setUint16', 'setUint32'];

/** Before a slow-path call: the PC (for a fault) and the cycles left (for devices that read the time). */
function slowPrefix(g: Gen): string {
  return `c.pcLo = ${lo32u(g.pc)}; c.left = ${Mark.left};`;
}

/**
 * Code that declares `v` (and `${v}h` for 8 bytes) and loads `1 << sizeLog2` bytes, unsigned,
 * from the address in the locals `a` (bits [31:0]) and `ah` (bits [63:32], int32).
 */
export function loadInline(g: Gen, sizeLog2: number, a: string, ah: string, v: string): string {
  const hit = `RT[ti] === (${a} & ${TAG_MASK[sizeLog2]}) && RH[ti] === ${ah}`;
  const slow = `${slowPrefix(g)} ${v} = c.slowLoad(${a}, ${ah}, ${1 << sizeLog2}); ${Mark.faulted}`;
  if (sizeLog2 === 3) {
    return `let ${v}, ${v}h; { const ti = (${a} >>> 12) & 255; if (${hit}) { const o = RO[ti] + (${a} & 4095), dv = RV[ti]; ${v} = dv.getUint32(o, true); ${v}h = dv.getUint32(o + 4, true); } else { ${slow} ${v}h = c.loadHi; } }`;
  }
  const le = sizeLog2 === 0 ? '' : ', true';
  return `let ${v}; { const ti = (${a} >>> 12) & 255; if (${hit}) ${v} = RV[ti].${GET[sizeLog2]}(RO[ti] + (${a} & 4095)${le}); else { ${slow} } }`;
}

/** Code that stores `1 << sizeLog2` bytes of `val` (and `valHi` for 8 bytes) at (a, ah). */
export function storeInline(g: Gen, sizeLog2: number, a: string, ah: string, val: string, valHi = '0'): string {
  const hit = `WT[ti] === (${a} & ${TAG_MASK[sizeLog2]}) && WH[ti] === ${ah} && WG[ti][(o = WO[ti] + (${a} & 4095)) >>> 6] === 0`;
  const slow = `${slowPrefix(g)} c.slowStore(${a}, ${ah}, ${1 << sizeLog2}, ${val}, ${valHi}); ${Mark.faulted}`;
  if (sizeLog2 === 3) {
    return `{ const ti = (${a} >>> 12) & 255; let o; if (${hit}) { const dv = WV[ti]; dv.setUint32(o, ${val}, true); dv.setUint32(o + 4, ${valHi}, true); } else { ${slow} } }`;
  }
  const le = sizeLog2 === 0 ? '' : ', true';
  return `{ const ti = (${a} >>> 12) & 255; let o; if (${hit}) WV[ti].${SET[sizeLog2]}(o, ${val}${le}); else { ${slow} } }`;
}
