import { expect } from 'chai';
import { decode, type CodeSize } from '../../../arches/x86_64/decode/decoder.js';
import { BASE_RIP, DecodeFail, type Insn } from '../../../arches/x86_64/decode/insn.js';
import { hex } from './harness.js';

/** Encodings from GNU as (x86-64 binutils), with their lengths and a few decoded fields. */
const CASES: [CodeSize, string, string, Partial<Insn>][] = [
  [8, 'add %al, (%rax)', '0000', { op: 0, isMem: true, base: 0 }],
  [8, 'add %r8, %r9', '4d01c1', { rexW: true, reg: 8, rm: 9, isMem: false, osz: 8 }],
  [8, 'mov 0x12345678(%rip), %eax', '8b0578563412', { base: BASE_RIP, disp: 0x12345678 }],
  [8, 'mov (%rsp), %rax', '488b0424', { base: 4, index: -1, defaultSeg: 2 }],
  [8, 'mov 8(%rbp), %rax', '488b4508', { base: 5, disp: 8, defaultSeg: 2 }],
  [8, 'mov (%r13), %rax', '498b4500', { base: 13, disp: 0, defaultSeg: 2 }],
  [8, 'mov (%r12), %rax', '498b0424', { base: 12, index: -1, defaultSeg: 2 }],
  [8, 'mov 0x11(%rax,%rbx,4), %ecx', '8b4c9811', { base: 0, index: 3, scale: 2, disp: 0x11 }],
  [8, 'mov 0x12345678(,%rbx,8), %rcx', '488b0cdd78563412', { base: -1, index: 3, scale: 3, disp: 0x12345678 }],
  [8, 'movabs $0x123456789abcdef0, %rax', '48b8f0debc9a78563412', { imm: 0x9abcdef0 | 0, imm2: 0x12345678 }],
  [8, 'movabs 0x1122334455667788, %al', 'a08877665544332211', { imm: 0x55667788, imm2: 0x11223344 }],
  [8, 'addr32 mov (%eax), %ebx', '678b18', { asz: 4 }],
  [8, 'lock cmpxchg16b (%rdi)', 'f0480fc70f', { lock: true, map: 1, op: 0xc7 }],
  [8, 'rep movsq', 'f348a5', { rep: 0xf3, osz: 8 }],
  [8, 'imul $0x12345678, %rax, %rbx', '4869d878563412', { imm: 0x12345678 }],
  [8, 'imul $5, %eax, %ebx', '6bd805', { imm: 5 }],
  [8, 'shld $3, %rbx, (%rax)', '480fa41803', { imm: 3 }],
  [8, 'enter $0x100, $2', 'c8000102', { imm: 0x100, imm2: 2 }],
  [8, 'jmp .+0x1000', 'e9fb0f0000', { imm: 0xffb }],
  [8, 'jne .+0x10', '750e', { imm: 0x0e }],
  [8, 'call *0x10(%rax)', 'ff5010', {}],
  [8, 'ljmp *(%rax)', 'ff28', {}],
  [8, 'test $0x12345678, %ecx', 'f7c178563412', { imm: 0x12345678 }],
  [8, 'testb $0x12, (%rax)', 'f60012', { imm: 0x12 }],
  [8, 'movw $0x1234, 0x10(%rax)', '66c740103412', { osz: 2, imm: 0x1234 }],
  [8, 'in $0x60, %al', 'e460', {}],
  [8, 'mov %cr3, %rax', '0f20d8', { reg: 3 }],
  [8, 'cvtsi2sd %rax, %xmm1', 'f2480f2ac8', { rep: 0xf2 }],
  [8, 'pshufd $0x1b, %xmm0, %xmm1', '660f70c81b', { p66: true, imm: 0x1b }],
  [8, 'fldt (%rax)', 'db28', {}],
  [8, 'xchg %eax, %r8d', '4190', { rex: 0x41 }],
  [8, 'push %r15', '4157', {}],
  [8, 'cmpxchg %ecx, 0x100(%rbx,%rcx,2)', '0fb18c4b00010000', { base: 3, index: 1, scale: 1, disp: 0x100 }],
  [8, 'REX before a legacy prefix is ignored: rex.w 66 mov', '4866b80100', { rexW: false, osz: 2 }],
  [2, 'mov 0x1234(%bx,%si), %ax', '8b803412', { base: 3, index: 6, disp: 0x1234, asz: 2 }],
  [2, 'mov (%bp), %ax (disp8 0, SS)', '8b4600', { base: 5, defaultSeg: 2 }],
  [2, 'mov 0x5678, %eax (66 a1)', '66a17856', { osz: 4, asz: 2, imm: 0x5678 }],
  [2, 'ljmp $0x8,$0x1234', 'ea34120800', { imm: 0x1234, imm2: 8 }],
  [2, 'data32 ljmp $0x8, $0x12345678', '66ea785634120800', { imm: 0x12345678, imm2: 8 }],
  [2, 'addr32 mov 4(%eax,%ebx,2), %cx', '678b4c5804', { asz: 4, base: 0, index: 3, scale: 1 }],
  [2, 'lds 4(%bx), %si', 'c57704', { base: 3 }],
  [4, 'mov 0x12345678, %eax', 'a178563412', { asz: 4 }],
  [4, 'inc %eax', '40', { op: 0x40 }],
  [4, 'lea (%ebp,%esi,4), %eax', '8d44b500', { base: 5, index: 6, scale: 2 }],
  [4, 'bound %eax, (%ebx)', '6203', { op: 0x62 }],
  [4, 'ljmp $0x10,$0x12345678', 'ea785634121000', { imm: 0x12345678, imm2: 0x10 }],
  [4, 'mov (%bp,%di), %ax', '67668b03', { asz: 2, osz: 2, base: 5, index: 7 }],
];

describe('x86-64 decoder', () => {
  for (const [code, text, bytes, fields] of CASES) {
    it(`${code * 8}-bit ${text}: ${bytes.length / 2} bytes`, () => {
      const b = hex(bytes);
      const i = decode(b, b.length, code, 0x1000, 0);
      expect(i, 'decodes').to.be.an('object');
      const insn = i as Insn;
      expect(insn.len).to.equal(b.length);
      for (const [k, v] of Object.entries(fields)) expect(insn[k as keyof Insn], k).to.equal(v);
    });
  }

  it('asks for more bytes when the window ends inside an instruction', () => {
    const b = hex('488b0cdd78563412');
    for (let n = 0; n < b.length; n++) expect(decode(b, n, 8, 0, 0)).to.equal(DecodeFail.Fetch);
  });

  it('refuses an instruction longer than 15 bytes (#GP)', () => {
    const b = hex('6666666666666666666666666666b80100');
    expect(decode(b, b.length, 8, 0, 0)).to.equal(DecodeFail.TooLong);
    const ok = hex('666666666666666666666666b80100'); // 15 bytes exactly
    expect((decode(ok, ok.length, 8, 0, 0) as Insn).len).to.equal(15);
  });

  it('keeps the last segment override and the last of F2/F3', () => {
    const i = decode(hex('2e64f2f3a4'), 5, 8, 0, 0) as Insn;
    expect(i.seg).to.equal(4);
    expect(i.rep).to.equal(0xf3);
  });
});
