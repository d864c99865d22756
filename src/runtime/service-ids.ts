import type { ArchCatalog as ArchCatalogClass } from '../arch/arch-catalog.js';
import type { PluginCatalog as PluginCatalogClass } from '../plugin/plugin-catalog.js';
import type { MachineBuilder as MachineBuilderClass } from '../machine/machine-builder.js';

/**
 * Every DI identifier of the runtime in one place, so the whole wiring reads in one file.
 * Each symbol shares its name with the type it provides.
 */
export const ArchCatalog = Symbol('ArchCatalog');
export type ArchCatalog = ArchCatalogClass;
export const PluginCatalog = Symbol('PluginCatalog');
export type PluginCatalog = PluginCatalogClass;
export const MachineBuilder = Symbol('MachineBuilder');
export type MachineBuilder = MachineBuilderClass;
export { RuntimeOptions } from './runtime-options.js';
export { Logger } from '../api/logger.js';
export { ArchContribution } from '../api/arch.js';
