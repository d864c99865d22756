/** Exit codes of the `chimera` command. */
export const EXIT = {
  ok: 0,
  /** Guest or simulation failure reported by the guest itself uses its own status. */
  badInput: 2,
  maxTime: 3,
  deadlock: 4,
  /** A device could not write its host state back (a disk image) after the run. */
  ioError: 74,
  internal: 70,
} as const;

/** A finished command: what to print on stderr and the exit code. */
export interface CommandResult {
  readonly code: number;
  readonly message?: string;
}
