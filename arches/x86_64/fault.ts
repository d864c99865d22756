/**
 * The sentinel thrown when a guest exception is raised in the middle of a block (#PF, #GP,
 * #UD...). The exception has already been delivered (frame pushed, RIP at the handler) when it
 * is thrown; the run loop only catches it and goes on. One frozen object: throwing allocates
 * nothing and carries no host stack trace.
 */
export const GUEST_FAULT: object = Object.freeze({ x86GuestFault: true });

/** Exception vectors. */
export const enum Vec {
  DE = 0,
  DB = 1,
  NMI = 2,
  BP = 3,
  OF = 4,
  BR = 5,
  UD = 6,
  NM = 7,
  DF = 8,
  TS = 10,
  NP = 11,
  SS = 12,
  GP = 13,
  PF = 14,
  MF = 16,
  AC = 17,
  MC = 18,
  XM = 19,
}
