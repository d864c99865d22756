/** Diagnostics for devices and cores. Goes to stderr, never into guest serial output. */
export const Logger = Symbol('Logger');
export interface Logger {
  warn(message: string): void;
  info(message: string): void;
  debug(message: string): void;
  /** A logger whose messages are prefixed with `scope`. */
  child(scope: string): Logger;
}
