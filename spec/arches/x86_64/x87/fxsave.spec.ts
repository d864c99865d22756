/**
 * FXSAVE/FXRSTOR: the 512-byte image (SDM vol. 1 table 10-2) in its 32-bit and 64-bit (REX.W)
 * forms, the abridged tag byte, registers in stack order, MXCSR and XMM only with CR4.OSFXSR,
 * #GP(0) for a misaligned operand and for reserved MXCSR bits, the round trip.
 */
import { expect } from 'chai';
import { MockHost } from './helpers/mock-host.js';
import { loadStack, run, runCatch, st, statusWord } from './helpers/harness.js';

const AREA = 0x400;
const FXSAVE = { map: 1, opcode: 0xae, modrm: 0x00 };
const FXRSTOR = { map: 1, opcode: 0xae, modrm: 0x08 };

function setup(mode64: boolean): MockHost {
  const h = new MockHost();
  h.mode64 = mode64;
  loadStack(h, ['3fff8000000000000000', '40008000000000000000', 'c000c000000000000000'], 6);
  h.x87.fcw = 0x027f;
  h.x87.fsw = 0x0020;
  h.x87.fop = 0x5c1;
  h.x87.fipLo = 0x89abcdef;
  h.x87.fipHi = mode64 ? 0x7f : 0x23;
  h.x87.fdpLo = 0x01234567;
  h.x87.fdpHi = mode64 ? 0x5 : 0;
  h.mxcsr = 0x1fa0;
  for (let i = 0; i < 64; i++) h.xmm[i] = (0x11111111 * ((i % 15) + 1)) >>> 0;
  return h;
}

