import { Either, left, right } from 'fp-ts/lib/Either.js';
import type { Container } from 'inversify';
import type { ArchContribution } from '../api/arch.js';
import type { CpuContext } from '../api/cpu.js';
import type { Device, DeviceContext, DevicePlugin } from '../api/device.js';
import type { Logger } from '../api/logger.js';
import type { DeviceTracer } from '../api/trace-events.js';
import type { DeviceSync } from '../api/sync-events.js';
import type { ArchProvider } from '../arch/arch-provider.js';
import type { BoardSpec, DeviceSpec } from '../board/board-spec.js';
import { AddressSpace } from '../memory/address-space.js';
import { AddressSpaceDma } from '../memory/dma-view.js';
import { IoPortSpace } from '../memory/io-port-space.js';
import type { PluginProvider } from '../plugin/plugin-provider.js';
import type { HostFiles } from '../runtime/host-files.js';
import { Signal, wiredOrGroup, type SignalSink } from '../signals/signal.js';
import { validateAgainst } from '../util/json-schema.js';
import { userError, type UserError } from '../util/user-error.js';
import { VirtualTimeScheduler } from '../time/virtual-time-scheduler.js';
import { asDeviceFault, guardScheduler, guardSink, type DeviceIdentity } from './device-fault.js';
import { Machine } from './machine.js';
import { SerialChannel } from './serial-channel.js';

const hex = (n: number): string => `0x${n.toString(16)}`;

/**
 * Builds a Machine from a checked board: loads the arches and plugins it names, gives every CPU
 * its view of the bus, maps devices, and wires signals. Every failure names the board path.
 */
export class MachineBuilder {
  constructor(
    private readonly container: Container,
    private readonly arches: ArchProvider,
    private readonly plugins: PluginProvider,
    private readonly log: Logger,
    private readonly files: HostFiles,
  ) {}

  async build(board: BoardSpec, quantum = board.quantum): Promise<Either<UserError, Machine>> {
    const errors: string[] = [];
    const fail = (): Either<UserError, Machine> => left(userError('board', errors.map((e) => `${board.file}: ${e}`).join('\n')));
    const scheduler = new VirtualTimeScheduler(quantum);
    const machine = new Machine(board, scheduler, new IoPortSpace());

    // Arches and plugins first: what each board entry names, and its options. Every entry is
    // checked even after a failure, so one pass reports every problem.
    const archOf = await this.loadArches(board.cpus, errors);
    const plugins = await this.loadPlugins(board, errors);

    const spaces = new Map<string, AddressSpace>();
    board.cpus.forEach((c, index) => {
      const arch = archOf.get(c.arch);
      // A CPU whose arch failed still gets a view, so the memory map is checked too.
      spaces.set(c.id, new AddressSpace(c.id, arch ? (arch.isLittleEndian ? arch.isLittleEndian(c.options) : arch.littleEndian) : true, index));
    });

    // Devices: created, then mapped into the views that see them.
    const deviceOutputs = new Map<string, Map<string, Signal>>();
    for (const spec of board.devices) {
      const plugin = plugins.get(spec.id);
      if (!plugin) continue;
      const outputs = new Map<string, Signal>();
      deviceOutputs.set(spec.id, outputs);
      const device = this.createDevice(plugin, spec, board, machine, outputs, spaces, errors);
      if (!device) continue;
      machine.devices.set(spec.id, { device, spec, plugin });
      this.mapDevice(device, plugin, spec, board, spaces, machine.io, errors);
    }
    if (errors.length) return fail();

    // CPUs.
    for (const [index, c] of board.cpus.entries()) {
      const arch = archOf.get(c.arch)!;
      const memory = spaces.get(c.id)!;
      const ctx: CpuContext = {
        id: c.id,
        index,
        model: c.model ?? arch.models[0],
        frequency: c.frequency,
        memory,
        io: machine.io,
        scheduler,
        machine,
        log: this.log.child(c.id),
        options: c.options,
        output: (name) => this.signal(machine, `${c.id}.${name}`),
        onStateChange: scheduler.onStateChange,
        sync: machine.sync,
      };
      const cpu = arch.createCpu(ctx);
      machine.addCpu({ cpu, spec: c, arch, memory });
      scheduler.addCpu(cpu, c.frequency);
    }

    this.wire(board, machine, deviceOutputs, errors);
    if (errors.length) return fail();
    return right(machine);
  }

