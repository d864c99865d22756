/**
 * Chimera's programmatic API (`chimera-sim`): build a simulation from a board, load programs, run
 * it, and record traces. The CLI is a thin layer over these. On Node, arches and plugins are
 * found at run time in the shipped folders and the folders the options name; boards and programs
 * are files. Everything here but the Node parts is also in `chimera-sim/browser`.
 *
 * Device plugins implement `chimera-sim/plugin`, arches `chimera-sim/arch`; plugin tests use
 * `chimera-sim/testing`.
 * @module
 */
export * from './browser.js';
export { createSimulationContainer } from './runtime/simulation-container.js';
export { runtimeOptionsFromEnv } from './runtime/env-options.js';
export { nodeHostFiles } from './util/node-host-files.js';
export { BoardFiles, locateBoard, shippedBoards } from './board/board-locator.js';
export { OutputRouter } from './output/output-router.js';
export type { SerialTarget } from './output/output-router.js';
