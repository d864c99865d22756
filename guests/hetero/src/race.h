/*
 * race protocol, shared by both halves: after GO, each CPU adds 1 to the same 32-bit counter
 * in shared SRAM RACE_N times with a plain load / add / store and no synchronisation, so
 * updates get lost whenever one CPU's load-to-store window spans the other's stores. The
 * counter is kept in the aarch64's (little-endian) byte order: the SPARC byte-swaps after its
 * load and before its store, so both CPUs see the same number.
 *
 * In Chimera the CPUs run in round-robin quanta, so the result depends on where quantum
 * boundaries fall: it changes with --quantum and is the same on every run.
 */
#ifndef CHIMERA_RACE_H
#define CHIMERA_RACE_H

#include "soc.h"

#define RACE_N       20000u
#define RACE_COUNTER (SOC_SRAM_BASE + 0x1000u)

/* Pauses between increments come from a linear congruential sequence, one seed per CPU. */
#define RACE_SEED_A64   1u
#define RACE_SEED_SPARC 7u
static inline uint32_t race_random(uint32_t x) { return x * 1664525u + 1013904223u; }

#endif
