import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { Either, left, right } from 'fp-ts/lib/Either.js';
import type { SavedState } from '../api/device-state.js';
import type { Machine } from '../machine/machine.js';
import { PAGE_SIZE } from '../memory/memory-backing.js';
import type { SchedulerState } from '../time/virtual-time-scheduler.js';

/** Version of the snapshot layout; a file of another version is refused. */
export const SNAPSHOT_VERSION = 1;

/** Which board and programs a snapshot belongs to: a restore must build the same machine. */
export interface SnapshotIdentity {
  readonly board: string;
  /** Hash of the board as parsed (CPUs, devices, wiring, clocks; parameters applied). */
  readonly boardHash: string;
  /** Per CPU with a program: the file's name and the hash of its bytes. */
  readonly images: Readonly<Record<string, { file: string; sha256: string }>>;
}

/**
 * A whole machine between two time slices, as data: every CPU's architectural state, every
 * memory's non-zero pages, every device's saved state, every signal's level, and the scheduler
 * (virtual time, CPU local times, pending events by time, order, owner and label). Holding no
 * closure, it can be kept in memory (reverse execution) or written to a file.
 */
export interface MachineSnapshot {
  readonly version: number;
  readonly identity: SnapshotIdentity;
  readonly time: number;
  readonly scheduler: SchedulerState;
  readonly cpus: Readonly<Record<string, SavedState>>;
  readonly devices: Readonly<Record<string, SavedState>>;
  /** Per memory device: page number → page bytes, non-zero pages only. */
  readonly memory: Readonly<Record<string, ReadonlyMap<number, Uint8Array>>>;
  readonly signals: Readonly<Record<string, number>>;
}

const sha256 = (data: Uint8Array | string): string => createHash('sha256').update(data).digest('hex');

/** The board and programs of a machine, as a snapshot records them. */
export function machineIdentity(machine: Machine): SnapshotIdentity {
  const { file: _f, dir: _d, ...board } = machine.board as unknown as Record<string, unknown>;
  const images: Record<string, { file: string; sha256: string }> = {};
  const hashes = new Map<string, string>();
  for (const c of machine.cpus) {
    const img = machine.bootImage(c.id);
    if (!img) continue;
    let h = hashes.get(img.file);
    if (h === undefined) hashes.set(img.file, (h = sha256(readFileSync(img.file))));
    images[c.id] = { file: basename(img.file), sha256: h };
  }
  return { board: machine.board.name, boardHash: sha256(JSON.stringify(board, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))), images };
}

/**
 * CPUs a snapshot leaves out, and whether a device is left out with them: a CPU that never starts
 * in this run (`start: program` with nothing loaded, e.g. chimera-soc's x86 core under a two-CPU
 * program set) and the devices only such CPUs can reach keep their reset state, which a machine
 * built for the restore has too.
 */
interface LeftOut {
  cpu(id: string): boolean;
  device(d: { spec: { cpus?: readonly string[] } }): boolean;
}

function leftOut(machine: Machine): LeftOut {
  const idle = new Set(machine.cpuEntries.filter((e) => machine.neverStarts(e.cpu.id)).map((e) => e.cpu.id));
  return {
    cpu: (id) => idle.has(id),
    device: (d) => d.spec.cpus !== undefined && d.spec.cpus.length > 0 && d.spec.cpus.every((c) => idle.has(c)),
  };
}

/** What cannot be saved, one message per device or CPU; empty when a snapshot can be taken. */
export function unsnapshottable(machine: Machine, skip: LeftOut = leftOut(machine)): string[] {
  const out: string[] = [];
  if (machine.scheduler.hasPolicy) out.push('a schedule policy (--jitter, --pct) is in use; its random state is not part of a snapshot');
  for (const e of machine.cpuEntries) if (!skip.cpu(e.cpu.id) && (!e.cpu.saveState || !e.cpu.restoreState)) out.push(`CPU "${e.cpu.id}" (arch "${e.arch.id}") has no saveState/restoreState`);
  const byPlugin = new Map<string, string[]>();
  for (const d of machine.devices.values()) {
    if ((d.device.save && d.device.restore) || skip.device(d)) continue;
    const stateless = d.device.memory && !d.device.read && !d.device.write && !d.device.ioRead && !d.device.ioWrite && !d.device.input;
    if (!stateless) byPlugin.set(d.plugin.name, [...(byPlugin.get(d.plugin.name) ?? []), d.spec.id]);
  }
  for (const [plugin, ids] of byPlugin) out.push(`plugin "${plugin}" does not implement save/restore (device${ids.length > 1 ? 's' : ''} ${ids.join(', ')})`);
  return out;
}

