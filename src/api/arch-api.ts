/**
 * The architecture API (`chimera-sim/arch`): what a CPU core implements and receives. An arch's
 * default export is an inversify ContainerModule binding an `ArchContribution` declaring
 * `apiVersion: ARCH_API_VERSION`; see docs/adding-an-arch.md.
 * @module
 */
export { ARCH_API_VERSION, ArchContribution } from './arch.js';
export type { BootProgram, BootProtocol } from './arch.js';
export * from './cpu.js';
export type { Scheduler, TimerHandle } from './scheduler.js';
export type { Logger } from './logger.js';
export type { BootImage, MachineControl, StopReason } from './machine-control.js';
export type { InterruptMessage, InterruptMessageBus, InterruptMessageListener } from './interrupt-messages.js';
export { AddressSpace } from '../memory/address-space.js';
export type { CodeWriteHook } from '../memory/address-space.js';
export { MemoryBacking, PAGE_SHIFT, PAGE_SIZE, PAGE_MASK, CODE_GRANULE, CODE_GRANULE_SHIFT } from '../memory/memory-backing.js';
export { IoPortSpace } from '../memory/io-port-space.js';
export type { IoPortHandler } from '../memory/io-port-space.js';
export type { MmioHandler } from '../memory/mmio.js';
export { Signal } from '../signals/signal.js';
export type { SignalSink } from '../signals/signal.js';
export { CpuBase } from '../arch/cpu-base.js';
export type { ElfImage, ElfSegment, ElfSymbol } from '../loader/elf-types.js';
export { PS_PER_S, periodPs } from '../time/units.js';
export { ticksAt, timeOfTick } from '../time/clock-ticks.js';
/** gzip without Node's zlib, for boot protocols that take compressed kernels. */
export { gunzip, InflateError } from '../util/inflate.js';
