import { expect } from 'chai';
import { createDeviceHarness } from 'chimera-sim/testing';
import tickTimer, { TICK_TIMER } from '../../../plugins/tick-timer/index.js';
import simControl from '../../../plugins/sim-control/index.js';

// The plugin guide's example, tested the way the guide tells plugin authors to: on the harness.
describe('plugins/tick-timer (the plugin-guide example)', () => {
  it('raises irq every LOAD ticks while enabled and counts expiries', () => {
    const h = createDeviceHarness(tickTimer, { options: { frequency: 1_000_000 } });
    h.write32(TICK_TIMER.LOAD, 10); // 10 us
    h.write32(TICK_TIMER.CTRL, 3);
    h.advance('25us');
    expect(h.read32(TICK_TIMER.COUNT)).to.equal(2);
    expect(h.read32(TICK_TIMER.STATUS)).to.equal(1);
    expect(h.output('irq').changes).to.deep.equal([{ time: 10_000_000, level: 1 }]);
    h.write32(TICK_TIMER.STATUS, 1);
    expect(h.output('irq').level).to.equal(0);
  });

  it('stays quiet with the interrupt disabled, and stops when CTRL.run is cleared', () => {
    const h = createDeviceHarness(tickTimer, { options: { frequency: 1_000_000 } });
    h.write32(TICK_TIMER.LOAD, 5);
    h.write32(TICK_TIMER.CTRL, 1);
    h.advance('12us');
    expect(h.output('irq').level).to.equal(0);
    expect(h.read32(TICK_TIMER.COUNT)).to.equal(2);
    h.write32(TICK_TIMER.CTRL, 0);
    h.advance('1ms');
    expect(h.read32(TICK_TIMER.COUNT)).to.equal(2);
    expect(h.env.scheduler.nextEventTime()).to.equal(Infinity);
  });

  it('is checked as the runtime checks it: options against its schema, the window, the API version', () => {
    expect(() => createDeviceHarness(tickTimer, { options: { frequency: 0 } })).to.throw(/options\.frequency: must be > 0/);
    expect(() => createDeviceHarness(tickTimer, { options: { period: 3 } as never })).to.throw(/unknown field "period"/);
    expect(() => createDeviceHarness({ ...tickTimer, apiVersion: 99 })).to.throw(/written for plugin API 99; this Chimera provides API 1/);
    const h = createDeviceHarness(tickTimer, {});
    expect(() => h.read32(0x10)).to.throw(/outside the device window \(0x10 bytes\)/);
  });
});

describe('the device harness', () => {
  it('splits an access wider than maxAccessSize as the bus does, in the CPU byte order', () => {
    const seen: string[] = [];
    const byteWide = {
      ...simControl,
      name: 'byte-wide',
      maxAccessSize: 1 as const,
      create: () => ({ read: (o: number) => 0x10 + o, write: (o: number, s: number, v: number) => void seen.push(`${o}:${s}:${v.toString(16)}`), reset() {} }),
    };
    const little = createDeviceHarness(byteWide, {});
    expect(little.read32(0)).to.equal(0x13121110);
    little.write16(2, 0xbbaa);
    const big = createDeviceHarness(byteWide, { byteOrder: 'big' });
    expect(big.read32(0)).to.equal(0x10111213);
    big.write16(2, 0xbbaa);
    expect(seen).to.deep.equal(['2:1:aa', '3:1:bb', '2:1:bb', '3:1:aa']);
    expect(big.read64(0)).to.equal(0x1011121314151617n);
  });

  it('drives inputs as a board wires them and refuses an input the device lacks', () => {
    const levels: number[] = [];
    const h = createDeviceHarness({ ...simControl, create: () => ({ input: (n: string) => (n === 'in0' ? (l: number) => void levels.push(l) : undefined), reset() {} }) }, {});
    h.input('in0').raise();
    h.input('in0').lower();
    expect(levels).to.deep.equal([0, 1, 0]); // connecting reports the line's level, as the runtime's wiring does
    expect(() => h.input('in9')).to.throw(/has no input "in9"/);
  });

  it('passes the initiator for banked registers, reads files options name, captures trace events and exits', () => {
    const h = createDeviceHarness(
      {
        ...simControl,
        create: (ctx) => ({
          read: (_o: number, _s: number, initiator: number) => ctx.readFile('rom.bin')[initiator],
          write: (_o: number, _s: number, v: number) => {
            ctx.trace.emit({ name: 'poke', phase: 'instant', args: { v } });
            ctx.machine.exit(v, ctx.id);
          },
          reset() {},
        }),
      },
      { cpus: 2, files: { 'rom.bin': Uint8Array.of(7, 9) } },
    );
    expect([h.read8(0, 0), h.read8(0, 1)]).to.deep.equal([7, 9]);
    h.advance('3ns');
    h.write32(0, 5);
    expect(h.traceEvents).to.deep.equal([{ name: 'poke', phase: 'instant', args: { v: 5 }, device: 'dev', time: 3000 }]);
    expect(h.exits).to.deep.equal([{ status: 5, by: 'dev' }]);
    const missing = createDeviceHarness({ ...simControl, create: (ctx) => ({ read: () => ctx.readFile('none.bin')[0], reset() {} }) }, {});
    expect(() => missing.read8(0)).to.throw(/cannot read none\.bin: no such file/);
  });
});

describe('plugins/sim-control', () => {
  it('ends the run with the status written to EXIT', () => {
    const h = createDeviceHarness(simControl, {});
    h.write32(4, 9); // not EXIT
    h.write32(0, 42);
    expect(h.exits).to.deep.equal([{ status: 42, by: 'dev EXIT written by cpu0' }]);
  });
});
