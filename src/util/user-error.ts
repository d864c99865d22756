/**
 * Errors caused by what the user handed in (board, ELF, plugin, CLI flags). They cross the
 * boundary inside fp-ts `Either`s and end as a message and an exit code, never a stack trace.
 */
export type UserErrorKind = 'board' | 'elf' | 'plugin' | 'arch' | 'cli' | 'io';

export interface UserError {
  readonly kind: UserErrorKind;
  /** Names the offending file, field or flag, then says what is wrong. */
  readonly message: string;
}

export function userError(kind: UserErrorKind, message: string): UserError {
  return { kind, message };
}

/** Exit code for a user error: 2 for bad input, as the CLI documents. */
export const EXIT_BAD_INPUT = 2;
