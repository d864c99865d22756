import type { Cpu } from '../api/cpu.js';
import type { DeviceContext } from '../api/device.js';
import { SimpleInterruptMessageBus } from '../api/interrupt-messages.js';
import type { BootImage, MachineControl } from '../api/machine-control.js';
import type { DeviceTraceEvent } from '../api/trace-events.js';
import { AddressSpace } from '../memory/address-space.js';
import { AddressSpaceDma } from '../memory/dma-view.js';
import { MemoryBacking } from '../memory/memory-backing.js';
import { MemoryHostFiles, type HostFiles } from '../runtime/host-files.js';
import { Signal } from '../signals/signal.js';
import { SignalProbe } from './signal-probe.js';
import { CapturingLogger, TestCpu, TestSerial } from './test-doubles.js';
import { TestScheduler } from './test-scheduler.js';

/** Where the test machine's guest RAM (what `ctx.dma` reaches) sits by default, and its size. */
export const TEST_RAM_BASE = 0x40000000;
export const TEST_RAM_SIZE = 1 << 20;

/** How the stand-in machine around a device under test looks. */
export interface TestContextOptions {
  /** The device's id (default `dev`), as a board's `devices[].id`. */
  readonly id?: string;
  /** How many CPUs the board has (default 1); cpu0 runs, the others are stopped. */
  readonly cpus?: number;
  /** Files the device's options may name, by name relative to the board (`ctx.readFile`). */
  readonly files?: Readonly<Record<string, Uint8Array>>;
  /** The folder board-relative file names resolve against (default `.`). */
  readonly boardDir?: string;
  /** Programs "loaded" for CPUs, as `ctx.machine.bootImage(cpu)` returns them. */
  readonly bootImages?: Readonly<Record<string, BootImage>>;
  /** Collect the device's timeline events (`ctx.trace.enabled` is true); default true. */
  readonly trace?: boolean;
  /**
   * Where `ctx.readFile`/`ctx.openFile` look instead of `files` (e.g. the real file system for a
   * disk image the test writes): anything implementing HostFiles.
   */
  readonly hostFiles?: HostFiles;
  /** Guest RAM the device reaches as a bus master (`ctx.dma`); default 1 MiB at 0x40000000. */
  readonly ram?: { readonly base: number; readonly size: number };
}

/** A DeviceContext and everything a test observes or drives around it. */
export interface TestEnvironment<O> {
  /** What the device's `create` receives. */
  readonly ctx: DeviceContext<O>;
  readonly scheduler: TestScheduler;
  readonly serial: TestSerial;
  readonly cpus: TestCpu[];
  readonly log: CapturingLogger;
  /** The device's output lines by name, created on first use as the runtime does. */
  readonly outputs: Map<string, Signal>;
  /** Output line `name` (created if the device has not asked for it yet). */
  line(name: string): Signal;
  /** Watch output line `name`: its level and every change with its time. */
  probe(name: string): SignalProbe;
  /** The levels output line `name` took since the device created it (a live array). */
  history(name: string): number[];
  /** Every `machine.exit(status, by)` the device asked for. */
  readonly exits: { status: number; by: string }[];
  /** Bytes the device wrote to the semihosting-style console (`machine.console`). */
  readonly console: number[];
  /** The machine's interrupt-message bus: send to the device or listen to what it sends. */
  readonly interruptMessages: SimpleInterruptMessageBus;
  /** Timeline events the device emitted, stamped with device id and time, as a trace records them. */
  readonly traceEvents: DeviceTraceEvent[];
  /** Guest RAM that the device reaches through `ctx.dma` (and the test through `memory`). */
  readonly ram: MemoryBacking;
  /** The bus view holding `ram`, as the first CPU sees it: put descriptors in, read results out. */
  readonly memory: AddressSpace;
  /** The host asks for `name` (`power-button`): runs the device's `onHostEvent` handlers; false if none listens. */
  hostEvent(name: string): boolean;
}

