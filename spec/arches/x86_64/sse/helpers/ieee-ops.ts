/**
 * The scalar operations of the dense IEEE vectors (oracle/ieee-gen.mjs, ieee.spec.ts):
 * instruction bytes (XMM0 ← op(XMM0, XMM1), or the GPR forms with RAX/RCX), operand size, how
 * the generator chooses operands, and where the result is read (x32/x64: XMM0's low lane;
 * g: RAX; fl: RFLAGS).
 */

export interface IeeeOp {
  name: string;
  bytes: number[];
  /** Operand size in bits. */
  size: number;
  /** Operand choice: bin (two numbers), un (one), narrow (double to single), toint, fromint. */
  kind: string;
  out: 'x32' | 'x64' | 'g' | 'fl';
  count?: number;
  /** Integer source width of the fromint kind. */
  intBits?: number;
}

/** Seed of the state the operands are placed in. */
export const IEEE_SEED = 0x1eee;

export const IEEE_OPS: IeeeOp[] = [];
const op = (name: string, bytes: number[], size: number, kind: string, out: IeeeOp['out'], extra: Partial<IeeeOp> = {}): void => {
  IEEE_OPS.push({ name, bytes, size, kind, out, ...extra });
};
for (const [sfx, pfx, size] of [['ss', 0xf3, 32], ['sd', 0xf2, 64]] as const) {
  const x = size === 32 ? 'x32' : 'x64';
  for (const [m, o] of [['add', 0x58], ['sub', 0x5c], ['mul', 0x59], ['div', 0x5e], ['min', 0x5d], ['max', 0x5f]] as const) {
    op(m + sfx, [pfx, 0x0f, o, 0xc1], size, 'bin', x);
  }
  op('sqrt' + sfx, [pfx, 0x0f, 0x51, 0xc1], size, 'un', x);
  for (let imm = 0; imm < 8; imm++) op(`cmp${sfx}.${imm}`, [pfx, 0x0f, 0xc2, 0xc1, imm], size, 'bin', x, { count: 60 });
  const p66 = size === 32 ? [] : [0x66];
  op('comis' + sfx[1], [...p66, 0x0f, 0x2f, 0xc1], size, 'bin', 'fl', { count: 150 });
  op('ucomis' + sfx[1], [...p66, 0x0f, 0x2e, 0xc1], size, 'bin', 'fl', { count: 150 });
  for (const [m, o] of [['cvt', 0x2d], ['cvtt', 0x2c]] as const) {
    op(`${m}${sfx}2si`, [pfx, 0x0f, o, 0xc1], size, 'toint', 'g');
    op(`${m}${sfx}2siq`, [pfx, 0x48, 0x0f, o, 0xc1], size, 'toint', 'g');
  }
  op(`cvtsi2${sfx}`, [pfx, 0x0f, 0x2a, 0xc1], size, 'fromint', x, { intBits: 32, count: 150 });
  op(`cvtsi2${sfx}q`, [pfx, 0x48, 0x0f, 0x2a, 0xc1], size, 'fromint', x, { intBits: 64 });
}
op('cvtss2sd', [0xf3, 0x0f, 0x5a, 0xc1], 32, 'un', 'x64', { count: 200 });
op('cvtsd2ss', [0xf2, 0x0f, 0x5a, 0xc1], 64, 'narrow', 'x32', { count: 500 });
op('rcpss', [0xf3, 0x0f, 0x53, 0xc1], 32, 'un', 'x32', { count: 200 });
op('rsqrtss', [0xf3, 0x0f, 0x52, 0xc1], 32, 'un', 'x32', { count: 200 });
