import type { Machine } from '../machine/machine.js';
import { formatTime } from '../time/units.js';
import type { Race, RaceSide } from './race-detector.js';
import { Symbolizer } from './symbolizer.js';

/** One side of a reported race, ready to print or serialise. */
export interface RaceReportSide {
  readonly cpu: string;
  readonly arch: string;
  readonly access: 'read' | 'write';
  readonly pc: number;
  readonly symbol?: string;
  /** The address as this CPU sees the byte (views may place shared memory differently). */
  readonly address: number;
  /** Virtual time of the access in ps (the CPU's local time). */
  readonly time: number;
}

export interface RaceReportEntry {
  readonly memory: string;
  readonly offset: number;
  readonly size: number;
  readonly count: number;
  readonly first: RaceReportSide;
  readonly second: RaceReportSide;
}

/** Races with CPU names, symbols and per-CPU addresses, in the order they were found. */
export function describeRaces(machine: Machine, races: readonly Race[]): RaceReportEntry[] {
  const symbols = new Map<number, Symbolizer>();
  const symbolizer = (cpu: number): Symbolizer => {
    let s = symbols.get(cpu);
    if (!s) symbols.set(cpu, (s = Symbolizer.fromFile(machine.bootImage(machine.cpus[cpu].id)?.file)));
    return s;
  };
  const backingBase = (name: string, cpu: number): number | undefined => {
    for (const d of machine.devices.values()) {
      const m = d.device.memory;
      if (m?.name !== name) continue;
      return m.mappings.find((x) => x.space.initiator === cpu)?.base;
    }
    return undefined;
  };
  const side = (r: Race, s: RaceSide): RaceReportSide => {
    const cpu = machine.cpus[s.cpu];
    const symbol = symbolizer(s.cpu).lookup(s.pc);
    return {
      cpu: cpu.id,
      arch: cpu.arch,
      access: s.write ? 'write' : 'read',
      pc: s.pc,
      ...(symbol !== undefined ? { symbol } : {}),
      address: (backingBase(r.backing, s.cpu) ?? 0) + r.offset,
      time: s.time,
    };
  };
  return races.map((r) => ({ memory: r.backing, offset: r.offset, size: r.size, count: r.count, first: side(r, r.first), second: side(r, r.second) }));
}

const hex = (n: number): string => `0x${n.toString(16).padStart(8, '0')}`;

/** The text report `chimera run --races` prints on stderr. At most `limit` pairs are shown. */
export function formatRaces(entries: readonly RaceReportEntry[], accesses: number, limit = 20): string {
  if (entries.length === 0) return `races: none found (${accesses} shared-memory accesses checked)\n`;
  const lines = [`races: ${entries.length} unsynchronised pair${entries.length === 1 ? '' : 's'} of accesses to shared memory (${accesses} accesses checked)`];
  entries.slice(0, limit).forEach((e, i) => {
    lines.push(`race ${i + 1}: ${e.memory}+0x${e.offset.toString(16)}, ${e.count} time${e.count === 1 ? '' : 's'}`);
    for (const s of [e.first, e.second]) {
      const at = s.symbol ? ` <${s.symbol}>` : '';
      lines.push(`  ${s.access.padEnd(5)} by ${s.cpu} (${s.arch}) at pc ${hex(s.pc)}${at}, address ${hex(s.address)}, t = ${formatTime(s.time)}`);
    }
  });
  if (entries.length > limit) lines.push(`... and ${entries.length - limit} more pairs`);
  return lines.join('\n') + '\n';
}
