import { expect } from 'chai';
import { Subject } from 'rxjs';
import type { Cpu, CpuRunState, CpuStateChange, RegisterFile } from '../../src/api/cpu.js';
import { VirtualTimeScheduler } from '../../src/time/virtual-time-scheduler.js';

/**
 * A CPU that uses its budget as told and records, for every instruction, the local time the
 * scheduler reports while it runs, so a test can compare the CPUs' clocks.
 */
class FakeCpu implements Cpu {
  readonly arch = 'fake';
  readonly model = 'fake';
  readonly littleEndian = true;
  state: CpuRunState = 'running';
  cycles = 0;
  instructions = 0;
  readonly pc = 0;
  readonly registers = {} as RegisterFile;
  readonly stateChanges = new Subject<CpuStateChange>();
  readonly budgets: number[] = [];
  /** Local time at the end of each instruction. */
  readonly times: number[] = [];
  private exit = false;
  /** Extra cycles to use beyond the budget (a broken core). */
  overrun = 0;

  constructor(
    readonly id: string,
    readonly index: number,
    private readonly sched: () => VirtualTimeScheduler,
  ) {}

  /** Called at the start of each run, after the exit flag is cleared. */
  onRun?: () => void;

  run(budget: number): number {
    this.exit = false;
    this.budgets.push(budget);
    this.onRun?.();
    const n = budget + this.overrun;
    let used = 0;
    for (; used < n && !this.exit; used++) {
      this.cycles++;
      this.instructions++;
      this.times.push(this.sched().now());
    }
    return used;
  }
  requestExit(): void {
    this.exit = true;
  }
  reset(): void {}
  setEntry(): void {}
  powerOn(): void {}
  powerOff(): void {
    this.state = 'stopped';
  }
  input(): undefined {
    return undefined;
  }
  output(): undefined {
    return undefined;
  }
}

function machine(quantum: number, periods: number[]): { s: VirtualTimeScheduler; cpus: FakeCpu[] } {
  const s = new VirtualTimeScheduler(quantum);
  const cpus = periods.map((_, i) => new FakeCpu(`cpu${i}`, i, () => s));
  cpus.forEach((c, i) => s.addCpu(c, 1e12 / periods[i]));
  return { s, cpus };
}

describe('VirtualTimeScheduler', () => {
  it('gives each CPU only the whole cycles that end by the slice end, and carries the rest', () => {
    // 3 ns cycles in 10 ns quanta: 3, 3, 4 cycles (9, 18, 30 ns), never past a slice end.
    const { s, cpus } = machine(10_000, [3_000]);
    s.run(30_000);
    expect(cpus[0].budgets.slice(0, 3)).to.deep.equal([3, 3, 4]);
    expect(cpus[0].cycles).to.equal(10);
    expect(s.cpuTime(cpus[0])).to.equal(30_000);
  });

  it('no CPU runs more than one quantum ahead of another, whatever their clocks', () => {
    for (const quantum of [100, 1_000, 10_000, 7_777]) {
      const { s, cpus } = machine(quantum, [1_000, 3_000, 700]);
      const ends: number[][] = cpus.map(() => []);
      const limit = 50 * quantum + 12_345;
      s.run(limit);
      // Every instruction of every CPU ends within its slice: at most one quantum after the slice start,
      // so each CPU's clock, read at any instruction, is never more than a quantum ahead of the
      // others' at the end of their previous slice.
      cpus.forEach((c, i) => {
        ends[i] = c.times;
        for (const t of c.times) expect(t).to.be.at.most(limit);
        expect(s.cpuTime(c)).to.be.at.most(limit);
      });
      for (let i = 0; i < cpus.length; i++) {
        for (let j = 0; j < cpus.length; j++) {
          const gap = Math.abs(s.cpuTime(cpus[i]) - s.cpuTime(cpus[j]));
          expect(gap, `quantum ${quantum}: cpu${i} vs cpu${j}`).to.be.below(quantum + 3_000);
        }
      }
      // Slices: instruction end times of the first CPU never cross a multiple of the quantum
      // out of order with the others (all CPUs finish slice k before any starts slice k + 1).
      const sliceOf = (t: number): number => Math.ceil(t / quantum);
      let last = 0;
      for (const t of ends[0]) {
        expect(sliceOf(t)).to.be.at.least(last);
        last = sliceOf(t);
      }
    }
  });

  it('refuses a core that uses more cycles than its budget', () => {
    const { s, cpus } = machine(10_000, [1_000]);
    cpus[0].overrun = 1;
    expect(() => s.run(20_000)).to.throw(/never exceed its budget/);
  });

  it('an event inside a running slice ends it there for the CPUs after the current one', () => {
    const { s, cpus } = machine(10_000, [1_000, 1_000]);
    let fired = -1;
    // cpu0 schedules an event 2.5 ns into its slice; cpu1 must not run past it before it fires.
    let scheduled = false;
    cpus[0].onRun = () => {
      if (scheduled) return;
      scheduled = true;
      s.after(2_500, () => (fired = s.now()));
    };
    s.run(20_000);
    expect(fired).to.equal(2_500);
    // cpu0 was stopped when it scheduled the event, then ran on up to it in the same slice.
    expect(cpus[0].budgets.slice(0, 2)).to.deep.equal([10, 2]);
    expect(cpus[0].times.slice(0, 2)).to.deep.equal([1_000, 2_000]);
    expect(cpus[1].budgets[0]).to.equal(2); // up to 2 ns: a 3rd cycle would end after the event
  });
});
