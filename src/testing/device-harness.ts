import type { Device, DevicePlugin } from '../api/device.js';
import type { MemoryBacking } from '../memory/memory-backing.js';
import { AddressSpace } from '../memory/address-space.js';
import { IoPortSpace } from '../memory/io-port-space.js';
import { checkPlugin } from '../plugin/plugin-provider.js';
import { Signal } from '../signals/signal.js';
import { validateAgainst } from '../util/json-schema.js';
import type { SignalProbe } from './signal-probe.js';
import { createTestContext, type TestContextOptions, type TestEnvironment } from './test-context.js';
import { durationPs, type Duration } from './test-scheduler.js';

/** How a device is put on the test bench. */
export interface DeviceHarnessOptions<O> extends TestContextOptions {
  /** The device's `devices[].options`; checked against the plugin's schema as a board's are. */
  readonly options?: O;
  /** Size of the register window (default: the plugin's `defaultSize`, else 4 KiB). */
  readonly size?: number;
  /**
   * The byte order of the CPU making accesses (default little). Registers are values, so it
   * matters only for accesses wider than the device takes, which the bus splits: the order of
   * the pieces within the value is the CPU's.
   */
  readonly byteOrder?: 'little' | 'big';
}

type AccessSize = 1 | 2 | 4 | 8;

/**
 * A device plugin on a test bench, with no CPU and no board: the plugin is checked as the runtime
 * checks it (API version, shape, options against its schema), created with a test context and
 * reset. Register accesses go through a real bus view, so accesses wider than the plugin's
 * `maxAccessSize` are split as on a machine and an access outside the window fails the test.
 *
 * ```ts
 * const h = createDeviceHarness(counter, { options: { frequency: 1_000_000 } });
 * h.write32(CTRL, 1);
 * h.advance('10us');
 * expect(h.read32(COUNT)).to.equal(10);
 * expect(h.output('irq').level).to.equal(1);
 * ```
 */
export class DeviceHarness<O = Record<string, unknown>> {
  /** The device instance the plugin created. */
  readonly device: Device;
  /** The test context around it: scheduler, serial, CPUs, log, exits, trace events. */
  readonly env: TestEnvironment<O>;
  /** Size of the register window. */
  readonly size: number;
  private readonly views = new Map<number, AddressSpace>();
  private readonly ports = new IoPortSpace();
  private readonly inputs = new Map<string, Signal>();
  private readonly littleEndian: boolean;

  constructor(readonly plugin: DevicePlugin<O>, opts: DeviceHarnessOptions<O> = {}) {
    const checked = checkPlugin(plugin, plugin?.name ?? '(unnamed)');
    if (checked._tag === 'Left') throw new Error(checked.left.message);
    const options = (opts.options ?? {}) as O;
    if (plugin.optionsSchema) {
      const bad = validateAgainst(plugin.optionsSchema, options, 'options');
      if (bad.length) throw new Error(`plugin "${plugin.name}" refuses these options:\n${bad.join('\n')}`);
    }
    this.env = createTestContext(options, opts);
    this.littleEndian = (opts.byteOrder ?? 'little') === 'little';
    this.device = plugin.create(this.env.ctx);
    this.size = this.device.memory?.size ?? opts.size ?? plugin.defaultSize ?? 0x1000;
    const device = this.device;
    this.ports.map(this.env.ctx.id, 0, Math.min(this.size, 0x10000), {
      in: (o, s, i) => device.ioRead?.(o, s, i) ?? 0xffffffff,
      out: (o, s, v, i) => device.ioWrite?.(o, s, v, i),
    });
    device.reset();
  }

  /** The memory a RAM-like device exposes, if any. */
  get memory(): MemoryBacking | undefined {
    return this.device.memory;
  }

  // ---- registers, as a CPU reaches them over the bus ----

  /** Read `size` bytes at `offset` as CPU `initiator` would (1, 2 or 4 bytes; 8 via `read64`). */
  read(offset: number, size: 1 | 2 | 4 = 4, initiator = 0): number {
    const view = this.view(initiator);
    this.check(offset, size, 'read');
    view.faulted = false;
    const v = view.readAccess(offset, size);
    if (view.faulted) throw new Error(`read of ${size} bytes at offset 0x${offset.toString(16)} faulted`);
    return v >>> 0;
  }

  /** Write `value` (`size` bytes) at `offset` as CPU `initiator` would. */
  write(offset: number, size: 1 | 2 | 4, value: number, initiator = 0): void {
    const view = this.view(initiator);
    this.check(offset, size, 'write');
    view.faulted = false;
    view.writeAccess(offset, size, value >>> 0);
    if (view.faulted) throw new Error(`write of ${size} bytes at offset 0x${offset.toString(16)} faulted`);
  }

