/**
 * The SSE module's exceptions and its side of the contract with the core, on a MockHost:
 * unmasked SIMD exceptions (#XM, or #UD without CR4.OSXMMEXCPT) write nothing, alignment #GP(0),
 * LDMXCSR's reserved bits, all-or-nothing stores, the MMX register aliasing and x87 state, the
 * classes the core checks, and encodings that must be #UD.
 */
import { expect } from 'chai';
import { FpClass, type FpDecoded, type FpInsn } from '../../../../arches/x86_64/fp-contract.js';
import { decodeSse } from '../../../../arches/x86_64/sse/index.js';
import { CR4_OSFXSR, MockHost, Raised } from './helpers/mock-host.js';
import { decodeBytes } from './helpers/run-row.js';

const UD = 6;
const GP = 13;
const PF = 14;
const XM = 19;

function decode(hex: string): { d: FpDecoded; insn: FpInsn } {
  const bytes = (hex.match(/../g) ?? []).map((b) => parseInt(b, 16));
  const { insn } = decodeBytes(bytes);
  const d = decodeSse(insn);
  if (d === null) throw new Error(`${hex} decoded as #UD`);
  return { d, insn };
}

/** Run and return the vector raised (or -1). */
function run(h: MockHost, hex: string, ea = 0): number {
  try {
    decode(hex).d.exec(h, ea, 0);
    return -1;
  } catch (e) {
    if (e instanceof Raised) return e.vector;
    throw e;
  }
}

const f32 = (x: number): number => new Uint32Array(new Float32Array([x]).buffer)[0];

