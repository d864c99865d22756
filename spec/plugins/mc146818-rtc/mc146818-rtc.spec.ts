import { expect } from 'chai';
import plugin from '../../../plugins/mc146818-rtc/index.js';
import type { RtcOptions } from '../../../plugins/mc146818-rtc/rtc.js';
import { validateAgainst } from '../../../src/util/json-schema.js';
import { createTestContext } from 'chimera-sim/testing';

const S = 1e12;
/** 2023-11-14 22:13:20 UTC, a Tuesday. */
const EPOCH = 1_700_000_000;
const UIP_HOLD = 244_140_625;

function setup(options: RtcOptions = { epoch: EPOCH }) {
  const env = createTestContext<RtcOptions>(options, { id: 'rtc' });
  const dev = plugin.create(env.ctx);
  dev.reset();
  const cmos = (i: number) => {
    dev.ioWrite!(0, 1, i, 0);
    return dev.ioRead!(1, 1, 0);
  };
  const set = (i: number, v: number) => {
    dev.ioWrite!(0, 1, i, 0);
    dev.ioWrite!(1, 1, v, 0);
  };
  const time = () => [0, 2, 4, 6, 7, 8, 9, 0x32].map(cmos);
  return { env, dev, cmos, set, time, irq: () => env.line('irq').level };
}

