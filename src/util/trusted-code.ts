import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, isAbsolute, join, relative, sep } from 'node:path';

/**
 * The rules for what code a board may make Chimera import (see docs/trust-model.md). Plugins and
 * arches are code that runs with the user's rights, while a board may come from anyone, so a board
 * only *names* code; the user decides where names are looked up.
 */

/** A plugin or arch name: letters, digits, `_`, `.` and `-`, no separator and no `..`. */
const NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;
/** A scoped npm package name, `@scope/name`. */
const SCOPED_PACKAGE = /^@[a-z0-9~-][a-z0-9._~-]*\/[a-z0-9~-][a-z0-9._~-]*$/;

/** True for a plain name such as `pl011` or `my-timer` (never a path). */
export function isModuleName(name: string): boolean {
  return NAME.test(name) && !name.includes('..');
}

/** True for a scoped npm package name such as `@acme/chimera-leds`. */
export function isScopedPackageName(name: string): boolean {
  return SCOPED_PACKAGE.test(name) && !name.includes('..');
}

/** The folder of `dirs` that holds `file` once symbolic links are resolved, if any. */
export function trustedFolderOf(file: string, dirs: readonly string[]): string | undefined {
  let real: string;
  try {
    real = realpathSync(file);
  } catch {
    return undefined;
  }
  for (const dir of dirs) {
    let root: string;
    try {
      root = realpathSync(dir);
    } catch {
      continue;
    }
    const rel = relative(root, real);
    if (rel !== '' && !rel.startsWith('..' + sep) && rel !== '..' && !isAbsolute(rel)) return dir;
  }
  return undefined;
}

/** The nearest folder at or above `dir` that holds a package.json: the board's project. */
export function projectRootOf(dir: string): string | undefined {
  let d = dir;
  for (;;) {
    if (existsSync(join(d, 'package.json'))) return d;
    const up = dirname(d);
    if (up === d) return undefined;
    d = up;
  }
}

/** Where an npm package named by a board was found, or why it may not be loaded. */
export type PackageLookup =
  | { readonly kind: 'found'; readonly file: string }
  | { readonly kind: 'absent' }
  | { readonly kind: 'refused'; readonly why: string };

const DEPENDENCY_FIELDS = ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies'] as const;

/**
 * Find an npm package the board's project installed: it must be listed in the project's
 * package.json and installed in that project's own node_modules (not an ancestor's). The folder
 * may be a link (workspaces, `npm link`): installing it was the user's act of trust.
 */
export function findProjectPackage(name: string, boardDir: string): PackageLookup {
  const root = projectRootOf(boardDir);
  if (root === undefined) return { kind: 'absent' };
  const modules = join(root, 'node_modules');
  if (!existsSync(join(modules, name, 'package.json'))) return { kind: 'absent' };
  let manifest: Record<string, unknown>;
  try {
    manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Record<string, unknown>;
  } catch (e) {
    return { kind: 'refused', why: `${join(root, 'package.json')} cannot be read: ${(e as Error).message}` };
  }
  const listed = DEPENDENCY_FIELDS.some((f) => {
    const deps = manifest[f];
    return !!deps && typeof deps === 'object' && Object.prototype.hasOwnProperty.call(deps, name);
  });
  if (!listed) {
    return {
      kind: 'refused',
      why: `the npm package "${name}" is in ${modules} but not listed in ${join(root, 'package.json')}; install it with \`npm install ${name}\` in ${root} to trust it`,
    };
  }
  try {
    // The project's own node_modules is the first place Node looks from its root.
    return { kind: 'found', file: createRequire(join(root, 'package.json')).resolve(name) };
  } catch (e) {
    return { kind: 'refused', why: `the npm package "${name}" in ${modules} cannot be resolved: ${(e as Error).message.split('\n')[0]}` };
  }
}