describe('x87 FXSAVE and FXRSTOR', () => {
  it('64-bit image (REX.W): control, status with TOP, abridged tags, FOP, 64-bit FIP/FDP, MXCSR, registers, 16 XMM', () => {
    const h = setup(true);
    h.mem.fill(0xee, AREA, AREA + 512);
    run(h, { ...FXSAVE, rexW: true }, AREA);
    const m = new DataView(h.mem.buffer, AREA);
    expect(m.getUint16(0, true)).to.equal(0x027f);
    expect(m.getUint16(2, true)).to.equal(0x0020 | (6 << 11));
    // ST(0..2) are physical 6, 7, 0.
    expect(m.getUint8(4)).to.equal(0b11000001);
    expect(m.getUint16(6, true)).to.equal(0x5c1);
    expect([m.getUint32(8, true), m.getUint32(12, true)]).to.deep.equal([0x89abcdef, 0x7f]);
    expect([m.getUint32(16, true), m.getUint32(20, true)]).to.deep.equal([0x01234567, 0x5]);
    expect([m.getUint32(24, true), m.getUint32(28, true)]).to.deep.equal([0x1fa0, 0xffff]);
    expect(m.getUint16(32 + 8, true)).to.equal(0x3fff); // ST(0) first
    expect(m.getUint16(48 + 8, true)).to.equal(0x4000);
    expect(m.getUint16(64 + 8, true)).to.equal(0xc000);
    expect(m.getUint8(32 + 10)).to.equal(0xee); // reserved bytes of the slot untouched
    for (let r = 0; r < 16; r++) expect(m.getUint32(160 + 16 * r, true)).to.equal(h.xmm[4 * r]);
    expect(m.getUint8(416)).to.equal(0xee);
  });

  it('32-bit image: FIP, FCS, FDP; 8 XMM registers outside 64-bit mode', () => {
    const h = setup(false);
    h.mem.fill(0xee, AREA, AREA + 512);
    run(h, FXSAVE, AREA);
    const m = new DataView(h.mem.buffer, AREA);
    expect([m.getUint32(8, true), m.getUint32(12, true)]).to.deep.equal([0x89abcdef, 0x23]);
    expect([m.getUint32(16, true), m.getUint32(20, true)]).to.deep.equal([0x01234567, 0]);
    expect(m.getUint32(160 + 16 * 7, true)).to.equal(h.xmm[28]);
    expect(m.getUint8(160 + 16 * 8)).to.equal(0xee);
  });

  it('without CR4.OSFXSR neither MXCSR nor XMM is saved or restored', () => {
    const h = setup(true);
    h.cr4 = 0;
    h.mem.fill(0xee, AREA, AREA + 512);
    run(h, FXSAVE, AREA);
    expect(h.mem[AREA + 24]).to.equal(0xee);
    expect(h.mem[AREA + 160]).to.equal(0xee);
    h.mem.fill(0, AREA + 24, AREA + 32);
    run(h, FXRSTOR, AREA);
    expect(h.mxcsr).to.equal(0x1fa0);
  });

  it('round trip: FXRSTOR restores what FXSAVE saved', () => {
    const h = setup(true);
    run(h, { ...FXSAVE, rexW: true }, AREA);
    const before = { fpr: Array.from(h.x87.fpr), sw: statusWord(h), ftw: h.x87.ftw, xmm: Array.from(h.xmm) };
    const other = setup(true);
    other.x87.fpr.fill(0);
    other.x87.ftw = 0xffff;
    other.x87.top = 0;
    other.xmm.fill(0);
    other.mxcsr = 0x1f80;
    other.mem.set(h.mem.subarray(AREA, AREA + 512), AREA);
    run(other, { ...FXRSTOR, rexW: true }, AREA);
    expect(Array.from(other.x87.fpr)).to.deep.equal(before.fpr);
    expect(statusWord(other)).to.equal(before.sw);
    expect(other.x87.ftw).to.equal(before.ftw);
    expect(Array.from(other.xmm)).to.deep.equal(before.xmm);
    expect(other.mxcsr).to.equal(0x1fa0);
    expect([other.x87.fop, other.x87.fipLo, other.x87.fipHi, other.x87.fdpLo, other.x87.fdpHi]).to.deep.equal([0x5c1, 0x89abcdef, 0x7f, 0x01234567, 0x5]);
    expect(st(other, 1)).to.equal('40008000000000000000');
  });

  it('#GP(0) for an operand not aligned on 16 bytes, before touching memory', () => {
    for (const e of [FXSAVE, FXRSTOR]) {
      const h = setup(true);
      h.mem.fill(0xee, AREA, AREA + 600);
      expect(runCatch(h, e, AREA + 8)).to.equal(13);
      expect(h.raised[0].errorCode).to.equal(0);
      expect(h.mem.subarray(AREA, AREA + 600).every((b) => b === 0xee)).to.equal(true);
    }
  });

  it('FXRSTOR with a reserved MXCSR bit set raises #GP(0) and changes nothing', () => {
    const h = setup(true);
    run(h, FXSAVE, AREA);
    new DataView(h.mem.buffer).setUint32(AREA + 24, 0x00011f80, true);
    h.x87.fcw = 0x037f;
    expect(runCatch(h, FXRSTOR, AREA)).to.equal(13);
    expect(h.x87.fcw).to.equal(0x037f);
    expect(h.mxcsr).to.equal(0x1fa0);
  });

  it('the abridged tag byte: clear bits empty their registers, set bits make them valid', () => {
    const h = setup(true);
    run(h, FXSAVE, AREA);
    h.mem[AREA + 4] = 0b00100100;
    run(h, FXRSTOR, AREA);
    expect(h.x87.ftw).to.equal(0xffff & ~(3 << 4) & ~(3 << 10));
  });

  it('ignores a pending x87 exception (neither raises #MF)', () => {
    const h = setup(true);
    h.x87.fsw |= 0x8081;
    expect(runCatch(h, FXSAVE, AREA)).to.equal(null);
    expect(runCatch(h, FXRSTOR, AREA)).to.equal(null);
  });
});
