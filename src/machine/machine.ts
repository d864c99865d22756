import { Either, left, right } from 'fp-ts/lib/Either.js';
import { Subject } from 'rxjs';
import type { ArchContribution, BootProgram } from '../api/arch.js';
import type { Cpu } from '../api/cpu.js';
import type { Device, DevicePlugin, RunOutcome } from '../api/device.js';
import { machineDeviceTree } from '../device-tree/machine-device-tree.js';
import { userDeviceTree } from '../device-tree/user-device-tree.js';
import type { BootImage, MachineControl, StopReason } from '../api/machine-control.js';
import type { DeviceTraceEvent } from '../api/trace-events.js';
import { SimpleInterruptMessageBus } from '../api/interrupt-messages.js';
import { SyncEvents } from '../api/sync-events.js';
import type { BoardSpec, CpuSpec, DeviceSpec } from '../board/board-spec.js';
import type { AddressSpace } from '../memory/address-space.js';
import type { IoPortSpace } from '../memory/io-port-space.js';
import type { Signal } from '../signals/signal.js';
import type { VirtualTimeScheduler } from '../time/virtual-time-scheduler.js';
import { loadElf, loadRaw } from '../loader/image-loader.js';
import { ELF_MACHINE_NAMES, type ElfImage } from '../loader/elf-types.js';
import type { SerialChannel } from './serial-channel.js';
import { asDeviceFault } from './device-fault.js';

export interface MachineCpu {
  readonly cpu: Cpu;
  readonly spec: CpuSpec;
  readonly arch: ArchContribution;
  readonly memory: AddressSpace;
}

export interface MachineDevice {
  readonly device: Device;
  readonly spec: DeviceSpec;
  readonly plugin: DevicePlugin;
}

/**
 * A built board: CPUs, their views of the bus, devices, signals, and virtual time.
 * It is also the `MachineControl` that cores and devices use to stop the run or start CPUs.
 */
export class Machine implements MachineControl {
  private readonly entries: MachineCpu[] = [];
  /** Kept beside cpuEntries so devices can index CPUs without building an array per access. */
  private readonly cpuList: Cpu[] = [];
  readonly devices = new Map<string, MachineDevice>();
  readonly signals: Signal[] = [];
  readonly serial = new Map<string, SerialChannel>();
  readonly deviceEvents = new Subject<DeviceTraceEvent>();
  readonly interruptMessages = new SimpleInterruptMessageBus();
  /** Synchronisation reported by cores and devices; an analysis sets its observer. */
  readonly sync = new SyncEvents();
  /** Run after a snapshot's signal levels are back (wired-OR inputs re-learn their drivers' levels). */
  readonly afterRestore: (() => void)[] = [];
  private readonly images = new Map<string, BootImage>();
  private readonly programs = new Map<string, BootProgram>();
  private readonly hostListeners = new Map<string, (() => void)[]>();
  /** Semihosting console bytes are dropped until the host connects a sink (OutputRouter: stdout). */
  private consoleSink: (byte: number) => void = () => {};

  constructor(
    readonly board: BoardSpec,
    readonly scheduler: VirtualTimeScheduler,
    readonly io: IoPortSpace,
  ) {}

  /** CPUs with their board entry, arch and view of the bus. */
  get cpuEntries(): readonly MachineCpu[] {
    return this.entries;
  }

  get cpus(): readonly Cpu[] {
    return this.cpuList;
  }

  /** Add a built CPU (board order is bus-initiator order). */
  addCpu(entry: MachineCpu): void {
    this.entries.push(entry);
    this.cpuList.push(entry.cpu);
  }

  cpu(id: string): Cpu | undefined {
    return this.cpuEntries.find((e) => e.cpu.id === id)?.cpu;
  }

  exit(status: number, by: string): void {
    this.scheduler.requestStop({ kind: 'exit', status, by });
  }

  console(byte: number): void {
    this.consoleSink(byte);
  }

  /** Route semihosting console output. */
  connectConsole(sink: (byte: number) => void): void {
    this.consoleSink = sink;
  }

  bootImage(cpuId: string): BootImage | undefined {
    return this.images.get(cpuId);
  }

  /** The CPUs an ELF is meant for: `cpuIds` if given, else every CPU whose arch accepts its machine type. */
  elfTargets(image: ElfImage, cpuIds?: readonly string[]): readonly MachineCpu[] {
    return cpuIds ? this.cpuEntries.filter((e) => cpuIds.includes(e.cpu.id)) : this.cpuEntries.filter((e) => e.arch.elfMachines.includes(image.machine));
  }

  /**
   * Load an ELF for the CPUs it is meant for: `cpuIds` if given, else every CPU whose arch
   * accepts the file's machine type.
   */
  loadElf(image: ElfImage, cpuIds?: readonly string[]): Either<string, readonly string[]> {
    const targets = this.elfTargets(image, cpuIds);
    if (targets.length === 0) {
      const kind = ELF_MACHINE_NAMES[image.machine] ?? `machine ${image.machine}`;
      const cpus = this.cpuEntries.map((e) => `${e.cpu.id}=${e.arch.id}`).join(', ');
      return left(`${image.file}: built for ${kind}, which no CPU of board ${this.board.name} runs (CPUs: ${cpus})`);
    }
    for (const t of targets) {
      const r = loadElf(t.memory, image, { arch: t.arch.id, machines: t.arch.elfMachines, littleEndian: t.memory.littleEndian });
      if (r._tag === 'Left') return r;
      this.images.set(t.cpu.id, r.right);
    }
    return right(targets.map((t) => t.cpu.id));
  }

