import type { Cpu, CpuContext, Logger, MachineControl, Scheduler, TimerHandle } from '../../../src/api/index.js';
import { AddressSpace, IoPortSpace, MemoryBacking, Signal, SimpleInterruptMessageBus } from '../../../src/api/index.js';
import { EventQueue } from '../../../src/time/event-queue.js';
import { X86Cpu } from '../../../arches/x86_64/cpu.js';
import { Seg } from '../../../arches/x86_64/decode/insn.js';
import type { LapicFactory } from '../../../arches/x86_64/apic/lapic-contract.js';

const PS_PER_CYCLE = 1000; // 1 GHz, as the pc board

const silentLog: Logger = { warn: () => undefined, info: () => undefined, debug: () => undefined, child: () => silentLog };

/** Where the helpers put page tables and the GDT (below the code at CODE). */
export const PML4 = 0x10000;
export const GDT = 0x1f000;
export const CODE = 0x100000;
export const STACK_TOP = 0x80000;

/** Hex string ("b8 34 12") to bytes. */
export function hex(s: string): Uint8Array {
  const clean = s.replace(/[^0-9a-fA-F]/g, '');
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(clean.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/**
 * A small machine for x86 core tests: 32 MiB of RAM at 0, a console at port 0xE9 and an exit
 * port at 0xF4 ((v << 1) | 1), a deterministic round-robin scheduler, and helpers that put a
 * core straight into real, 32-bit protected or 64-bit mode without boot code.
 */
export class X86TestMachine implements MachineControl {
  readonly ram = new MemoryBacking('ram', 32 << 20, true);
  readonly cpus: X86Cpu[] = [];
  readonly spaces: AddressSpace[] = [];
  readonly io = new IoPortSpace();
  output = '';
  exitStatus: number | undefined;
  private readonly queue = new EventQueue();
  private globalTime = 0;
  private current: X86Cpu | null = null;
  private runStartTime = 0;
  private runStartCycles = 0;
  private sliceEnd = 0;
  readonly scheduler: Scheduler;
  readonly interruptMessages = new SimpleInterruptMessageBus();

  constructor(cpuCount = 1, options: Record<string, unknown> = {}, lapic?: LapicFactory) {
    const self = this;
    this.scheduler = {
      now: () => self.now(),
      at: (time: number, callback: () => void, label = 'event'): TimerHandle => {
        const t = Math.max(time, self.now());
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
    this.io.map('con', 0xe9, 1, { in: () => 0xe9, out: (_o, _s, v) => void (this.output += String.fromCharCode(v & 0xff)) });
    this.io.map('exit', 0xf4, 4, { in: () => 0, out: (_o, _s, v) => this.exit(((v << 1) | 1) & 0xff) });
    for (let i = 0; i < cpuCount; i++) {
      const space = new AddressSpace(`cpu${i}`, true, i);
      space.mapMemory(0, this.ram);
      this.spaces.push(space);
      const ctx: CpuContext = {
        id: `cpu${i}`,
        index: i,
        model: 'qemu64',
        frequency: 1e9,
        memory: space,
        io: this.io,
        scheduler: this.scheduler,
        machine: this,
        log: silentLog,
        options,
        output: (name: string) => new Signal(`cpu${i}.${name}`, this.scheduler),
      };
      const cpu = new X86Cpu(ctx, lapic);
      cpu.reset(i === 0);
      this.cpus.push(cpu);
    }
  }

  now(): number {
    const c = this.current;
    if (!c) return this.globalTime;
    return this.runStartTime + (c.cycles - this.runStartCycles) * PS_PER_CYCLE;
  }

  exit(status: number): void {
    if (this.exitStatus === undefined) this.exitStatus = status;
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

  load(address: number, bytes: Uint8Array | string): void {
    this.spaces[0].load(address, typeof bytes === 'string' ? hex(bytes) : bytes);
  }

  read64(address: number): bigint {
    const b = this.spaces[0].readBytes(address, 8)!;
    return new DataView(b.buffer).getBigUint64(0, true);
  }

  write64(address: number, v: bigint): void {
    const b = new Uint8Array(8);
    new DataView(b.buffer).setBigUint64(0, v, true);
    this.spaces[0].load(address, b);
  }

  /**
   * Run in quanta until the exit port is written, every core stops or idles with nothing
   * scheduled, or `maxCycles` cycles of virtual time pass.
   */
  run(maxCycles = 10_000_000, quantum = 10_000): 'exit' | 'max-time' | 'idle' | 'stopped' {
    const maxTime = this.globalTime + maxCycles * PS_PER_CYCLE;
    while (this.exitStatus === undefined) {
      if (this.cpus.every((c) => c.state === 'stopped')) return 'stopped';
      this.sliceEnd = Math.min(this.globalTime + quantum * PS_PER_CYCLE, this.queue.peekTime(), maxTime);
      let ran = false;
      for (const c of this.cpus) {
        if (c.state !== 'running') continue;
        ran = true;
        this.current = c;
        this.runStartTime = this.globalTime;
        this.runStartCycles = c.cycles;
        c.run(Math.max(1, Math.ceil((this.sliceEnd - this.globalTime) / PS_PER_CYCLE)));
        this.current = null;
        if (this.exitStatus !== undefined) return 'exit';
      }
      const next = this.queue.peekTime();
      if (!ran) {
        if (next === Infinity) return 'idle';
        this.globalTime = Math.max(this.globalTime, Math.min(next, maxTime));
      } else this.globalTime = this.sliceEnd;
      for (let e = this.queue.popDue(this.globalTime); e; e = this.queue.popDue(this.globalTime)) e.callback();
      if (this.globalTime >= maxTime) return 'max-time';
    }
    return 'exit';
  }
}

/** Real mode at CS:IP = 0:addr (segments 0, limit 64 KiB); the core is reset and running. */
export function realMode(cpu: X86Cpu, addr: number): void {
  cpu.powerOn(0);
  cpu.cr0 = 0x60000010;
  for (let s = 0; s < 6; s++) cpu.setSegmentCache(s, 0, 0, 0xffff, 0x9300);
  cpu.setSegmentCache(Seg.CS, 0, 0, 0xffff, 0x9b00);
  cpu.r[8] = 0x7000;
  cpu.setRip(addr, 0);
  cpu.updateMode();
}

/** Write a flat GDT: 0x08 code32, 0x10 data, 0x18 code64, 0x20 code16, 0x28 data16, 0x33 code64 DPL3, 0x3b data DPL3, 0x40 code32 DPL3. */
export function writeGdt(m: X86TestMachine): void {
  const d = [0n, 0x00cf9a000000ffffn, 0x00cf92000000ffffn, 0x00af9a000000ffffn, 0x00009a000000ffffn, 0x000092000000ffffn, 0x00affa000000ffffn, 0x00cff2000000ffffn, 0x00cffa000000ffffn];
  d.forEach((v, i) => m.write64(GDT + 8 * i, v));
}

/** 32-bit protected mode, flat segments, paging off, at `addr`. */
export function protectedMode(m: X86TestMachine, cpu: X86Cpu, addr: number): void {
  cpu.powerOn(0);
  writeGdt(m);
  cpu.gdtBaseLo = GDT;
  cpu.gdtLimit = 0x47;
  cpu.cr0 = 0x11;
  cpu.setSegmentCache(Seg.CS, 0x08, 0, 0xffffffff, 0x00c09b00);
  for (const s of [Seg.ES, Seg.SS, Seg.DS, Seg.FS, Seg.GS]) cpu.setSegmentCache(s, 0x10, 0, 0xffffffff, 0x00c09300);
  cpu.r[8] = STACK_TOP;
  cpu.cpl = 0;
  cpu.setRip(addr, 0);
  cpu.updateMode();
  cpu.flushTlb(false);
}

/** 64-bit mode with an identity map of the first 1 GiB in 2 MiB pages (tables at PML4). */
export function longMode(m: X86TestMachine, cpu: X86Cpu, addr: number): void {
  protectedMode(m, cpu, addr);
  m.write64(PML4, BigInt(PML4 + 0x1000) | 7n);
  m.write64(PML4 + 0x1000, BigInt(PML4 + 0x2000) | 7n);
  for (let i = 0; i < 512; i++) m.write64(PML4 + 0x2000 + 8 * i, (BigInt(i) << 21n) | 0x87n);
  cpu.cr3Lo = PML4;
  cpu.cr4 = 0x20 | 0x200;
  cpu.efer = 0x500 | 0x800 | 1; // LME, LMA, NXE, SCE
  cpu.cr0 = 0x80000011 | 0x20;
  cpu.setSegmentCache(Seg.CS, 0x18, 0, 0xffffffff, 0x00a09b00);
  cpu.updateMode();
  cpu.flushTlb(false);
}
