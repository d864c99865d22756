import 'reflect-metadata';
import { Container } from 'inversify';
import type { ArchProvider } from '../arch/arch-provider.js';
import type { BoardProvider } from '../board/board-provider.js';
import { ContainerRef, machineModule } from '../machine/machine-module.js';
import type { PluginProvider } from '../plugin/plugin-provider.js';
import type { HostFiles } from './host-files.js';
import { RuntimeOptions } from './runtime-options.js';
import { ArchCatalog, BoardCatalog, HostFiles as HostFilesId, PluginCatalog } from './service-ids.js';

/** Where a simulation's code, boards and files come from: the host's part of the wiring. */
export interface RuntimeProviders {
  readonly arches: ArchProvider;
  readonly plugins: PluginProvider;
  readonly boards: BoardProvider;
  readonly files: HostFiles;
}

/**
 * One inversify container per simulation, for any host: the providers say where arches, plugins,
 * boards and files come from (folders on Node, a registry in a browser), the machine module
 * builds machines from them. Arch modules join this container when a board names them.
 */
export function createRuntimeContainer(providers: RuntimeProviders, options: RuntimeOptions = {}): Container {
  const container = new Container();
  container.bind(RuntimeOptions).toConstantValue(options);
  container.bind(ContainerRef).toConstantValue(container);
  container.bind(ArchCatalog).toConstantValue(providers.arches);
  container.bind(PluginCatalog).toConstantValue(providers.plugins);
  container.bind(BoardCatalog).toConstantValue(providers.boards);
  container.bind(HostFilesId).toConstantValue(providers.files);
  container.load(machineModule);
  return container;
}
