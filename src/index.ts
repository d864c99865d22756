/**
 * Chimera's programmatic API: build a simulation from a board, load programs, run it, and
 * record traces. The CLI is a thin layer over these.
 * @module
 */
export { createSimulationContainer } from './runtime/simulation-container.js';
export { buildSimulation, readBoard } from './runtime/simulation.js';
export type { SimulationRequest, ImageRequest } from './runtime/simulation.js';
export type { RuntimeOptions } from './runtime/runtime-options.js';
export { runtimeOptionsFromEnv } from './runtime/env-options.js';
export { Machine } from './machine/machine.js';
export type { MachineCpu, MachineDevice } from './machine/machine.js';
export { OutputRouter } from './output/output-router.js';
export type { SerialTarget } from './output/output-router.js';
export { ChromeTraceRecorder } from './trace/chrome-trace.js';
export { VcdRecorder } from './trace/vcd-writer.js';
export { parseElf } from './loader/elf-parser.js';
export type { ElfImage, ElfSegment, ElfSymbol } from './loader/elf-types.js';
export { parseBoard, boardSchema } from './board/board-parser.js';
export type { BoardSpec, CpuSpec, DeviceSpec } from './board/board-spec.js';
export { VirtualTimeScheduler } from './time/virtual-time-scheduler.js';
export { parseDuration, parseFrequency, periodPs, formatTime } from './time/units.js';
export type { UserError, UserErrorKind } from './util/user-error.js';
