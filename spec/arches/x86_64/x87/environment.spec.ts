/**
 * FNSTENV/FLDENV and FNSAVE/FRSTOR: the four layouts (16/32-bit operand size × protected/real
 * mode), the tag word's classes, the instruction and data pointers, FNSTENV masking every
 * exception afterwards, FNSAVE's re-initialisation, and all-or-nothing behaviour on faults.
 */
import { expect } from 'chai';
import { MemFault, MockHost } from './helpers/mock-host.js';
import { getPhys, loadStack, run, runCatch, setPhys, st, statusWord } from './helpers/harness.js';

const ENV = 0x300;
const FNSTENV = { opcode: 0xd9, modrm: 0x30 };
const FLDENV = { opcode: 0xd9, modrm: 0x20 };
const FNSAVE = { opcode: 0xdd, modrm: 0x30 };
const FRSTOR = { opcode: 0xdd, modrm: 0x20 };

const NORMAL = '3fffc000000000000000'; // 1.5: valid (00)
const ZERO = '80000000000000000000'; // zero (01)
const DENORMAL = '00000000000000001234'; // special (10)
const NAN = '7fffc000000000000001'; // special (10)
const UNNORMAL = '40004000000000000000'; // special (10)

/**
 * A state with TOP = 5: ST(0) normal, ST(1) zero, ST(2) denormal, ST(3) NaN, ST(4) unnormal,
 * ST(5..7) empty; and the pointers of a FADD m32 at CS:0x1b / EIP 0x12345, operand at 0x2000.
 */
function state(h: MockHost): void {
  h.mode64 = false;
  loadStack(h, [NORMAL, ZERO, DENORMAL, NAN, UNNORMAL], 5);
  h.x87.fcw = 0x0b62;
  h.x87.fsw = 0x4124; // C3, C0, PE, ZE
  h.csSelector = 0x1b;
  h.ripLo = 0x12345;
  run(h, { opcode: 0xd8, modrm: 0x05 }, 0x2000); // FADD m32 (the float there is 0.0)
  h.x87.fsw = 0x4124;
}

/** The full tag word of `state`: physical registers 5,6,7,0,1 hold ST(0..4). */
const TAGS = (0b00 << 10) | (0b01 << 12) | (0b10 << 14) | (0b10 << 0) | (0b10 << 2) | (0b11 << 4) | (0b11 << 6) | (0b11 << 8);

const dv = (h: MockHost): DataView => new DataView(h.mem.buffer);

