/*
 * ring, SPARC half (cpu1, big endian): receives each lap's token from the aarch64, reads the
 * little-endian record, passes the next token to the x86 with its own big-endian record, adds
 * its errors on the report lap and stops with `ta 0` (this core only on chimera-soc).
 */
#include "hetero-sparc.h"
#include "ring.h"

int main(void)
{
    /* This side polls: PIL 15 all along, so a word that lands while it prints cannot trap. */
    irq_set_pil(15);
    sparc_mailbox_irq_init(); /* power-down in sparc_wait_word wakes on IRQMP line 10 */
    printf("sparc: ring: waiting for the token, my byte order is big endian\n");
    sparc_console_drain();
    mbox_send(CPU_X86, MSG_READY);

    uint32_t errors = 0;
    for (uint32_t n = 0; n < RING_HOPS; n += RING_CPUS) {
        uint32_t got = sparc_wait_word();
        errors += ring_read(CPU_SPARC, got, n, ring_token(n));
        uint32_t t = ring_next(got, n);
        ring_write(CPU_SPARC, t, n + 1);
        ring_pass(CPU_SPARC, t, n + 1);
        sparc_console_drain();
        mbox_send(CPU_X86, t);
    }

    uint32_t tag = sparc_wait_word();
    uint32_t before = sparc_wait_word();
    errors += tag != RING_REPORT;
    printf("sparc: report lap: %u errors before me, %u here\n", before, errors);
    sparc_console_drain();
    mbox_send(CPU_X86, RING_REPORT);
    mbox_send(CPU_X86, before + errors);
    return 0;
}
