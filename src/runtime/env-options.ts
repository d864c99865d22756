import { delimiter, resolve } from 'node:path';
import type { RuntimeOptions } from './runtime-options.js';

/**
 * Extra search folders from the environment: CHIMERA_ARCH_PATH and CHIMERA_PLUGIN_PATH, lists
 * separated like PATH. They let out-of-tree arches and plugins be used without copying them in;
 * like `--plugin-dir` and `--arch-dir`, they name code the user trusts (docs/trust-model.md).
 */
export function runtimeOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): RuntimeOptions {
  const list = (v: string | undefined) => (v ? v.split(delimiter).filter(Boolean).map((d) => resolve(d)) : []);
  const logLevel = env.CHIMERA_LOG === 'debug' || env.CHIMERA_LOG === 'info' ? env.CHIMERA_LOG : 'warn';
  return { archDirs: list(env.CHIMERA_ARCH_PATH), pluginDirs: list(env.CHIMERA_PLUGIN_PATH), logLevel };
}
