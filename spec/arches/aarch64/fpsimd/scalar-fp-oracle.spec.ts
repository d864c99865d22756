/**
 * Differential test of the scalar FP instructions against values recorded from qemu-aarch64
 * (see oracle/generate.mjs and ieee-vectors.generated.ts): each row is executed as the same
 * A64 instruction on a MockHost with the same FPCR, and result bits and FPSR must match.
 */
import { expect } from 'chai';
import { IEEE_VECTORS } from './ieee-vectors.generated.js';
import { MockHost } from './helpers/mock-host.js';

const DP2 = { fmul: 0, fdiv: 1, fadd: 2, fsub: 3, fmax: 4, fmin: 5, fmaxnm: 6, fminnm: 7, fnmul: 8 } as const;
const DP1 = { fabs: 1, fneg: 2, fsqrt: 3, frintn: 8, frintp: 9, frintm: 10, frintz: 11, frinta: 12, frintx: 14, frinti: 15 } as const;
const DP3 = { fmadd: [0, 0], fmsub: [0, 1], fnmadd: [1, 0], fnmsub: [1, 1] } as const;
const RMODE = { n: 0, p: 1, m: 2, z: 3 } as const;
const TYPE = { s: 0, d: 1, h: 3 } as const;

/** Kind of destination: 'v' + width in bits, 'x'/'w' general register, 'nzcv'. */
interface Case {
  insn: number;
  dest: 'v16' | 'v32' | 'v64' | 'w' | 'x' | 'nzcv';
  /** operand placement: 'v' = V1,V2,V3 from A,B,C; 'x' = X1 from A. */
  src: 'v' | 'x';
}

function encode(op: string): Case {
  const [name, suffix, fb] = op.split('_');
  const t = suffix[suffix.length - 1] as 's' | 'd';
  if (name in DP2) {
    const ftype = TYPE[t];
    return { insn: 0x1e200800 | (ftype << 22) | (2 << 16) | (DP2[name as keyof typeof DP2] << 12) | (1 << 5), dest: t === 'd' ? 'v64' : 'v32', src: 'v' };
  }
  if (name in DP3) {
    const [o1, o0] = DP3[name as keyof typeof DP3];
    return { insn: 0x1f000000 | (TYPE[t] << 22) | (o1 << 21) | (2 << 16) | (o0 << 15) | (3 << 10) | (1 << 5), dest: t === 'd' ? 'v64' : 'v32', src: 'v' };
  }
  if (name in DP1) {
    return { insn: 0x1e204000 | (TYPE[t] << 22) | (DP1[name as keyof typeof DP1] << 15) | (1 << 5), dest: t === 'd' ? 'v64' : 'v32', src: 'v' };
  }
  if (name === 'fcvt') {
    // suffix: <to><from>
    const to = TYPE[suffix[0] as 's' | 'd' | 'h'];
    const from = TYPE[suffix[1] as 's' | 'd' | 'h'];
    const dest = to === 1 ? 'v64' : to === 0 ? 'v32' : 'v16';
    return { insn: 0x1e204000 | (from << 22) | ((4 | to) << 15) | (1 << 5), dest, src: 'v' };
  }
  if (name === 'fcmp' || name === 'fcmpe') {
    return { insn: 0x1e202000 | (TYPE[t] << 22) | (2 << 16) | (1 << 5) | (name === 'fcmpe' ? 16 : 0), dest: 'nzcv', src: 'v' };
  }
  const sf = suffix[0] === 'x' ? 1 : 0;
  const ftype = TYPE[suffix[1] as 's' | 'd'];
  if (name.startsWith('fcvt')) {
    const unsigned = name[5] === 'u' ? 1 : 0;
    const r = name[4];
    if (fb !== undefined) {
      return { insn: (sf << 31) | 0x1e000000 | (ftype << 22) | (3 << 19) | (unsigned << 16) | ((64 - Number(fb)) << 10) | (1 << 5), dest: sf ? 'x' : 'w', src: 'v' };
    }
    const [rmode, opc] = r === 'a' ? [0, 4 | unsigned] : [RMODE[r as keyof typeof RMODE], unsigned];
    return { insn: (sf << 31) | 0x1e200000 | (ftype << 22) | (rmode << 19) | (opc << 16) | (1 << 5), dest: sf ? 'x' : 'w', src: 'v' };
  }
  // scvtf/ucvtf: suffix <fp><int>
  const tf = TYPE[suffix[0] as 's' | 'd'];
  const isf = suffix[1] === 'x' ? 1 : 0;
  const opc = name === 'scvtf' ? 2 : 3;
  const dest = tf === 1 ? 'v64' : 'v32';
  if (fb !== undefined) {
    return { insn: (isf << 31) | 0x1e000000 | (tf << 22) | (opc << 16) | ((64 - Number(fb)) << 10) | (1 << 5), dest, src: 'x' };
  }
  return { insn: (isf << 31) | 0x1e200000 | (tf << 22) | (opc << 16) | (1 << 5), dest, src: 'x' };
}

describe('aarch64 scalar FP vs qemu-aarch64 recorded vectors', () => {
  const byOp = new Map<string, string[]>();
  for (const row of IEEE_VECTORS) {
    const op = row.split(' ')[0];
    if (!byOp.has(op)) byOp.set(op, []);
    byOp.get(op)!.push(row);
  }
  for (const [op, rows] of byOp) {
    it(`${op} (${rows.length} vectors)`, () => {
      const c = encode(op);
      const failures: string[] = [];
      for (const row of rows) {
        const [, fpcr, a, b, cc, res, fpsr] = row.split(' ');
        const h = new MockHost();
        h.fpcr = parseInt(fpcr, 16);
        h.putV(0, 0xdeadbeefdeadbeefdeadbeefdeadbeefn);
        if (c.src === 'v') {
          h.putV(1, BigInt('0x' + a) | (0x5555n << 100n));
          h.putV(2, BigInt('0x' + b) | (0x5555n << 100n));
          h.putV(3, BigInt('0x' + cc) | (0x5555n << 100n));
        } else h.putX(1, BigInt('0x' + a));
        h.exec(c.insn);
        let got: bigint;
        if (c.dest === 'nzcv') got = BigInt((h.nf << 3) | (h.zf << 2) | (h.cf << 1) | h.vf);
        else if (c.dest === 'x') got = h.getX(0);
        else if (c.dest === 'w') got = h.getX(0);
        else {
          got = h.getV(0);
          const width = Number(c.dest.slice(1));
          if (got >> BigInt(width) !== 0n) failures.push(`${row}: upper bits not cleared ${got.toString(16)}`);
          got &= (1n << BigInt(width)) - 1n;
        }
        const want = BigInt('0x' + res);
        if (got !== want || h.fpsr !== parseInt(fpsr, 16)) {
          failures.push(`${row}: got ${got.toString(16)} fpsr ${h.fpsr.toString(16)}`);
        }
      }
      expect(failures.slice(0, 12), `${failures.length} failures`).to.deep.equal([]);
    });
  }
});
