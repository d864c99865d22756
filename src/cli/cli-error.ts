/**
 * Exit codes of the `chimera` command (README and `chimera run --help` list them). When the
 * guest exits, `chimera run` passes its status through, whatever it is; stderr and `--result`
 * say which case it was.
 */
export const EXIT = {
  ok: 0,
  /** Bad input: flags, board, ELF file, a plugin that may not or cannot load. */
  badInput: 2,
  /** `--max-time` ran out. */
  maxTime: 3,
  /** Every CPU waits for an interrupt and nothing can wake them. */
  deadlock: 4,
  /** A device plugin threw while the machine ran; the message names the device and plugin. */
  deviceFailure: 5,
  /** A device could not write its host state back (a disk image) after the run. */
  ioError: 74,
  /** A Chimera bug. */
  internal: 70,
} as const;

/** A finished command: what to print on stderr and the exit code. */
export interface CommandResult {
  readonly code: number;
  readonly message?: string;
}
