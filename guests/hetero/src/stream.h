/*
 * stream protocol: the aarch64 (1 GHz) pushes STREAM_WORDS words into the SPARC's (100 MHz)
 * inbox as fast as it can, checking STATUS.FULL before every push and never otherwise waiting;
 * the SPARC pops them slowly, with a pause after each. With a 100 ns mailbox latency most
 * pushes are still in flight when the next FULL check happens: a mailbox whose FULL ignored
 * words in flight dropped them. The contract says a sender that respects FULL loses nothing.
 */
#ifndef CHIMERA_STREAM_H
#define CHIMERA_STREAM_H

#include "soc.h"

#define STREAM_WORDS 5000u
#define STREAM_SEED  0x5eed1234u
/** Loop iterations the SPARC spends after each pop: it is the slow side. */
#define STREAM_SPARC_PAUSE 20u
static inline uint32_t stream_next(uint32_t x) { return x * 1103515245u + 12345u; }

#endif
