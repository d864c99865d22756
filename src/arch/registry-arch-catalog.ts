import { Either, left } from 'fp-ts/lib/Either.js';
import type { Container } from 'inversify';
import type { ArchContribution } from '../api/arch.js';
import { userError, type UserError } from '../util/user-error.js';
import { registerArch, type ArchProvider } from './arch-provider.js';

/** An arch module as a bundle imports it (`import * as m`) or its default export alone. */
export type RegisteredModule = { readonly default?: unknown } | object;

/** The default export of a registered module, whichever form it was given in. */
export function defaultExport(m: RegisteredModule): unknown {
  return m && typeof m === 'object' && 'default' in m ? (m as { default?: unknown }).default : m;
}

/**
 * Arches handed to the runtime by whoever built it (a browser bundle lists its arches at build
 * time, since a page cannot `import()` a file path). Only the ids registered exist.
 */
export class RegistryArchCatalog implements ArchProvider {
  constructor(private readonly modules: Readonly<Record<string, RegisteredModule>>) {}

  ids(): string[] {
    return Object.keys(this.modules).sort();
  }

  async load(id: string, container: Container): Promise<Either<UserError, ArchContribution>> {
    if (!Object.prototype.hasOwnProperty.call(this.modules, id)) return left(userError('arch', `unknown arch "${id}"; known: ${this.ids().join(', ')}`));
    return registerArch(id, defaultExport(this.modules[id]), 'registry', container);
  }
}
