/**
 * Source building blocks for translated SPARC code. Generated code sees `c` (the SparcCpu),
 * `R` (its register file), the local `wb` (window base, CWP * 16), `icc` (N<<3|Z<<2|V<<1|C) and
 * the lazy condition-code locals `fk`, `fa`, `fb`, and `H` (helpers, `./runtime.ts`).
 */

/**
 * Markers the region assembler resolves once it knows the region: its blocks, their lengths,
 * and how to write state back. `k` is the instruction's index in its block (a delay slot is
 * the index after its branch).
 */
export const Mark = {
  /** Continue at a constant address (npc = address + 4): a block of the region, or leave it. */
  goto: (target: number): string => `\u0001G${(target >>> 0).toString(16)}\u0001`,
  /** Continue at the address in the local `tgt` (JMPL): a block of the region, or leave it. */
  indirect: '\u0001I\u0001',
  /** Give back the cycles of instruction k and those after it (the region leaves in front of k). */
  leaveAt: (k: number): string => `\u0001K${k}\u0001`,
} as const;

/** Where the condition codes are while a block is translated (as `Flags` of the aarch64 translator). */
export const enum Icc {
  /** Known only at run time: `fk` says whether `icc` or the lazy operands hold them. */
  Unknown = -1,
  /** In the local `icc`. */
  Eager = 0,
  /** SUBcc (and CMP): fa - fb. */
  Sub = 1,
  /** ANDcc, ORcc, XORcc (and TST): the result in fa; V = C = 0. */
  Logic = 2,
}

/** A Bicc condition (cond field 0..15) as a JS expression on lazy operands, or null when icc are needed. */
export function lazyCondition(state: Icc, cond: number): string | null {
  if (cond === 0) return 'false';
  if (cond === 8) return 'true';
  const neg = (cond & 8) !== 0;
  let e: string | null = null;
  // BE, BLE, BL, BLEU, BCS, BNEG, BVS (negated for 9..15)
  if (state === Icc.Sub) {
    e = ['', 'fa === fb', 'fa <= fb', 'fa < fb', '(fa >>> 0) <= (fb >>> 0)', '(fa >>> 0) < (fb >>> 0)', '((fa - fb) | 0) < 0', '((fa ^ fb) & (fa ^ ((fa - fb) | 0))) < 0'][cond & 7];
  } else if (state === Icc.Logic) {
    e = ['', 'fa === 0', 'fa <= 0', 'fa < 0', 'fa === 0', 'false', 'fa < 0', 'false'][cond & 7];
  } else {
    return null;
  }
  return neg ? `!(${e})` : `(${e})`;
}

/** Register r of the current window as an expression (%g0 reads as 0). */
export function reg(r: number): string {
  if (r === 0) return '0';
  return r < 8 ? `R[${r}]` : `R[wb + ${r}]`;
}

/** Store `expr` into register r (writes to %g0 vanish). */
export function setReg(r: number, expr: string): string {
  if (r === 0) return '';
  return `${reg(r)} = ${expr};`;
}

/** The second operand: simm13 or rs2. */
export function operand2(w: number): string {
  return w & 0x2000 ? String((w << 19) >> 19) : reg(w & 31);
}

export function rs1(w: number): number {
  return (w >>> 14) & 31;
}

export function rd(w: number): number {
  return (w >>> 25) & 31;
}
