/** SPARC V8 trap types (the tt field of %tbr). */
export const enum TT {
  InstructionAccess = 0x01,
  Illegal = 0x02,
  Privileged = 0x03,
  FpDisabled = 0x04,
  WindowOverflow = 0x05,
  WindowUnderflow = 0x06,
  Unaligned = 0x07,
  FpException = 0x08,
  DataAccess = 0x09,
  TagOverflow = 0x0a,
  /** interrupt_level_n is 0x10 + n. */
  Interrupt = 0x10,
  CpDisabled = 0x24,
  DivisionByZero = 0x2a,
  /** trap_instruction: 0x80 + software trap number. */
  TrapInstruction = 0x80,
}

const NAMES: Record<number, string> = {
  0x01: 'Instruction Access Exception',
  0x02: 'Illegal Instruction',
  0x03: 'Privileged Instruction',
  0x04: 'FPU Disabled',
  0x05: 'Window Overflow',
  0x06: 'Window Underflow',
  0x07: 'Unaligned Memory Access',
  0x08: 'FPU Exception',
  0x09: 'Data Access Exception',
  0x0a: 'Tag Overflow',
  0x24: 'Coprocessor Disabled',
  0x2a: 'Division By Zero',
};

/** Human name of a trap type, for error-mode diagnostics. */
export function trapName(tt: number): string {
  if (tt >= 0x80) return `Trap Instruction ${tt - 0x80}`;
  if (tt > 0x10 && tt < 0x20) return `Interrupt Level ${tt - 0x10}`;
  return NAMES[tt] ?? 'Unknown';
}
