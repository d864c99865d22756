/*
 * pingpong protocol, shared by both halves: the aarch64 sends PP_MESSAGES words to the SPARC
 * in batches of PP_BATCH, never more than PP_WINDOW unanswered (credit flow control: with
 * the 100 ns push latency a FULL flag seen now says nothing about words still in flight);
 * the SPARC answers each word x with pp_transform(x). After the last reply the SPARC sends
 * its checksum of all replies and stops.
 *
 * Printing is handed over so the two consoles never interleave within a line: the SPARC
 * prints only while the aarch64 waits for the reply that ends a batch, the aarch64 only
 * while the SPARC waits for the next batch.
 */
#ifndef CHIMERA_PINGPONG_H
#define CHIMERA_PINGPONG_H

#include <stdint.h>

#define PP_MESSAGES 300u
#define PP_BATCH    50u
#define PP_WINDOW   12u     /* < MBOX_DEPTH (16) */
#define PP_SEED     2024u

/** Message i: a linear congruential sequence (Numerical Recipes constants) from PP_SEED. */
static inline uint32_t pp_next(uint32_t x) { return x * 1664525u + 1013904223u; }

/** What the SPARC does to each message. */
static inline uint32_t pp_transform(uint32_t x) { return x * 3u + 1u; }

/** Running checksum over the replies: FNV-1a step on whole 32-bit words. */
#define PP_CHECKSUM_INIT 2166136261u
static inline uint32_t pp_checksum(uint32_t sum, uint32_t word) { return (sum ^ word) * 16777619u; }

#endif
