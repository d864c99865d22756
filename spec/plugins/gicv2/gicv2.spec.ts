import { expect } from 'chai';
import plugin from '../../../plugins/gicv2/index.js';
import type { Gicv2Options } from '../../../plugins/gicv2/gicv2.js';
import { createTestContext } from 'chimera-sim/testing';

const GICC = 0x10000;

function setup(cpus = 1, options: Gicv2Options = {}) {
  const env = createTestContext(options, { cpus });
  const dev = plugin.create(env.ctx);
  dev.reset();
  const rd = (o: number, cpu = 0) => dev.read!(o, 4, cpu) >>> 0;
  const wr = (o: number, v: number, cpu = 0) => dev.write!(o, 4, v, cpu);
  const input = (name: string) => dev.input!(name)!;
  /** Distributor and CPU interfaces on, everything unmasked. */
  const enableAll = () => {
    wr(0x000, 1);
    for (let c = 0; c < cpus; c++) {
      wr(GICC + 0x00, 1, c);
      wr(GICC + 0x04, 0xff, c);
    }
  };
  const enable = (intid: number, cpu = 0) => wr(0x100 + 4 * (intid >> 5), 1 << (intid & 31), cpu);
  return { env, dev, rd, wr, input, enableAll, enable };
}

describe('plugins/gicv2', () => {
  it('identifies as QEMU virt GICv2: TYPER for 288 IRQs, IIDRs and ID registers', () => {
    const { rd } = setup(1);
    expect(rd(0x004)).to.equal(8);
    expect(setup(4).rd(0x004)).to.equal(8 | (3 << 5));
    expect(rd(0x008)).to.equal(0x43b);
    expect(rd(GICC + 0xfc)).to.equal(0x2043b);
    expect([0xfe0, 0xfe4, 0xfe8, 0xfec, 0xff0, 0xff4, 0xff8, 0xffc].map((o) => rd(o))).to.deep.equal([
      0x90, 0xb4, 0x2b, 0x00, 0x0d, 0xf0, 0x05, 0xb1,
    ]);
  });

  it('signals a level SPI, acknowledges it, and re-signals after EOI while the line stays high', () => {
    const { env, rd, wr, input, enableAll, enable } = setup();
    const uart = input('spi1');
    enableAll();
    enable(33);
    uart(1);
    expect(env.line('irq0').level).to.equal(1);
    expect(rd(GICC + 0x18)).to.equal(33); // HPPIR
    expect(rd(GICC + 0x0c)).to.equal(33); // IAR
    expect(env.line('irq0').level).to.equal(0); // active now
    expect(rd(0x300 + 4) & 2).to.equal(2); // ISACTIVER1 bit 1
    expect(rd(GICC + 0x0c)).to.equal(1023);
    wr(GICC + 0x10, 33); // EOIR
    expect(env.line('irq0').level).to.equal(1); // still high: pending again
    expect(rd(GICC + 0x0c)).to.equal(33);
    uart(0);
    wr(GICC + 0x10, 33);
    expect(env.line('irq0').level).to.equal(0);
    expect(rd(GICC + 0x0c)).to.equal(1023);
  });

  it('latches edge-triggered SPIs and clears the latch on acknowledge', () => {
    const { env, rd, wr, input, enableAll, enable } = setup();
    enableAll();
    wr(0xc00 + 4 * 2, 2 << 2); // ICFGR2: INTID 33 edge
    enable(33);
    const line = input('spi1');
    line(1);
    line(0);
    expect(rd(0x200 + 4) & 2).to.equal(2); // ISPENDR1
    expect(env.line('irq0').level).to.equal(1);
    expect(rd(GICC + 0x0c)).to.equal(33);
    wr(GICC + 0x10, 33);
    expect(env.line('irq0').level).to.equal(0);
    expect(rd(0xc08)).to.equal(2 << 2);
  });

  it('masks by priority: PMR, preemption by a higher priority only, RPR', () => {
    const { env, rd, wr, input, enableAll, enable } = setup();
    enableAll();
    enable(40);
    enable(41);
    wr(0x400 + 40, 0x80); // IPRIORITYR byte
    wr(0x400 + 41, 0x40);
    wr(GICC + 0x04, 0x80); // PMR: 0x80 is masked
    input('spi8')(1);
    expect(env.line('irq0').level).to.equal(0);
    wr(GICC + 0x04, 0xf0);
    expect(rd(GICC + 0x0c)).to.equal(40);
    expect(rd(GICC + 0x14)).to.equal(0x80);
    input('spi9')(1); // higher priority preempts
    expect(env.line('irq0').level).to.equal(1);
    expect(rd(GICC + 0x0c)).to.equal(41);
    expect(rd(GICC + 0x14)).to.equal(0x40);
    input('spi9')(0);
    wr(GICC + 0x10, 41);
    expect(rd(GICC + 0x14)).to.equal(0x80); // back to the interrupted handler
    wr(GICC + 0x10, 40);
    expect(rd(GICC + 0x14)).to.equal(0xff); // idle
  });

  it('banks PPIs per CPU: ppi1_30 reaches CPU 1 only', () => {
    const { env, rd, input, enableAll, enable } = setup(2);
    enableAll();
    enable(30, 0);
    enable(30, 1);
    input('ppi1_30')(1);
    expect(env.line('irq0').level).to.equal(0);
    expect(env.line('irq1').level).to.equal(1);
    expect(rd(GICC + 0x0c, 0)).to.equal(1023);
    expect(rd(GICC + 0x0c, 1)).to.equal(30);
    expect(rd(0x200, 1) & (1 << 30)).to.equal(1 << 30); // still pending: line high (level)
    expect(rd(0x300, 1) & (1 << 30)).to.equal(1 << 30); // and active
    expect(rd(0x300, 0) & (1 << 30)).to.equal(0);
  });

  it('sends SGIs through GICD_SGIR with the source CPU in IAR bits 12:10', () => {
    const { env, rd, wr, enableAll } = setup(4);
    enableAll();
    wr(0xf00, (0 << 24) | (0b0110 << 16) | 5, 3); // from CPU 3 to CPUs 1 and 2
    expect(env.line('irq0').level).to.equal(0);
    expect(env.line('irq1').level).to.equal(1);
    expect(rd(GICC + 0x0c, 2)).to.equal(5 | (3 << 10));
    wr(0xf00, (1 << 24) | 7, 0); // to everyone but CPU 0
    expect(env.line('irq3').level).to.equal(1);
    expect(rd(0xf24, 3)).to.equal(1 << 24); // GICD_SPENDSGIR1 on CPU 3: SGI 7 pending from CPU 0
    expect(rd(GICC + 0x0c, 3)).to.equal(7);
    wr(0xf00, (2 << 24) | 1, 2); // to self
    wr(GICC + 0x10, 5, 2);
    expect(rd(GICC + 0x0c, 2)).to.equal(1 | (2 << 10));
  });

  it('keeps SGIs enabled and edge-triggered', () => {
    const { rd, wr } = setup();
    expect(rd(0x100) & 0xffff).to.equal(0xffff);
    wr(0x180, 0xffffffff);
    expect(rd(0x100) & 0xffff).to.equal(0xffff);
    expect(rd(0xc00)).to.equal(0xaaaaaaaa);
  });

  it('routes SPIs by ITARGETSR on multiprocessor GICs (RAZ/WI with one CPU)', () => {
    const one = setup(1);
    one.wr(0x820, 0xffffffff);
    expect(one.rd(0x820)).to.equal(0);
    const { env, rd, wr, input, enableAll, enable } = setup(2);
    enableAll();
    enable(32);
    input('spi0')(1);
    expect(env.line('irq0').level + env.line('irq1').level).to.equal(0); // no target yet
    wr(0x820, 2); // INTID 32 -> CPU 1
    expect(rd(0x820)).to.equal(2);
    expect(env.line('irq1').level).to.equal(1);
    expect(rd(0x800, 1)).to.equal(0x02020202); // SGI targets read as the reading CPU
  });

  it('uses FIQ for Group 0 with FIQEn, and hides Group 1 behind 1022 unless AckCtl', () => {
    const { env, rd, wr, input, enable } = setup();
    wr(0x000, 3);
    wr(GICC + 0x04, 0xff);
    wr(GICC + 0x00, 1 | 2 | 8); // both groups, FIQEn
    enable(33);
    input('spi1')(1);
    expect(env.line('fiq0').level).to.equal(1);
    expect(env.line('irq0').level).to.equal(0);
    wr(0x084, 2); // IGROUPR1: INTID 33 in Group 1
    expect(env.line('fiq0').level).to.equal(0);
    expect(env.line('irq0').level).to.equal(1);
    expect(rd(GICC + 0x0c)).to.equal(1022);
    wr(GICC + 0x00, 1 | 2 | 4 | 8); // AckCtl
    expect(rd(GICC + 0x0c)).to.equal(33);
    expect(rd(GICC + 0xe0)).to.not.equal(0); // Group 1 activation recorded in NSAPR0
  });

  it('splits priority drop and deactivation with EOImode', () => {
    const { env, rd, wr, input, enableAll, enable } = setup();
    enableAll();
    wr(GICC + 0x00, 1 | (1 << 9));
    enable(33);
    input('spi1')(1);
    expect(rd(GICC + 0x0c)).to.equal(33);
    wr(GICC + 0x10, 33);
    expect(rd(GICC + 0x14)).to.equal(0xff); // priority dropped
    expect(env.line('irq0').level).to.equal(0); // still active
    wr(GICC + 0x1000, 33); // GICC_DIR
    expect(env.line('irq0').level).to.equal(1);
  });

  it('honours cpuInterfaceOffset and spis options, and rejects unknown inputs', () => {
    const { dev, rd } = setup(1, { cpuInterfaceOffset: 0x1000, spis: 64 });
    expect(rd(0x004)).to.equal(2);
    expect(rd(0x1000 + 0xfc)).to.equal(0x2043b);
    expect(dev.input!('spi63')).to.be.a('function');
    expect(dev.input!('spi64')).to.equal(undefined);
    expect(dev.input!('ppi1_30')).to.equal(undefined);
    expect(dev.input!('ppi0_15')).to.equal(undefined);
  });
});
