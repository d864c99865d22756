import { Either, left, right } from 'fp-ts/lib/Either.js';
import { PLUGIN_API_VERSION, type DevicePlugin } from '../api/device.js';
import { userError, type UserError } from '../util/user-error.js';

/**
 * Where a simulation's device plugins come from. On Node, `PluginCatalog` finds them at run time
 * in the folders and packages the trust model allows; in a browser bundle,
 * `RegistryPluginCatalog` is handed them. The machine builder only sees this interface.
 */
export interface PluginProvider {
  /** Names of the plugins that can be loaded by name. */
  names(): string[];
  /** The plugin a board's `plugin:` names, for a board in `boardDir`, checked by `checkPlugin`. */
  load(name: string, boardDir: string): Promise<Either<UserError, DevicePlugin>>;
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
  if (d.maxAccessSize !== undefined && d.maxAccessSize !== 1 && d.maxAccessSize !== 2 && d.maxAccessSize !== 4) return bad('maxAccessSize must be 1, 2 or 4');
  return right(d as DevicePlugin);
}
