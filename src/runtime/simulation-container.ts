import { join } from 'node:path';
import type { Container } from 'inversify';
import { ArchCatalog } from '../arch/arch-catalog.js';
import { BoardFiles } from '../board/board-locator.js';
import { PluginCatalog } from '../plugin/plugin-catalog.js';
import { nodeHostFiles } from '../util/node-host-files.js';
import { compiledRoot } from '../util/package-root.js';
import { createRuntimeContainer } from './runtime-container.js';
import type { RuntimeOptions } from './runtime-options.js';

/**
 * A simulation container on Node: arches and plugins are found at run time in the shipped folders
 * (`dist/arches`, `dist/plugins`) and the folders the options name, boards in `boards/` or by
 * path, programs and ROM images in the file system; diagnostics go to stderr.
 */
export function createSimulationContainer(options: RuntimeOptions = {}): Container {
  return createRuntimeContainer(
    {
      arches: new ArchCatalog([join(compiledRoot(), 'arches'), ...(options.archDirs ?? [])]),
      plugins: new PluginCatalog([join(compiledRoot(), 'plugins'), ...(options.pluginDirs ?? [])]),
      boards: new BoardFiles(),
      files: nodeHostFiles,
    },
    { ...options, logWrite: options.logWrite ?? ((line) => process.stderr.write(line)) },
  );
}
