/*
 * x86exit, SPARC half: after cpu2's debug exit, answers X86EXIT_ROUNDS words from the aarch64
 * (x + 1), then stops with `ta 0`.
 */
#include "hetero-sparc.h"
#include "x86exit.h"

int main(void)
{
    /* This side polls: PIL 15 all along, so a word that lands while it prints cannot trap. */
    irq_set_pil(15);
    sparc_mailbox_irq_init();
    uint32_t go = sparc_wait_word();
    printf("sparc: x86exit: aarch64 says %s; answering %u words\n", go == MSG_GO ? "GO" : "something else",
           X86EXIT_ROUNDS);
    sparc_console_drain();
    mbox_send(CPU_A64, go == MSG_GO ? MSG_READY : 0);
    for (uint32_t n = 0; n < X86EXIT_ROUNDS; n++) {
        mbox_send(CPU_A64, sparc_wait_word() + 1);
    }
    return 0;
}
