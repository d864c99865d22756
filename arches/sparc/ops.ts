/**
 * Decoded operation numbers. A `const enum`, so tsc inlines the numbers and the interpreter's
 * switch compiles to a jump table. `R` and `I` variants split the register / immediate forms of
 * the hot instructions, so the hot path does not test the i bit.
 */
export const enum Op {
  Undecoded = 0,
  Illegal,
  CpDisabled,
  Nop,
  Sethi,
  Bicc,
  Ba,
  BaA,
  Bn,
  BnA,
  Fbfcc,
  Call,

  AddR, AddI, AddccR, AddccI, SubR, SubI, SubccR, SubccI,
  AndR, AndI, AndccR, AndccI, OrR, OrI, OrccR, OrccI,
  XorR, XorI, XorccR, XorccI, AndnR, AndnI,
  SllR, SllI, SrlR, SrlI, SraR, SraI,
  /** The remaining ALU ops (op3 in the decoded aux field), with the i bit tested at run time. */
  Alu,

  JmplR, JmplI,
  SaveR, SaveI, RestoreR, RestoreI,
  Rett,
  Ticc,
  Flush,
  /** RDY and RDASR (asr17; other ASRs read Y as QEMU does). */
  Rdy,
  /** WRY (rd 0). */
  Wry,
  /** RDPSR, RDWIM, RDTBR, WRY, WRASR, WRPSR, WRWIM, WRTBR. */
  Special,
  FPop1,
  FPop2,

  LdR, LdI, StR, StI, LdubR, LdubI, StbR, StbI,
  /** Loads/stores with an inline fast path (i bit tested at run time); the cold path is Mem. */
  Lduh, Ldsh, Ldsb, Sth, Ldd, Std,
  /** The remaining loads and stores (op3 in aux). */
  Mem,
  /** Alternate-space loads/stores and CASA. */
  Alt,
  /** LDF, LDDF, LDFSR, STF, STDF, STFSR, STDFQ. */
  FpMem,
}
