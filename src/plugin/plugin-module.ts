import { ContainerModule } from 'inversify';
import { join } from 'node:path';
import { compiledRoot } from '../util/package-root.js';
import { PluginCatalog as PluginCatalogId, RuntimeOptions } from '../runtime/service-ids.js';
import { PluginCatalog } from './plugin-catalog.js';

/** Device plugin discovery: shipped plugins under dist/plugins, then extra folders, paths and npm packages. */
export const pluginModule = new ContainerModule(({ bind }) => {
  bind(PluginCatalogId)
    .toDynamicValue((ctx) => {
      const opts = ctx.get<RuntimeOptions>(RuntimeOptions);
      return new PluginCatalog([join(compiledRoot(), 'plugins'), ...(opts.pluginDirs ?? [])]);
    })
    .inSingletonScope();
});
