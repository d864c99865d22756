import { expect } from 'chai';
import plugin from '../../../plugins/pl061/index.js';
import { createTestContext } from 'chimera-sim/testing';

const DIR = 0x400, IS = 0x404, IBE = 0x408, IEV = 0x40c, IE = 0x410, RIS = 0x414, MIS = 0x418, IC = 0x41c;

function setup() {
  const env = createTestContext({});
  const dev = plugin.create(env.ctx);
  dev.reset();
  const rd = (o: number) => dev.read!(o, 4, 0) >>> 0;
  const wr = (o: number, v: number) => dev.write!(o, 4, v, 0);
  const pin = (n: number, level: number) => dev.input!(`in${n}`)!(level);
  return { env, dev, rd, wr, pin };
}

describe('plugins/pl061', () => {
  it('reports the PL061 and PrimeCell IDs and resets to inputs with nothing pending', () => {
    const { rd } = setup();
    expect([0xfe0, 0xfe4, 0xfe8, 0xfec, 0xff0, 0xff4, 0xff8, 0xffc].map(rd)).to.deep.equal([0x61, 0x10, 0x04, 0x00, 0x0d, 0xf0, 0x05, 0xb1]);
    expect([DIR, IS, IE, RIS, MIS].map(rd)).to.deep.equal([0, 0, 0, 0, 0]);
    expect(rd(0x3fc)).to.equal(0);
  });

  it('masks GPIODATA accesses by address bits [9:2], for reads and writes', () => {
    const { env, rd, wr, pin } = setup();
    wr(DIR, 0x0f);
    wr(0x3fc, 0xff); // all pins: only outputs 0-3 take it
    expect(rd(0x3fc)).to.equal(0x0f);
    wr(0x3fc, 0x00);
    wr(0x04 << 2, 0xff); // address selects pin 2 only
    expect(rd(0x3fc)).to.equal(0x04);
    pin(6, 1);
    expect(rd(0x3fc)).to.equal(0x44);
    expect(rd(0x40 << 2)).to.equal(0x40);
    expect(rd(0x01 << 2)).to.equal(0);
    expect(env.line('out2').level).to.equal(1);
    expect(env.line('out1').level).to.equal(0);
  });

  it('latches rising edges until cleared; IE masks the line', () => {
    const { env, rd, wr, pin } = setup();
    wr(IEV, 0x08); // pin 3: rising edge
    wr(IE, 0x08);
    pin(3, 1);
    expect(rd(RIS)).to.equal(0x08);
    expect(env.line('irq').level).to.equal(1);
    pin(3, 0); // falling: not an event, the latch stays
    expect(rd(MIS)).to.equal(0x08);
    wr(IC, 0x08);
    expect(rd(RIS)).to.equal(0);
    expect(env.line('irq').level).to.equal(0);
    wr(IE, 0);
    pin(3, 1);
    expect(rd(RIS)).to.equal(0x08);
    expect(env.line('irq').level).to.equal(0);
  });

  it('both-edge and level-sensitive pins (what Linux gpio-keys asks for)', () => {
    const { env, rd, wr, pin } = setup();
    wr(IBE, 0x01);
    wr(IE, 0x03);
    pin(0, 1);
    pin(0, 0);
    expect(rd(RIS) & 1).to.equal(1);
    wr(IC, 1);
    wr(IS, 0x02); // pin 1: level, high (IEV=1)
    wr(IEV, 0x02);
    expect(rd(RIS) & 2).to.equal(0);
    pin(1, 1);
    expect(rd(RIS) & 2).to.equal(2);
    wr(IC, 2); // a level interrupt cannot be cleared while the level holds
    expect(rd(RIS) & 2).to.equal(2);
    pin(1, 0);
    expect(rd(RIS) & 2).to.equal(0);
    expect(env.line('irq').level).to.equal(0);
  });

  it('describes itself as a GPIO controller, and names its inputs as <pin flags>', () => {
    const spec = plugin.deviceTree!.specifier!;
    const ctx = {} as never;
    expect(spec(ctx, 'in3', 'gpios', {})).to.deep.equal([3, 0]);
    expect(spec(ctx, 'in7', 'gpios', { activeLow: true })).to.deep.equal([7, 1]);
    expect(spec(ctx, 'in8', 'gpios', {})).to.equal(undefined);
    expect(spec(ctx, 'in3', 'interrupts', {})).to.equal(undefined);
  });
});
