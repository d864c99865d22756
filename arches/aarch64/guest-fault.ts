/**
 * The sentinel thrown when a guest exception is raised in the middle of a block (data abort,
 * FP access trap, undefined system register). The exception has already been entered (ESR,
 * FAR, ELR, PSTATE and PC set) when it is thrown; the run loop only has to catch it and go on.
 * One frozen object, so throwing allocates nothing and carries no host stack trace.
 */
export const GUEST_FAULT: object = Object.freeze({ guestFault: true });