describe('x87 environment (FNSTENV, FLDENV, FNSAVE, FRSTOR)', () => {
  it('32-bit protected-mode FNSTENV layout, then all exceptions masked', () => {
    const h = new MockHost();
    state(h);
    h.mem.fill(0xee, ENV, ENV + 32);
    run(h, FNSTENV, ENV);
    const m = dv(h);
    expect(m.getUint32(ENV, true)).to.equal(0x0b62);
    expect(m.getUint32(ENV + 4, true)).to.equal(0x4124 | (5 << 11));
    expect(m.getUint32(ENV + 8, true)).to.equal(TAGS);
    expect(m.getUint32(ENV + 12, true)).to.equal(0x12345);
    expect(m.getUint32(ENV + 16, true)).to.equal(0x1b | (0x005 << 16)); // FCS, FOP = D8 05
    expect(m.getUint32(ENV + 20, true)).to.equal(0x2000);
    expect(m.getUint32(ENV + 24, true)).to.equal(0); // FDS: not known to the module
    expect(h.mem[ENV + 28]).to.equal(0xee);
    expect(h.x87.fcw).to.equal(0x0b7f);
  });

  it('16-bit protected-mode FNSTENV layout', () => {
    const h = new MockHost();
    state(h);
    h.mem.fill(0xee, ENV, ENV + 28);
    run(h, { ...FNSTENV, opsize16: true }, ENV);
    const m = dv(h);
    const words = Array.from({ length: 7 }, (_, i) => m.getUint16(ENV + 2 * i, true));
    expect(words).to.deep.equal([0x0b62, 0x4124 | (5 << 11), TAGS, 0x2345, 0x1b, 0x2000, 0]);
    expect(h.mem[ENV + 14]).to.equal(0xee);
  });

  it('real-mode layouts: 20-bit linear FIP (CS × 16 + IP) and FDP split around FOP', () => {
    const h = new MockHost();
    state(h);
    h.cr0 = 0x10; // PE = 0
    const fip = 0x1b * 16 + 0x12345;
    run(h, FNSTENV, ENV);
    const m = dv(h);
    expect(m.getUint32(ENV + 12, true)).to.equal(fip & 0xffff);
    expect(m.getUint32(ENV + 16, true)).to.equal(((fip >>> 16) << 12) | 0x005);
    expect(m.getUint32(ENV + 20, true)).to.equal(0x2000);
    expect(m.getUint32(ENV + 24, true)).to.equal(0);
    const h16 = new MockHost();
    state(h16);
    h16.cr0 = 0x10;
    run(h16, { ...FNSTENV, opsize16: true }, ENV);
    const m16 = dv(h16);
    expect(m16.getUint16(ENV + 6, true)).to.equal(fip & 0xffff);
    expect(m16.getUint16(ENV + 8, true)).to.equal((((fip >>> 16) & 0xf) << 12) | 0x005);
    expect(m16.getUint16(ENV + 10, true)).to.equal(0x2000);
    expect(m16.getUint16(ENV + 12, true)).to.equal(0);
  });

  for (const [name, op16, real] of [['32-bit protected', false, false], ['16-bit protected', true, false], ['32-bit real', false, true], ['16-bit real', true, true]] as const) {
    it(`FLDENV restores what FNSTENV stored (${name})`, () => {
      const h = new MockHost();
      state(h);
      if (real) h.cr0 = 0x10;
      run(h, { ...FNSTENV, opsize16: op16 }, ENV);
      const saved = { ...h.x87, fcw: 0x0b62, fpr: undefined };
      const tags = h.x87.ftw;
      run(h, { opcode: 0xdb, modrm: 0xe3 }); // FNINIT
      run(h, { ...FLDENV, opsize16: op16 }, ENV);
      const x = h.x87;
      expect(x.fcw).to.equal(0x0b62);
      expect(statusWord(h)).to.equal(0x4124 | (5 << 11));
      expect(x.ftw).to.equal(tags);
      // The 16-bit protected-mode layout has no room for FOP.
      expect(x.fop).to.equal(op16 && !real ? 0 : 0x005);
      expect(x.fdpLo).to.equal(0x2000);
      if (real) expect(x.fipLo).to.equal(0x1b * 16 + 0x12345);
      else expect([x.fipLo, x.fipHi]).to.deep.equal([op16 ? 0x2345 : saved.fipLo, 0x1b]);
    });
  }

  it('FLDENV of a status word with ES sets B; the next waiting instruction raises #MF', () => {
    const h = new MockHost();
    const m = dv(h);
    m.setUint32(ENV, 0x037b, true); // ZE unmasked
    m.setUint32(ENV + 4, 0x0084 | (3 << 11), true); // ZE, ES, TOP 3
    m.setUint32(ENV + 8, 0xffff, true);
    run(h, FLDENV, ENV);
    expect(statusWord(h)).to.equal(0x8084 | (3 << 11));
    expect(runCatch(h, { opcode: 0x9b, modrm: 0 })).to.equal(16);
  });

  it('FNSAVE stores the environment and ST(0)..ST(7) in stack order, then re-initialises', () => {
    const h = new MockHost();
    state(h);
    run(h, FNSAVE, ENV);
    const m = dv(h);
    expect(m.getUint32(ENV + 8, true)).to.equal(TAGS);
    const values = [NORMAL, ZERO, DENORMAL, NAN, UNNORMAL];
    values.forEach((v, i) => {
      let s = '';
      for (let k = 9; k >= 0; k--) s += h.mem[ENV + 28 + 10 * i + k].toString(16).padStart(2, '0');
      expect(s).to.equal(v);
    });
    expect(h.x87.fcw).to.equal(0x037f);
    expect(statusWord(h)).to.equal(0);
    expect(h.x87.ftw).to.equal(0xffff);
    expect([h.x87.fipLo, h.x87.fdpLo, h.x87.fop]).to.deep.equal([0, 0, 0]);
    expect(getPhys(h, 5)).to.equal(NORMAL); // contents stay
  });

  it('FRSTOR brings back everything FNSAVE saved (32- and 16-bit)', () => {
    for (const op16 of [false, true]) {
      const h = new MockHost();
      state(h);
      const before = { fpr: Array.from(h.x87.fpr), sw: statusWord(h), tw: h.x87.ftw, fcw: h.x87.fcw };
      run(h, { ...FNSAVE, opsize16: op16 }, ENV);
      for (let p = 0; p < 8; p++) setPhys(h, p, '00000000000000000000');
      run(h, { ...FRSTOR, opsize16: op16 }, ENV);
      expect(Array.from(h.x87.fpr)).to.deep.equal(before.fpr);
      expect(statusWord(h)).to.equal(before.sw);
      expect(h.x87.ftw).to.equal(before.tw);
      expect(h.x87.fcw).to.equal(before.fcw);
      expect(st(h, 0)).to.equal(NORMAL);
    }
  });

  it('a fault part-way through FNSAVE writes nothing and leaves the FPU as it was', () => {
    const h = new MockHost();
    state(h);
    h.faultPages.add(1);
    const at = 0x1000 - 50; // the 108-byte area crosses into the faulting page
    h.mem.fill(0xee, at, 0x1000);
    expect(() => run(h, FNSAVE, at)).to.throw(MemFault);
    expect(h.mem.subarray(at, 0x1000).every((b) => b === 0xee)).to.equal(true);
    expect(h.x87.fcw).to.equal(0x0b62);
    expect(h.x87.top).to.equal(5);
  });

  it('a fault part-way through FRSTOR changes nothing', () => {
    const h = new MockHost();
    state(h);
    const before = { fpr: Array.from(h.x87.fpr), sw: statusWord(h), tw: h.x87.ftw, fcw: h.x87.fcw };
    h.faultPages.add(1);
    expect(() => run(h, FRSTOR, 0x1000 - 50)).to.throw(MemFault);
    expect(Array.from(h.x87.fpr)).to.deep.equal(before.fpr);
    expect([statusWord(h), h.x87.ftw, h.x87.fcw]).to.deep.equal([before.sw, before.tw, before.fcw]);
  });
});
