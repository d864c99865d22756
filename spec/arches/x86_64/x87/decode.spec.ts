/**
 * The decoder: which encodings exist (the undocumented aliases included, as on the hardware and
 * QEMU), which are #UD, and the class of checks the core applies to each.
 */
import { expect } from 'chai';
import { FpClass } from '../../../../arches/x86_64/fp-contract.js';
import { decodeX87 } from '../../../../arches/x86_64/x87/index.js';
import { insn } from './helpers/harness.js';

const reg = (opcode: number, modrm: number) => decodeX87(insn({ opcode, modrm }));
const mem = (opcode: number, r: number) => decodeX87(insn({ opcode, modrm: (r << 3) | 6 }));

describe('x87 decoder', () => {
  it('every memory form of D8..DF exists except D9 /1, DB /4, DB /6, DD /5', () => {
    for (let op = 0xd8; op <= 0xdf; op++) {
      for (let r = 0; r < 8; r++) {
        const undefinedForm = (op === 0xd9 && r === 1) || (op === 0xdb && (r === 4 || r === 6)) || (op === 0xdd && r === 5);
        expect(mem(op, r) === null, `${op.toString(16)} /${r}`).to.equal(undefinedForm);
      }
    }
  });

  it('register forms: exactly these 92 are #UD', () => {
    const range = (op: number, from: number, to: number): string[] =>
      Array.from({ length: to - from + 1 }, (_, k) => `${op.toString(16)} ${(from + k).toString(16)}`);
    const expected = new Set([
      ...range(0xd9, 0xd1, 0xd7), ...range(0xd9, 0xe2, 0xe3), ...range(0xd9, 0xe6, 0xe7), ...range(0xd9, 0xef, 0xef),
      ...range(0xda, 0xe0, 0xe8), ...range(0xda, 0xea, 0xff),
      ...range(0xdb, 0xe5, 0xe7), ...range(0xdb, 0xf8, 0xff),
      ...range(0xdd, 0xf0, 0xff),
      ...range(0xde, 0xd8, 0xd8), ...range(0xde, 0xda, 0xdf),
      ...range(0xdf, 0xe1, 0xe7), ...range(0xdf, 0xf8, 0xff),
    ]);
    const actual = new Set<string>();
    for (let op = 0xd8; op <= 0xdf; op++) for (let m = 0xc0; m <= 0xff; m++) if (!reg(op, m)) actual.add(`${op.toString(16)} ${m.toString(16)}`);
    expect(expected.size).to.equal(92);
    expect([...actual].sort()).to.deep.equal([...expected].sort());
  });

  it('the undocumented aliases decode (FSTP1, FCOM2, FCOMP3, FCOMP5, FXCH4, FXCH7, FSTP8, FSTP9, FFREEP) and the 287 no-ops', () => {
    for (const [op, m] of [[0xd9, 0xd8], [0xdc, 0xd0], [0xdc, 0xd8], [0xde, 0xd0], [0xdd, 0xc8], [0xdf, 0xc8], [0xdf, 0xd0], [0xdf, 0xd8], [0xdf, 0xc0], [0xdb, 0xe0], [0xdb, 0xe1], [0xdb, 0xe4]]) {
      expect(reg(op, m), `${op.toString(16)} ${m.toString(16)}`).to.not.equal(null);
    }
  });

  it('classes: x87 for D8..DF and FXSAVE/FXRSTOR, Wait for FWAIT, Mmx for EMMS', () => {
    expect(reg(0xd8, 0xc1)!.fpClass).to.equal(FpClass.X87);
    expect(mem(0xdd, 6)!.fpClass).to.equal(FpClass.X87);
    expect(decodeX87(insn({ opcode: 0x9b, modrm: 0 }))!.fpClass).to.equal(FpClass.Wait);
    expect(decodeX87(insn({ map: 1, opcode: 0x77, modrm: 0 }))!.fpClass).to.equal(FpClass.Mmx);
    expect(decodeX87(insn({ map: 1, opcode: 0xae, modrm: 0x00 }))!.fpClass).to.equal(FpClass.X87);
    expect(decodeX87(insn({ map: 1, opcode: 0xae, modrm: 0x0e }))!.fpClass).to.equal(FpClass.X87);
  });

  it('0F 77 with a 66/F2/F3 prefix, 0F AE /0 /1 with a register operand and other opcodes are not the module\'s', () => {
    expect(decodeX87(insn({ map: 1, opcode: 0x77, modrm: 0, prefix: 0x66 }))).to.equal(null);
    expect(decodeX87(insn({ map: 1, opcode: 0xae, modrm: 0xc0 }))).to.equal(null);
    expect(decodeX87(insn({ map: 1, opcode: 0xae, modrm: 0x10 }))).to.equal(null);
    expect(decodeX87(insn({ opcode: 0x90, modrm: 0 }))).to.equal(null);
  });
});
