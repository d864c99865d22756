/**
 * Storage slots of the system registers the core keeps as plain 64-bit values.
 * `cpu.sys[2 * slot]` holds bits [31:0] and `cpu.sys[2 * slot + 1]` bits [63:32] (int32).
 */
export const enum Sys {
  SCTLR,
  ACTLR,
  CPACR,
  TTBR0,
  TTBR1,
  TCR,
  ESR,
  FAR,
  PAR,
  MAIR,
  AMAIR,
  VBAR,
  CONTEXTIDR,
  TPIDR_EL1,
  TPIDR_EL0,
  TPIDRRO_EL0,
  SPSR,
  ELR,
  AFSR0,
  AFSR1,
  CNTKCTL,
  CSSELR,
  MDSCR,
  OSLSR,
  OSDLR,
  PMCR,
  PMCNTEN,
  PMUSERENR,
  PMOVS,
  PMINTEN,
  PMSELR,
  PMCCFILTR,
  MDCCINT,
  /** Number of slots. */
  COUNT,
}

/** SCTLR_EL1 bits the core acts on. */
export const SCTLR_M = 1 << 0;
export const SCTLR_A = 1 << 1;
export const SCTLR_WXN = 1 << 19;
export const SCTLR_UMA = 1 << 9;
export const SCTLR_UCT = 1 << 15;
export const SCTLR_DZE = 1 << 14;
export const SCTLR_UCI = 1 << 26;
/** Reset value of SCTLR_EL1 on Cortex-A57 (as QEMU's model). */
export const SCTLR_RESET = 0x00c50838;
