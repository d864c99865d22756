/**
 * The public API that arches (`arches/<id>`) and device plugins (`plugins/<name>`) implement,
 * whole (`chimera-sim/api`). `chimera-sim/plugin` and `chimera-sim/arch` are its two halves.
 * @module
 */
export * from './arch.js';
export * from './cpu.js';
export * from './cpu-events.js';
export * from './debug.js';
export * from './device.js';
export * from './device-state.js';
export * from './device-tree.js';
export * from './dma.js';
export type * from './host-file.js';
export * from './interrupt-messages.js';
export * from './logger.js';
export * from './machine-control.js';
export * from './scheduler.js';
export * from './serial.js';
export * from './sync-events.js';
export * from './trace-events.js';
export { AddressSpace } from '../memory/address-space.js';
export type { CodeWriteHook } from '../memory/address-space.js';
export { MemoryBacking, PAGE_SHIFT, PAGE_SIZE, PAGE_MASK, CODE_GRANULE, CODE_GRANULE_SHIFT } from '../memory/memory-backing.js';
export { IoPortSpace } from '../memory/io-port-space.js';
export type { IoPortHandler } from '../memory/io-port-space.js';
export type { MmioHandler } from '../memory/mmio.js';
export { Signal, wiredOr } from '../signals/signal.js';
export type { SignalSink, SignalChange } from '../signals/signal.js';
export { CpuBase } from '../arch/cpu-base.js';
export { periodPs, PS_PER_S } from '../time/units.js';
export { ticksAt, timeOfTick } from '../time/clock-ticks.js';
export { gunzip, InflateError } from '../util/inflate.js';
