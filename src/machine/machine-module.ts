import { ContainerModule } from 'inversify';
import type { ArchCatalog, PluginCatalog } from '../runtime/service-ids.js';
import { ArchCatalog as ArchCatalogId, Logger, MachineBuilder as MachineBuilderId, PluginCatalog as PluginCatalogId, RuntimeOptions } from '../runtime/service-ids.js';
import { StreamLogger } from './logger.js';
import { MachineBuilder } from './machine-builder.js';

/** Building machines from boards, and the diagnostics logger. */
export const machineModule = new ContainerModule(({ bind }) => {
  bind(Logger)
    .toDynamicValue((ctx) => {
      const opts = ctx.get<RuntimeOptions>(RuntimeOptions);
      return new StreamLogger(opts.logWrite ?? ((l) => process.stderr.write(l)), opts.logLevel ?? 'warn');
    })
    .inSingletonScope();
  bind(MachineBuilderId)
    .toDynamicValue(
      (ctx) => new MachineBuilder(ctx.get(ContainerRef), ctx.get<ArchCatalog>(ArchCatalogId), ctx.get<PluginCatalog>(PluginCatalogId), ctx.get<Logger>(Logger)),
    )
    .inSingletonScope();
});

/** The simulation's own container, so arch modules can be loaded into it at run time. */
export const ContainerRef = Symbol('ContainerRef');
