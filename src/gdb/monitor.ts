import { formatTime, parseDuration } from '../time/units.js';
import type { DebugController } from './debug-controller.js';

const HELP = `Chimera monitor commands:
  monitor time            virtual time, and each CPU's local time, cycles and instructions
  monitor quantum [T]     show the round-robin quantum, or set it (e.g. 1us)
  monitor cpus            CPUs with arch, model, run state and PC
  monitor devices         devices with plugin, window and the CPUs that see them
  monitor device ID       one device: plugin, window, options, and its state if the plugin can inspect it
`;

const hex = (n: number): string => `0x${n.toString(16)}`;

/** One `monitor` (qRcmd) command → the text gdb prints. Never throws on user input. */
export function monitorCommand(c: DebugController, line: string): string {
  const [cmd, ...args] = line.trim().split(/\s+/);
  const m = c.machine;
  const s = m.scheduler;
  switch (cmd) {
    case '':
    case 'help':
      return HELP;
    case 'time':
      return [`virtual time ${formatTime(s.now())} (${s.now()} ps)`, ...m.cpuEntries.map((e) => `  ${e.cpu.id}: ${formatTime(s.cpuTime(e.cpu))}, ${e.cpu.cycles} cycles, ${e.cpu.instructions} instructions`)].join('\n') + '\n';
    case 'quantum': {
      if (args.length === 0) return `quantum ${formatTime(s.quantum)}\n`;
      const d = parseDuration(args[0]);
      if (d._tag === 'Left') return `quantum: ${d.left}\n`;
      if (d.right <= 0) return 'quantum: must be more than 0\n';
      s.quantum = d.right;
      return `quantum ${formatTime(s.quantum)}\n`;
    }
    case 'cpus':
      return m.cpuEntries.map((e) => `${e.cpu.id}: ${e.arch.id} ${e.cpu.model}, ${e.cpu.state}, pc ${hex(e.cpu.pc)}`).join('\n') + '\n';
    case 'devices':
      return [...m.devices.values()].map((d) => `${d.spec.id}: ${d.spec.plugin}${window(d.spec.base, d.spec.size)}${d.spec.cpus ? ` (cpus ${d.spec.cpus.join(', ')})` : ''}`).join('\n') + '\n';
    case 'device': {
      const d = m.devices.get(args[0] ?? '');
      if (!d) return `device: no device "${args[0] ?? ''}"; devices: ${[...m.devices.keys()].join(', ')}\n`;
      const lines = [`${d.spec.id}: plugin ${d.spec.plugin}${window(d.spec.base, d.spec.size)}`, `options: ${JSON.stringify(d.spec.options)}`];
      // Plugins may offer `inspect()` (their own description of their state, side-effect free).
      const inspect = (d.device as { inspect?: () => unknown }).inspect;
      if (typeof inspect === 'function') lines.push(`state: ${JSON.stringify(inspect.call(d.device), null, 2)}`);
      else if (d.device.memory) lines.push(`memory: ${d.device.memory.size} bytes${d.device.memory.writable ? '' : ' (read-only)'}`);
      else lines.push(`state: plugin ${d.spec.plugin} offers no inspect()`);
      return lines.join('\n') + '\n';
    }
    default:
      return `unknown monitor command "${cmd}"\n${HELP}`;
  }
}

function window(base: number | undefined, size: number | undefined): string {
  return base === undefined ? '' : ` at ${hex(base)}${size === undefined ? '' : `+${hex(size)}`}`;
}
