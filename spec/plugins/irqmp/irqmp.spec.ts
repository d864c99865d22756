import { expect } from 'chai';
import plugin from '../../../plugins/irqmp/index.js';
import { createTestContext } from 'chimera-sim/testing';

function setup(ncpu = 1) {
  const env = createTestContext({}, { cpus: ncpu });
  const dev = plugin.create(env.ctx);
  dev.reset();
  const rd = (o: number) => dev.read!(o, 4, 0);
  const wr = (o: number, v: number) => dev.write!(o, 4, v, 0);
  const input = (name: string) => dev.input!(name)!;
  return { env, dev, rd, wr, input };
}

describe('plugins/irqmp', () => {
  it('latches an input on its rising edge only', () => {
    const { rd, input } = setup();
    const in3 = input('in3');
    in3(1);
    expect(rd(0x04)).to.equal(1 << 3);
    in3(1); // still high: no new edge
    in3(0);
    expect(rd(0x04)).to.equal(1 << 3); // stays pending after the line drops
  });

  it('drives irl with the highest unmasked pending level', () => {
    const { env, wr, input } = setup();
    input('in3')(1);
    input('in6')(1);
    expect(env.line('irl0').level).to.equal(0); // masked
    wr(0x40, 1 << 3);
    expect(env.line('irl0').level).to.equal(3);
    wr(0x40, (1 << 3) | (1 << 6));
    expect(env.line('irl0').level).to.equal(6);
    expect(env.line('irl0').width).to.equal(4);
  });

  it('lets LEVEL=1 interrupts win over higher-numbered level-0 ones', () => {
    const { env, wr, input } = setup();
    wr(0x40, 0xfffe);
    input('in3')(1);
    input('in9')(1);
    expect(env.line('irl0').level).to.equal(9);
    wr(0x00, 1 << 3);
    expect(env.line('irl0').level).to.equal(3);
  });

  it('clears pending and force on acknowledge (intack) and on CLEAR', () => {
    const { env, rd, wr, input } = setup();
    wr(0x40, 0xfffe);
    input('in5')(1);
    input('in7')(1);
    wr(0x08, 1 << 5); // FORCE0 too
    const ack = input('intack0');
    ack(7);
    ack(0); // the CPU drops the ack again: ignored
    expect(rd(0x04)).to.equal(1 << 5);
    expect(env.line('irl0').level).to.equal(5);
    ack(5);
    expect(rd(0x04)).to.equal(0);
    expect(rd(0x08)).to.equal(0);
    expect(env.line('irl0').level).to.equal(0);
    input('in5')(0);
    input('in5')(1);
    wr(0x0c, 1 << 5);
    expect(rd(0x04)).to.equal(0);
  });

  it('FORCE[n] sets bits 15:1 and clears with bits 31:17', () => {
    const { rd, wr } = setup(2);
    wr(0x84, (1 << 4) | (1 << 2));
    expect(rd(0x84)).to.equal(0x14);
    wr(0x84, 1 << (16 + 4));
    expect(rd(0x84)).to.equal(0x4);
  });

  it('routes per CPU with MASK[n], and BROADCAST forces every CPU', () => {
    const { env, wr, input } = setup(2);
    wr(0x40, 1 << 4);
    wr(0x44, 1 << 4);
    input('in4')(1);
    expect(env.line('irl0').level).to.equal(4);
    expect(env.line('irl1').level).to.equal(4);
    input('intack1')(4); // shared pending: gone for both
    expect(env.line('irl0').level).to.equal(0);
    wr(0x14, 1 << 4);
    input('in4')(0);
    input('in4')(1);
    expect(env.line('irl0').level).to.equal(4);
    input('intack1')(4); // broadcast: each CPU acknowledges its own copy
    expect(env.line('irl0').level).to.equal(4);
    expect(env.line('irl1').level).to.equal(0);
  });

  it('MPSTAT: NCPU-1 in 31:28, powered-down CPUs, write starts CPUs', () => {
    const { env, rd, wr } = setup(4);
    expect(rd(0x10) >>> 0).to.equal(((3 << 28) | 0b1110) >>> 0);
    wr(0x10, 0b0100);
    expect(env.cpus[2].powerOns).to.have.length(1);
    expect(env.cpus[1].powerOns).to.have.length(0);
    expect(rd(0x10) >>> 0).to.equal(((3 << 28) | 0b1010) >>> 0);
    wr(0x10, 0b0100); // already running: no second power-on
    expect(env.cpus[2].powerOns).to.have.length(1);
  });

  it('has no in0 and no input beyond 15', () => {
    const { dev } = setup();
    expect(dev.input!('in0')).to.equal(undefined);
    expect(dev.input!('in16')).to.equal(undefined);
    expect(dev.input!('intack3')).to.equal(undefined);
  });
});
