import { expect } from 'chai';
import { compiledBlocks } from '../../../arches/x86_64/translate/block.js';
import { CODE, longMode, protectedMode, realMode, STACK_TOP, X86TestMachine } from './harness.js';

/** Instruction bytes below were assembled with GNU as (`as --64`, .code16/.code32/.code64). */

function reg(m: X86TestMachine, name: string, cpu = 0): bigint {
  return m.cpus[cpu].registers.read(name)!;
}

describe('x86-64 core', () => {
  describe('modes and events', () => {
    it('real mode: INT through the IVT pushes FLAGS, CS, IP and IRET returns', () => {
      const m = new X86TestMachine();
      const cpu = m.cpus[0];
      // mov $0x1234,%ax; int $0x21; mov %ax,%bx; hlt
      m.load(0x1000, 'b83412cd2189c3f4');
      // handler at 0200:0000 -> linear 0x2000: mov $0x55,%cx; iret
      m.load(0x2000, 'b95500cf');
      m.load(0x21 * 4, '00000002');
      realMode(cpu, 0x1000);
      m.run(1000);
      expect(cpu.state).to.equal('idle');
      expect(reg(m, 'rcx')).to.equal(0x55n);
      expect(reg(m, 'rbx')).to.equal(0x1234n);
      expect(reg(m, 'rsp')).to.equal(0x7000n); // FLAGS, CS, IP popped again
      // The frame: IP after the INT (0x1005), CS 0, FLAGS 0x0002.
      expect([...m.spaces[0].readBytes(0x7000 - 6, 6)!]).to.deep.equal([0x05, 0x10, 0x00, 0x00, 0x02, 0x00]);
    });

    it('switches real -> protected -> long mode by code (the AP trampoline path)', () => {
      const m = new X86TestMachine();
      const cpu = m.cpus[0];
      // At 0x8000 (16-bit): lgdtl; CR0.PE; ljmpl 0x08:pm32; (32-bit) data segments, CR3 = 0x10000,
      // CR4.PAE, EFER.LME, CR0.PG, ljmp 0x18:lm64; (64-bit) movabs $0x123456789,%rax; mov $'L',%al;
      // out %al,$0xe9; hlt. Assembled from a .S with GNU as.
      m.load(
        0x8000,
        'fa660f011688800f20c06683c8010f22c066ea19800000080066b810008ed88ed0b8000001000f22d80f20e083c8200f22e0b9800000c00f320d000100000f300f20c00d000000800f22c0ea52800000180048b88967452301000000b04ce6e9f40f1f80000000000000000000000000ffff0000009acf00ffff00000092cf00ffff0000009aaf001f0068800000',
      );
      // Identity map of the first 1 GiB (2 MiB pages) at 0x10000, as longMode() builds it.
      m.write64(0x10000, 0x11007n);
      m.write64(0x11000, 0x12007n);
      for (let i = 0; i < 512; i++) m.write64(0x12000 + 8 * i, (BigInt(i) << 21n) | 0x87n);
      realMode(cpu, 0x8000);
      m.run(10_000);
      expect(m.output).to.equal('L');
      expect(reg(m, 'rax')).to.equal(0x12345674cn);
      expect(cpu.mode64).to.equal(true);
      expect(reg(m, 'efer') & 0x500n).to.equal(0x500n); // LME and LMA
      expect(reg(m, 'cs')).to.equal(0x18n);
    });

    it('32-bit protected mode: a bad selector load raises #GP(selector) through an interrupt gate', () => {
      const m = new X86TestMachine();
      const cpu = m.cpus[0];
      protectedMode(m, cpu, CODE);
      // mov $0x50,%ax; mov %ax,%ds; hlt  (0x50: beyond the GDT limit 0x47)
      m.load(CODE, '66b850008ed8f4');
      // IDT at 0x3000 with a 32-bit interrupt gate for #GP to 0x08:0x5000 (hlt)
      m.load(0x5000, 'f4');
      m.write64(0x3000 + 13 * 8, 0x00008e0000085000n);
      cpu.idtBaseLo = 0x3000;
      cpu.idtLimit = 0x7ff;
      m.run(1000);
      expect(cpu.ip).to.equal(0x5001);
      // Frame: error code, EIP of the faulting MOV, CS, EFLAGS
      const sp = Number(reg(m, 'rsp'));
      expect(sp).to.equal(STACK_TOP - 16);
      const dv = new DataView(m.spaces[0].readBytes(sp, 16)!.buffer);
      expect(dv.getUint32(0, true)).to.equal(0x50); // the selector (RPL cleared)
      expect(dv.getUint32(4, true)).to.equal(CODE + 4);
      expect(dv.getUint32(8, true)).to.equal(0x08);
    });

    it('32-bit protected mode: CPL3 calls CPL0 through a call gate (stack switch, parameter copy), RETF and INT/IRET cross back', () => {
      const m = new X86TestMachine();
      const cpu = m.cpus[0];
      protectedMode(m, cpu, CODE);
      // GDT additions: 0x1b CPL3 code, 0x23 CPL3 data, 0x28 32-bit TSS at 0x6000, 0x30 call gate (DPL3, 1 parameter) to 0x08:0x2000
      m.write64(0x1f000 + 3 * 8, 0x00cffa000000ffffn);
      m.write64(0x1f000 + 4 * 8, 0x00cff2000000ffffn);
      m.write64(0x1f000 + 5 * 8, 0x0000890060000067n);
      m.write64(0x1f000 + 6 * 8, 0x0000ec0100082000n);
      cpu.gdtLimit = 0x37;
      m.load(0x6000 + 4, '00900000 1000'.replace(/ /g, '')); // ESP0 = 0x9000, SS0 = 0x10
      cpu.setSegmentCache(7, 0x28, 0x6000, 0x67, 0x8b00);
      // IDT: 0x40 and 0x41 are DPL3 32-bit interrupt gates to 0x08:0x3000 and 0x08:0x4000
      m.write64(0x3800 + 0x40 * 8, 0x0000ee0000083000n);
      m.write64(0x3800 + 0x41 * 8, 0x0000ee0000084000n);
      cpu.idtBaseLo = 0x3800;
      cpu.idtLimit = 0x7ff;
      // CPL3: push $0x1234; lcall $0x30,$0; mov %eax,%ebx; int $0x40; int $0x41
      m.load(CODE, '68341200009a00000000300089c3cd40cd41');
      // gate target: mov 8(%esp),%eax (the copied parameter); lret $4
      m.load(0x2000, '8b442408ca0400');
      // int 0x40: mov %ss,%ecx; mov %esp,%edx; iret       int 0x41: hlt
      m.load(0x3000, '8cd189e2cf');
      m.load(0x4000, 'f4');
      cpu.setSegmentCache(1, 0x1b, 0, 0xffffffff, 0x00c0fb00);
      for (const s of [0, 2, 3]) cpu.setSegmentCache(s, 0x23, 0, 0xffffffff, 0x00c0f300);
      cpu.cpl = 3;
      cpu.r[8] = 0x7000;
      cpu.updateMode();
      m.run(1000);
      expect(cpu.state).to.equal('idle');
      expect(reg(m, 'rax')).to.equal(0x1234n);
      expect(reg(m, 'rbx')).to.equal(0x1234n);
      expect(reg(m, 'rcx')).to.equal(0x10n); // the TSS's SS0 inside the interrupt handler
      expect(reg(m, 'rdx')).to.equal(0x9000n - 20n); // EIP, CS, EFLAGS, ESP, SS pushed
      expect(reg(m, 'cpl')).to.equal(0n);
      expect(m.spaces[0].readBytes(0x9000 - 8, 4)![0]).to.equal(0x00); // old ESP 0x7000 (back to it after RETF $4)
      expect(Number(new DataView(m.spaces[0].readBytes(0x9000 - 8, 4)!.buffer).getUint32(0, true))).to.equal(0x7000);
    });

    it('64-bit mode: #PF reports CR2 and the error code and switches to the IST stack', () => {
      const m = new X86TestMachine();
      const cpu = m.cpus[0];
      longMode(m, cpu, CODE);
      // movabs $0x4000000000,%rax; mov (%rax),%rbx; hlt   (256 GiB: not mapped)
      m.load(CODE, '48b80000000040000000488b18f4');
      // handler: mov %cr2,%rcx; pop %rdx (error code); mov %rsp,%rsi; hlt
      m.load(0x6000, '0f20d15a4889e6f4');
      // 64-bit interrupt gate, IST 1, to 0x18:0x6000
      m.write64(0x3000 + 14 * 16, 0x00008e0100186000n);
      m.write64(0x3000 + 14 * 16 + 8, 0n);
      cpu.idtBaseLo = 0x3000;
      cpu.idtLimit = 0xfff;
      // 64-bit TSS at 0x4000 with IST1 = 0x9000 (loaded into TR directly)
      m.write64(0x4000 + 0x24, 0x9000n);
      cpu.setSegmentCache(7, 0x40, 0x4000, 0x67, 0x8b00);
      m.run(1000);
      expect(reg(m, 'rcx')).to.equal(0x4000000000n);
      expect(reg(m, 'rdx')).to.equal(0n); // not present, read, supervisor
      expect(reg(m, 'rsi')).to.equal(0x9000n - 40n); // RIP, CS, RFLAGS, RSP, SS left on the IST stack
      expect(m.read64(0x9000 - 40)).to.equal(BigInt(CODE + 10)); // the faulting instruction
    });

    it('a fault during the delivery of a #PF becomes #DF; a fault delivering #DF is a triple fault that ends the run', () => {
      const m = new X86TestMachine();
      const cpu = m.cpus[0];
      longMode(m, cpu, CODE);
      m.load(CODE, '48b80000000040000000488b18f4');
      cpu.idtBaseLo = 0x3000;
      cpu.idtLimit = 0xfff; // every gate empty: #PF -> #GP (gate type) -> #DF -> #GP -> triple fault
      m.run(1000);
      expect(cpu.state).to.equal('stopped');
      expect(m.exitStatus).to.equal(0);
    });
  });

  describe('translation', () => {
    it('sees a store into the running block at the next instruction', () => {
      const m = new X86TestMachine();
      longMode(m, m.cpus[0], CODE);
      // movb $0x42, 1(%rip) (the immediate of the next instruction); mov $0x41,%al; out %al,$0xe9; hlt
      m.load(CODE, 'c60501000000 42 b041 e6e9 f4'.replace(/ /g, ''));
      m.run(1000);
      expect(m.output).to.equal('B');
    });

    it('drops only the blocks overlapping a write, whoever writes', () => {
      const m = new X86TestMachine(2);
      const [c0, c1] = m.cpus;
      longMode(m, c0, CODE);
      // A loop far from the data it writes (other granule, same page): 1000 x (add; dec; jnz), then hlt
      m.load(CODE, 'b9e803000031c001c8ffc975faf4');
      m.run(100_000);
      expect(reg(m, 'rax')).to.equal(500500n);
      const before = compiledBlocks();
      // A write beside the code (another granule of the same page) leaves the blocks alone...
      m.spaces[1].write32(CODE + 0x800, 0x12345678);
      longMode(m, c0, CODE);
      m.run(100_000);
      expect(compiledBlocks()).to.equal(before);
      // ... a write into the code by the other CPU drops them: CODE+1 is the loop count.
      expect(m.spaces[0].isCode(CODE, 1)).to.equal(true);
      m.spaces[1].write32(CODE + 1, 10);
      expect(m.spaces[0].isCode(CODE, 1)).to.equal(false);
      longMode(m, c0, CODE);
      m.run(100_000);
      expect(reg(m, 'rax')).to.equal(55n);
      void c1;
    });

    it('keeps the translation cache within codeCacheMiB on a program with more code than that, and still computes right', () => {
      const m = new X86TestMachine(1, { codeCacheMiB: 1 });
      const cpu = m.cpus[0];
      longMode(m, cpu, CODE);
      // 6000 distinct blocks, 64 bytes apart: add rax, i; jmp next. The last one loops back twice.
      const N = 6000;
      const code = new Uint8Array(N * 64 + 32);
      for (let i = 0; i < N; i++) {
        const at = i * 64;
        code.set([0x48, 0x05, i & 0xff, (i >> 8) & 0xff, 0, 0, 0xe9], at);
        new DataView(code.buffer).setInt32(at + 7, 64 - 11, true);
      }
      // dec ecx; jnz CODE; hlt   (ecx = 2 rounds)
      const tail = N * 64;
      code.set([0xff, 0xc9, 0x0f, 0x85], tail);
      new DataView(code.buffer).setInt32(tail + 4, -(tail + 8), true);
      code[tail + 8] = 0xf4;
      m.load(CODE, code);
      cpu.r[2] = 2; // ecx
      m.run(10_000_000);
      expect(reg(m, 'rax')).to.equal(BigInt(2 * ((N - 1) * N) / 2));
      // Flushed when full: what it holds is the bound plus at most the block compiled last.
      expect(cpu.code.flushes).to.be.greaterThan(0);
      expect(cpu.code.sourceSize).to.be.at.most((1 << 20) + 0x10000);
    });

    it('never runs past the budget and counts REP iterations one each', () => {
      const m = new X86TestMachine();
      const cpu = m.cpus[0];
      longMode(m, cpu, CODE);
      // mov $100,%ecx; mov $0x200000,%edi; mov $0x7a,%al; rep stosb; hlt
      m.load(CODE, 'b964000000bf00002000b07af3aaf4');
      let total = 0;
      for (let i = 0; i < 200 && cpu.state === 'running'; i++) {
        const used = cpu.run(7);
        expect(used).to.be.at.most(7);
        total += used;
      }
      expect(cpu.state).to.equal('idle');
      expect(cpu.instructions).to.equal(3 + 100 + 1);
      expect(total).to.equal(cpu.cycles);
      expect(m.spaces[0].readBytes(0x200000, 100)!.every((b) => b === 0x7a)).to.equal(true);
      expect(reg(m, 'rcx')).to.equal(0n);
    });

    it('gives the same results one instruction per block as with whole blocks', () => {
      const run = (blockLimit: number) => {
        const m = new X86TestMachine(1, { blockLimit });
        longMode(m, m.cpus[0], CODE);
        m.load(CODE, 'b9e803000031c001c8ffc975faf4');
        m.run(100_000);
        return [reg(m, 'rax'), m.cpus[0].instructions, m.cpus[0].getEflags()];
      };
      expect(run(1)).to.deep.equal(run(64));
    });
  });
});
