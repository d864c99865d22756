import { expect } from 'chai';
import plugin from '../../../plugins/gptimer/index.js';
import { createTestContext } from 'chimera-sim/testing';

const US = 1_000_000; // ps

/** A unit as the leon3 board has it: 40 MHz, 2 timers, irq 6; prescaled to 1 MHz like QEMU's boot stub. */
function setup(options = { frequency: 40_000_000, timers: 2, irq: 6 }) {
  const env = createTestContext(options);
  const dev = plugin.create(env.ctx);
  dev.reset();
  const rd = (o: number) => dev.read!(o, 4, 0) >>> 0;
  const wr = (o: number, v: number) => dev.write!(o, 4, v, 0);
  wr(0x04, 39); // 1 MHz tick
  return { env, dev, rd, wr };
}

describe('plugins/gptimer', () => {
  it('reports ntimers | irq << 3 | SI | DF in CONFIG', () => {
    const { rd } = setup();
    expect(rd(0x08)).to.equal(2 | (6 << 3) | (1 << 8) | (1 << 9));
  });

  it('counts down from the loaded value in virtual time, with no event per tick', () => {
    const { env, rd, wr } = setup();
    wr(0x14, 1000); // reload
    wr(0x18, 0x1 | 0x4); // EN | LD
    expect(rd(0x10)).to.equal(1000);
    env.scheduler.advance(250 * US);
    expect(rd(0x10)).to.equal(750);
    expect(env.scheduler.pendingBefore(Number.MAX_SAFE_INTEGER)).to.equal(false); // no IE: nothing scheduled
  });

  it('underflows after reload + 1 ticks: IP set and one irq pulse per period with RS', () => {
    const { env, rd, wr } = setup();
    wr(0x14, 99);
    wr(0x18, 0x1 | 0x2 | 0x4 | 0x8); // EN | RS | LD | IE
    env.scheduler.advance(100 * US - 1);
    expect(env.history('irq0')).to.deep.equal([]);
    env.scheduler.advance(1);
    expect(env.history('irq0')).to.deep.equal([1, 0]);
    expect(rd(0x18) & 0x10).to.equal(0x10); // IP
    expect(rd(0x10)).to.equal(99); // reloaded
    env.scheduler.advance(300 * US);
    expect(env.history('irq0')).to.have.length(8); // three more pulses
    expect(env.history('irq1')).to.deep.equal([]);
  });

  it('clears IP by writing 1 to it and keeps it when writing 0', () => {
    const { env, rd, wr } = setup();
    wr(0x14, 9);
    wr(0x18, 0x1 | 0x2 | 0x4 | 0x8);
    env.scheduler.advance(10 * US);
    expect(rd(0x18) & 0x10).to.equal(0x10);
    wr(0x18, 0x1 | 0x2 | 0x8);
    expect(rd(0x18) & 0x10).to.equal(0x10);
    wr(0x18, 0x1 | 0x2 | 0x8 | 0x10);
    expect(rd(0x18) & 0x10).to.equal(0);
    expect(rd(0x18) & 0x4).to.equal(0); // LD reads 0
  });

  it('computes the counter across reloads without interrupts (RS, no IE)', () => {
    const { env, rd, wr } = setup();
    wr(0x14, 9);
    wr(0x18, 0x1 | 0x2 | 0x4);
    env.scheduler.advance(25 * US); // 10 ticks per period: 2 underflows, then 5 ticks
    expect(rd(0x10)).to.equal(4);
    expect(env.history('irq0')).to.deep.equal([]);
  });

  it('one-shot: stops at 0 and clears EN after the underflow', () => {
    const { env, rd, wr } = setup();
    wr(0x14, 4);
    wr(0x18, 0x1 | 0x4 | 0x8);
    env.scheduler.advance(5 * US);
    expect(env.history('irq0')).to.deep.equal([1, 0]);
    env.scheduler.advance(50 * US);
    expect(rd(0x10)).to.equal(0);
    expect(rd(0x18) & 0x1).to.equal(0);
    expect(env.history('irq0')).to.deep.equal([1, 0]);
  });

  it('freezes the counter when disabled and resumes when enabled again', () => {
    const { env, rd, wr } = setup();
    wr(0x14, 100);
    wr(0x18, 0x1 | 0x4);
    env.scheduler.advance(10 * US);
    wr(0x18, 0);
    env.scheduler.advance(1000 * US);
    expect(rd(0x10)).to.equal(90);
    wr(0x18, 0x1);
    env.scheduler.advance(5 * US);
    expect(rd(0x10)).to.equal(85);
  });

  it('runs the leon3 boot setup: scaler reload 39, reload 0xFFFFFFFE, EN|RS', () => {
    const { env, rd, wr } = setup();
    wr(0x14, 0xfffffffe);
    wr(0x18, 3);
    // CTRL without LD does not load: the counter starts from its reset value 0 and wraps to the reload
    env.scheduler.advance(1 * US);
    expect(rd(0x10)).to.equal(0xfffffffe);
    env.scheduler.advance(1000 * US);
    expect(rd(0x10)).to.equal(0xfffffffe - 1000);
  });

  it('keeps the count when the prescaler changes and counts at the new rate', () => {
    const { env, rd, wr } = setup();
    wr(0x14, 1000);
    wr(0x18, 0x1 | 0x4);
    env.scheduler.advance(100 * US);
    expect(rd(0x10)).to.equal(900);
    wr(0x04, 3); // 10 MHz
    env.scheduler.advance(10 * US);
    expect(rd(0x10)).to.equal(800);
  });

  it('writing COUNTER while running restarts the countdown from the new value', () => {
    const { env, rd, wr } = setup();
    wr(0x14, 1000);
    wr(0x18, 0x1 | 0x2 | 0x4 | 0x8);
    env.scheduler.advance(10 * US);
    wr(0x10, 4);
    env.scheduler.advance(5 * US);
    expect(env.history('irq0')).to.deep.equal([1, 0]);
    expect(rd(0x10)).to.equal(1000);
  });

  it('timer 1 lives at 0x20 and raises irq1', () => {
    const { env, wr } = setup();
    wr(0x24, 0);
    wr(0x28, 0x1 | 0x4 | 0x8);
    env.scheduler.advance(1 * US);
    expect(env.history('irq1')).to.deep.equal([1, 0]);
    expect(env.history('irq0')).to.deep.equal([]);
  });
});
