/*
 * ring, aarch64 half (cpu0, little endian): starts each lap, receives the token back from the
 * x86, starts the error-count lap and ends the run with the total (sim-control EXIT).
 */
#include "hetero-a64.h"
#include "ring.h"

int main(void)
{
    a64_mailbox_irq_init(); /* WFI in a64_wait_word wakes on the (masked) inbox interrupt */
    uint32_t ready = a64_wait_word();
    uint32_t errors = ready != MSG_READY;
    printf("a64: ring: %u laps a64 -> sparc -> x86 -> a64, x86 says %s\n", RING_LAPS,
           ready == MSG_READY ? "READY" : "something else");

    uint32_t t = RING_SEED;
    for (uint32_t n = 0; n < RING_HOPS; n += RING_CPUS) {
        ring_write(CPU_A64, t, n);
        ring_pass(CPU_A64, t, n);
        a64_console_drain();
        dsb(sy); /* the record is in SRAM before the token is in the mailbox */
        mbox_send(CPU_SPARC, t);
        uint32_t got = a64_wait_word();
        errors += ring_read(CPU_A64, got, n + 2, ring_token(n + 2));
        t = ring_next(got, n + 2);
    }

    printf("a64: %u hops done, errors here %u; the error counts go round once more\n", RING_HOPS, errors);
    a64_console_drain();
    mbox_send(CPU_SPARC, RING_REPORT);
    mbox_send(CPU_SPARC, errors);
    uint32_t tag = a64_wait_word();
    uint32_t total = a64_wait_word();
    total += tag != RING_REPORT;
    printf("a64: ring %s: %u laps, 3 ISAs, total errors %u\n", total == 0 ? "OK" : "FAIL", RING_LAPS, total);
    a64_exit(total);
}