  /**
   * Load what a board names and check the options against the arches' and plugins' schemas,
   * without building anything. `chimera validate` runs this on the well-formed entries of a board
   * that has other errors, so it reports those too.
   */
  async checkEntries(board: Pick<BoardSpec, 'cpus' | 'devices' | 'dir'>): Promise<string[]> {
    const errors: string[] = [];
    await this.loadArches(board.cpus, errors);
    await this.loadPlugins(board, errors);
    return errors;
  }

  private async loadArches(cpus: BoardSpec['cpus'], errors: string[]): Promise<Map<string, ArchContribution>> {
    const archOf = new Map<string, ArchContribution>();
    const failed = new Set<string>();
    for (const c of cpus) {
      if (archOf.has(c.arch) || failed.has(c.arch)) continue;
      const a = await this.arches.load(c.arch, this.container);
      if (a._tag === 'Left') {
        errors.push(`${c.path}.arch: ${a.left.message}`);
        failed.add(c.arch);
      } else archOf.set(c.arch, a.right);
    }
    for (const c of cpus) {
      const arch = archOf.get(c.arch);
      if (!arch) continue;
      if (c.model !== undefined && !arch.models.includes(c.model)) errors.push(`${c.path}.model: arch ${arch.id} has no model "${c.model}"; models: ${arch.models.join(', ')}`);
      if (arch.optionsSchema) errors.push(...validateAgainst(arch.optionsSchema, c.options, `${c.path}.options`));
      if (c.boot !== 'entry' && c.boot !== 'reset' && !arch.bootProtocols?.[c.boot]) {
        const offered = ['entry', 'reset', ...Object.keys(arch.bootProtocols ?? {})];
        errors.push(`${c.path}.boot: arch ${arch.id} has no boot protocol "${c.boot}"; it offers ${offered.join(', ')}`);
      }
    }
    return archOf;
  }

  /** Plugins by device id; a plugin that may not or cannot load, or whose options are wrong, is an error. */
  private async loadPlugins(board: Pick<BoardSpec, 'devices' | 'dir'>, errors: string[]): Promise<Map<string, DevicePlugin>> {
    const byDevice = new Map<string, DevicePlugin>();
    for (const spec of board.devices) {
      const p = await this.plugins.load(spec.plugin, board.dir);
      if (p._tag === 'Left') {
        errors.push(`${spec.path}.plugin: ${p.left.message}`);
        continue;
      }
      const plugin = p.right;
      if (plugin.optionsSchema) {
        const bad = validateAgainst(plugin.optionsSchema, spec.options, `${spec.path}.options`);
        if (bad.length) {
          errors.push(...bad);
          continue;
        }
      }
      byDevice.set(spec.id, plugin);
    }
    return byDevice;
  }

  private signal(machine: Machine, name: string, width = 1): Signal {
    const s = new Signal(name, machine.scheduler, width);
    machine.signals.push(s);
    return s;
  }