/** Take a snapshot between time slices. Fails naming every CPU and device that cannot be saved. */
export function takeSnapshot(machine: Machine): Either<string, MachineSnapshot> {
  const skip = leftOut(machine);
  const missing = unsnapshottable(machine, skip);
  if (missing.length) return left(`cannot take a snapshot of board ${machine.board.name}: ${missing.join('; ')}`);
  const cpus: Record<string, SavedState> = {};
  for (const c of machine.cpus) if (!skip.cpu(c.id)) cpus[c.id] = c.saveState!();
  const devices: Record<string, SavedState> = {};
  const memory: Record<string, Map<number, Uint8Array>> = {};
  for (const d of machine.devices.values()) {
    if (skip.device(d)) continue;
    if (d.device.save) {
      try {
        devices[d.spec.id] = d.device.save();
      } catch (e) {
        return left(`cannot take a snapshot: device "${d.spec.id}" (plugin "${d.plugin.name}") cannot save its state: ${(e as Error).message}`);
      }
    }
    const m = d.device.memory;
    if (!m) continue;
    const pages = new Map<number, Uint8Array>();
    for (let off = 0, p = 0; off < m.size; off += PAGE_SIZE, p++) {
      const page = m.bytes.subarray(off, Math.min(off + PAGE_SIZE, m.size));
      if (page.some((b) => b !== 0)) pages.set(p, page.slice());
    }
    memory[d.spec.id] = pages;
  }
  const signals: Record<string, number> = {};
  for (const s of machine.signals) signals[s.name] = s.level;
  // Device state goes through JSON so the in-memory snapshot shares nothing with the live devices.
  return right({
    version: SNAPSHOT_VERSION,
    identity: machineIdentity(machine),
    time: machine.scheduler.now(),
    scheduler: machine.scheduler.saveState(),
    cpus: JSON.parse(JSON.stringify(cpus)) as Record<string, SavedState>,
    devices: JSON.parse(JSON.stringify(devices)) as Record<string, SavedState>,
    memory,
    signals,
  });
}

/** Why `snapshot` does not belong to `machine`, or undefined when it does. */
export function identityMismatch(machine: Machine, snapshot: MachineSnapshot): string | undefined {
  const mine = machineIdentity(machine);
  const theirs = snapshot.identity;
  if (theirs.board !== mine.board) return `it is of board ${theirs.board}, this run's is ${mine.board}`;
  if (theirs.boardHash !== mine.boardHash) return `board ${mine.board} differs from the one it was taken on (other parameters, clocks or board file)`;
  const cpus = new Set([...Object.keys(theirs.images), ...Object.keys(mine.images)]);
  for (const c of [...cpus].sort()) {
    const a = theirs.images[c];
    const b = mine.images[c];
    if (!a) return `${c} ran no program when it was taken, but loads ${b.file} now`;
    if (!b) return `${c} ran ${a.file} when it was taken; load it again (--load ${c}=...)`;
    if (a.sha256 !== b.sha256) return `${c} ran a different ${a.file} (sha256 ${a.sha256.slice(0, 12)}…) than ${b.file} now (${b.sha256.slice(0, 12)}…)`;
  }
  return undefined;
}

/**
 * Put a snapshot into a machine built from the same board and programs (and reset). Memory,
 * CPUs and devices come back, then signal levels; CPUs and devices re-arm their pending events,
 * which take back their saved order. Translation caches are dropped. Fails if the snapshot is
 * of another machine, or if a saved pending event was not re-armed (a plugin's restore is
 * missing a piece), naming it.
 */
export function restoreSnapshot(machine: Machine, snapshot: MachineSnapshot): Either<string, void> {
  const mismatch = identityMismatch(machine, snapshot);
  if (mismatch) return left(`snapshot is of another machine: ${mismatch}`);
  const skip = leftOut(machine);
  const missing = unsnapshottable(machine, skip);
  if (missing.length) return left(`cannot restore on board ${machine.board.name}: ${missing.join('; ')}`);
  const sched = machine.scheduler;
  sched.beginRestore(snapshot.scheduler);
  for (const d of machine.devices.values()) {
    if (skip.device(d)) continue;
    const m = d.device.memory;
    const pages = snapshot.memory[d.spec.id];
    if (!m) continue;
    if (!pages) return left(`snapshot has no contents for memory "${d.spec.id}"`);
    m.bytes.fill(0);
    // Bytes go in behind the bus: CPUs drop all decoded code in restoreState.
    for (const [p, bytes] of pages) m.bytes.set(bytes, p * PAGE_SIZE);
  }
  for (const e of machine.cpuEntries) {
    if (skip.cpu(e.cpu.id)) continue;
    const s = snapshot.cpus[e.cpu.id];
    if (!s) return left(`snapshot has no state for CPU "${e.cpu.id}"`);
    try {
      e.cpu.restoreState!(s);
    } catch (err) {
      return left(`CPU "${e.cpu.id}" (arch "${e.arch.id}") cannot restore its saved state: ${(err as Error).message}`);
    }
  }
  for (const d of machine.devices.values()) {
    if (!d.device.restore || skip.device(d)) continue;
    const s = snapshot.devices[d.spec.id];
    if (!s) return left(`snapshot has no state for device "${d.spec.id}" (plugin "${d.plugin.name}")`);
    try {
      d.device.restore(s);
    } catch (err) {
      return left(`device "${d.spec.id}" (plugin "${d.plugin.name}") cannot restore its saved state: ${(err as Error).message}`);
    }
  }
  for (const s of machine.signals) s.restoreLevel(snapshot.signals[s.name] ?? 0);
  for (const f of machine.afterRestore) f();
  const orphans = sched.endRestore();
  if (orphans.length) {
    const e = orphans[0];
    return left(`${orphans.length} saved pending event(s) were not re-armed on restore, e.g. "${e.label}" at ${e.time} ps${e.owner ? ` of device "${e.owner}"` : ''}`);
  }
  return right(undefined);
}