/**
 * A DeviceContext for testing a device plugin without a CPU or a board: virtual time that moves
 * when the test says (`scheduler.advance('10us')`), output lines to watch, a serial port to read
 * and type into, stand-in CPUs that record power-on requests, files by name, and captured logs,
 * exits and trace events. `createDeviceHarness` builds on it; use this directly to drive `create`
 * yourself.
 */
export function createTestContext<O>(options: O, opts: TestContextOptions = {}): TestEnvironment<O> {
  const id = opts.id ?? 'dev';
  const cpuCount = opts.cpus ?? 1;
  if (!Number.isInteger(cpuCount) || cpuCount < 1) throw new Error(`createTestContext: cpus must be a whole number of at least 1, not ${cpuCount}`);
  const scheduler = new TestScheduler();
  const serial = new TestSerial();
  const log = new CapturingLogger();
  const cpus = Array.from({ length: cpuCount }, (_, i) => new TestCpu(`cpu${i}`, i));
  cpus[0].state = 'running';
  const outputs = new Map<string, Signal>();
  const probes = new Map<string, SignalProbe>();
  const exits: { status: number; by: string }[] = [];
  const consoleBytes: number[] = [];
  const traceEvents: DeviceTraceEvent[] = [];
  const tracing = opts.trace ?? true;
  const interruptMessages = new SimpleInterruptMessageBus();
  const boardDir = opts.boardDir ?? '.';
  const memoryFiles = new MemoryHostFiles();
  for (const [name, bytes] of Object.entries(opts.files ?? {})) memoryFiles.add(memoryFiles.resolve(boardDir, name), bytes);
  const files: HostFiles = opts.hostFiles ?? memoryFiles;
  const ramAt = opts.ram ?? { base: TEST_RAM_BASE, size: TEST_RAM_SIZE };
  const ram = new MemoryBacking('ram', ramAt.size, true);
  const memory = new AddressSpace('cpu0', true, 0);
  const mapped = memory.mapMemory(ramAt.base, ram);
  if (mapped) throw new Error(`createTestContext: ram: ${mapped}`);
  const hostHandlers = new Map<string, (() => void)[]>();

  const output = (name: string, width = 1): Signal => {
    let s = outputs.get(name);
    if (!s) {
      s = new Signal(`${id}.${name}`, scheduler, width);
      outputs.set(name, s);
      // Watched from birth, so `history` holds every change the device made.
      probes.set(name, new SignalProbe(s, scheduler));
    }
    return s;
  };
  const probe = (name: string): SignalProbe => {
    output(name);
    return probes.get(name)!;
  };
  const machine: MachineControl = {
    exit: (status, by) => void exits.push({ status, by }),
    cpus: cpus as unknown as Cpu[],
    cpu: (cid) => cpus.find((c) => c.id === cid) as unknown as Cpu | undefined,
    console: (byte) => void consoleBytes.push(byte),
    bootImage: (cpu) => opts.bootImages?.[cpu],
    interruptMessages,
  };
  const ctx: DeviceContext<O> = {
    id,
    options,
    scheduler,
    log,
    machine,
    cpuCount,
    boardDir,
    readFile: (name) => {
      const path = files.resolve(boardDir, name);
      const read = files.read(path);
      if (read._tag === 'Left') throw new Error(`cannot read ${path}: ${read.left}`);
      return read.right;
    },
    openFile: (name, writable = false) => {
      const path = files.resolve(boardDir, name);
      const opened = files.open(path, writable);
      if (opened._tag === 'Left') throw new Error(`cannot open ${path}: ${opened.left}`);
      return opened.right;
    },
    output,
    serial: () => serial,
    trace: {
      enabled: tracing,
      emit: (e) => {
        if (tracing) traceEvents.push({ ...e, device: id, time: scheduler.now() });
      },
    },
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
    line: output,
    probe,
    history: (name) => probe(name).levels,
    exits,
    console: consoleBytes,
    interruptMessages,
    traceEvents,
    ram,
    memory,
    hostEvent: (name) => {
      const list = hostHandlers.get(name) ?? [];
      list.forEach((h) => h());
      return list.length > 0;
    },
  };
}
