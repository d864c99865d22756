/**
 * The sentinel thrown when a guest exception is raised in the middle of generated code (data
 * abort, FP access trap, undefined system register). The exception is only recorded when it is
 * thrown: the region that was running writes back the registers it holds in locals on the way
 * out, and the run loop then enters the exception (ESR, FAR, ELR, SPSR, PC). One frozen object,
 * so throwing allocates nothing and carries no host stack trace.
 */
export const GUEST_FAULT: object = Object.freeze({ guestFault: true });
