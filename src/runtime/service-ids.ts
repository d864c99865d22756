import type { ArchProvider } from '../arch/arch-provider.js';
import type { BoardProvider } from '../board/board-provider.js';
import type { PluginProvider } from '../plugin/plugin-provider.js';
import type { MachineBuilder as MachineBuilderClass } from '../machine/machine-builder.js';
import type { HostFiles as HostFilesInterface } from './host-files.js';

/**
 * Every DI identifier of the runtime in one place, so the whole wiring reads in one file.
 * Each symbol shares its name with the type it provides.
 */
export const ArchCatalog = Symbol('ArchCatalog');
export type ArchCatalog = ArchProvider;
export const PluginCatalog = Symbol('PluginCatalog');
export type PluginCatalog = PluginProvider;
export const BoardCatalog = Symbol('BoardCatalog');
export type BoardCatalog = BoardProvider;
export const HostFiles = Symbol('HostFiles');
export type HostFiles = HostFilesInterface;
export const MachineBuilder = Symbol('MachineBuilder');
export type MachineBuilder = MachineBuilderClass;
export { RuntimeOptions } from './runtime-options.js';
export { Logger } from '../api/logger.js';
export { ArchContribution } from '../api/arch.js';