  private createDevice(
    plugin: DevicePlugin,
    spec: DeviceSpec,
    board: BoardSpec,
    machine: Machine,
    outputs: Map<string, Signal>,
    spaces: Map<string, AddressSpace>,
    errors: string[],
  ): Device | undefined {
    // A bus master sees memory as the first CPU that sees the device does.
    const dmaCpu = spec.cpus?.[0] ?? board.cpus[0].id;
    const tracer: DeviceTracer = {
      get enabled() {
        return machine.deviceEvents.observed;
      },
      emit: (e) => {
        if (machine.deviceEvents.observed) machine.deviceEvents.next({ ...e, device: spec.id, time: machine.scheduler.now() });
      },
    };
    const sync = machine.sync;
    const deviceSync: DeviceSync = {
      get enabled() {
        return sync.observer !== null;
      },
      send: (message, initiator) => sync.observer?.messageSent(spec.id, message, initiator),
      receive: (message, initiator) => sync.observer?.messageReceived(spec.id, message, initiator),
    };
    const who: DeviceIdentity = { device: spec.id, plugin: plugin.name };
    const ctx: DeviceContext = {
      id: spec.id,
      options: spec.options as Record<string, unknown>,
      scheduler: guardScheduler(who, machine.scheduler),
      log: this.log.child(spec.id),
      machine,
      cpuCount: board.cpus.length,
      boardDir: board.dir,
      readFile: (name) => {
        const path = this.files.resolve(board.dir, name);
        const read = this.files.read(path);
        if (read._tag === 'Left') throw new Error(`cannot read ${path}: ${read.left}`);
        return read.right;
      },
      openFile: (name, writable = false) => {
        const path = this.files.resolve(board.dir, name);
        const opened = this.files.open(path, writable);
        if (opened._tag === 'Left') throw new Error(`cannot open ${path}: ${opened.left}`);
        return opened.right;
      },
      output: (name, width = 1) => {
        let s = outputs.get(name);
        if (!s) outputs.set(name, (s = this.signal(machine, `${spec.id}.${name}`, width)));
        return s;
      },
      serial: () => {
        let ch = machine.serial.get(spec.id);
        if (!ch) machine.serial.set(spec.id, (ch = new SerialChannel(spec.id, machine.scheduler)));
        return ch;
      },
      trace: tracer,
      sync: deviceSync,
      dma: new AddressSpaceDma(() => spaces.get(dmaCpu)!),
      onHostEvent: (name, handler) => machine.onHostEvent(name, handler),
    };
    try {
      return plugin.create(ctx);
    } catch (e) {
      errors.push(`${spec.path} (${spec.id}): plugin "${plugin.name}" refused its options: ${(e as Error).message}`);
      return undefined;
    }
  }

  private mapDevice(device: Device, plugin: DevicePlugin, spec: DeviceSpec, board: BoardSpec, spaces: Map<string, AddressSpace>, io: IoPortSpace, errors: string[]): void {
    const hasRegisters = !!(device.read || device.write || device.ioRead || device.ioWrite);
    if (!device.memory && !hasRegisters) return;
    if (spec.base === undefined) {
      errors.push(`${spec.path}.base: device "${spec.id}" has registers or memory, so it needs a base address`);
      return;
    }
    // Every call into the plugin names the device if it throws (try/catch costs nothing until then).
    const who: DeviceIdentity = { device: spec.id, plugin: plugin.name };
    if (spec.space === 'io') {
      const base = spec.base;
      // Every window reaches the device as an offset from its base.
      const mapWindow = (start: number, size: number, path: string): void => {
        const shift = start - base;
        const err = io.map(spec.id, start, size, {
          in: (o, s, i) => {
            try {
              return device.ioRead?.(o + shift, s, i) ?? 0xffffffff;
            } catch (e) {
              throw asDeviceFault(who, () => `port read of ${s} bytes at offset ${hex(o + shift)}`, e);
            }
          },
          out: (o, s, v, i) => {
            try {
              device.ioWrite?.(o + shift, s, v, i);
            } catch (e) {
              throw asDeviceFault(who, () => `port write of ${s} bytes at offset ${hex(o + shift)}`, e);
            }
          },
        });
        if (err) errors.push(`${path}: ${err}`);
      };
      mapWindow(base, spec.size ?? plugin.defaultSize ?? 1, `${spec.path}.base`);
      spec.windows.forEach((w, j) => mapWindow(w.base, w.size, `${spec.path}.windows[${j}]`));
      return;
    }
    const size = device.memory?.size ?? spec.size ?? plugin.defaultSize;
    if (size === undefined) {
      errors.push(`${spec.path}.size: plugin "${plugin.name}" has no default size; give one`);
      return;
    }
    const handler = {
      read: (o: number, s: 1 | 2 | 4, i: number) => {
        try {
          return device.read ? device.read(o, s, i) : 0;
        } catch (e) {
          throw asDeviceFault(who, () => `read of ${s} bytes at offset ${hex(o)}`, e);
        }
      },
      write: (o: number, s: 1 | 2 | 4, v: number, i: number) => {
        try {
          device.write?.(o, s, v, i);
        } catch (e) {
          throw asDeviceFault(who, () => `write of ${s} bytes at offset ${hex(o)} (value ${hex(v >>> 0)})`, e);
        }
      },
    };
    for (const c of board.cpus) {
      if (spec.cpus && !spec.cpus.includes(c.id)) continue;
      const base = spec.at[c.id] ?? spec.base;
      const space = spaces.get(c.id)!;
      const err = device.memory ? space.mapMemory(base, device.memory) : space.mapMmio(spec.id, base, size, handler, plugin.maxAccessSize ?? 4);
      if (err) errors.push(`${spec.path}: ${spec.id} at ${hex(base)} for ${c.id}: ${err}`);
    }
  }

