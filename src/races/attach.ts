import type { MemoryBacking } from '../memory/memory-backing.js';
import type { Machine } from '../machine/machine.js';
import { RaceDetector } from './race-detector.js';

/**
 * Memory mapped into more than one CPU's view: where races between CPUs can happen. Memory
 * private to one CPU never takes the observed path.
 */
export function sharedBackings(machine: Machine): MemoryBacking[] {
  const out: MemoryBacking[] = [];
  for (const d of machine.devices.values()) {
    const m = d.device.memory;
    if (m && m.writable && new Set(m.mappings.map((x) => x.space)).size > 1) out.push(m);
  }
  return out;
}

/**
 * Start race detection on a built machine, before it runs: shared backings go onto the
 * observed slow path, the detector hears synchronisation from cores and devices, causality
 * through the event queue, and every signal wired into a CPU's input.
 */
export function attachRaceDetector(machine: Machine): RaceDetector {
  const detector = new RaceDetector(machine.cpus, machine.scheduler);
  for (const b of sharedBackings(machine)) {
    detector.track(b);
    for (const m of b.mappings) m.space.observe(b, detector);
  }
  machine.sync.observer = detector;
  machine.scheduler.observer = detector;

  // Which signals drive which CPU's inputs: the board's wiring, from either end.
  const board = machine.board;
  const feeds = new Map<string, number>();
  board.cpus.forEach((c, i) => {
    for (const source of Object.values(c.inputs)) feeds.set(source, i);
  });
  for (const node of [...board.cpus, ...board.devices]) {
    for (const [port, targets] of Object.entries(node.outputs)) {
      for (const target of targets) {
        const cpu = board.cpus.findIndex((c) => target.startsWith(`${c.id}.`));
        if (cpu >= 0) feeds.set(`${node.id}.${port}`, cpu);
      }
    }
  }
  for (const signal of machine.signals) {
    const cpu = feeds.get(signal.name);
    if (cpu === undefined) continue;
    signal.changes.subscribe((change) => {
      if (change.level !== 0) detector.interruptRaised(cpu);
    });
  }
  return detector;
}
