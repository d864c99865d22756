import { expect } from 'chai';
import { RAM_BASE, makeMachine, words } from './harness.js';
import { NOP, OP3, alu, alui, bicc, fpop1, mem, sethi, ticc } from './encode.js';

const G1 = 1, G2 = 2, G3 = 3;
const TBR = RAM_BASE + 0x10000;

function setup(prog: number[], opts: Record<string, unknown> = {}) {
  const m = makeMachine(opts, words(...prog));
  m.cpu.tbr = TBR;
  m.cpu.setPsr(m.cpu.getPsr() | 0x20 | 0x1000);
  return m;
}

describe('sparc error mode', () => {
  it('`ta 0` with traps disabled is the LEON3 shutdown: exit status 0', () => {
    const m = makeMachine({}, words(ticc(8, 0, 0)));
    m.run();
    expect(m.cpu.state).to.equal('stopped');
    expect(m.exits.map((e) => e.status)).to.deep.equal([0]);
  });

  it('other traps with ET = 0 stop the core and end the run with status 134, as QEMU aborts', () => {
    const m = makeMachine({}, words(NOP, 0 /* unimp */));
    m.run();
    expect(m.cpu.state).to.equal('stopped');
    expect(m.cpu.errorModeTrap).to.equal(0x02);
    expect(m.exits.map((e) => e.status)).to.deep.equal([134]);
  });

  it('stops only this core when errorModeShutsDownMachine is false (heterogeneous boards)', () => {
    const m = makeMachine({ errorModeShutsDownMachine: false }, words(0));
    m.run();
    expect(m.cpu.state).to.equal('stopped');
    expect(m.exits).to.deep.equal([]);
    const t = makeMachine({ ta0Shutdown: false, errorModeShutsDownMachine: false }, words(ticc(8, 0, 0)));
    t.run();
    expect(t.cpu.state).to.equal('stopped');
    expect(t.exits).to.deep.equal([]);
  });
});

describe('sparc interrupts', () => {
  it('takes irl > PIL as trap 0x10+level after the current instruction and acknowledges it', () => {
    const m = setup([NOP, NOP, NOP, NOP]);
    m.mem.write32(TBR + 0x150, NOP);
    m.cpu.run(1);
    m.cpu.input('irl')!(5);
    m.cpu.run(1);
    expect(m.cpu.pc).to.equal(TBR + 0x15 * 16 + 4); // trap taken, then the handler's first insn ran
    expect(m.intacks).to.deep.equal([5]);
    expect(m.cpu.reg(17) >>> 0).to.equal(RAM_BASE + 4); // %l1: the instruction to resume
  });

  it('masks levels at or below PIL except the non-maskable level 15', () => {
    const m = setup([NOP, NOP, NOP, NOP]);
    m.cpu.pil = 7;
    m.cpu.input('irl')!(7);
    m.cpu.run(2);
    expect(m.cpu.pc).to.equal(RAM_BASE + 8);
    m.cpu.pil = 15;
    m.cpu.input('irl')!(15);
    m.cpu.run(1);
    expect(m.intacks).to.deep.equal([15]);
  });

  it('power-down (%asr19) idles until an interrupt arrives with traps enabled', () => {
    const m = setup([alu(OP3.wry, 19, 0, 0), NOP, NOP]);
    m.cpu.pil = 15; // a masked level still wakes the core (QEMU), then execution continues
    m.cpu.run(10);
    expect(m.cpu.state).to.equal('idle');
    expect(m.cpu.pc).to.equal(RAM_BASE + 4);
    m.cpu.input('irl')!(3);
    expect(m.cpu.state).to.equal('running');
    m.cpu.run(1);
    expect(m.cpu.pc).to.equal(RAM_BASE + 8);
    expect(m.intacks).to.deep.equal([]);
  });

  it('a powered-down core with traps disabled sleeps on', () => {
    const m = makeMachine({}, words(alu(OP3.wry, 19, 0, 0), NOP));
    m.cpu.run(10);
    m.cpu.input('irl')!(3);
    expect(m.cpu.state).to.equal('idle');
  });
});

