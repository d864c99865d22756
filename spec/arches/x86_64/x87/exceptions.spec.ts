/**
 * Exception delivery: an unmasked exception sets ES and B; the next *waiting* x87 instruction
 * raises #MF (vector 16) when CR0.NE = 1, before doing anything; with CR0.NE = 0 it is only
 * recorded. Non-waiting instructions (FNINIT, FNCLEX, FNSTSW, FNSTCW, FNSTENV, FNSAVE) never
 * raise it; FNCLEX and FNINIT clear it.
 */
import { expect } from 'chai';
import { MockHost } from './helpers/mock-host.js';
import { loadStack, run, runCatch, st, statusWord } from './helpers/harness.js';

const ONE = '3fff8000000000000000';
const TWO = '40008000000000000000';
const ZERO = '00000000000000000000';
const FDIV_ST0_ST1 = { opcode: 0xd8, modrm: 0xf1 };
const FADD_ST0_ST1 = { opcode: 0xd8, modrm: 0xc1 };
const FWAIT = { opcode: 0x9b, modrm: 0 };
const MF = 16;

/** A host with 1/0 just computed with ZE unmasked: an exception is pending. */
function pending(ne = true): MockHost {
  const h = new MockHost();
  if (!ne) h.cr0 &= ~0x20;
  h.x87.fcw = 0x037f & ~0x04; // ZE unmasked
  loadStack(h, [ONE, ZERO]);
  h.ripLo = 0x4000;
  run(h, FDIV_ST0_ST1);
  return h;
}

describe('x87 exceptions (#MF)', () => {
  it('an unmasked exception sets its flag, ES and B, and still writes the masked response (as QEMU)', () => {
    const h = pending();
    expect(statusWord(h) & 0x80bf).to.equal(0x8084);
    expect(st(h, 0)).to.equal('7fff8000000000000000');
    expect(h.raised).to.have.length(0);
  });

  it('the next waiting instruction raises #MF before doing anything', () => {
    const h = pending();
    const before = { sw: statusWord(h), st0: st(h, 0), fip: h.x87.fipLo };
    h.ripLo = 0x4010;
    expect(runCatch(h, FADD_ST0_ST1)).to.equal(MF);
    expect(statusWord(h)).to.equal(before.sw);
    expect(st(h, 0)).to.equal(before.st0);
    // FIP still names the instruction that caused the exception.
    expect(h.x87.fipLo).to.equal(0x4000);
    expect(h.x87.fop).to.equal((0 << 8) | 0xf1);
  });

  it('FWAIT raises #MF, and so do FLD, FLDCW, FLDENV, FNOP, FXCH, FFREE, EMMS', () => {
    const encodings = [
      FWAIT,
      { opcode: 0xd9, modrm: 0xc0 },
      { opcode: 0xd9, modrm: 0x28 },
      { opcode: 0xd9, modrm: 0x20 },
      { opcode: 0xd9, modrm: 0xd0 },
      { opcode: 0xd9, modrm: 0xc9 },
      { opcode: 0xdd, modrm: 0xc1 },
      { map: 1, opcode: 0x77, modrm: 0 },
    ];
    for (const e of encodings) expect(runCatch(pending(), e, 0x100), JSON.stringify(e)).to.equal(MF);
  });

  it('the non-waiting instructions do not raise it', () => {
    const encodings = [
      { opcode: 0xdf, modrm: 0xe0 }, // FNSTSW AX
      { opcode: 0xdd, modrm: 0x38 }, // FNSTSW m16
      { opcode: 0xd9, modrm: 0x38 }, // FNSTCW
      { opcode: 0xd9, modrm: 0x30 }, // FNSTENV
      { opcode: 0xdd, modrm: 0x30 }, // FNSAVE
      { opcode: 0xdb, modrm: 0xe2 }, // FNCLEX
      { opcode: 0xdb, modrm: 0xe3 }, // FNINIT
      { map: 1, opcode: 0xae, modrm: 0x00 }, // FXSAVE
    ];
    for (const e of encodings) expect(runCatch(pending(), e, 0x100), JSON.stringify(e)).to.equal(null);
  });

  it('FNSTSW AX shows the pending state; FNCLEX clears it and the next instruction runs', () => {
    const h = pending();
    run(h, { opcode: 0xdf, modrm: 0xe0 });
    expect(h.r[0] & 0xffff).to.equal(statusWord(h));
    run(h, { opcode: 0xdb, modrm: 0xe2 });
    expect(statusWord(h) & 0x80ff).to.equal(0);
    expect(runCatch(h, FADD_ST0_ST1)).to.equal(null);
  });

  it('FNINIT clears it too, without raising', () => {
    const h = pending();
    run(h, { opcode: 0xdb, modrm: 0xe3 });
    expect(h.raised).to.have.length(0);
    expect(statusWord(h)).to.equal(0);
    expect(h.x87.fcw).to.equal(0x037f);
    expect(h.x87.ftw).to.equal(0xffff);
    expect(runCatch(h, FWAIT)).to.equal(null);
  });

  it('with CR0.NE = 0 the exception is only recorded: waiting instructions run', () => {
    const h = pending(false);
    expect(runCatch(h, FADD_ST0_ST1)).to.equal(null);
    expect(runCatch(h, FWAIT)).to.equal(null);
    expect(statusWord(h) & 0x8080).to.equal(0x8080);
  });

  it('unmasking a flag that is already set makes the next merging instruction report ES (as QEMU)', () => {
    const h = new MockHost();
    loadStack(h, [ONE, TWO]);
    run(h, FDIV_ST0_ST1); // 0.5, exact: no flags
    h.x87.fsw |= 0x20; // PE left over
    h.mem[0x100] = 0x5f; // FLDCW 0x035f: PE unmasked
    h.mem[0x101] = 0x03;
    run(h, { opcode: 0xd9, modrm: 0x28 }, 0x100);
    expect(statusWord(h) & 0x80).to.equal(0);
    run(h, FADD_ST0_ST1);
    expect(statusWord(h) & 0x8080).to.equal(0x8080);
    expect(runCatch(h, FWAIT)).to.equal(MF);
  });

  it('an unmasked stack overflow leaves the stack alone, sets IE, SF, C1 and ES', () => {
    const h = new MockHost();
    h.x87.fcw = 0x037e;
    loadStack(h, [ONE, ONE, ONE, ONE, ONE, ONE, ONE, ONE], 0);
    run(h, { opcode: 0xd9, modrm: 0xe8 }); // FLD1
    expect(h.x87.top).to.equal(0);
    expect(h.x87.ftw).to.equal(0);
    expect(statusWord(h) & 0x82ff).to.equal(0x82c1);
    expect(runCatch(h, FWAIT)).to.equal(MF);
  });

  it('a masked stack underflow in an arithmetic instruction writes the real indefinite', () => {
    const h = new MockHost();
    loadStack(h, [ONE]);
    run(h, FADD_ST0_ST1);
    expect(st(h, 0)).to.equal('ffffc000000000000000');
    expect(statusWord(h) & 0x02ff).to.equal(0x41);
  });
});
