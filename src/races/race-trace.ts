import type { Machine } from '../machine/machine.js';
import type { RaceDetector } from './race-detector.js';

/**
 * Draw every racing access on the timeline (`chimera run --races --trace`): a flow arrow from
 * the earlier access on one CPU's track to the access that raced with it on the other's. Two
 * schedules of the same program then show their interleavings side by side.
 */
export function traceRaces(machine: Machine, detector: RaceDetector): void {
  // Far above any device's own flow ids, so pictures that pair flows by id alone never mix them.
  let flow = 1_000_000_000;
  detector.onOccurrence = (backing, offset, first, second) => {
    if (!machine.deviceEvents.observed) return;
    const id = ++flow;
    const name = `${first.write ? 'write' : 'read'} → ${second.write ? 'write' : 'read'} ${backing.name}+0x${offset.toString(16)}`;
    const args = { pc: `0x${first.pc.toString(16)}` };
    machine.deviceEvents.next({ device: 'race', name, time: first.time, phase: 'flow-start', flowId: id, cpu: machine.cpus[first.cpu].id, args });
    machine.deviceEvents.next({ device: 'race', name, time: second.time, phase: 'flow-end', flowId: id, cpu: machine.cpus[second.cpu].id, args: { pc: `0x${second.pc.toString(16)}` } });
  };
}
