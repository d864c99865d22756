/*
 * quantum, aarch64 half: sends GO at the start of a CNTVCT tick, then until the SPARC is done
 * stores its CNTVCT to shared SRAM, reads the SPARC's latest loop index, and records how far
 * ahead of its own time that index lies. A long straight-line stretch precedes each
 * timestamped store, so that a core which let a block run past the end of its slice would
 * store a time beyond the quantum, and the SPARC would see it.
 * Prints after the SPARC, and exits with the number of problems.
 */
#include "hetero-a64.h"
#include "quantum.h"

static inline uint64_t cntvct(void)
{
    uint64_t v;
    __asm__ volatile("mrs %0, cntvct_el0" : "=r"(v));
    return v;
}

int main(void)
{
    a64_mailbox_irq_init();
    uint32_t bad = a64_wait_word() != MSG_READY;
    volatile uint32_t *a_time = (volatile uint32_t *)(uintptr_t)Q_A_TIME;
    volatile uint32_t *s_index = (volatile uint32_t *)(uintptr_t)Q_S_INDEX;
    volatile uint32_t *s_done = (volatile uint32_t *)(uintptr_t)Q_S_DONE;
    *a_time = 0;
    *s_index = Q_NO_INDEX;
    *s_done = 0;
    uint32_t t0 = (uint32_t)cntvct() + 100;
    *(volatile uint32_t *)(uintptr_t)Q_T0 = t0;
    dsb(sy);
    while ((uint32_t)cntvct() < t0) {
    }
    mbox_send(CPU_SPARC, MSG_GO);

    int32_t max_lead = -2147483647;
    uint32_t observations = 0, ahead = 0;
    while (*s_done == 0) {
        /* A long straight stretch, then the timestamped store at its end: a core that let this
           block run past the end of its slice would store a time beyond the quantum. */
        __asm__ volatile(".rept 60\n\tnop\n\t.endr");
        uint32_t t = (uint32_t)cntvct();
        *a_time = t;
        uint32_t s = __builtin_bswap32(*s_index);
        if (s != Q_NO_INDEX) {
            int32_t lead = q_sparc_time(t0, s) - (int32_t)(t * Q_TICK_NS);
            if (lead > max_lead) max_lead = lead;
            if (lead > 0) ahead++;
            observations++;
        }
    }

    /* The SPARC prints its line, then says DONE. */
    uint32_t done = a64_wait_word();
    bad |= done != MSG_DONE || observations == 0;
    printf("a64: %u observations, the SPARC seen ahead %u times, by at most %d ns\n", observations, ahead, max_lead);
    a64_exit(bad);
}
