import type { Scheduler, TimerHandle } from '../api/scheduler.js';
import type { SignalSink } from '../signals/signal.js';

/** The machine's scheduler, which records who armed each event (a restore tells same-time events apart by it). */
export interface OwnedScheduler extends Scheduler {
  at(time: number, callback: () => void, label?: string, owner?: string): TimerHandle;
}

/**
 * A device plugin threw while the machine ran (a register access, a scheduled event, an input
 * change, reset). It names the device and the plugin so the run can end as the plugin's failure,
 * not as a Chimera bug. When one device's code calls into another that throws, the innermost
 * device is the one named.
 */
export class DeviceFault extends Error {
  constructor(
    readonly device: string,
    readonly plugin: string,
    readonly operation: string,
    readonly reason: unknown,
  ) {
    super(`device "${device}" (plugin "${plugin}") failed in ${operation}: ${reason instanceof Error ? reason.message : String(reason)}`);
    this.name = 'DeviceFault';
  }
}

/** The device and plugin whose code is wrapped. */
export interface DeviceIdentity {
  readonly device: string;
  readonly plugin: string;
}

/** Re-throw whatever `fn` throws as this device's DeviceFault (unless it already is one). */
export function asDeviceFault(who: DeviceIdentity, operation: () => string, e: unknown): DeviceFault {
  return e instanceof DeviceFault ? e : new DeviceFault(who.device, who.plugin, operation(), e);
}

/** An input sink that names the device if it throws. */
export function guardSink(who: DeviceIdentity, port: string, sink: SignalSink): SignalSink {
  return (level) => {
    try {
      sink(level);
    } catch (e) {
      throw asDeviceFault(who, () => `input "${port}" set to ${level}`, e);
    }
  };
}

/**
 * The scheduler a device sees: the machine's, with every callback the device schedules wrapped,
 * so a throwing event names its device.
 */
export function guardScheduler(who: DeviceIdentity, scheduler: OwnedScheduler): Scheduler {
  const wrap = (callback: () => void, label: string) => () => {
    try {
      callback();
    } catch (e) {
      throw asDeviceFault(who, () => `scheduled event "${label}"`, e);
    }
  };
  return {
    now: () => scheduler.now(),
    at: (time: number, callback: () => void, label = 'event'): TimerHandle => scheduler.at(time, wrap(callback, label), label, who.device),
    after: (delay: number, callback: () => void, label = 'event'): TimerHandle =>
      scheduler.at(scheduler.now() + Math.max(0, Math.round(delay)), wrap(callback, label), label, who.device),
    cancel: (handle: TimerHandle | undefined) => scheduler.cancel(handle),
  };
}