describe('sparc FPU traps', () => {
  const F_ONE = 0x3f800000;
  it('an enabled IEEE exception traps with ftt = 1, cexc set, aexc and rd untouched', () => {
    const m = setup([mem(OP3.ldfsr, 0, G1, 0), NOP, fpop1(0x4d, 4, 0, 2)]);
    m.cpu.setReg(G1, RAM_BASE + 0x100);
    m.mem.write32(RAM_BASE + 0x100, 0x02 << 23); // TEM.DZ
    m.cpu.fpu.f[0] = F_ONE; m.cpu.fpu.f[2] = 0; m.cpu.fpu.f[4] = 1234;
    m.cpu.run(3);
    expect(m.cpu.tbr & 0xff0).to.equal(0x08 << 4);
    expect((m.cpu.fpu.fsr >>> 14) & 7).to.equal(1);
    expect(m.cpu.fpu.fsr & 0x1f).to.equal(0x02);
    expect((m.cpu.fpu.fsr >>> 5) & 0x1f).to.equal(0);
    expect(m.cpu.fpu.f[4]).to.equal(1234);
  });

  it('quad operations are unimplemented_FPop (ftt = 3); STDFQ is a sequence error (ftt = 4)', () => {
    const m = setup([fpop1(0x43, 4, 0, 8)]);
    m.cpu.run(1);
    expect(m.cpu.tbr & 0xff0).to.equal(0x08 << 4);
    expect((m.cpu.fpu.fsr >>> 14) & 7).to.equal(3);
    const q = setup([mem(OP3.stdfq, 0, G1, 0)]);
    q.cpu.setReg(G1, RAM_BASE + 0x100);
    q.cpu.run(1);
    expect((q.cpu.fpu.fsr >>> 14) & 7).to.equal(4);
  });

  it('FsMULd gives the exact double product; FBfcc follows FCMP', () => {
    const m = setup([fpop1(0x69, 4, 0, 2), ((2 << 30) | (0x35 << 19) | (4 << 14) | (0x52 << 5) | 6) >>> 0, NOP, bicc(0, false, 0), NOP]);
    // f0 = 1 + 2^-23, f2 = 1 - 2^-24 (singles): the product needs 48 bits
    m.cpu.fpu.f[0] = 0x3f800001; m.cpu.fpu.f[2] = 0x3f7fffff;
    m.cpu.fpu.f[6] = 0x3ff00000; m.cpu.fpu.f[7] = 0;
    m.cpu.run(2);
    const dv = new DataView(new ArrayBuffer(8));
    dv.setInt32(0, m.cpu.fpu.f[4]); dv.setInt32(4, m.cpu.fpu.f[5]);
    expect(dv.getFloat64(0)).to.equal((1 + 2 ** -23) * (1 - 2 ** -24));
    expect(m.cpu.fpu.fsr & 0x1f).to.equal(0); // exact
    expect(m.cpu.fpu.fcc).to.equal(2); // f4 > 1.0
  });

  it('FBfcc with annul: FBA,a skips its slot, untaken FBx,a annuls, taken conditional runs it', () => {
    const inc = alui(OP3.add, G3, G3, 1);
    const m = setup([
      ((2 << 30) | (0x35 << 19) | (0 << 14) | (0x51 << 5) | 0) >>> 0, NOP, // fcmps f0, f0 -> equal
      ((1 << 29) | (9 << 25) | (6 << 22) | 3) >>> 0, inc, NOP, // fbe,a taken: slot runs
      ((1 << 29) | (1 << 25) | (6 << 22) | 3) >>> 0, inc, // fbne,a not taken: annulled
      ((1 << 29) | (8 << 25) | (6 << 22) | 3) >>> 0, inc, NOP, // fba,a: annulled
      sethi(G2, 0x1000),
    ]);
    m.cpu.fpu.f[0] = 0x40000000;
    m.run(8);
    expect(m.cpu.reg(G3)).to.equal(1);
    expect(m.cpu.reg(G2)).to.equal(0x1000);
  });
});