describe('x86-64 SSE module: exceptions and contract', () => {
  describe('unmasked SIMD floating-point exceptions', () => {
    it('divide by zero in one lane of DIVPS: #XM, no lane written, ZE set', () => {
      const h = new MockHost();
      h.xmm.set([f32(1), f32(2), f32(3), f32(4)], 0);
      h.xmm.set([f32(2), f32(0), f32(2), f32(2)], 4);
      h.mxcsr = 0x1f80 & ~0x200; // ZM clear
      expect(run(h, '0f5ec1')).to.equal(XM);
      expect([...h.xmm.subarray(0, 4)]).to.deep.equal([f32(1), f32(2), f32(3), f32(4)]);
      expect(h.mxcsr & 0x3f).to.equal(0x04);
    });

    it('without CR4.OSXMMEXCPT the same exception is #UD', () => {
      const h = new MockHost();
      h.cr4 = CR4_OSFXSR;
      h.xmm.set([f32(1), 0, 0, 0], 0);
      h.mxcsr = 0x1f80 & ~0x200;
      expect(run(h, 'f30f5ec1')).to.equal(UD);
      expect(h.xmm[0]).to.equal(f32(1));
      expect(h.mxcsr & 0x3f).to.equal(0x04);
    });

    it('a masked exception in one lane and an unmasked one in another: both flags, no write', () => {
      const h = new MockHost();
      // lane 0: 0/0 (IE, masked); lane 1: 1/0 (ZE, unmasked)
      h.xmm.set([0, f32(1), 0, 0], 0);
      h.xmm.set([0, 0, f32(1), f32(1)], 4);
      h.mxcsr = 0x1f80 & ~0x200;
      expect(run(h, '0f5ec1')).to.equal(XM);
      expect(h.mxcsr & 0x3f).to.equal(0x05);
      expect(h.xmm[1]).to.equal(f32(1));
    });

    it('a pre-computation exception suppresses the post-computation flags of other lanes', () => {
      const h = new MockHost();
      // lane 0: 1/3 is inexact (PE, masked); lane 1: 1/0 (ZE, unmasked): only ZE is recorded.
      h.xmm.set([f32(1), f32(1), 0, 0], 0);
      h.xmm.set([f32(3), 0, f32(1), f32(1)], 4);
      h.mxcsr = 0x1f80 & ~0x200;
      expect(run(h, '0f5ec1')).to.equal(XM);
      expect(h.mxcsr & 0x3f).to.equal(0x04);
    });

    it('unmasked underflow faults on a tiny exact result; masked, it is not even flagged', () => {
      const h = new MockHost();
      h.xmm[0] = 0x00800000; // 2^-126
      h.xmm[4] = f32(0.5);
      h.mxcsr = 0x1f80 & ~0x800;
      expect(run(h, 'f30f59c1')).to.equal(XM);
      expect(h.xmm[0]).to.equal(0x00800000);
      expect(h.mxcsr & 0x3f).to.equal(0x10);
      h.mxcsr = 0x1f80;
      expect(run(h, 'f30f59c1')).to.equal(-1);
      expect(h.xmm[0]).to.equal(0x00400000);
      expect(h.mxcsr & 0x3f).to.equal(0);
    });

    it('CVTTSD2SI with IE unmasked leaves the GPR alone', () => {
      const h = new MockHost();
      h.r[0] = 0x1234;
      h.r[1] = 0x5678;
      h.xmmF64[2] = 1e300;
      h.mxcsr = 0x1f80 & ~0x80;
      expect(run(h, 'f2480f2cc1')).to.equal(XM);
      expect([h.r[0], h.r[1]]).to.deep.equal([0x1234, 0x5678]);
      h.mxcsr = 0x1f80;
      expect(run(h, 'f2480f2cc1')).to.equal(-1);
      expect([h.r[0] >>> 0, h.r[1] >>> 0]).to.deep.equal([0, 0x80000000]);
    });

    it('COMISS with IE unmasked leaves RFLAGS alone', () => {
      const h = new MockHost();
      h.xmm[0] = 0x7fc00000;
      h.mxcsr = 0x1f80 & ~0x80;
      expect(run(h, '0f2fc1')).to.equal(XM);
      expect(h.zf).to.equal(-1);
    });

    it('RCPPS raises nothing even with every exception unmasked', () => {
      const h = new MockHost();
      h.xmm.set([0, 1, 0x7f800001, 0xbf800000], 4);
      h.mxcsr = 0;
      expect(run(h, '0f53c1')).to.equal(-1);
      expect(h.mxcsr).to.equal(0);
      expect(h.xmm[0]).to.equal(0x7f800000);
    });
  });

  describe('alignment and memory', () => {
    it('misaligned MOVAPS load and store raise #GP(0) and change nothing', () => {
      const h = new MockHost();
      h.xmm.set([1, 2, 3, 4], 0);
      for (const code of ['0f2803', '0f2903', '660f6f03', '660f7f03', '0f5803', '660fd403']) {
        let err: Raised | undefined;
        try {
          decode(code).d.exec(h, 0x1008, 0);
        } catch (e) {
          err = e as Raised;
        }
        expect(err?.vector, code).to.equal(GP);
        expect(err?.errorCode, code).to.equal(0);
      }
      expect([...h.xmm.subarray(0, 4)]).to.deep.equal([1, 2, 3, 4]);
      expect(h.stores).to.equal(0);
    });

    it('MOVUPS, MOVDQU and LDDQU accept any alignment', () => {
      const h = new MockHost();
      for (let i = 0; i < 32; i++) h.mem[0x1000 + i] = i;
      for (const code of ['0f1003', 'f30f6f03', 'f20ff003']) {
        expect(run(h, code, 0x1003)).to.equal(-1);
        expect(h.xmm[0]).to.equal(0x06050403);
      }
    });

    it('a store straddling into a faulting page writes nothing', () => {
      const h = new MockHost();
      h.xmm.set([0xaaaaaaaa, 0xbbbbbbbb, 0xcccccccc, 0xdddddddd], 0);
      const end = h.mem.length;
      expect(run(h, '0f1103', end - 8)).to.equal(PF);
      expect(h.stores).to.equal(0);
      expect([...h.mem.subarray(end - 8)]).to.deep.equal([0, 0, 0, 0, 0, 0, 0, 0]);
    });

    it('MASKMOVDQU writes exactly the selected bytes at the address it is given', () => {
      const h = new MockHost();
      h.xmm.set([0x44332211, 0x88776655, 0, 0], 0);
      h.xmm.set([0x80008000, 0x00000080, 0, 0], 4);
      h.mem.fill(0xee, 0x2000, 0x2010);
      expect(run(h, '660ff7c1', 0x2000)).to.equal(-1);
      expect([...h.mem.subarray(0x2000, 0x2008)]).to.deep.equal([0xee, 0x22, 0xee, 0x44, 0x55, 0xee, 0xee, 0xee]);
    });
  });

  describe('LDMXCSR and STMXCSR', () => {
    it('LDMXCSR with a reserved bit set raises #GP(0) and keeps MXCSR', () => {
      const h = new MockHost();
      h.mxcsr = 0x1f80;
      h.mem.set([0x80, 0x1f, 0x01, 0x00], 0x1000);
      let err: Raised | undefined;
      try {
        decode('0fae13').d.exec(h, 0x1000, 0);
      } catch (e) {
        err = e as Raised;
      }
      expect(err?.vector).to.equal(GP);
      expect(err?.errorCode).to.equal(0);
      expect(h.mxcsr).to.equal(0x1f80);
    });

    it('LDMXCSR loads DAZ, flags, masks, RC and FZ; STMXCSR stores them', () => {
      const h = new MockHost();
      h.mem.set([0xff, 0xff, 0x00, 0x00], 0x1000);
      expect(run(h, '0fae13', 0x1000)).to.equal(-1);
      expect(h.mxcsr).to.equal(0xffff);
      expect(run(h, '0fae1b', 0x1010)).to.equal(-1);
      expect([...h.mem.subarray(0x1010, 0x1014)]).to.deep.equal([0xff, 0xff, 0, 0]);
    });

    it('LDMXCSR/STMXCSR are class State and need CR4.OSFXSR', () => {
      const { d } = decode('0fae13');
      expect(d.fpClass).to.equal(FpClass.State);
      const h = new MockHost();
      h.cr4 = 0;
      expect(run(h, '0fae1b', 0x1000)).to.equal(UD);
    });
  });

  describe('MMX registers and the x87 state', () => {
    it('an MMX write sets the exponent word to all ones; the instruction sets TOP = 0 and every tag valid', () => {
      const h = new MockHost();
      h.x87.top = 5;
      h.x87.ftw = 0xffff;
      h.x87.fpr.set([1, 2, 3, 4, 0x3fff], 5 * 2);
      h.x87.fpr.set([0x10, 0x20, 0x30, 0x40, 0x1234], 5 * 3);
      expect(run(h, '0ffcd3')).to.equal(-1); // paddb mm2, mm3
      expect([...h.x87.fpr.subarray(10, 15)]).to.deep.equal([0x11, 0x22, 0x33, 0x44, 0xffff]);
      expect([...h.x87.fpr.subarray(15, 20)]).to.deep.equal([0x10, 0x20, 0x30, 0x40, 0x1234]);
      expect(h.x87.top).to.equal(0);
      expect(h.x87.ftw).to.equal(0);
    });

    it('REX.B does not extend an MMX register number', () => {
      const h = new MockHost();
      h.x87.fpr.set([7, 0, 0, 0, 0], 5 * 3);
      h.x87.fpr.set([5, 0, 0, 0, 0], 5 * 2);
      expect(run(h, '410ffcd3')).to.equal(-1); // rex.b paddb mm2, mm3
      expect(h.x87.fpr[10]).to.equal(12);
    });

    it('CVTPI2PS with a memory source makes no MMX transition and is class Sse', () => {
      const h = new MockHost();
      h.x87.top = 3;
      h.x87.ftw = 0xffff;
      h.mem.set([1, 0, 0, 0, 2, 0, 0, 0], 0x1000);
      const { d } = decode('0f2a03');
      expect(d.fpClass).to.equal(FpClass.Sse);
      d.exec(h, 0x1000, 0);
      expect(h.x87.top).to.equal(3);
      expect(h.xmmF32[0]).to.equal(1);
      expect(h.xmmF32[1]).to.equal(2);
    });

    it('SSE instructions with an MMX register are class Mmx and raise #UD themselves without CR4.OSFXSR', () => {
      for (const code of ['0f2ac1', '0f2dc1', '660f2dc1', 'f30fd6c1', 'f20fd6c1']) {
        const { d } = decode(code);
        expect(d.fpClass, code).to.equal(FpClass.Mmx);
        const h = new MockHost();
        h.cr4 = 0;
        expect(run(h, code), code).to.equal(UD);
      }
    });

    it('MMX forms are class Mmx, XMM forms class Sse', () => {
      expect(decode('0fefc1').d.fpClass).to.equal(FpClass.Mmx);
      expect(decode('660fefc1').d.fpClass).to.equal(FpClass.Sse);
      expect(decode('0f6ec1').d.fpClass).to.equal(FpClass.Mmx);
      expect(decode('660f6ec1').d.fpClass).to.equal(FpClass.Sse);
      expect(decode('0f58c1').d.fpClass).to.equal(FpClass.Sse);
    });
  });

  describe('decoding', () => {
    const insn = (over: Partial<FpInsn>): FpInsn => ({
      prefix: 0,
      map: 1,
      opcode: 0x58,
      modrm: 0xc1,
      reg: 0,
      rm: 1,
      isMem: false,
      rexW: false,
      rex: false,
      opsize16: false,
      imm8: 0,
      ...over,
    });

    it('SSSE3, SSE4 (0F 38, 0F 3A) and SSE4A encodings are #UD on qemu64', () => {
      for (const op of [0x00, 0x04, 0x0b, 0x1c, 0x1d, 0x1e]) expect(decodeSse(insn({ map: 2, opcode: op, prefix: 0x66 }))).to.equal(null);
      expect(decodeSse(insn({ map: 3, opcode: 0x0f, prefix: 0x66 }))).to.equal(null);
      expect(decodeSse(insn({ opcode: 0x78, prefix: 0x66 }))).to.equal(null);
      expect(decodeSse(insn({ opcode: 0x79, prefix: 0xf2 }))).to.equal(null);
      expect(decodeSse(insn({ opcode: 0x2b, prefix: 0xf3, isMem: true }))).to.equal(null);
    });

    it('register forms the SDM leaves undefined are #UD', () => {
      for (const [prefix, opcode] of [[0x66, 0x12], [0x66, 0x16], [0, 0x13], [0, 0x17], [0, 0x2b], [0, 0xe7], [0x66, 0xe7], [0xf2, 0xf0]]) {
        expect(decodeSse(insn({ prefix, opcode })), opcode.toString(16)).to.equal(null);
      }
      for (const opcode of [0x50, 0xc5, 0xd7, 0xf7, 0x71, 0x72, 0x73]) {
        expect(decodeSse(insn({ prefix: 0x66, opcode, isMem: true, modrm: 0x43 })), opcode.toString(16)).to.equal(null);
      }
    });

    it('the opcodes of other owners are not decoded here', () => {
      for (const opcode of [0x77, 0xc3, 0x18, 0xff, 0x0e, 0x0f]) expect(decodeSse(insn({ opcode })), opcode.toString(16)).to.equal(null);
      expect(decodeSse(insn({ opcode: 0xae, modrm: 0x03, isMem: true }))).to.equal(null); // FXSAVE
      expect(decodeSse(insn({ opcode: 0xae, modrm: 0xe8, isMem: false }))).to.equal(null); // LFENCE
    });

    it('one decoded exec function serves every execution of the instruction', () => {
      const d = decodeSse(insn({}));
      const h = new MockHost();
      h.xmmF32[0] = 1;
      h.xmmF32[4] = 2;
      d?.exec(h, 0, 0);
      d?.exec(h, 0, 0);
      expect(h.xmmF32[0]).to.equal(5);
    });
  });
});