  read8(offset: number, initiator = 0): number {
    return this.read(offset, 1, initiator);
  }
  read16(offset: number, initiator = 0): number {
    return this.read(offset, 2, initiator);
  }
  read32(offset: number, initiator = 0): number {
    return this.read(offset, 4, initiator);
  }
  write8(offset: number, value: number, initiator = 0): void {
    this.write(offset, 1, value, initiator);
  }
  write16(offset: number, value: number, initiator = 0): void {
    this.write(offset, 2, value, initiator);
  }
  write32(offset: number, value: number, initiator = 0): void {
    this.write(offset, 4, value, initiator);
  }

  /** An 8-byte read, split by the bus as `maxAccessSize` says, assembled in the CPU's byte order. */
  read64(offset: number, initiator = 0): bigint {
    const view = this.view(initiator);
    this.check(offset, 8, 'read');
    view.faulted = false;
    const lo = view.readAccess(offset, 8);
    const hi = view.accessHi;
    if (view.faulted) throw new Error(`read of 8 bytes at offset 0x${offset.toString(16)} faulted`);
    return (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0);
  }

  /** An 8-byte write, split by the bus as `maxAccessSize` says. */
  write64(offset: number, value: bigint, initiator = 0): void {
    const view = this.view(initiator);
    this.check(offset, 8, 'write');
    view.faulted = false;
    view.writeAccess(offset, 8, Number(value & 0xffffffffn), Number((value >> 32n) & 0xffffffffn));
    if (view.faulted) throw new Error(`write of 8 bytes at offset 0x${offset.toString(16)} faulted`);
  }

  /** An x86 port read at `offset` from the device's base port (`space: io` devices). */
  in(offset: number, size: 1 | 2 | 4 = 1, initiator = 0): number {
    return this.ports.in(offset, size, initiator);
  }

  /** An x86 port write at `offset` from the device's base port. */
  out(offset: number, size: 1 | 2 | 4, value: number, initiator = 0): void {
    this.ports.out(offset, size, value, initiator);
  }

  // ---- lines ----

  /** Watch the device's output line `name`: `level`, and `changes` with their times. */
  output(name: string): SignalProbe {
    return this.env.probe(name);
  }

  /**
   * A line driving the device's input `name`, connected as a board wires it: `raise()`, `lower()`,
   * `set(level)`. Throws when the device has no such input.
   */
  input(name: string, width = 1): Signal {
    let s = this.inputs.get(name);
    if (s) return s;
    const sink = this.device.input?.(name);
    if (!sink) throw new Error(`device "${this.env.ctx.id}" (plugin ${this.plugin.name}) has no input "${name}"`);
    s = new Signal(`test.${name}`, this.env.scheduler, width);
    s.connect(sink);
    this.inputs.set(name, s);
    return s;
  }

  // ---- time ----

  /** Virtual time now, in ps. */
  now(): number {
    return this.env.scheduler.now();
  }

  /** Let `d` of virtual time pass (ps, or a duration such as `'10us'`), firing the device's events. */
  advance(d: Duration): void {
    this.env.scheduler.advance(d);
  }

  /** Let virtual time reach `time` (ps, or a duration from time 0). */
  advanceTo(time: Duration): void {
    this.env.scheduler.advanceTo(durationPs(time));
  }

  /** Power-on reset again. */
  reset(): void {
    this.device.reset();
  }

  // ---- what the device did ----

  get serial() {
    return this.env.serial;
  }
  get log(): readonly string[] {
    return this.env.log.messages;
  }
  get exits() {
    return this.env.exits;
  }
  get traceEvents() {
    return this.env.traceEvents;
  }
  get cpus() {
    return this.env.cpus;
  }

  private view(initiator: number): AddressSpace {
    let v = this.views.get(initiator);
    if (v) return v;
    v = new AddressSpace(`cpu${initiator}`, this.littleEndian, initiator);
    const device = this.device;
    const err = device.memory
      ? v.mapMemory(0, device.memory)
      : v.mapMmio(
          this.env.ctx.id,
          0,
          this.size,
          { read: (o, s, i) => (device.read ? device.read(o, s, i) : 0), write: (o, s, val, i) => device.write?.(o, s, val, i) },
          this.plugin.maxAccessSize ?? 4,
        );
    if (err) throw new Error(`cannot map device "${this.env.ctx.id}": ${err}`);
    this.views.set(initiator, v);
    return v;
  }

  private check(offset: number, size: AccessSize, what: string): void {
    if (!Number.isInteger(offset) || offset < 0 || offset + size > this.size) {
      throw new Error(`${what} of ${size} bytes at offset 0x${offset.toString(16)} lies outside the device window (0x${this.size.toString(16)} bytes)`);
    }
  }
}

/** Put a device plugin on the test bench (see `DeviceHarness`). */
export function createDeviceHarness<O>(plugin: DevicePlugin<O>, opts: DeviceHarnessOptions<O> = {}): DeviceHarness<O> {
  return new DeviceHarness(plugin, opts);
}
