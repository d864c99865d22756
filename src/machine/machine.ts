import { Either, left, right } from 'fp-ts/lib/Either.js';
import { Subject } from 'rxjs';
import type { ArchContribution, BootProgram } from '../api/arch.js';
import type { Cpu } from '../api/cpu.js';
import type { Device, DevicePlugin } from '../api/device.js';
import type { BootImage, MachineControl, StopReason } from '../api/machine-control.js';
import type { DeviceTraceEvent } from '../api/trace-events.js';
import { SimpleInterruptMessageBus } from '../api/interrupt-messages.js';
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
  private readonly images = new Map<string, BootImage>();
  private readonly programs = new Map<string, BootProgram>();
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
      e.cpu.reset(e.spec.start === 'program' ? image !== undefined : e.spec.start);
      if (image && e.spec.boot === 'entry') e.cpu.setEntry(image.entry);
      const program = this.programs.get(e.cpu.id);
      const boot = this.bootProtocol(e.cpu.id);
      if (program && boot) {
        const err = boot.protocol.boot(e.cpu, program, e.memory);
        if (err) return left(`${program.file}: ${err}`);
      }
    }
    return right(undefined);
  }

  /** Run until the guest stops the machine or `maxTime` (ps) of virtual time passes. */
  run(maxTime: number, onSlice?: (time: number) => void): StopReason {
    return this.scheduler.run(maxTime, onSlice);
  }

  /** Instructions retired by all CPUs. */
  instructions(): number {
    return this.cpuEntries.reduce((n, e) => n + e.cpu.instructions, 0);
  }
}
