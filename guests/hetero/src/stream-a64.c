/*
 * stream, aarch64 half (the fast producer): pushes STREAM_WORDS words to the SPARC, each after a
 * STATUS.FULL check that says there is room, then waits for the SPARC's verdict.
 * Exit status (sim-control EXIT) = number of errors.
 */
#include "hetero-a64.h"
#include "stream.h"

int main(void)
{
    a64_mailbox_irq_init(); /* WFI in a64_wait_word wakes on the (masked) inbox interrupt */
    uint32_t ready = a64_wait_word();
    printf("a64: stream: %u words to the sparc, FULL checked before each push, sparc says %s\n",
           STREAM_WORDS, ready == MSG_READY ? "READY" : "something else");
    uint32_t errors = ready != MSG_READY;
    a64_console_drain();

    uint32_t w = STREAM_SEED, full_seen = 0;
    for (uint32_t n = 0; n < STREAM_WORDS; n++) {
        while (mbox_status(CPU_SPARC) & MBOX_STATUS_FULL) {
            full_seen++;
        }
        mbox_send(CPU_SPARC, w);
        w = stream_next(w);
    }
    uint32_t verdict = a64_wait_word();
    uint32_t flags = mbox_status(CPU_SPARC) & MBOX_STATUS_OVERFLOW;
    errors += verdict != 0;
    errors += flags != 0;
    printf("a64: sparc inbox seen FULL: %s, overflow flag: %s\n", full_seen ? "yes" : "no",
           flags ? "SET" : "none");
    printf("a64: stream done: %u words sent, sparc counted %u bad, errors %u: %s\n", STREAM_WORDS,
           verdict, errors, errors == 0 ? "OK" : "FAIL");
    a64_exit(errors);
}
