import { resolve } from 'node:path';
import { runtimeOptionsFromEnv } from '../runtime/env-options.js';
import type { RuntimeOptions } from '../runtime/runtime-options.js';

/** `parseArgs` options every command that finds plugins or arches accepts. */
export const TRUST_OPTIONS = {
  'plugin-dir': { type: 'string', multiple: true },
  'arch-dir': { type: 'string', multiple: true },
} as const;

export const TRUST_USAGE = `  --plugin-dir D  also load device plugins from folder D (repeatable; as CHIMERA_PLUGIN_PATH)
  --arch-dir D    also load architectures from folder D (repeatable; as CHIMERA_ARCH_PATH)`;

/**
 * Runtime options from the environment plus the folders named on the command line. Folders are
 * made absolute here, so a board's relative paths can never be confused with them.
 */
export function runtimeOptionsFor(values: { 'plugin-dir'?: string[]; 'arch-dir'?: string[] }, env: NodeJS.ProcessEnv = process.env): RuntimeOptions {
  const fromEnv = runtimeOptionsFromEnv(env);
  return {
    ...fromEnv,
    pluginDirs: [...(values['plugin-dir'] ?? []).map((d) => resolve(d)), ...(fromEnv.pluginDirs ?? [])],
    archDirs: [...(values['arch-dir'] ?? []).map((d) => resolve(d)), ...(fromEnv.archDirs ?? [])],
  };
}

/**
 * parseArgs refuses `--max-time -1` as ambiguous and names no flag worth reading; glue a value
 * that starts with a dash to its flag (`--max-time=-1`) so the flag's own check explains it.
 */
export function attachDashValues(argv: readonly string[], valueFlags: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = argv[i + 1];
    if (valueFlags.includes(a) && next !== undefined && next.startsWith('-') && !next.startsWith('--')) {
      out.push(`${a}=${next}`);
      i++;
    } else out.push(a);
  }
  return out;
}
