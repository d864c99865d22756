import { expect } from 'chai';
import plugin from '../../../plugins/i8254/index.js';
import type { I8254Options } from '../../../plugins/i8254/i8254.js';
import { timeOfTick } from '../../../src/api/index.js';
import { validateAgainst } from '../../../src/util/json-schema.js';
import { createTestContext } from 'chimera-sim/testing';

const HZ = 1193182;
const C0 = 0, C2 = 2, CTL = 3, P61 = 0x21;
/** Time of input clock edge k. */
const at = (k: number) => timeOfTick(k, HZ);

function setup(options: I8254Options = {}) {
  const env = createTestContext<I8254Options>(options, { id: 'pit' });
  const dev = plugin.create(env.ctx);
  dev.reset();
  const rd = (o: number) => dev.ioRead!(o, 1, 0);
  const wr = (o: number, v: number) => dev.ioWrite!(o, 1, v, 0);
  /** Move to just after clock edge k. */
  const toTick = (k: number) => env.scheduler.advanceTo(at(k));
  /** Control word for channel `ch`: access LSB+MSB, `mode`, binary, then the 16-bit count. */
  const program = (ch: number, mode: number, count: number, bcd = 0) => {
    wr(CTL, (ch << 6) | 0x30 | (mode << 1) | bcd);
    wr(ch, count & 0xff);
    wr(ch, count >> 8);
  };
  const readWord = (ch: number) => rd(ch) | (rd(ch) << 8);
  const latch = (ch: number) => {
    wr(CTL, ch << 6);
    return readWord(ch);
  };
  const status = (ch: number) => {
    wr(CTL, 0xe0 | (2 << ch));
    return rd(ch);
  };
  return { env, dev, rd, wr, toTick, program, readWord, latch, status, irq: () => env.line('irq').level };
}