describe('plugins/mc146818-rtc', () => {
  it('holds the CMOS bytes QEMU 7.2 pc shows a guest for 128 MiB (probe after SeaBIOS)', () => {
    const { cmos } = setup({ epoch: 1_700_000_000, cpus: 1 });
    const row = (from: number) => Array.from({ length: 16 }, (_, i) => cmos(from + i));
    expect([cmos(0x0a), cmos(0x0b), cmos(0x0c), cmos(0x0d)]).to.deep.equal([0x26, 0x02, 0x00, 0x80]);
    expect(row(0x10)).to.deep.equal([0x50, 0, 0, 0, 0x07, 0x80, 0x02, 0xff, 0xff, 0, 0, 0, 0, 0, 0, 0]);
    expect(row(0x30)).to.deep.equal([0xff, 0xff, 0x20, 0, 0, 0x07, 0, 0x20, 0x30, 0, 0, 0, 0, 0x12, 0, 0]);
    expect(row(0x50)).to.deep.equal(new Array(16).fill(0));
  });

  it('sizes memory and CPUs from its options (above 4 GiB, CPU count at 0x5F)', () => {
    const { cmos } = setup({ memory: '5GiB', cpus: 4 });
    expect([cmos(0x34), cmos(0x35)]).to.deep.equal([0x00, 0xdf]); // (3.5 GiB - 16 MiB) / 64 KiB below 4 GiB
    expect([cmos(0x30), cmos(0x31)]).to.deep.equal([0xff, 0xff]); // extended memory caps at 0xFFFF KiB
    expect([cmos(0x5b), cmos(0x5c), cmos(0x5d)]).to.deep.equal([0x00, 0x60, 0x00]); // 1.5 GiB / 64 KiB = 0x6000
    expect(cmos(0x5f)).to.equal(3);
    const small = setup({ memory: 8 * 2 ** 20 });
    expect([small.cmos(0x17), small.cmos(0x18), small.cmos(0x34)]).to.deep.equal([0x00, 0x1c, 0x00]); // 7 MiB extended
  });

  it('validates its options', () => {
    const check = (o: unknown) => validateAgainst(plugin.optionsSchema!, o, 'devices[2].options').join();
    expect(check({ memory: '128 potatoes' })).to.match(/devices\[2\]\.options\.memory/);
    expect(check({ epoch: -1 })).to.match(/options\.epoch: must be >= 0/);
    expect(check({ memory: '128MiB', epoch: 0, cpus: 2 })).to.equal('');
    expect(() => plugin.create(createTestContext<RtcOptions>({ memory: 'lots' }).ctx)).to.throw(/options\.memory: "lots" is not a size/);
  });

  it('shows the epoch in BCD, 24-hour form, with the century and day of week', () => {
    const { time } = setup();
    expect(time()).to.deep.equal([0x20, 0x13, 0x22, 0x03, 0x14, 0x11, 0x23, 0x20]);
  });

  it('counts virtual seconds, rolling over minutes, days and the year', () => {
    const { env, time } = setup({ epoch: Date.UTC(2099, 11, 31, 23, 59, 58) / 1000 });
    env.scheduler.advance(S - 1);
    expect(time()[0]).to.equal(0x58);
    env.scheduler.advance(1);
    expect(time()[0]).to.equal(0x59);
    env.scheduler.advance(S);
    expect(time()).to.deep.equal([0x00, 0x00, 0x00, 0x06, 0x01, 0x01, 0x00, 0x21]); // Friday 2100-01-01
  });

  it('binary and 12-hour formats', () => {
    const { set, cmos } = setup();
    set(0x0b, 0x04); // binary, 12-hour
    expect([cmos(0), cmos(2), cmos(4), cmos(9)]).to.deep.equal([20, 13, 0x80 | 10, 23]);
    set(0x0b, 0x00); // BCD, 12-hour
    expect(cmos(4)).to.equal(0x80 | 0x10);
  });

  it('UIP is set for the last 244.14 us before each update, and the time changes after it', () => {
    const { env, cmos } = setup();
    env.scheduler.advanceTo(S - UIP_HOLD - 1);
    expect(cmos(0x0a) & 0x80).to.equal(0);
    env.scheduler.advanceTo(S - UIP_HOLD);
    expect(cmos(0x0a) & 0x80).to.equal(0x80);
    expect(cmos(0)).to.equal(0x20);
    env.scheduler.advanceTo(S);
    expect(cmos(0x0a) & 0x80).to.equal(0);
    expect(cmos(0)).to.equal(0x21);
  });

  it('a guest following the UIP protocol reads a consistent time', () => {
    const { env, cmos } = setup({ epoch: EPOCH + 39 }); // 22:13:59
    env.scheduler.advanceTo(S - UIP_HOLD - 1000);
    // Wait for UIP to fall, stepping 10 us per poll, then read everything in under 244 us.
    while (!(cmos(0x0a) & 0x80)) env.scheduler.advance(10_000_000);
    while (cmos(0x0a) & 0x80) env.scheduler.advance(10_000_000);
    const t = [0, 2, 4].map(cmos);
    expect(t).to.deep.equal([0x00, 0x14, 0x22]);
  });

  it('update-ended interrupt on irq; register C reads the flags once and lowers irq', () => {
    const { env, set, cmos, irq } = setup();
    set(0x0b, 0x12); // UIE
    env.scheduler.advanceTo(S - 1);
    expect(irq()).to.equal(0);
    env.scheduler.advanceTo(S);
    expect(irq()).to.equal(1);
    expect(cmos(0x0c)).to.equal(0xd0); // IRQF, UF, and PF, which runs at 1024 Hz without PIE
    expect(irq()).to.equal(0);
    expect(cmos(0x0c)).to.equal(0);
    env.scheduler.advanceTo(2 * S);
    expect(irq()).to.equal(1);
  });

  it('periodic interrupt at the programmed rate (1024 Hz: 976.5625 us), aligned to the divider', () => {
    const { env, set, cmos, irq } = setup();
    set(0x0b, 0x42); // PIE
    const period = 976_562_500;
    env.scheduler.advanceTo(period - 1);
    expect(irq()).to.equal(0);
    env.scheduler.advanceTo(period);
    expect(irq()).to.equal(1);
    expect(cmos(0x0c)).to.equal(0xc0);
    set(0x0a, 0x2f); // 2 Hz
    env.scheduler.advanceTo(S / 2 - 1);
    expect(irq()).to.equal(0);
    env.scheduler.advanceTo(S / 2);
    expect(irq()).to.equal(1);
  });

  it('flags are set without their interrupt enables, and with no events scheduled', () => {
    const { env, cmos, irq } = setup();
    expect(env.scheduler.pendingBefore(Number.MAX_SAFE_INTEGER)).to.equal(false);
    env.scheduler.advanceTo(3 * S);
    expect(irq()).to.equal(0);
    expect(cmos(0x0c)).to.equal(0x50); // PF (1024 Hz) and UF, no IRQF
    expect(cmos(0x0c)).to.equal(0);
  });

  it('enabling an interrupt whose flag is already set raises irq at once', () => {
    const { env, set, irq } = setup();
    env.scheduler.advanceTo(S);
    set(0x0b, 0x12);
    expect(irq()).to.equal(1);
  });

  it('alarm interrupt at the matching time; 0xC0-0xFF alarm bytes match anything', () => {
    const { env, set, cmos, irq } = setup();
    set(0x05, 0x22);
    set(0x03, 0x13);
    set(0x01, 0x25); // 22:13:25, five seconds on
    set(0x0b, 0x22); // AIE
    env.scheduler.advanceTo(5 * S - 1);
    expect(irq()).to.equal(0);
    env.scheduler.advanceTo(5 * S);
    expect(irq()).to.equal(1);
    expect(cmos(0x0c) & 0xa0).to.equal(0xa0);
    set(0x05, 0xc0);
    set(0x03, 0xc0); // every hour, every minute, at second 25
    env.scheduler.advanceTo(65 * S - 1);
    expect(irq()).to.equal(0);
    env.scheduler.advanceTo(65 * S);
    expect(irq()).to.equal(1);
  });

  it('SET stops the clock for setting; clearing it resumes on the divider phase', () => {
    const { env, set, time } = setup();
    env.scheduler.advanceTo(S / 4);
    set(0x0b, 0x82);
    set(0x04, 0x08);
    set(0x02, 0x30);
    set(0x00, 0x00);
    env.scheduler.advanceTo(10 * S + S / 2);
    expect(time().slice(0, 3)).to.deep.equal([0x00, 0x30, 0x08]);
    set(0x0b, 0x02);
    env.scheduler.advanceTo(11 * S - 1);
    expect(time()[0]).to.equal(0x00);
    env.scheduler.advanceTo(11 * S);
    expect(time()[0]).to.equal(0x01);
  });

  it('SET clears UIE, as the data sheet says', () => {
    const { set, cmos } = setup();
    set(0x0b, 0x92);
    expect(cmos(0x0b)).to.equal(0x82);
  });

  it('divider reset holds the clock; the first update comes half a second after release', () => {
    const { env, set, cmos } = setup();
    set(0x0a, 0x66);
    env.scheduler.advanceTo(5 * S + 123);
    expect(cmos(0)).to.equal(0x20);
    set(0x0a, 0x26);
    env.scheduler.advance(S / 2 - 1);
    expect(cmos(0)).to.equal(0x20);
    env.scheduler.advance(1);
    expect(cmos(0)).to.equal(0x21);
  });

  it('a time register written while running changes only that field', () => {
    const { env, set, time } = setup();
    env.scheduler.advanceTo(3 * S);
    set(0x02, 0x45);
    expect(time().slice(0, 3)).to.deep.equal([0x23, 0x45, 0x22]);
    env.scheduler.advanceTo(4 * S);
    expect(time()[0]).to.equal(0x24);
  });

  it('port 0x70: index and the NMI mask bit (output nmimask); it reads 0xFF; 0x37 writes go to 0x32', () => {
    const { env, dev, set, cmos } = setup();
    dev.ioWrite!(0, 1, 0x80 | 0x0d, 0);
    expect(env.line('nmimask').level).to.equal(1);
    expect(dev.ioRead!(1, 1, 0)).to.equal(0x80);
    dev.ioWrite!(0, 1, 0x0d, 0);
    expect(env.line('nmimask').level).to.equal(0);
    expect(dev.ioRead!(0, 1, 0)).to.equal(0xff);
    set(0x37, 0x19);
    expect(cmos(0x32)).to.equal(0x19);
    expect(cmos(0x09)).to.equal(0x23);
  });

  it('registers C and D ignore writes; scratch CMOS bytes keep theirs', () => {
    const { set, cmos } = setup();
    set(0x0d, 0x00);
    set(0x0c, 0xff);
    set(0x40, 0x5a);
    expect([cmos(0x0d), cmos(0x0c), cmos(0x40)]).to.deep.equal([0x80, 0x00, 0x5a]);
  });
});
