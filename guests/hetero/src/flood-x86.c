/*
 * flood, x86-64 half (the fastest producer): pushes FLOOD_WORDS words to the SPARC, each after
 * a STATUS.FULL poll that says there is room, then takes the SPARC's verdict by interrupt and
 * sends its error count to the aarch64.
 */
#include "hetero-x86.h"
#include "flood.h"

int main(void)
{
    x86_mailbox_irq_init();
    uint32_t ready = x86_wait_word();
    printf("x86: flood: %u words to the sparc, FULL polled before each push, sparc says %s\n",
           FLOOD_WORDS, ready == MSG_READY ? "READY" : "something else");
    uint32_t errors = ready != MSG_READY;
    x86_console_drain();

    uint32_t w = FLOOD_SEED, full_seen = 0;
    for (uint32_t n = 0; n < FLOOD_WORDS; n++) {
        while (mbox_status(CPU_SPARC) & MBOX_STATUS_FULL) {
            full_seen++;
        }
        mbox_send(CPU_SPARC, w);
        w = flood_next(w);
    }
    uint32_t verdict = x86_wait_word();
    uint32_t overflow = mbox_status(CPU_SPARC) & MBOX_STATUS_OVERFLOW;
    errors += (verdict != 0) + (overflow != 0) + (full_seen == 0);
    printf("x86: sparc inbox seen FULL: %s, overflow flag: %s, sparc counted %u bad\n",
           full_seen ? "yes" : "no (the x86 never outran the sparc?)", overflow ? "SET" : "none", verdict);
    x86_console_drain();
    mbox_send(CPU_A64, errors);
    return 0;
}
