import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Cpu, CpuContext, Logger, MachineControl, Scheduler, TimerHandle } from '../../../src/api/index.js';
import { AddressSpace, MemoryBacking, Signal, SimpleInterruptMessageBus } from '../../../src/api/index.js';
import { EventQueue } from '../../../src/time/event-queue.js';
import { A64Cpu } from '../../../arches/aarch64/cpu.js';

/** Directory of the committed test programs (source tree, not dist). */
export const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '../../../../spec/fixtures/aarch64');

const PS_PER_CYCLE = 1000; // 1 GHz cores, as the virt-aarch64 board

const silentLog: Logger = {
  warn: () => undefined,
  info: () => undefined,
  debug: () => undefined,
  child: () => silentLog,
};

/**
 * A minimal machine for unit tests: aarch64 cores sharing 128 MiB of RAM at 0x40000000, a
 * deterministic round-robin scheduler with an event queue, semihosting console capture (the
 * fixtures print through semihosting, so it is on unless `options` says otherwise) and
 * optional MMIO windows. It mirrors the runtime's contract (local time from cycles) without
 * depending on the board loader.
 */
export class TestMachine implements MachineControl {
  readonly ram = new MemoryBacking('ram', 128 << 20, true);
  readonly cpus: A64Cpu[] = [];
  readonly spaces: AddressSpace[] = [];
  output = '';
  exitStatus: number | undefined;
  exitBy = '';
  private readonly queue = new EventQueue();
  private globalTime = 0;
  private current: A64Cpu | null = null;
  private runStartTime = 0;
  private runStartCycles = 0;
  private readonly cpuTime: number[] = [];
  private sliceEnd = 0;
  readonly scheduler: Scheduler;

  constructor(cpuCount = 1, cpuOptions: Record<string, unknown> = {}, mmio?: (space: AddressSpace) => void) {
    const options = { semihosting: true, ...cpuOptions };
    const self = this;
    this.scheduler = {
      now: () => self.now(),
      at: (time: number, callback: () => void, label = 'event'): TimerHandle => {
        const t = Math.max(time, self.now());
        // An event inside the running slice shortens it (as the runtime's scheduler does).
        if (self.current && t < self.sliceEnd) {
          self.sliceEnd = t;
          self.current.requestExit();
        }
        return self.queue.push(t, callback, label);
      },
      after: (delay: number, callback: () => void, label = 'event'): TimerHandle => self.scheduler.at(self.now() + delay, callback, label),
      cancel: (h: TimerHandle | undefined) => {
        if (h) h.cancelled = true;
      },
    };
    for (let i = 0; i < cpuCount; i++) {
      const space = new AddressSpace(`cpu${i}`, true, i);
      space.mapMemory(0x40000000, this.ram);
      mmio?.(space);
      this.spaces.push(space);
      const ctx: CpuContext = {
        id: `cpu${i}`,
        index: i,
        model: 'cortex-a57',
        frequency: 1e9,
        memory: space,
        io: undefined as never,
        scheduler: this.scheduler,
        machine: this,
        log: silentLog,
        options,
        output: (name: string) => new Signal(`cpu${i}.${name}`, this.scheduler),
        onStateChange: (cpu: Cpu, state) => {
          if (state === 'running' && cpu !== this.current) this.cpuTime[cpu.index] = Math.max(this.cpuTime[cpu.index], this.now());
        },
      };
      this.cpuTime.push(0);
      const cpu = new A64Cpu(ctx);
      cpu.reset(i === 0);
      this.cpus.push(cpu);
    }
  }

  now(): number {
    const c = this.current;
    if (!c) return this.globalTime;
    return this.runStartTime + (c.cycles - this.runStartCycles) * PS_PER_CYCLE;
  }

  exit(status: number, by: string): void {
    if (this.exitStatus === undefined) {
      this.exitStatus = status;
      this.exitBy = by;
    }
    for (const c of this.cpus) c.requestExit();
  }

