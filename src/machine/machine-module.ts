import { ContainerModule } from 'inversify';
import type { ArchCatalog, HostFiles, PluginCatalog } from '../runtime/service-ids.js';
import {
  ArchCatalog as ArchCatalogId,
  HostFiles as HostFilesId,
  Logger,
  MachineBuilder as MachineBuilderId,
  PluginCatalog as PluginCatalogId,
  RuntimeOptions,
} from '../runtime/service-ids.js';
import { StreamLogger } from './logger.js';
import { MachineBuilder } from './machine-builder.js';

/** Where diagnostics go when the host names no place: the console's error stream. */
const consoleError = (line: string): void => console.error(line.replace(/\n$/, ''));

/** Building machines from boards, and the diagnostics logger. */
export const machineModule = new ContainerModule(({ bind }) => {
  bind(Logger)
    .toDynamicValue((ctx) => {
      const opts = ctx.get<RuntimeOptions>(RuntimeOptions);
      return new StreamLogger(opts.logWrite ?? consoleError, opts.logLevel ?? 'warn');
    })
    .inSingletonScope();
  bind(MachineBuilderId)
    .toDynamicValue(
      (ctx) =>
        new MachineBuilder(
          ctx.get(ContainerRef),
          ctx.get<ArchCatalog>(ArchCatalogId),
          ctx.get<PluginCatalog>(PluginCatalogId),
          ctx.get<Logger>(Logger),
          ctx.get<HostFiles>(HostFilesId),
        ),
    )
    .inSingletonScope();
});

/** The simulation's own container, so arch modules can be loaded into it at run time. */
export const ContainerRef = Symbol('ContainerRef');
