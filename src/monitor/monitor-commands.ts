import type { Machine } from '../machine/machine.js';
import { formatTime } from '../time/units.js';
import type { RunGate } from './run-gate.js';

/** A QMP-style error: `class` as QMP names them, `desc` for people. */
export class MonitorError extends Error {
  constructor(readonly errorClass: 'GenericError' | 'CommandNotFound' | 'DeviceNotFound', desc: string) {
    super(desc);
  }
}

type ArgType = 'string' | 'integer' | 'boolean' | 'address';
interface ArgSpec {
  readonly name: string;
  readonly type: ArgType;
  readonly optional?: boolean;
  readonly description: string;
}
type Args = Record<string, unknown>;

/** One command: what it takes and does, and how. */
export interface MonitorCommand {
  readonly name: string;
  readonly description: string;
  readonly args: readonly ArgSpec[];
  run(args: Args): unknown;
}

/** What the commands act on: the machine, the run gate, and how to end the run. */
export interface MonitorTarget {
  readonly machine: Machine;
  readonly gate: RunGate;
  readonly version: string;
  quit(): void;
  /** More commands (snapshots), added by the run when it offers them. */
  readonly extra?: readonly MonitorCommand[];
}

const hex = (n: number | bigint): string => `0x${n.toString(16)}`;
/** The most a `memory-read` returns at once. */
export const MAX_READ = 65536;

/** Check `args` against a command's parameters, with QMP's wording for what is wrong. */
export function checkArgs(cmd: MonitorCommand, args: unknown): Args {
  if (args === undefined) args = {};
  if (typeof args !== 'object' || args === null || Array.isArray(args)) throw new MonitorError('GenericError', `'arguments' of ${cmd.name} must be an object`);
  const a = args as Args;
  for (const k of Object.keys(a)) if (!cmd.args.some((s) => s.name === k)) throw new MonitorError('GenericError', `Parameter '${k}' is unexpected (${cmd.name} takes ${cmd.args.map((s) => s.name).join(', ') || 'no arguments'})`);
  const out: Args = {};
  for (const s of cmd.args) {
    const v = a[s.name];
    if (v === undefined) {
      if (!s.optional) throw new MonitorError('GenericError', `Parameter '${s.name}' is missing`);
      continue;
    }
    out[s.name] = typed(s, v);
  }
  return out;
}

function typed(s: ArgSpec, v: unknown): unknown {
  const bad = (): never => {
    throw new MonitorError('GenericError', `Invalid parameter type for '${s.name}', expected: ${s.type === 'address' ? 'integer or hex string' : s.type}`);
  };
  switch (s.type) {
    case 'string':
      return typeof v === 'string' ? v : bad();
    case 'boolean':
      return typeof v === 'boolean' ? v : bad();
    case 'integer':
      return typeof v === 'number' && Number.isSafeInteger(v) ? v : bad();
    case 'address': {
      const n = typeof v === 'number' ? v : typeof v === 'string' && /^(0x[0-9a-fA-F]+|\d+)$/.test(v) ? Number(v) : NaN;
      return Number.isSafeInteger(n) && n >= 0 ? n : bad();
    }
  }
}