  cpu(id: string): Cpu | undefined {
    return this.cpus.find((c) => c.id === id);
  }

  console(byte: number): void {
    this.output += String.fromCharCode(byte);
  }

  bootImage(): undefined {
    return undefined;
  }

  readonly interruptMessages = new SimpleInterruptMessageBus();

  /** Load an ELF64 file's PT_LOAD segments by physical address; returns the entry point. */
  loadElf(path: string): number {
    const buf = readFileSync(path);
    const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    const entry = Number(dv.getBigUint64(24, true));
    const phoff = Number(dv.getBigUint64(32, true));
    const phentsize = dv.getUint16(54, true);
    const phnum = dv.getUint16(56, true);
    for (let i = 0; i < phnum; i++) {
      const p = phoff + i * phentsize;
      if (dv.getUint32(p, true) !== 1) continue;
      const offset = Number(dv.getBigUint64(p + 8, true));
      const paddr = Number(dv.getBigUint64(p + 24, true));
      const filesz = Number(dv.getBigUint64(p + 32, true));
      const memsz = Number(dv.getBigUint64(p + 40, true));
      this.spaces[0].zero(paddr, memsz);
      this.spaces[0].load(paddr, new Uint8Array(buf.buffer, buf.byteOffset + offset, filesz));
    }
    for (const c of this.cpus) c.setEntry(entry);
    return entry;
  }

  /** Write instruction words at `address` and point every core there. */
  loadWords(address: number, words: number[]): void {
    const bytes = new Uint8Array(words.length * 4);
    const dv = new DataView(bytes.buffer);
    words.forEach((w, i) => dv.setUint32(4 * i, w >>> 0, true));
    this.spaces[0].load(address, bytes);
    for (const c of this.cpus) c.setEntry(address);
  }

  /**
   * Run round-robin in quanta until exit, every core stopped/idle with no events, or
   * `maxTime` picoseconds. Returns the stop reason.
   */
  run(maxTime = 1e12, quantum = 10_000_000): 'exit' | 'max-time' | 'deadlock' | 'all-stopped' {
    while (this.exitStatus === undefined) {
      if (this.cpus.every((c) => c.state === 'stopped')) return 'all-stopped';
      this.sliceEnd = Math.min(this.globalTime + quantum, this.queue.peekTime(), maxTime);
      let anyRan = false;
      for (const c of this.cpus) {
        let t0 = Math.max(this.cpuTime[c.index], this.globalTime);
        while (c.state === 'running' && t0 < this.sliceEnd && this.exitStatus === undefined) {
          anyRan = true;
          this.current = c;
          this.runStartTime = t0;
          this.runStartCycles = c.cycles;
          c.run(Math.max(1, Math.ceil((this.sliceEnd - t0) / PS_PER_CYCLE)));
          t0 = this.cpuTime[c.index] = this.now();
          this.current = null;
        }
        if (this.exitStatus !== undefined) return 'exit';
      }
      const next = this.queue.peekTime();
      if (!anyRan && this.cpus.every((c) => c.state !== 'running')) {
        if (next === Infinity) return this.cpus.every((c) => c.state === 'stopped') ? 'all-stopped' : 'deadlock';
        this.globalTime = Math.max(this.globalTime, Math.min(next, maxTime));
      } else {
        this.globalTime = this.sliceEnd;
      }
      for (let e = this.queue.popDue(this.globalTime); e; e = this.queue.popDue(this.globalTime)) e.callback();
      if (this.globalTime >= maxTime) return 'max-time';
    }
    return 'exit';
  }
}

/** Run a committed fixture ELF on a fresh machine. */
export function runFixture(name: string, cpuCount = 1, options: Record<string, unknown> = {}, maxTime = 5e12): TestMachine {
  const m = new TestMachine(cpuCount, options);
  m.loadElf(join(FIXTURES, name));
  m.run(maxTime);
  return m;
}

/** Expected output recorded from QEMU for a fixture. */
export function expected(name: string): string {
  return readFileSync(join(FIXTURES, name), 'utf8');
}
