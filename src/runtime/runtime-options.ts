import type { LogLevel } from '../machine/logger.js';

/** How one simulation container is set up: where arches and plugins are searched, and logging. */
export const RuntimeOptions = Symbol('RuntimeOptions');
export interface RuntimeOptions {
  /** Extra folders holding `<id>/index.js` arch modules, searched after the shipped ones. */
  readonly archDirs?: readonly string[];
  /** Extra folders holding `<name>/index.js` device plugins. */
  readonly pluginDirs?: readonly string[];
  readonly logLevel?: LogLevel;
  /** Where diagnostics go (default: stderr). */
  readonly logWrite?: (line: string) => void;
}
