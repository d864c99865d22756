/*
 * flood protocol: the 2 GHz x86-64 pushes FLOOD_WORDS words into the 100 MHz SPARC's inbox as
 * fast as it can, polling STATUS.FULL before every push and never otherwise waiting; the SPARC
 * pops them with a pause after each. A push lands a mailbox latency after its store, so a FULL
 * that ignored words in flight would let the x86 overfill the inbox many times over. The
 * contract: a sender that respects FULL loses nothing. The SPARC reports the bad words to the
 * x86, the x86 its errors to the aarch64, which ends the run with them as the exit status.
 */
#ifndef CHIMERA_FLOOD_H
#define CHIMERA_FLOOD_H

#include "soc.h"

#define FLOOD_WORDS 5000u
#define FLOOD_SEED  0x0f100d00u
/** Loop iterations the SPARC spends after each pop: it is the slow side. */
#define FLOOD_SPARC_PAUSE 20u
static inline uint32_t flood_next(uint32_t x) { return x * 22695477u + 1u; }

#endif