/** The commands of `chimera run --monitor`. */
export function monitorCommands(t: MonitorTarget): MonitorCommand[] {
  const m = t.machine;
  const cpuOf = (id: string) => {
    const e = m.cpuEntries.find((c) => c.cpu.id === id);
    if (!e) throw new MonitorError('DeviceNotFound', `no CPU "${id}"; CPUs: ${m.cpus.map((c) => c.id).join(', ')}`);
    return e;
  };
  const status = () => ({ status: t.gate.paused ? 'paused' : 'running', running: !t.gate.paused, 'virtual-time': m.scheduler.now() });
  const commands: MonitorCommand[] = [
    { name: 'qmp_capabilities', description: 'accepted for QMP clients; no capabilities to negotiate', args: [], run: () => ({}) },
    { name: 'query-version', description: "Chimera's version", args: [], run: () => ({ chimera: t.version, board: m.board.name }) },
    {
      name: 'query-commands',
      description: 'every command with its description and arguments',
      args: [],
      run: () => all.map((c) => ({ name: c.name, description: c.description, arguments: c.args.map((a) => ({ name: a.name, type: a.type, optional: a.optional === true, description: a.description })) })),
    },
    { name: 'query-status', description: 'running or paused, and the virtual time', args: [], run: status },
    { name: 'query-time', description: 'virtual time in picoseconds and as text', args: [], run: () => ({ ps: m.scheduler.now(), text: formatTime(m.scheduler.now()) }) },
    {
      name: 'query-cpus',
      description: 'every CPU: arch, run state, pc, instructions, local time, and its registers',
      args: [
        { name: 'cpu', type: 'string', optional: true, description: 'only this CPU' },
        { name: 'registers', type: 'boolean', optional: true, description: 'include the registers (default true)' },
      ],
      run: (a) =>
        (a.cpu === undefined ? m.cpuEntries : [cpuOf(a.cpu as string)]).map((e) => ({
          id: e.cpu.id,
          index: e.cpu.index,
          arch: e.cpu.arch,
          model: e.cpu.model,
          state: e.cpu.state,
          pc: hex(e.cpu.pc),
          instructions: e.cpu.instructions,
          'local-time': m.scheduler.cpuTime(e.cpu),
          ...(a.registers === false
            ? {}
            : {
                registers: e.cpu.registers.list().map((r) => {
                  const v = e.cpu.registers.read(r.name);
                  return { name: r.name, bits: r.bits, value: v === undefined ? null : hex(v) };
                }),
              }),
        })),
    },
    {
      name: 'memory-read',
      description: "bytes of RAM or ROM as a CPU's bus sees them (physical addresses; no device registers, whose reads have effects)",
      args: [
        { name: 'cpu', type: 'string', description: 'whose view of the bus' },
        { name: 'address', type: 'address', description: 'physical address (integer or "0x..." string)' },
        { name: 'size', type: 'integer', description: `bytes, 1..${MAX_READ}` },
      ],
      run: (a) => {
        const e = cpuOf(a.cpu as string);
        const address = a.address as number;
        const size = a.size as number;
        if (size < 1 || size > MAX_READ) throw new MonitorError('GenericError', `size ${size}: read 1..${MAX_READ} bytes at a time`);
        if (!e.memory.isMemory(address, size)) throw new MonitorError('GenericError', `${hex(address)}+${size} is not all RAM or ROM for ${e.cpu.id} (device registers are read with device-inspect)`);
        return { cpu: e.cpu.id, address: hex(address), size, data: Buffer.from(e.memory.readBytes(address, size)!).toString('hex') };
      },
    },
    {
      name: 'query-devices',
      description: 'every device: id, plugin, where it sits, and whether it can be inspected',
      args: [],
      run: () => [...m.devices.values()].map((d) => ({ id: d.spec.id, plugin: d.plugin.name, base: d.spec.base === undefined ? null : hex(d.spec.base), inspect: typeof d.device.inspect === 'function' })),
    },
    {
      name: 'device-inspect',
      description: "a device's state as its plugin describes it (registers, FIFOs, pending timers)",
      args: [{ name: 'id', type: 'string', description: 'device id' }],
      run: (a) => {
        const d = m.devices.get(a.id as string);
        if (!d) throw new MonitorError('DeviceNotFound', `no device "${a.id}"; devices: ${[...m.devices.keys()].join(', ')}`);
        if (!d.device.inspect) throw new MonitorError('GenericError', `device "${d.spec.id}" (plugin "${d.plugin.name}") does not describe its state (its plugin has no inspect())`);
        let state;
        try {
          state = d.device.inspect();
        } catch (e) {
          throw new MonitorError('GenericError', `device "${d.spec.id}" (plugin "${d.plugin.name}") failed in inspect(): ${(e as Error).message}`);
        }
        return { id: d.spec.id, plugin: d.plugin.name, state };
      },
    },
    {
      name: 'stop',
      description: 'pause the machine at the next time-slice boundary; virtual time stands still',
      args: [],
      run: () => {
        t.gate.pause();
        return {};
      },
    },
    {
      name: 'cont',
      description: 'resume a paused machine',
      args: [],
      run: () => {
        t.gate.resume();
        return {};
      },
    },
    {
      name: 'quit',
      description: 'end the run now (as Ctrl-A x does)',
      args: [],
      run: () => {
        t.quit();
        return {};
      },
    },
    ...(t.extra ?? []),
  ];
  const all = commands;
  return all;
}
