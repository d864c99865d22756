import type { Container } from 'inversify';
import { RegistryArchCatalog, type RegisteredModule } from '../arch/registry-arch-catalog.js';
import { RegistryBoardCatalog, type BoardText } from '../board/board-provider.js';
import { RegistryPluginCatalog } from '../plugin/registry-plugin-catalog.js';
import { MemoryHostFiles, type HostFiles } from './host-files.js';
import { createRuntimeContainer } from './runtime-container.js';
import type { RuntimeOptions } from './runtime-options.js';

/**
 * Everything a simulation may use, handed over at build time instead of found at run time: what
 * a browser bundle provides, since a page cannot `import()` a file path or read a folder.
 * Modules may be given as `import * as m` namespaces or as their default exports.
 */
export interface StaticRegistry {
  /** Arch modules by id (each default-exports a ContainerModule binding an ArchContribution). */
  readonly arches: Readonly<Record<string, RegisteredModule>>;
  /** Device plugin modules by the name boards give. */
  readonly plugins: Readonly<Record<string, RegisteredModule>>;
  /** Board texts (YAML or JSON) by name. */
  readonly boards: Readonly<Record<string, string | BoardText>>;
  /** Programs and files options name; default: none (add with `MemoryHostFiles.add`). */
  readonly files?: HostFiles;
}

/**
 * A simulation container whose arches, plugins, boards and files are the registry's: the runtime
 * core as it runs in a browser or a Web Worker. `buildSimulation` works on it as on Node.
 */
export function createRegistryContainer(registry: StaticRegistry, options: Omit<RuntimeOptions, 'archDirs' | 'pluginDirs'> = {}): Container {
  return createRuntimeContainer(
    {
      arches: new RegistryArchCatalog(registry.arches),
      plugins: new RegistryPluginCatalog(registry.plugins),
      boards: new RegistryBoardCatalog(registry.boards),
      files: registry.files ?? new MemoryHostFiles(),
    },
    options,
  );
}
