import { expect } from 'chai';
import type { Cpu } from '../../src/api/cpu.js';
import { SYNC_ACQUIRE, SYNC_RELEASE } from '../../src/api/sync-events.js';
import { MemoryBacking } from '../../src/memory/memory-backing.js';
import { RaceDetector } from '../../src/races/race-detector.js';
import { Symbolizer } from '../../src/races/symbolizer.js';
import type { TimerHandle } from '../../src/time/event-queue.js';

/** Two CPUs and a clock the test drives by hand. */
function setup() {
  const cpus = [0, 1].map((index) => ({ index, pc: 0x1000 + index * 0x100, id: `cpu${index}` }) as unknown as Cpu & { pc: number });
  const clock = { runningCpu: null as Cpu | null, time: 0, now() { return this.time; } };
  const d = new RaceDetector(cpus, clock);
  const ram = new MemoryBacking('sram', 0x2000, true);
  d.track(ram);
  const as = (cpu: number, pc: number) => {
    (cpus[cpu] as { pc: number }).pc = pc;
    clock.runningCpu = cpus[cpu];
    clock.time += 10;
  };
  const read = (cpu: number, off: number, size = 4, pc = 0x100 + cpu) => {
    as(cpu, pc);
    d.access(cpu, ram, off, size, false);
  };
  const write = (cpu: number, off: number, size = 4, pc = 0x200 + cpu) => {
    as(cpu, pc);
    d.access(cpu, ram, off, size, true);
  };
  return { d, ram, read, write, as, clock };
}

