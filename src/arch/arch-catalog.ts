import { Either, left, right } from 'fp-ts/lib/Either.js';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Container, ContainerModule } from 'inversify';
import { ArchContribution, ARCH_API_VERSION } from '../api/arch.js';
import { compiledRoot } from '../util/package-root.js';
import { moduleFolders } from '../util/module-folders.js';
import { isModuleName } from '../util/trusted-code.js';
import { userError, type UserError } from '../util/user-error.js';

/**
 * Finds architectures by id at run time. An arch is a folder `<dir>/<id>/index.js` whose default
 * export is a ContainerModule binding an ArchContribution. Nothing is imported until a board
 * names the arch, so `src/` never depends on any arch. An id is a name, never a path: arches load
 * only from the shipped folder and the folders the user named (`--arch-dir`, CHIMERA_ARCH_PATH).
 */
export class ArchCatalog {
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
    if (!(mod.default instanceof ContainerModule)) {
      return left(userError('arch', `arch "${id}" (${file}) must default-export a ContainerModule that binds ArchContribution`));
    }
    const already = container.isBound(ArchContribution) ? container.getAll<ArchContribution>(ArchContribution).find((a) => a.id === id) : undefined;
    if (already) return right(already);
    container.load(mod.default);
    const found = container.getAll<ArchContribution>(ArchContribution).find((a) => a.id === id);
    if (!found) return left(userError('arch', `arch module ${file} did not register an arch with id "${id}"`));
    if (found.apiVersion !== ARCH_API_VERSION) {
      return left(userError('arch', `arch "${id}" was written for arch API ${found.apiVersion}; this Chimera provides ${ARCH_API_VERSION}`));
    }
    return right(found);
  }
}