describe('plugins/i8254', () => {
  it('powers on as QEMU: every channel in mode 3, binary, RW 0; channel 2 gated off', () => {
    const { status, rd } = setup();
    for (const ch of [0, 1, 2]) expect(status(ch) & 0x3f, `channel ${ch}`).to.equal(0x06);
    expect(rd(P61) & 0x01).to.equal(0);
  });

  it('bootState seabios leaves channel 0 in mode 2 with a word access and count 65536', () => {
    const { status, latch, toTick } = setup({ bootState: 'seabios' });
    expect(status(0) & 0x3f).to.equal(0x34);
    toTick(1 + 100);
    expect(latch(0)).to.equal(0x10000 - 100);
  });

  it('validates its options', () => {
    expect(validateAgainst(plugin.optionsSchema!, { frequency: 1.5 }, 'o').join()).to.match(/o\.frequency: must be integer/);
    expect(validateAgainst(plugin.optionsSchema!, { bootState: 'bios' }, 'o').join()).to.match(/o\.bootState: must be one of/);
  });

  it('mode 0: OUT low at once, high N+1 edges after the write (the load edge, then N counts)', () => {
    const { env, program, toTick, irq, latch } = setup();
    toTick(10);
    program(0, 0, 100); // written after edge 10: loaded at edge 11, terminal count at edge 111
    expect(irq()).to.equal(0);
    toTick(11 + 50);
    expect(latch(0)).to.equal(50);
    env.scheduler.advanceTo(at(111) - 1);
    expect(irq()).to.equal(0);
    env.scheduler.advanceTo(at(111));
    expect(irq()).to.equal(1);
    // The counter wraps past 0 and keeps counting; OUT stays high.
    toTick(111 + 5);
    expect(latch(0)).to.equal(0x10000 - 5);
    expect(irq()).to.equal(1);
  });

  it('mode 2: OUT low for one clock before each reload; one event per edge, none per tick', () => {
    const { env, program, irq } = setup();
    program(0, 2, 1000); // loaded at edge 1
    const h = env.history('irq');
    h.length = 0;
    env.scheduler.advanceTo(at(1 + 999) - 1);
    expect(irq()).to.equal(1);
    env.scheduler.advanceTo(at(1 + 999));
    expect(irq()).to.equal(0);
    env.scheduler.advanceTo(at(1 + 1000));
    expect(irq()).to.equal(1);
    env.scheduler.advanceTo(at(1 + 10 * 1000));
    expect(h).to.deep.equal(Array.from({ length: 20 }, (_, i) => (i % 2 ? 1 : 0)));
    expect(env.scheduler.pendingBefore(at(1 + 11 * 1000 - 2))).to.equal(false);
  });

  it('mode 3: square wave, high for ceil(N/2) and low for floor(N/2) edges', () => {
    const { env, program, irq } = setup();
    program(0, 3, 1001);
    env.scheduler.advanceTo(at(1 + 501) - 1);
    expect(irq()).to.equal(1);
    env.scheduler.advanceTo(at(1 + 501));
    expect(irq()).to.equal(0);
    env.scheduler.advanceTo(at(1 + 1001) - 1);
    expect(irq()).to.equal(0);
    env.scheduler.advanceTo(at(1 + 1001));
    expect(irq()).to.equal(1);
  });

  it('reads the count while counting: unlatched reads see it move between the bytes, a latch freezes it', () => {
    const { program, toTick, rd, wr, readWord } = setup();
    program(0, 0, 0x1234);
    toTick(1 + 0x34); // counter = 0x1200
    expect(rd(C0)).to.equal(0x00);
    toTick(1 + 0x134); // counter = 0x1100 when the high byte is read
    expect(rd(C0)).to.equal(0x11);
    wr(CTL, 0x00); // latch at 0x1100
    toTick(1 + 0x234);
    wr(CTL, 0x00); // a second latch before reading is ignored
    expect(readWord(C0)).to.equal(0x1100);
    expect(readWord(C0)).to.equal(0x1000); // live again
  });

  it('LSB-only and MSB-only access', () => {
    const { wr, rd, toTick, latch } = setup();
    wr(CTL, 0x10); // channel 0, LSB only, mode 0
    wr(C0, 0x80);
    toTick(1 + 0x10);
    expect(rd(C0)).to.equal(0x70);
    wr(CTL, 0x20); // MSB only
    const t = 1 + 0x10 + 1;
    wr(C0, 0x02); // count 0x200
    toTick(t + 0x100);
    expect(rd(C0)).to.equal(0x01);
    // A control word stops the count; it holds its value until a count is written.
    toTick(t + 0x140);
    wr(CTL, 0x30);
    toTick(t + 0x180);
    expect(latch(0)).to.equal(0x200 - 0x140);
  });

  it('read-back: status then count, each latched once', () => {
    const { wr, rd, program, toTick } = setup();
    program(0, 2, 300);
    toTick(1 + 100);
    wr(CTL, 0xc2); // count and status of channel 0
    toTick(1 + 150);
    const st = rd(C0);
    expect(st & 0x7f).to.equal(0x34); // RW word, mode 2, binary, count loaded
    expect(st >> 7).to.equal(1); // OUT high in mode 2 between reloads
    expect(rd(C0) | (rd(C0) << 8)).to.equal(200);
    wr(CTL, 0xe2); // status only
    wr(CTL, 0xd2); // count only
    expect(rd(C0)).to.equal(st);
    expect(rd(C0) | (rd(C0) << 8)).to.equal(150);
  });

  it('read-back status shows null count from the write until the load edge', () => {
    const { wr, status, toTick } = setup();
    toTick(5);
    wr(CTL, 0x34);
    expect(status(0) & 0x40).to.equal(0x40);
    wr(C0, 0x10);
    wr(C0, 0x00);
    expect(status(0) & 0x40).to.equal(0x40);
    toTick(6);
    expect(status(0) & 0x40).to.equal(0);
  });

  describe('reprogrammed mid-count', () => {
    it('mode 2: the new count takes over at the end of the current period', () => {
      const { env, program, wr, toTick, irq, latch } = setup();
      program(0, 2, 1000);
      toTick(1 + 300);
      wr(C0, 500 & 0xff);
      wr(C0, 500 >> 8);
      expect(latch(0)).to.equal(700); // still counting the old period
      env.scheduler.advanceTo(at(1 + 999));
      expect(irq()).to.equal(0);
      env.scheduler.advanceTo(at(1 + 1000));
      expect(irq()).to.equal(1);
      expect(latch(0)).to.equal(500);
      env.scheduler.advanceTo(at(1 + 1000 + 499));
      expect(irq()).to.equal(0); // the next period is 500 long
      env.scheduler.advanceTo(at(1 + 1500));
      expect(irq()).to.equal(1);
    });

    it('mode 3: the new count takes over at the end of the current half-cycle', () => {
      const { env, program, wr, toTick, irq } = setup();
      program(0, 3, 1000);
      toTick(1 + 100);
      wr(C0, 200 & 0xff);
      wr(C0, 200 >> 8);
      env.scheduler.advanceTo(at(1 + 500));
      expect(irq()).to.equal(0); // old half-cycle ended on time, low half of the new count
      env.scheduler.advanceTo(at(1 + 500 + 100) - 1);
      expect(irq()).to.equal(0);
      env.scheduler.advanceTo(at(1 + 600));
      expect(irq()).to.equal(1);
      env.scheduler.advanceTo(at(1 + 700));
      expect(irq()).to.equal(0);
    });

    it('mode 0: a new count restarts at once, and the first byte alone stops the count with OUT low', () => {
      const { env, program, wr, toTick, irq, latch } = setup();
      program(0, 0, 100);
      toTick(1 + 100);
      expect(irq()).to.equal(1);
      wr(C0, 50); // first byte: counting stops, OUT low
      expect(irq()).to.equal(0);
      const frozen = latch(0);
      toTick(1 + 200);
      expect(latch(0)).to.equal(frozen);
      wr(C0, 0); // second byte: count 50 loads on the next edge
      env.scheduler.advanceTo(at(1 + 200 + 1 + 50) - 1);
      expect(irq()).to.equal(0);
      env.scheduler.advanceTo(at(1 + 200 + 1 + 50));
      expect(irq()).to.equal(1);
    });

    it('a control word stops the channel: OUT to its initial level until a count arrives', () => {
      const { env, program, wr, toTick, irq } = setup();
      program(0, 2, 100);
      toTick(50);
      wr(CTL, 0x30); // mode 0, no count yet
      expect(irq()).to.equal(0);
      env.scheduler.advance(at(1000));
      expect(irq()).to.equal(0);
      expect(env.scheduler.pendingBefore(Number.MAX_SAFE_INTEGER)).to.equal(false);
    });
  });

  it('BCD counting: counts are decimal digits, count 0 is 10000', () => {
    const { program, toTick, latch, wr, env, irq } = setup();
    program(0, 0, 0x1234, 1);
    toTick(1 + 234);
    expect(latch(0)).to.equal(0x1000);
    toTick(1 + 1234);
    expect(irq()).to.equal(1);
    toTick(1 + 1235);
    expect(latch(0)).to.equal(0x9999); // wraps in decimal
    wr(CTL, 0x35); // mode 2, BCD
    const start = 1 + 1235;
    wr(C0, 0);
    wr(C0, 0);
    env.scheduler.advanceTo(at(start + 1 + 9999));
    expect(irq()).to.equal(0);
    env.scheduler.advanceTo(at(start + 1 + 10000));
    expect(irq()).to.equal(1);
  });

  describe('channel 2 and port 0x61', () => {
    it('gate from bit 0, OUT at bit 5, speaker data at bit 1, refresh toggling at bit 4', () => {
      const { rd, wr, program, toTick } = setup();
      wr(P61, 0x00);
      program(2, 0, 1000);
      toTick(5000);
      expect(rd(P61) & 0x20).to.equal(0); // gate low: mode 0 holds its count
      wr(P61, 0x03);
      const v = rd(P61);
      expect(v & 0x03).to.equal(0x03);
      toTick(5000 + 1 + 1000);
      expect(rd(P61) & 0x20).to.equal(0x20);
      const a = rd(P61) & 0x10;
      const b = rd(P61) & 0x10;
      expect(a ^ b).to.equal(0x10);
    });

    it('mode 0 suspends while the gate is low and resumes where it stopped', () => {
      const { rd, wr, program, toTick, latch } = setup();
      wr(P61, 0x01);
      program(2, 0, 1000);
      toTick(1 + 400);
      wr(P61, 0x00);
      expect(latch(2)).to.equal(600);
      toTick(3000);
      expect(latch(2)).to.equal(600);
      wr(P61, 0x01);
      toTick(3000 + 1 + 600 - 1);
      expect(rd(P61) & 0x20).to.equal(0);
      toTick(3000 + 1 + 600);
      expect(rd(P61) & 0x20).to.equal(0x20);
    });

    it('mode 2: gate low forces OUT high and stops; a rising gate restarts the period', () => {
      const { rd, wr, program, toTick, latch } = setup();
      wr(P61, 0x01);
      program(2, 2, 100);
      toTick(1 + 99);
      expect(rd(P61) & 0x20).to.equal(0);
      wr(P61, 0x00);
      expect(rd(P61) & 0x20).to.equal(0x20);
      toTick(500);
      wr(P61, 0x01);
      toTick(500 + 1 + 10);
      expect(latch(2)).to.equal(90);
    });

    it('mode 1: a one-shot started and restarted by the gate', () => {
      const { rd, wr, program, toTick } = setup();
      program(2, 1, 100);
      toTick(50);
      expect(rd(P61) & 0x20).to.equal(0x20); // waiting for a trigger
      wr(P61, 0x01); // trigger: OUT low from the next edge for 100 edges
      toTick(51);
      expect(rd(P61) & 0x20).to.equal(0);
      toTick(51 + 60);
      wr(P61, 0x00);
      wr(P61, 0x01); // retrigger
      toTick(111 + 1 + 99);
      expect(rd(P61) & 0x20).to.equal(0);
      toTick(111 + 1 + 100);
      expect(rd(P61) & 0x20).to.equal(0x20);
    });

    it('modes 4 and 5: a one-clock low strobe at terminal count (5 waits for the gate)', () => {
      const { rd, wr, program, toTick } = setup();
      wr(P61, 0x01);
      program(2, 4, 10);
      toTick(1 + 9);
      expect(rd(P61) & 0x20).to.equal(0x20);
      toTick(1 + 10);
      expect(rd(P61) & 0x20).to.equal(0);
      toTick(1 + 11);
      expect(rd(P61) & 0x20).to.equal(0x20);
      program(2, 5, 10);
      toTick(100);
      expect(rd(P61) & 0x20).to.equal(0x20);
      wr(P61, 0x00);
      wr(P61, 0x01);
      toTick(100 + 1 + 10);
      expect(rd(P61) & 0x20).to.equal(0);
    });
  });

  it('a word-wide out to 0x40 is two byte cycles: counter 0, then counter 1', () => {
    const { dev, wr, latch, toTick } = setup();
    wr(CTL, 0x10); // channel 0: LSB only, mode 0
    wr(CTL, 0x50); // channel 1: LSB only, mode 0
    dev.ioWrite!(C0, 2, 0x0564, 0);
    toTick(1 + 2);
    expect([latch(0) & 0xff, latch(1) & 0xff]).to.deep.equal([0x62, 0x03]);
  });
});
