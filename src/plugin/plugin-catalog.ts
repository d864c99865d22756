import { Either, left, right } from 'fp-ts/lib/Either.js';
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { DevicePlugin } from '../api/device.js';
import { compiledRoot } from '../util/package-root.js';
import { moduleFolders } from '../util/module-folders.js';
import { findProjectPackage, isModuleName, isScopedPackageName, trustedFolderOf } from '../util/trusted-code.js';
import { userError, type UserError } from '../util/user-error.js';
import { checkPlugin, type PluginProvider } from './plugin-provider.js';

export { checkPlugin } from './plugin-provider.js';

/**
 * Finds device plugins at run time. A plugin is code that runs with the user's rights and a board
 * may come from anyone, so a board's `plugin:` is looked up only where the user allowed code
 * (docs/trust-model.md):
 * - a name (`pl011`, no separator, no `..`): a folder `<dir>/<name>/index.js` of the shipped
 *   plugins or of a folder the user named (`--plugin-dir`, CHIMERA_PLUGIN_PATH);
 * - a name or `@scope/name` of an npm package listed in, and installed by, the board's project;
 * - a path (`./my-device.js`, relative to the board, or absolute) to a file inside one of those
 *   folders. Any other path is refused, with a message that says how to allow it; a name with a
 *   separator that is not a path (`x/../../evil`) is refused too.
 * This is the Node side; a bundle hands its plugins over in a `RegistryPluginCatalog` instead.
 */
export class PluginCatalog implements PluginProvider {
  private readonly cache = new Map<string, DevicePlugin>();

  constructor(private readonly searchDirs: readonly string[] = [join(compiledRoot(), 'plugins')]) {}

  names(): string[] {
    return moduleFolders(this.searchDirs);
  }

  /** The folders plugins may be loaded from: shipped first, then the ones the user named. */
  get folders(): readonly string[] {
    return this.searchDirs;
  }

  async load(name: string, boardDir: string): Promise<Either<UserError, DevicePlugin>> {
    const target = this.resolve(name, boardDir);
    if (target._tag === 'Left') return target;
    const cached = this.cache.get(target.right);
    if (cached) return right(cached);
    let mod: { default?: unknown };
    try {
      mod = (await import(target.right)) as { default?: unknown };
    } catch (e) {
      return left(userError('plugin', `plugin "${name}" (${target.right}) failed to load: ${(e as Error).message}`));
    }
    const checked = checkPlugin(mod.default, name);
    if (checked._tag === 'Right') this.cache.set(target.right, checked.right);
    return checked;
  }

  /** Where `name` would be loaded from, or why it may not be; imports nothing. */
  resolve(name: string, boardDir: string): Either<UserError, string> {
    if (isModuleName(name)) {
      for (const dir of this.searchDirs) {
        const file = join(dir, name, 'index.js');
        if (existsSync(file)) return right(pathToFileURL(file).href);
      }
      return this.fromPackage(name, boardDir);
    }
    if (isScopedPackageName(name)) return this.fromPackage(name, boardDir);
    if (!isPath(name)) {
      return left(
        userError(
          'plugin',
          `plugin "${name}" is neither a name (letters, digits, _ . -; no / and no ..) nor a path (starting with ./, ../ or /)`,
        ),
      );
    }
    // A path, relative to the board file or absolute.
    const file = resolve(boardDir, name);
    if (!existsSync(file)) return left(userError('plugin', `plugin file ${file} does not exist`));
    if (!trustedFolderOf(file, this.searchDirs)) {
      return left(
        userError(
          'plugin',
          `plugin "${name}" is the file ${file}, outside the folders Chimera loads plugins from (${this.searchDirs.join(', ')}). ` +
            `A plugin is code that runs with your rights; if you trust this one, allow its folder with --plugin-dir ${dirname(file)} ` +
            `(or CHIMERA_PLUGIN_PATH). See docs/trust-model.md.`,
        ),
      );
    }
    return right(pathToFileURL(file).href);
  }

  private fromPackage(name: string, boardDir: string): Either<UserError, string> {
    const pkg = findProjectPackage(name, boardDir);
    if (pkg.kind === 'found') return right(pathToFileURL(pkg.file).href);
    if (pkg.kind === 'refused') return left(userError('plugin', `plugin "${name}": ${pkg.why}`));
    return left(
      userError(
        'plugin',
        `unknown plugin "${name}": not in the plugin folders (${this.names().join(', ')}; add folders with --plugin-dir), ` +
          `and not an npm package installed in the board's project`,
      ),
    );
  }
}

/** A path says so: `./x.js`, `../x.js` or absolute. Anything else with a separator is refused. */
function isPath(name: string): boolean {
  return /^\.\.?[\\/]/.test(name) || isAbsolute(name);
}
