/*
 * race, aarch64 half: RACE_N unsynchronised increments of the shared counter, interleaved with
 * a short delay so that both CPUs are busy over the same stretch of virtual time (the SPARC
 * runs at a tenth of the clock). Prints the final count and the lost updates, exits with 0
 * (1 only if the protocol itself went wrong).
 */
#include "hetero-a64.h"
#include "race.h"

/*
 * Pseudo-random pause after each increment: DELAY_MIN + 0..511 delay-loop iterations of about
 * 2 cycles, so the increments do not fall into a fixed phase with the SPARC's (which would
 * make the result insensitive to the quantum) and both CPUs keep a similar pace.
 */
#define DELAY_MIN 150u

static inline void delay(uint32_t n)
{
    __asm__ volatile("1: subs %w0, %w0, #1\n\tb.ne 1b" : "+r"(n) : : "cc");
}

int main(void)
{
    a64_mailbox_irq_init();
    uint32_t bad = a64_wait_word() != MSG_READY;
    printf("a64: race: %u increments per CPU on the shared counter at %08x\n", RACE_N,
           RACE_COUNTER);
    a64_console_drain();

    volatile uint32_t *counter = (volatile uint32_t *)(uintptr_t)RACE_COUNTER;
    *counter = 0;
    dsb(sy);
    mbox_send(CPU_SPARC, MSG_GO);
    uint32_t seed = RACE_SEED_A64;
    for (uint32_t i = 0; i < RACE_N; i++) {
        uint32_t v = *counter;   /* plain load ... */
        *counter = v + 1;        /* ... and store: not atomic */
        seed = race_random(seed);
        delay(DELAY_MIN + (seed >> 23));
    }

    /* The SPARC prints its line and then says DONE with its increment count. */
    uint32_t done = a64_wait_word();
    uint32_t sparc_count = a64_wait_word();
    bad |= done != MSG_DONE || sparc_count != RACE_N;
    uint32_t final = *counter;
    uint32_t lost = 2 * RACE_N - final;
    printf("a64: both done: %u + %u increments\n", RACE_N, sparc_count);
    printf("a64: final counter %u, lost updates %u\n", final, lost);
    bad |= final > 2 * RACE_N || final == 0;
    printf("a64: race done: %s\n", bad ? "PROTOCOL ERROR" : "OK");
    a64_exit(bad);
}