describe('race detector (happens-before on shared memory)', () => {
  it('reports a write and a read of the same bytes by different CPUs that nothing orders', () => {
    const { d, read, write } = setup();
    write(0, 0x10);
    read(1, 0x10);
    expect(d.races).to.have.length(1);
    const r = d.races[0];
    expect(r.first).to.deep.include({ cpu: 0, pc: 0x200, write: true });
    expect(r.second).to.deep.include({ cpu: 1, pc: 0x101, write: false });
    expect(r.first.time).to.be.below(r.second.time);
    expect(r.offset).to.equal(0x10);
  });

  it('reports read-write and write-write pairs, but not reads alone, one CPU alone, or neighbouring bytes', () => {
    const { d, read, write } = setup();
    read(0, 0x20);
    read(1, 0x20);
    write(0, 0x30);
    write(0, 0x30);
    read(0, 0x30);
    write(0, 0x40, 1);
    write(1, 0x41, 1); // the next byte of the same word
    expect(d.races).to.have.length(0);
    write(1, 0x20); // after cpu0's read
    write(0, 0x30, 4, 0x777); // cpu1 never saw 0x30: no race; now cpu1 writes it
    write(1, 0x30);
    expect(d.races.map((r) => `${r.first.write ? 'w' : 'r'}${r.first.cpu}-${r.second.write ? 'w' : 'r'}${r.second.cpu}`)).to.deep.equal(['r0-w1', 'w0-w1']);
  });

  it('counts repeats of the same pair of instructions as one race', () => {
    const { d, read, write } = setup();
    for (let i = 0; i < 50; i++) {
      write(0, 0x10);
      read(1, 0x10);
    }
    expect(d.races).to.have.length(2); // w0→r1, and r1→w0 once cpu0 writes again
    expect(d.races[0].count).to.equal(50);
    expect(d.races[1].count).to.equal(49);
  });

  it('orders through a device message: the push happens before the pop', () => {
    const { d, read, write } = setup();
    write(0, 0x10);
    d.messageSent('mailbox', 7, 0);
    read(1, 0x10); // before the pop: a race
    d.messageReceived('mailbox', 7, 1);
    read(1, 0x10, 4, 0x999); // after the pop: ordered
    expect(d.races.map((r) => r.second.pc)).to.deep.equal([0x101]);
    // A message is received once; another pop of the same id orders nothing.
    write(0, 0x14);
    d.messageReceived('mailbox', 7, 1);
    read(1, 0x14, 4, 0x777);
    expect(d.races).to.have.length(2);
  });

  it('orders through interrupts: the raise happens before the handler, directly or through an event', () => {
    const { d, read, write, clock } = setup();
    write(0, 0x10);
    d.interruptRaised(1); // raised while cpu0 runs
    read(1, 0x10); // not taken yet: race
    d.interruptTaken(1);
    read(1, 0x10, 4, 0x555);
    expect(d.races.map((r) => r.second.pc)).to.deep.equal([0x101]);

    // cpu0 writes, schedules a device event; the event (no CPU running) raises cpu1's line.
    write(0, 0x20);
    const handle = { time: 0, label: 'dev', cancelled: false } as TimerHandle;
    d.eventScheduled(handle);
    clock.runningCpu = null;
    d.eventFiring(handle);
    d.interruptRaised(1);
    d.eventDone(handle);
    d.interruptTaken(1);
    read(1, 0x20);
    expect(d.races).to.have.length(1);
  });

  it('orders through atomics: an acquire of the word a release wrote', () => {
    const { d, ram, read, write, as } = setup();
    write(0, 0x100); // data
    as(0, 0x300);
    d.beginAtomic(0, SYNC_RELEASE);
    d.access(0, ram, 0x0, 4, true); // STLR lock
    d.endAtomic(0);
    as(1, 0x400);
    d.beginAtomic(1, SYNC_ACQUIRE);
    d.access(1, ram, 0x4, 4, false); // LDAR of another word: orders nothing
    d.endAtomic(1);
    read(1, 0x100);
    expect(d.races).to.have.length(1);
    as(1, 0x404);
    d.beginAtomic(1, SYNC_ACQUIRE);
    d.access(1, ram, 0x0, 4, false); // LDAR of the lock word
    d.endAtomic(1);
    read(1, 0x100, 4, 0x888);
    expect(d.races).to.have.length(1);
    // The synchronising accesses themselves are never reported.
    expect(d.races.every((r) => r.offset === 0x100)).to.equal(true);
  });

  it('orders a flag handshake only when both sides have barriers, and reports the flag itself', () => {
    const handshake = (writerBarrier: boolean, readerBarrier: boolean) => {
      const { d, read, write } = setup();
      write(0, 0x100); // data
      if (writerBarrier) d.barrier(0);
      write(0, 0x0, 4, 0x210); // flag
      read(1, 0x0, 4, 0x110); // flag seen
      if (readerBarrier) d.barrier(1);
      read(1, 0x100, 4, 0x120); // data
      return d.races.map((r) => r.offset);
    };
    expect(handshake(true, true)).to.deep.equal([0x0]);
    expect(handshake(true, false)).to.deep.equal([0x0, 0x100]);
    expect(handshake(false, true)).to.deep.equal([0x0, 0x100]);
  });

  it('ignores memory it does not track and CPUs it does not know', () => {
    const { d } = setup();
    const other = new MemoryBacking('private', 0x1000, true);
    d.access(0, other, 0, 4, true);
    d.access(1, other, 0, 4, false);
    d.access(5, other, 0, 4, false);
    expect(d.races).to.have.length(0);
  });
});

describe('symbolizer', () => {
  it('names the function that contains an address, with an offset', () => {
    const s = new Symbolizer([
      { name: 'main', value: 0x1000, size: 0x40, type: 2 },
      { name: 'helper', value: 0x1040, size: 0x10, type: 2 },
      { name: 'table', value: 0x2000, size: 0x100, type: 1 },
      { name: '$x', value: 0x1000, size: 0, type: 0 },
    ]);
    expect(s.lookup(0x1000)).to.equal('main');
    expect(s.lookup(0x1024)).to.equal('main+0x24');
    expect(s.lookup(0x1044)).to.equal('helper+0x4');
    expect(s.lookup(0x1050)).to.equal(undefined);
    expect(s.lookup(0xfff)).to.equal(undefined);
    expect(Symbolizer.fromFile('/nonexistent').lookup(0x1000)).to.equal(undefined);
  });
});
