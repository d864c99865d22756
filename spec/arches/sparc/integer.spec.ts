import { expect } from 'chai';
import { RAM_BASE, makeMachine, words } from './harness.js';
import { NOP, OP3, alu, alui, bicc, mem, memi, ticc } from './encode.js';

const G1 = 1, G2 = 2, G3 = 3, G4 = 4, O0 = 8, L0 = 16;
const TBR = RAM_BASE + 0x10000;

/** A machine running `prog` at RAM_BASE, traps enabled, TBR at RAM_BASE+0x10000. */
function setup(prog: number[], opts: Record<string, unknown> = {}) {
  const m = makeMachine(opts, words(...prog));
  m.cpu.tbr = TBR;
  m.cpu.setPsr(m.cpu.getPsr() | 0x20 | 0x1000);
  return m;
}
const u = (v: number) => v >>> 0;

describe('sparc integer unit', () => {
  it('reports LEON3 PSR impl/ver and %asr17 (index, V8 mul/div, NWINDOWS-1)', () => {
    const m = setup([alu(OP3.rdpsr, G1, 0, 0), alu(OP3.rdy, G2, 17, 0)], { index: 2 });
    m.cpu.run(2);
    expect(u(m.cpu.reg(G1)) >>> 24).to.equal(0xf3);
    expect(u(m.cpu.reg(G2))).to.equal(0x20000107);
  });

  it('UMUL/SMUL give the 64-bit product in Y:rd', () => {
    const m = setup([alu(OP3.umul, G3, G1, G2), alu(OP3.rdy, G4, 0, 0), alu(OP3.smulcc, L0, G1, G2), alu(OP3.rdy, O0, 0, 0)]);
    m.cpu.setReg(G1, -1); m.cpu.setReg(G2, -1);
    m.cpu.run(4);
    expect([u(m.cpu.reg(G3)), u(m.cpu.reg(G4))]).to.deep.equal([1, 0xfffffffe]);
    expect([u(m.cpu.reg(L0)), u(m.cpu.reg(O0))]).to.deep.equal([1, 0]);
    const m2 = setup([alu(OP3.smul, G3, G1, G2), alu(OP3.rdy, G4, 0, 0)]);
    m2.cpu.setReg(G1, 0x80000000 | 0); m2.cpu.setReg(G2, 2);
    m2.cpu.run(2);
    expect([u(m2.cpu.reg(G3)), u(m2.cpu.reg(G4))]).to.deep.equal([0, 0xffffffff]);
  });

  it('UDIV/SDIV divide Y:rs1, saturate on overflow (V set in cc forms) and trap on zero', () => {
    const cases: [number, number, number, number, number, number][] = [
      // op3, y, a, b, result, V
      [OP3.udivcc, 1, 0, 2, 0x80000000, 0],
      [OP3.udivcc, 2, 0, 2, 0xffffffff, 1],
      [OP3.udivcc, 0, 100, 7, 14, 0],
      [OP3.sdivcc, 0xffffffff, -7, 2, u(-3), 0],
      [OP3.sdivcc, 0, 0x80000000, 1, 0x7fffffff, 1],
      [OP3.sdivcc, 0x80000000, 0, -1, 0x7fffffff, 1],
      [OP3.sdivcc, 0xffffffff, 0x80000000, 1, 0x80000000, 0],
      [OP3.sdivcc, 0xffffffff, 0, 1, 0x80000000, 1],
      [OP3.sdivcc, 0, 7, -2, u(-3), 0],
    ];
    for (const [op3, y, a, b, res, v] of cases) {
      const m = setup([alu(OP3.wry, 0, G4, 0), NOP, alu(op3, G3, G1, G2)]);
      m.cpu.setReg(G4, y | 0); m.cpu.setReg(G1, a | 0); m.cpu.setReg(G2, b | 0);
      m.cpu.run(3);
      expect(u(m.cpu.reg(G3)), `y=${y} a=${a} b=${b}`).to.equal(res);
      expect((m.cpu.icc >> 1) & 1, `V for y=${y} a=${a} b=${b}`).to.equal(v);
    }
    const z = setup([alu(OP3.udiv, G3, G1, 0)]);
    z.cpu.setReg(G1, 5);
    z.cpu.run(1);
    expect(z.cpu.tbr & 0xff0).to.equal(0x2a << 4);
  });

  it('MULScc steps a shift-and-add multiply through Y', () => {
    const prog = [alu(OP3.wry, 0, G2, 0), NOP, NOP, NOP, alu(0x11, G4, 0, 0)];
    for (let k = 0; k < 32; k++) prog.push(alu(OP3.mulscc, G4, G4, G1));
    prog.push(alu(OP3.mulscc, G4, G4, 0), alu(OP3.rdy, G3, 0, 0));
    const m = setup(prog);
    m.cpu.setReg(G1, 1234); m.cpu.setReg(G2, 5678);
    m.cpu.run(prog.length);
    expect(u(m.cpu.reg(G3))).to.equal(1234 * 5678);
  });

  it('ADDXcc/SUBXcc chain carries for 64-bit arithmetic', () => {
    // (g1:g2) + (g3:g4) -> g1:g2, then back with subtract
    const m = setup([alu(OP3.addcc, G2, G2, G4), alu(OP3.addxcc, G1, G1, G3), alu(OP3.subcc, G2, G2, G4), alu(OP3.subxcc, G1, G1, G3)]);
    m.cpu.setReg(G1, 0x00000001); m.cpu.setReg(G2, 0xffffffff | 0); m.cpu.setReg(G3, 0); m.cpu.setReg(G4, 1);
    m.cpu.run(2);
    expect([u(m.cpu.reg(G1)), u(m.cpu.reg(G2))]).to.deep.equal([2, 0]);
    m.cpu.run(2);
    expect([u(m.cpu.reg(G1)), u(m.cpu.reg(G2))]).to.deep.equal([1, 0xffffffff]);
  });

  it('tagged add/subtract set V on tag bits or overflow; the TV forms trap without writing rd', () => {
    const m = setup([alu(OP3.taddcc, G3, G1, G2), alu(OP3.taddcctv, G4, G1, G2)]);
    m.cpu.setReg(G1, 4); m.cpu.setReg(G2, 1); m.cpu.setReg(G4, 77);
    m.cpu.run(1);
    expect(u(m.cpu.reg(G3))).to.equal(5);
    expect((m.cpu.icc >> 1) & 1).to.equal(1);
    m.cpu.run(1);
    expect(m.cpu.reg(G4)).to.equal(77);
    expect(m.cpu.tbr & 0xff0).to.equal(0x0a << 4);
    const t = setup([alu(OP3.tsubcc, G3, G1, G2)]);
    t.cpu.setReg(G1, 0x80000000 | 0); t.cpu.setReg(G2, 4);
    t.cpu.run(1);
    expect((t.cpu.icc >> 1) & 1).to.equal(1);
  });

  it('annuls delay slots as V8 says (taken conditional executes, untaken annulled, BA,a annulled)', () => {
    // g1 counts delay-slot executions: each slot is `add g1, 1, g1`.
    const inc = alui(OP3.add, G1, G1, 1);
    const prog = [
      alu(OP3.subcc, 0, 0, 0), // Z = 1
      bicc(1, true, 3), inc, NOP, // be,a taken: slot executes -> +1, lands at index 4
      bicc(9, true, 3), inc, // bne,a not taken: slot annulled
      bicc(8, true, 3), inc, NOP, // ba,a: slot annulled, lands at 9
      bicc(0, true, 3), inc, // bn,a: annulled
      bicc(9, false, 2), inc, // bne not taken, no annul: executes
      alui(OP3.add, G2, 0, 1),
    ];
    const m = setup(prog);
    m.run(13);
    expect(m.cpu.reg(G1)).to.equal(2);
    expect(m.cpu.reg(G2)).to.equal(1);
  });

  it('SAVE/RESTORE move the window and trap on WIM', () => {
    const m = setup([alui(OP3.save, 14, 14, -96), alui(OP3.restore, 0, 0, 0), alui(OP3.restore, 0, 0, 0)]);
    m.cpu.wim = 1 << 2; // window 2 invalid
    m.cpu.setReg(14, 0x1000);
    m.cpu.run(1);
    expect(m.cpu.cwp).to.equal(7);
    expect(m.cpu.reg(14)).to.equal(0x1000 - 96);
    expect(m.cpu.reg(30)).to.equal(0x1000); // new %fp is the old %sp
    m.cpu.run(2);
    expect(m.cpu.cwp).to.equal(1); // 7 -> 0 -> 1: the next restore would enter window 2
    const u2 = setup([alui(OP3.restore, 0, 0, 0)]);
    u2.cpu.wim = 1 << 1;
    u2.cpu.run(1);
    expect(u2.cpu.tbr & 0xff0).to.equal(0x06 << 4);
    expect(u2.cpu.cwp).to.equal(7); // the trap itself decrements CWP
  });

  it('a trap saves PC/nPC in %l1/%l2 of the new window, sets S and PS and clears ET', () => {
    const m = setup([NOP, ticc(8, 0, 5)]);
    m.cpu.s = 0; // trap from user mode
    m.cpu.run(2);
    expect(m.cpu.pc).to.equal(TBR + 0x85 * 16);
    expect(u(m.cpu.reg(17))).to.equal(RAM_BASE + 4);
    expect(u(m.cpu.reg(18))).to.equal(RAM_BASE + 8);
    expect([m.cpu.s, m.cpu.ps, m.cpu.et]).to.deep.equal([1, 0, 0]);
  });

  it('orders exceptions of one instruction by V8 priority', () => {
    // LDD with an odd rd and a misaligned address: illegal_instruction (7) beats mem_address_not_aligned (10).
    const a = setup([mem(OP3.ldd, 3, G1, 0)]);
    a.cpu.setReg(G1, RAM_BASE + 2);
    a.cpu.run(1);
    expect(a.cpu.tbr & 0xff0).to.equal(0x02 << 4);
    // LDA in user mode with i=1: privileged_instruction (6) beats illegal_instruction (7).
    const b = setup([((3 << 30) | (G3 << 25) | (OP3.lda << 19) | (G1 << 14) | (1 << 13)) >>> 0]);
    b.cpu.s = 0;
    b.cpu.run(1);
    expect(b.cpu.tbr & 0xff0).to.equal(0x03 << 4);
    // STDF misaligned with the FPU disabled: fp_disabled (8) beats alignment (10).
    const c = setup([mem(OP3.stdf, 0, G1, 0)]);
    c.cpu.ef = 0;
    c.cpu.setReg(G1, RAM_BASE + 4);
    c.cpu.run(1);
    expect(c.cpu.tbr & 0xff0).to.equal(0x04 << 4);
  });

  it('loads and stores every width, sign-extends, and traps on misalignment', () => {
    const m = setup([
      mem(OP3.ldsb, G2, G1, 0), mem(OP3.ldsh, G3, G1, 0), mem(OP3.ldub, G4, G1, 0),
      mem(OP3.ldd, L0, G1, 0), mem(OP3.std, L0, G1, O0), mem(OP3.ldstub, 20, G1, 0),
      mem(OP3.swap, 21, G1, O0), memi(OP3.lduh, 22, G1, 1),
    ]);
    m.cpu.setReg(G1, RAM_BASE + 0x100);
    m.cpu.setReg(O0, 8);
    m.cpu.setReg(21, 0x55);
    m.mem.write32(RAM_BASE + 0x100, 0x8081fffe);
    m.mem.write32(RAM_BASE + 0x104, 0x12345678);
    m.cpu.run(7);
    expect(u(m.cpu.reg(G2))).to.equal(0xffffff80);
    expect(u(m.cpu.reg(G3))).to.equal(0xffff8081);
    expect(m.cpu.reg(G4)).to.equal(0x80);
    expect([u(m.cpu.reg(L0)), m.cpu.reg(L0 + 1)]).to.deep.equal([0x8081fffe, 0x12345678]);
    expect(m.mem.read32(RAM_BASE + 0x10c)).to.equal(0x12345678);
    expect(m.cpu.reg(20)).to.equal(0x80);
    expect(m.mem.read8(RAM_BASE + 0x100)).to.equal(0xff);
    expect(u(m.cpu.reg(21))).to.equal(0x8081fffe);
    expect(m.mem.read32(RAM_BASE + 0x108)).to.equal(0x55);
    m.cpu.setReg(22, 0);
    m.cpu.run(1); // lduh at an odd address
    expect(m.cpu.tbr & 0xff0).to.equal(0x07 << 4);
  });

  it('CASA swaps on equality; user mode may use ASI 0xA but not 0xB', () => {
    const casa = (asi: number) => mem(OP3.casa, G3, G1, G2, asi);
    const m = setup([casa(0x0b), casa(0x0b)]);
    m.cpu.setReg(G1, RAM_BASE + 0x200); m.cpu.setReg(G2, 5); m.cpu.setReg(G3, 9);
    m.mem.write32(RAM_BASE + 0x200, 5);
    m.cpu.run(1);
    expect(m.mem.read32(RAM_BASE + 0x200)).to.equal(9);
    expect(m.cpu.reg(G3)).to.equal(5);
    m.cpu.setReg(G3, 11); // compare value 5 != memory 9: no store
    m.cpu.run(1);
    expect(m.mem.read32(RAM_BASE + 0x200)).to.equal(9);
    expect(m.cpu.reg(G3)).to.equal(9);
    const user = setup([casa(0x0a), casa(0x0b)]);
    user.cpu.s = 0;
    user.cpu.setReg(G1, RAM_BASE + 0x200); user.cpu.setReg(G2, 0); user.cpu.setReg(G3, 3);
    user.cpu.run(1);
    expect(user.mem.read32(RAM_BASE + 0x200)).to.equal(3);
    user.cpu.run(1);
    expect(user.cpu.tbr & 0xff0).to.equal(0x03 << 4);
  });

  it('reads the LEON3 cache control registers through ASI 2', () => {
    const m = setup([mem(OP3.sta, G2, 0, 0, 2), mem(OP3.lda, G3, 0, 0, 2), mem(OP3.lda, G4, G1, 0, 2)]);
    m.cpu.setReg(G2, 0x0080000f | (1 << 22) | (1 << 16)); // FD and IB read back as zero
    m.cpu.setReg(G1, 0x0c);
    m.cpu.run(3);
    expect(u(m.cpu.reg(G3))).to.equal(0x0080000f);
    expect(u(m.cpu.reg(G4))).to.equal(0x18220000);
  });

  it('unmapped loads raise data_access_exception', () => {
    const m = setup([mem(OP3.ld, G2, G1, 0)]);
    m.cpu.setReg(G1, 0x20000000);
    m.cpu.run(1);
    expect(m.cpu.tbr & 0xff0).to.equal(0x09 << 4);
  });

  it('re-decodes code that the program overwrites', () => {
    // st g2 -> [g1] overwrites the instruction at index 2 (an add 1) with an add 100.
    const m = setup([mem(OP3.st, G2, G1, 0), NOP, alui(OP3.add, G3, G3, 1), alui(OP3.add, G3, G3, 1)]);
    m.cpu.setReg(G1, RAM_BASE + 0x400);
    m.cpu.run(4); // decode all once: g3 = 2
    expect(m.cpu.reg(G3)).to.equal(2);
    m.cpu.setEntry(RAM_BASE);
    m.cpu.setReg(G1, RAM_BASE + 8);
    m.cpu.setReg(G2, alui(OP3.add, G3, G3, 100) | 0);
    m.cpu.setReg(G3, 0);
    m.cpu.run(4);
    expect(m.cpu.reg(G3)).to.equal(101);
  });
});
