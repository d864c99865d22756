/**
 * A DeviceContext for device plugin tests: a manual virtual clock, captured serial output,
 * inspectable output lines and fake CPUs that record power-on requests.
 */
import type { BootImage, Cpu, CpuRunState, DeviceContext, DeviceTraceEvent, Logger, MachineControl, Scheduler, SerialPort, TimerHandle } from '../../src/api/index.js';
import { AddressSpace, MemoryBacking, Signal, SimpleInterruptMessageBus } from '../../src/api/index.js';
import { AddressSpaceDma } from '../../src/memory/dma-view.js';
import { EventQueue } from '../../src/time/event-queue.js';

/** Where the fake context's guest RAM (for DMA) sits, and its size. */
export const FAKE_RAM_BASE = 0x40000000;
export const FAKE_RAM_SIZE = 1 << 20;

/** A scheduler whose time only moves when the test says so. Events fire in (time, insertion) order. */
export class FakeScheduler implements Scheduler {
  private readonly queue = new EventQueue();
  private time = 0;

  now(): number {
    return this.time;
  }

  at(time: number, callback: () => void, label = 'event'): TimerHandle {
    return this.queue.push(Math.max(Math.round(time), this.time), callback, label);
  }

  after(delay: number, callback: () => void, label = 'event'): TimerHandle {
    return this.at(this.time + Math.max(0, Math.round(delay)), callback, label);
  }

  cancel(handle: TimerHandle | undefined): void {
    if (handle) handle.cancelled = true;
  }

  /** True when a live (not cancelled) event is queued at or before `limit`. */
  pendingBefore(limit: number): boolean {
    return this.queue.peekTime() <= limit;
  }

  /** Move time forward by `ps`, firing every event due on the way at its own time. */
  advance(ps: number): void {
    this.advanceTo(this.time + ps);
  }

  advanceTo(target: number): void {
    for (;;) {
      const e = this.queue.popDue(target);
      if (!e) break;
      this.time = e.time;
      e.callback();
    }
    this.time = target;
  }
}

/** A stand-in CPU: only what devices use (id, index, state, powerOn). */
export class FakeCpu {
  state: CpuRunState = 'stopped';
  readonly powerOns: { entry?: number; context?: number }[] = [];
  constructor(readonly id: string, readonly index: number) {}
  powerOn(entry?: number, context?: number): void {
    this.powerOns.push({ entry, context });
    this.state = 'running';
  }
  powerOff(): void {
    this.state = 'stopped';
  }
}

/** Serial port end that records what the guest sent and lets the test type bytes. */
export class FakeSerial implements SerialPort {
  readonly sent: number[] = [];
  private handler: ((byte: number) => void) | undefined;
  transmit(byte: number): void {
    this.sent.push(byte);
  }
  onReceive(handler: (byte: number) => void): void {
    this.handler = handler;
  }
  /** Bytes from the host, as stdin would deliver them. */
  type(text: string | number[]): void {
    const bytes = typeof text === 'string' ? [...Buffer.from(text, 'latin1')] : text;
    for (const b of bytes) this.handler?.(b);
  }
  text(): string {
    return Buffer.from(this.sent).toString('latin1');
  }
}

export class NullLogger implements Logger {
  readonly messages: string[] = [];
  warn(m: string): void {
    this.messages.push(m);
  }
  info(m: string): void {
    this.messages.push(m);
  }
  debug(): void {}
  child(): Logger {
    return this;
  }
}

export interface FakeEnvironment<O> {
  readonly ctx: DeviceContext<O>;
  readonly scheduler: FakeScheduler;
  readonly serial: FakeSerial;
  readonly cpus: FakeCpu[];
  readonly log: NullLogger;
  /** The device's output lines by name, created on first use as the runtime does. */
  readonly outputs: Map<string, Signal>;
  /** Output line `name`, with every level it took recorded in `history(name)`. */
  line(name: string): Signal;
  history(name: string): number[];
  exits: { status: number; by: string }[];
  /** The machine's interrupt-message bus: send to the device or listen to what it sends. */
  readonly interruptMessages: SimpleInterruptMessageBus;
  /** Guest RAM at FAKE_RAM_BASE that the device reaches through `ctx.dma` (and tests through `memory`). */
  readonly ram: MemoryBacking;
  readonly memory: AddressSpace;
  /** Press a host button: runs the device's `onHostEvent` handlers; false if none listens. */
  hostEvent(name: string): boolean;
}

/** Build a DeviceContext with `cpuCount` fake CPUs (cpu0 running, the others stopped). */
export function fakeContext<O>(options: O, cpuCount = 1, id = 'dev'): FakeEnvironment<O> {
  const scheduler = new FakeScheduler();
  const serial = new FakeSerial();
  const log = new NullLogger();
  const cpus = Array.from({ length: cpuCount }, (_, i) => new FakeCpu(`cpu${i}`, i));
  cpus[0].state = 'running';
  const outputs = new Map<string, Signal>();
  const histories = new Map<string, number[]>();
  const exits: { status: number; by: string }[] = [];
  const traceEvents: Omit<DeviceTraceEvent, 'device' | 'time'>[] = [];
  const interruptMessages = new SimpleInterruptMessageBus();
  const ram = new MemoryBacking('ram', FAKE_RAM_SIZE, true);
  const memory = new AddressSpace('cpu0', true, 0);
  memory.mapMemory(FAKE_RAM_BASE, ram);
  const hostHandlers = new Map<string, (() => void)[]>();
  const output = (name: string, width = 1): Signal => {
    let s = outputs.get(name);
    if (!s) {
      s = new Signal(`${id}.${name}`, scheduler, width);
      const h: number[] = [];
      histories.set(name, h);
      s.connect((level) => h.push(level));
      h.length = 0; // connect() reports the initial level; keep only changes
      outputs.set(name, s);
    }
    return s;
  };
  const machine: MachineControl = {
    exit: (status, by) => void exits.push({ status, by }),
    cpus: cpus as unknown as Cpu[],
    cpu: (cid) => cpus.find((c) => c.id === cid) as unknown as Cpu | undefined,
    console: () => {},
    bootImage: (): BootImage | undefined => undefined,
    interruptMessages,
  };
  const ctx: DeviceContext<O> = {
    id,
    options,
    scheduler,
    log,
    machine,
    cpuCount,
    boardDir: '.',
    output,
    serial: () => serial,
    trace: { enabled: false, emit: (e) => void traceEvents.push(e) },
    dma: new AddressSpaceDma(() => memory),
    onHostEvent: (name, handler) => void hostHandlers.set(name, [...(hostHandlers.get(name) ?? []), handler]),
  };
  return {
    ctx,
    scheduler,
    serial,
    cpus,
    log,
    outputs,
    line: (name) => output(name),
    history: (name) => {
      output(name);
      return histories.get(name)!;
    },
    exits,
    interruptMessages,
    ram,
    memory,
    hostEvent: (name) => {
      const list = hostHandlers.get(name) ?? [];
      list.forEach((h) => h());
      return list.length > 0;
    },
  };
}
