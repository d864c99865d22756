import { Either, left } from 'fp-ts/lib/Either.js';
import type { DevicePlugin } from '../api/device.js';
import { defaultExport, type RegisteredModule } from '../arch/registry-arch-catalog.js';
import { userError, type UserError } from '../util/user-error.js';
import { checkPlugin, type PluginProvider } from './plugin-provider.js';

/**
 * Device plugins handed to the runtime by whoever built it (a browser bundle lists them at build
 * time). A board can name only these: a page has no folders and no npm packages to load code
 * from, so paths and package names are refused, as anything the user did not provide.
 */
export class RegistryPluginCatalog implements PluginProvider {
  constructor(private readonly modules: Readonly<Record<string, RegisteredModule>>) {}

  names(): string[] {
    return Object.keys(this.modules).sort();
  }

  async load(name: string): Promise<Either<UserError, DevicePlugin>> {
    if (!Object.prototype.hasOwnProperty.call(this.modules, name)) {
      return left(userError('plugin', `unknown plugin "${name}": this runtime was given its plugins in a registry (${this.names().join(', ')})`));
    }
    return checkPlugin(defaultExport(this.modules[name]), name);
  }
}
