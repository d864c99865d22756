/**
 * Chimera's runtime without Node (`chimera-sim/browser`): for a web page, a Web Worker or any
 * bundler. It is the runtime of `chimera-sim` less the file system, the CLI and the process:
 * arches, plugins and boards are handed over in a `StaticRegistry`, programs and files in
 * `MemoryHostFiles`, and serial output goes wherever the page connects it
 * (`machine.serial.get(id).connect(byte => ...)`). See docs/browser.md.
 * @module
 */
export { createRegistryContainer } from './runtime/static-registry.js';
export type { StaticRegistry } from './runtime/static-registry.js';
export { createRuntimeContainer } from './runtime/runtime-container.js';
export type { RuntimeProviders } from './runtime/runtime-container.js';
export { MemoryHostFiles } from './runtime/host-files.js';
export type { HostFiles } from './runtime/host-files.js';
export { RegistryArchCatalog } from './arch/registry-arch-catalog.js';
export type { ArchProvider } from './arch/arch-provider.js';
export { RegistryPluginCatalog } from './plugin/registry-plugin-catalog.js';
export type { PluginProvider } from './plugin/plugin-provider.js';
export { RegistryBoardCatalog } from './board/board-provider.js';
export type { BoardProvider, BoardText } from './board/board-provider.js';
export { buildSimulation, readBoard } from './runtime/simulation.js';
export type { SimulationRequest, ImageRequest } from './runtime/simulation.js';
export type { RuntimeOptions } from './runtime/runtime-options.js';
export { Machine } from './machine/machine.js';
export type { MachineCpu, MachineDevice } from './machine/machine.js';
export type { SerialChannel, SerialLine } from './machine/serial-channel.js';
export { DeviceFault } from './machine/device-fault.js';
export { ChromeTraceRecorder } from './trace/chrome-trace.js';
export { VcdRecorder } from './trace/vcd-writer.js';
export { parseElf } from './loader/elf-parser.js';
export { ELF_MACHINE_NAMES } from './loader/elf-types.js';
export type { ElfImage, ElfSegment, ElfSymbol } from './loader/elf-types.js';
export { parseBoard, boardSchema } from './board/board-parser.js';
export type { BoardSpec, CpuSpec, DeviceSpec } from './board/board-spec.js';
export { VirtualTimeScheduler } from './time/virtual-time-scheduler.js';
export { parseDuration, parseFrequency, periodPs, formatTime, MAX_VIRTUAL_TIME_PS } from './time/units.js';
export type { StopReason } from './api/machine-control.js';
export type { UserError, UserErrorKind } from './util/user-error.js';
export { PLUGIN_API_VERSION } from './api/device.js';
export { ARCH_API_VERSION } from './api/arch.js';
export type { Device, DeviceContext, DevicePlugin } from './api/device.js';
