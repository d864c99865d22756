/*
 * quantum protocol: how far ahead in virtual time one CPU can see the other. Each CPU
 * timestamps its writes to shared SRAM with its own clock, and records, for every value of the
 * other's that it reads, how far that value lies in its own future ("lead"). Chimera promises
 * that no CPU runs more than one quantum ahead of the others, so no lead may exceed the
 * quantum (plus the clocks' resolution); with the round-robin order the SPARC, which runs
 * second in each slice, sees the aarch64 almost a whole quantum ahead.
 *
 * Clocks: the aarch64 timestamps with CNTVCT (62.5 MHz: 16 ns ticks from t = 0). The SPARC
 * counts its instructions (100 MHz, one cycle each: 10 ns): it sleeps in power-down until the
 * aarch64's GO word lands in its inbox, which happens exactly MAILBOX_LATENCY_NS after the
 * aarch64 sent it, at the start of CNTVCT tick `T0` (published in SRAM), and from its wake-up
 * on runs a loop of Q_LOOP_INSNS instructions whose first instruction stores its index.
 */
#ifndef CHIMERA_QUANTUM_H
#define CHIMERA_QUANTUM_H

#include "soc.h"

#define Q_A_TIME   (SOC_SRAM_BASE + 0x2000u) /* aarch64: CNTVCT bits [31:0] of its latest write (little endian) */
#define Q_S_INDEX  (SOC_SRAM_BASE + 0x2004u) /* SPARC: index of its latest loop iteration (big endian) */
#define Q_S_DONE   (SOC_SRAM_BASE + 0x2008u) /* SPARC: non-zero once its loop is over */
#define Q_T0       (SOC_SRAM_BASE + 0x200cu) /* aarch64: the CNTVCT tick at which it sent GO (little endian) */

#define Q_N                 3000u /* SPARC loop iterations (240 us) */
#define Q_LOOP_INSNS        8u
#define Q_TICK_NS           16u   /* CNTVCT */
#define Q_SPARC_NS          10u   /* one SPARC instruction at 100 MHz */
#define Q_MAILBOX_LATENCY_NS 100u /* chimera-soc's mailboxLatency default */
#define Q_NO_INDEX          0xffffffffu

/* Virtual time in ns at which the SPARC's loop iteration i starts (its store of i). */
static inline int32_t q_sparc_time(uint32_t t0, uint32_t i)
{
    return (int32_t)(t0 * Q_TICK_NS + Q_MAILBOX_LATENCY_NS + i * Q_LOOP_INSNS * Q_SPARC_NS);
}

#endif