  /** Connect outputs to inputs. Several outputs driving one input are OR-ed. */
  private wire(board: BoardSpec, machine: Machine, deviceOutputs: Map<string, Map<string, Signal>>, errors: string[]): void {
    const drivers = new Map<string, { signal: Signal; path: string }[]>();
    const inputSink = (endpoint: string, path: string): SignalSink | undefined => {
      const [node, port] = split(endpoint);
      const cpu = machine.cpu(node);
      if (cpu) {
        const sink = cpu.input(port);
        if (!sink) errors.push(`${path}: CPU "${node}" has no input "${port}"`);
        return sink;
      }
      const d = machine.devices.get(node);
      const sink = d?.device.input?.(port);
      if (!sink) errors.push(`${path}: device "${node}" has no input "${port}"`);
      return sink && d ? guardSink({ device: node, plugin: d.plugin.name }, port, sink) : undefined;
    };
    const outputSignal = (endpoint: string, path: string): Signal | undefined => {
      const [node, port] = split(endpoint);
      const cpu = machine.cpu(node);
      const known = cpu ? undefined : deviceOutputs.get(node);
      const s = cpu ? cpu.output(port) : known?.get(port);
      if (!s) errors.push(`${path}: ${cpu ? 'CPU' : 'device'} "${node}" has no output "${port}"${known ? ` (it has: ${[...known.keys()].join(', ') || 'none'})` : ''}`);
      return s;
    };
    const add = (signal: Signal | undefined, target: string, path: string): void => {
      if (!signal) return;
      const list = drivers.get(target) ?? [];
      list.push({ signal, path });
      drivers.set(target, list);
    };
    const nodes = [...board.cpus, ...board.devices];
    for (const n of nodes) {
      for (const [port, targets] of Object.entries(n.outputs)) {
        for (const t of targets) add(outputSignal(`${n.id}.${port}`, `${n.path}.outputs.${port}`), t, `${n.path}.outputs.${port}`);
      }
      for (const [port, source] of Object.entries(n.inputs)) add(outputSignal(source, `${n.path}.inputs.${port}`), `${n.id}.${port}`, `${n.path}.inputs.${port}`);
    }
    for (const [target, list] of drivers) {
      const sink = inputSink(target, list[0].path);
      if (!sink) continue;
      if (list.length === 1) list[0].signal.connect(sink);
      else {
        const group = wiredOrGroup(sink, list.length);
        group.sinks.forEach((s, i) => list[i].signal.connect(s));
        machine.afterRestore.push(() => group.resync(list.map((d) => d.signal.level)));
      }
    }
  }
}

function split(endpoint: string): [string, string] {
  const dot = endpoint.indexOf('.');
  return [endpoint.slice(0, dot), endpoint.slice(dot + 1)];
}