  /** The boot protocol a CPU's board entry names, if it is not the generic `entry` or `reset`. */
  bootProtocol(cpuId: string): { name: string; protocol: NonNullable<ArchContribution['bootProtocols']>[string] } | undefined {
    const e = this.cpuEntries.find((c) => c.cpu.id === cpuId);
    const name = e?.spec.boot;
    const protocol = name ? e.arch.bootProtocols?.[name] : undefined;
    return name && protocol ? { name, protocol } : undefined;
  }

  /** Remember the program a CPU boots with its protocol (checked by the caller with `check`). */
  setBootProgram(cpuId: string, program: BootProgram): void {
    this.programs.set(cpuId, program);
  }

  /** A device listens for a host request (`power-button`). */
  onHostEvent(name: string, handler: () => void): void {
    const list = this.hostListeners.get(name) ?? [];
    list.push(handler);
    this.hostListeners.set(name, list);
  }

  /** Deliver a host request to the devices listening; false when none is (no power button). */
  hostEvent(name: string): boolean {
    const list = this.hostListeners.get(name);
    list?.forEach((h) => h());
    return !!list?.length;
  }

  /**
   * The run is over: let devices commit or drop host-side state (a writable disk image).
   * Returns what could not be done, one message per device.
   */
  finish(outcome: RunOutcome): string[] {
    const errors: string[] = [];
    for (const d of this.devices.values()) {
      const err = d.device.finish?.(outcome);
      if (err) errors.push(`${d.spec.id}: ${err}`);
    }
    return errors;
  }

  /** Load a raw binary at `address` for one CPU. */
  loadRaw(cpuId: string, bytes: Uint8Array, address: number, file: string): Either<string, void> {
    const t = this.cpuEntries.find((e) => e.cpu.id === cpuId);
    if (!t) return left(`no CPU "${cpuId}"`);
    const r = loadRaw(t.memory, bytes, address, file);
    if (r._tag === 'Left') return r;
    this.images.set(cpuId, r.right);
    return right(undefined);
  }

  /**
   * Power-on reset: devices first (they may read boot images), then CPUs at their boot PCs, or
   * in the state their boot protocol hands over. Fails with a message if a protocol cannot boot.
   */
  /**
   * True for a CPU that cannot run in this run: it starts only with a program (`start: program`)
   * and none was loaded. Nothing it alone can reach changes, so snapshots leave it and its
   * private devices out.
   */
  neverStarts(cpuId: string): boolean {
    const e = this.cpuEntries.find((c) => c.cpu.id === cpuId);
    return e !== undefined && e.spec.start === 'program' && !this.images.has(cpuId) && !this.programs.has(cpuId);
  }

  reset(): Either<string, void> {
    for (const d of this.devices.values()) {
      try {
        d.device.reset();
      } catch (e) {
        throw asDeviceFault({ device: d.spec.id, plugin: d.plugin.name }, () => 'reset', e);
      }
    }
    for (const e of this.cpuEntries) {
      const image = this.images.get(e.cpu.id);
      // A program a boot protocol places itself (a Linux Image) counts as loaded too.
      const loaded = image !== undefined || this.programs.has(e.cpu.id);
      e.cpu.reset(e.spec.start === 'program' ? loaded : e.spec.start);
      if (image && e.spec.boot === 'entry') e.cpu.setEntry(image.entry);
      const program = this.programs.get(e.cpu.id);
      const boot = this.bootProtocol(e.cpu.id);
      if (program && boot) {
        const cpuId = e.cpu.id;
        const primary = this.cpuEntries.find((c) => this.programs.get(c.cpu.id) === program)?.cpu.id === cpuId;
        const err = boot.protocol.boot(e.cpu, program, e.memory, {
          primary,
          deviceTree: (chosen) => {
            if (!program.deviceTree) return machineDeviceTree(this, cpuId, chosen);
            const patched = userDeviceTree(program.deviceTree.bytes, chosen);
            return patched._tag === 'Left' ? left(`${program.deviceTree.file}: ${patched.left}`) : patched;
          },
        });
        if (err) return left(`${program.file}: ${err}`);
      }
    }
    return right(undefined);
  }

  /** Run until the guest stops the machine or `maxTime` (ps) of virtual time passes. */
  run(maxTime: number, onSlice?: (time: number) => void): StopReason {
    return this.scheduler.run(maxTime, onSlice);
  }

  /** `run` that also returns undefined between slices when `pause(time)` is true; call again to resume. */
  runSlices(maxTime: number, onSlice: ((time: number) => void) | undefined, pause: (time: number) => boolean): StopReason | undefined {
    return this.scheduler.runSlices(maxTime, onSlice, pause);
  }

  /** Instructions retired by all CPUs. */
  instructions(): number {
    return this.cpuEntries.reduce((n, e) => n + e.cpu.instructions, 0);
  }
}
