import { Either, left, right } from 'fp-ts/lib/Either.js';
import { Container, ContainerModule } from 'inversify';
import { ArchContribution, ARCH_API_VERSION } from '../api/arch.js';
import { userError, type UserError } from '../util/user-error.js';

/**
 * Where a simulation's architectures come from. On Node, `ArchCatalog` finds them in folders at
 * run time; in a browser bundle, `RegistryArchCatalog` is handed them. The machine builder only
 * sees this interface.
 */
export interface ArchProvider {
  /** Ids of every arch this provider can load. */
  ids(): string[];
  /** Load the arch into `container` (once) and return its contribution. */
  load(id: string, container: Container): Promise<Either<UserError, ArchContribution>>;
}

/**
 * Check an arch module's default export and register it in `container`: it must be a
 * ContainerModule that binds an ArchContribution with this `id` and this Chimera's arch API
 * version. `where` names the module in messages (a file, or "the registry").
 */
export function registerArch(id: string, exported: unknown, where: string, container: Container): Either<UserError, ArchContribution> {
  if (!(exported instanceof ContainerModule)) {
    return left(userError('arch', `arch "${id}" (${where}) must default-export a ContainerModule that binds ArchContribution`));
  }
  const already = container.isBound(ArchContribution) ? container.getAll<ArchContribution>(ArchContribution).find((a) => a.id === id) : undefined;
  if (already) return right(already);
  container.load(exported);
  const found = container.getAll<ArchContribution>(ArchContribution).find((a) => a.id === id);
  if (!found) return left(userError('arch', `arch module ${where} did not register an arch with id "${id}"`));
  if (found.apiVersion !== ARCH_API_VERSION) {
    return left(userError('arch', `arch "${id}" was written for arch API ${found.apiVersion}; this Chimera provides ${ARCH_API_VERSION}`));
  }
  return right(found);
}
