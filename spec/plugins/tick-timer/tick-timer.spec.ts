import { expect } from 'chai';
import tickTimer, { TICK_TIMER } from '../../../plugins/tick-timer/index.js';
import simControl from '../../../plugins/sim-control/index.js';
import { Signal } from '../../../src/signals/signal.js';
import { VirtualTimeScheduler } from '../../../src/time/virtual-time-scheduler.js';
import type { DeviceContext, MachineControl } from '../../../src/api/index.js';

function context(options: Record<string, unknown>, exits: number[] = []) {
  const scheduler = new VirtualTimeScheduler(1e6);
  const outputs = new Map<string, Signal>();
  const machine = { exit: (s: number) => exits.push(s), cpus: [] } as unknown as MachineControl;
  const ctx = {
    id: 'dev',
    options,
    scheduler,
    log: { warn() {}, info() {}, debug() {}, child() { return this; } },
    machine,
    cpuCount: 1,
    boardDir: '/',
    output: (name: string) => outputs.get(name) ?? outputs.set(name, new Signal(name, scheduler)).get(name)!,
    serial: () => ({ transmit() {}, onReceive() {} }),
    trace: { enabled: false, emit() {} },
  } as unknown as DeviceContext<never>;
  return { ctx, scheduler, outputs };
}

describe('plugins/tick-timer (the plugin-guide example)', () => {
  it('raises irq every LOAD ticks while enabled and counts expiries', () => {
    const { ctx, scheduler, outputs } = context({ frequency: 1_000_000 });
    const t = tickTimer.create(ctx);
    t.reset();
    const levels: [number, number][] = [];
    outputs.get('irq')!.connect((l) => levels.push([scheduler.now(), l]));
    t.write!(TICK_TIMER.LOAD, 4, 10, 0); // 10 us
    t.write!(TICK_TIMER.CTRL, 4, 3, 0);
    scheduler.run(25_000_000);
    expect(t.read!(TICK_TIMER.COUNT, 4, 0)).to.equal(2);
    expect(t.read!(TICK_TIMER.STATUS, 4, 0)).to.equal(1);
    expect(levels).to.deep.equal([[0, 0], [10_000_000, 1]]);
    t.write!(TICK_TIMER.STATUS, 4, 1, 0);
    expect(outputs.get('irq')!.level).to.equal(0);
  });

  it('stays quiet with the interrupt disabled, and stops when CTRL.run is cleared', () => {
    const { ctx, scheduler, outputs } = context({});
    const t = tickTimer.create(ctx);
    t.reset();
    t.write!(TICK_TIMER.LOAD, 4, 5, 0);
    t.write!(TICK_TIMER.CTRL, 4, 1, 0);
    scheduler.run(12_000_000);
    expect(outputs.get('irq')!.level).to.equal(0);
    expect(t.read!(TICK_TIMER.COUNT, 4, 0)).to.equal(2);
  });
});

describe('plugins/sim-control', () => {
  it('ends the run with the status written to EXIT', () => {
    const exits: number[] = [];
    const { ctx } = context({}, exits);
    const d = simControl.create(ctx);
    d.write!(4, 4, 9, 0); // not EXIT
    d.write!(0, 4, 42, 0);
    expect(exits).to.deep.equal([42]);
  });
});
