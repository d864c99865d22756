/*
 * race, SPARC half: on GO, RACE_N unsynchronised increments of the shared counter. The counter
 * holds the aarch64's little-endian bytes, so each increment is load, swap, add, swap, store.
 * Then it prints the value it last saw, sends DONE and its increment count, and stops.
 */
#include "hetero-sparc.h"
#include "race.h"

int main(void)
{
    printf("sparc: race: ready for %u increments\n", RACE_N);
    sparc_mailbox_irq_init();
    sparc_console_drain();
    mbox_send(CPU_A64, MSG_READY);
    uint32_t go = sparc_wait_word();

    volatile uint32_t *counter = (volatile uint32_t *)RACE_COUNTER;
    uint32_t i = 0, seed = RACE_SEED_SPARC;
    if (go == MSG_GO) {
        for (; i < RACE_N; i++) {
            uint32_t v = sparc_swap32(*counter);   /* plain load ... */
            *counter = sparc_swap32(v + 1);        /* ... and store: not atomic */
            /* pseudo-random pause of 0..15 short loop turns (see race-a64.c) */
            seed = race_random(seed);
            for (volatile uint32_t k = seed >> 28; k != 0; k--) {
            }
        }
    }
    printf("sparc: %u increments done, counter reads %u now\n", i, sparc_swap32(*counter));
    sparc_console_drain();
    mbox_send(CPU_A64, MSG_DONE);
    mbox_send(CPU_A64, i);
    _exit(0);
}
