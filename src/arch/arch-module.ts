import { ContainerModule } from 'inversify';
import { join } from 'node:path';
import { compiledRoot } from '../util/package-root.js';
import { ArchCatalog as ArchCatalogId, RuntimeOptions } from '../runtime/service-ids.js';
import { ArchCatalog } from './arch-catalog.js';

/** Arch discovery: shipped arches under dist/arches, then any extra folders. */
export const archModule = new ContainerModule(({ bind }) => {
  bind(ArchCatalogId)
    .toDynamicValue((ctx) => {
      const opts = ctx.get<RuntimeOptions>(RuntimeOptions);
      return new ArchCatalog([join(compiledRoot(), 'arches'), ...(opts.archDirs ?? [])]);
    })
    .inSingletonScope();
});
