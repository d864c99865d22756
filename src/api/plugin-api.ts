/**
 * The device plugin API (`chimera-sim/plugin`): what a device plugin implements and receives.
 * A plugin's default export is a `DevicePlugin` declaring `apiVersion: PLUGIN_API_VERSION`; see
 * docs/writing-a-device-plugin.md for the contract and its compatibility rule.
 * @module
 */
export { PLUGIN_API_VERSION } from './device.js';
export type { Device, DeviceContext, DevicePlugin, RunOutcome } from './device.js';
export type { HostFile } from './host-file.js';
export type { DmaView } from './dma.js';
export type { DeviceSync } from './sync-events.js';
export { SYNC_ACQUIRE, SYNC_RELEASE, SYNC_ACQUIRE_RELEASE } from './sync-events.js';
export { dtRef } from './device-tree.js';
export type { DeviceTreeContext, DeviceTreeSupport, DtCell, DtContribution, DtNode, DtRef, DtSignalFlags, DtSpecifier, DtSpecifierKind, DtTrigger, DtValue } from './device-tree.js';
export type { Scheduler, TimerHandle } from './scheduler.js';
export type { SerialPort } from './serial.js';
export type { Logger } from './logger.js';
export type { BootImage, MachineControl, StopReason } from './machine-control.js';
export type { Cpu, CpuRunState } from './cpu.js';
export type { DeviceTraceEvent, DeviceTracer } from './trace-events.js';
export { SimpleInterruptMessageBus } from './interrupt-messages.js';
export type { InterruptMessage, InterruptMessageBus, InterruptMessageListener } from './interrupt-messages.js';
export { Signal, wiredOr } from '../signals/signal.js';
export type { SignalChange, SignalSink } from '../signals/signal.js';
export { MemoryBacking, PAGE_SIZE } from '../memory/memory-backing.js';
export { PS_PER_S, periodPs } from '../time/units.js';
export { ticksAt, timeOfTick } from '../time/clock-ticks.js';
