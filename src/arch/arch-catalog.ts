import { Either, left } from 'fp-ts/lib/Either.js';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Container } from 'inversify';
import type { ArchContribution } from '../api/arch.js';
import { compiledRoot } from '../util/package-root.js';
import { moduleFolders } from '../util/module-folders.js';
import { isModuleName } from '../util/trusted-code.js';
import { userError, type UserError } from '../util/user-error.js';
import { registerArch, type ArchProvider } from './arch-provider.js';

/**
 * Finds architectures by id at run time. An arch is a folder `<dir>/<id>/index.js` whose default
 * export is a ContainerModule binding an ArchContribution. Nothing is imported until a board
 * names the arch, so `src/` never depends on any arch. An id is a name, never a path: arches load
 * only from the shipped folder and the folders the user named (`--arch-dir`, CHIMERA_ARCH_PATH).
 * This is the Node side; a bundle hands its arches over in a `RegistryArchCatalog` instead.
 */
export class ArchCatalog implements ArchProvider {
  constructor(private readonly searchDirs: readonly string[] = [join(compiledRoot(), 'arches')]) {}

  /** Ids of every arch found in the search directories. */
  ids(): string[] {
    return moduleFolders(this.searchDirs);
  }

  /** Import the arch's module and register it in `container`; return its contribution. */
  async load(id: string, container: Container): Promise<Either<UserError, ArchContribution>> {
    if (!isModuleName(id)) return left(userError('arch', `"${id}" is not an arch id (letters, digits, _ . -; no / and no ..); known: ${this.ids().join(', ')}`));
    const dir = this.searchDirs.find((d) => existsSync(join(d, id, 'index.js')));
    if (!dir) return left(userError('arch', `unknown arch "${id}"; known: ${this.ids().join(', ')}`));
    const file = join(dir, id, 'index.js');
    let mod: { default?: unknown };
    try {
      mod = (await import(pathToFileURL(file).href)) as { default?: unknown };
    } catch (e) {
      return left(userError('arch', `arch "${id}" (${file}) failed to load: ${(e as Error).message}`));
    }
    return registerArch(id, mod.default, file, container);
  }
}
