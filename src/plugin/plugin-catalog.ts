import { Either, left, right } from 'fp-ts/lib/Either.js';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { isAbsolute, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PLUGIN_API_VERSION, type DevicePlugin } from '../api/device.js';
import { compiledRoot, packageRoot } from '../util/package-root.js';
import { moduleFolders } from '../util/module-folders.js';
import { userError, type UserError } from '../util/user-error.js';

/**
 * Finds device plugins at run time, by one of three kinds of name:
 * - a bare name that is a folder of plugins/ (`pl011`);
 * - a path, relative to the board file (`./my-device.js`) or absolute;
 * - an installed npm package (`@acme/chimera-timer`).
 */
export class PluginCatalog {
  private readonly cache = new Map<string, DevicePlugin>();

  constructor(private readonly searchDirs: readonly string[] = [join(compiledRoot(), 'plugins')]) {}

  names(): string[] {
    return moduleFolders(this.searchDirs);
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

  private resolve(name: string, boardDir: string): Either<UserError, string> {
    if (name.startsWith('.') || isAbsolute(name)) {
      const file = isAbsolute(name) ? name : resolve(boardDir, name);
      return existsSync(file) ? right(pathToFileURL(file).href) : left(userError('plugin', `plugin file ${file} does not exist`));
    }
    for (const dir of this.searchDirs) {
      const file = join(dir, name, 'index.js');
      if (existsSync(file)) return right(pathToFileURL(file).href);
    }
    // An npm package installed beside the board or in Chimera's own node_modules.
    for (const from of [join(boardDir, 'noop.js'), join(packageRoot(), 'noop.js')]) {
      try {
        return right(pathToFileURL(createRequire(from).resolve(name)).href);
      } catch {
        /* not resolvable from here; try the next place */
      }
    }
    return left(userError('plugin', `unknown plugin "${name}": not in plugins/ (${this.names().join(', ')}), not a file, not an installed npm package`));
  }
}

/** Check the shape and API version of a loaded plugin module's default export. */
export function checkPlugin(p: unknown, name: string): Either<UserError, DevicePlugin> {
  const bad = (why: string): Either<UserError, DevicePlugin> => left(userError('plugin', `plugin "${name}": ${why}`));
  if (!p || typeof p !== 'object') return bad('the module has no default export object; export default a DevicePlugin');
  const d = p as Partial<DevicePlugin>;
  if (typeof d.apiVersion !== 'number') return bad('missing apiVersion');
  if (d.apiVersion !== PLUGIN_API_VERSION) return bad(`written for plugin API ${d.apiVersion}; this Chimera provides API ${PLUGIN_API_VERSION}`);
  if (typeof d.name !== 'string' || !d.name) return bad('missing name');
  if (typeof d.create !== 'function') return bad('missing create(context) function');
  if (d.optionsSchema !== undefined && (typeof d.optionsSchema !== 'object' || d.optionsSchema === null)) return bad('optionsSchema must be a JSON Schema object');
  return right(d as DevicePlugin);
}
