/*
 * stream, SPARC half (the slow consumer): pops STREAM_WORDS words, pausing after each, checks the
 * sequence, prints a summary and sends the number of bad or missing words back.
 */
#include "hetero-sparc.h"
#include "stream.h"

static void pause(void)
{
    for (volatile uint32_t i = 0; i < STREAM_SPARC_PAUSE; i++) {
    }
}

int main(void)
{
    printf("sparc: stream: expecting %u words\n", STREAM_WORDS);
    sparc_console_drain();
    mbox_send(CPU_A64, MSG_READY);

    uint32_t expect = STREAM_SEED, bad = 0, first_bad = 0xffffffffu;
    for (uint32_t n = 0; n < STREAM_WORDS; n++) {
        while (!(mbox_status(CPU_SPARC) & MBOX_STATUS_NOT_EMPTY)) {
            /* If words were dropped the rest never come: give up after the sender is long done. */
            if (mbox_status(CPU_SPARC) & MBOX_STATUS_OVERFLOW) {
                bad += STREAM_WORDS - n;
                if (first_bad == 0xffffffffu) {
                    first_bad = n;
                }
                goto done;
            }
        }
        uint32_t x = mbox_pop(CPU_SPARC);
        if (x != expect) {
            if (first_bad == 0xffffffffu) {
                first_bad = n;
            }
            bad++;
            expect = stream_next(x);
        } else {
            expect = stream_next(expect);
        }
        pause();
    }
done:
    if (bad) {
        printf("sparc: stream: %u words bad or missing, first at %u\n", bad, first_bad);
    } else {
        printf("sparc: stream: all %u words in order\n", STREAM_WORDS);
    }
    sparc_console_drain();
    mbox_send(CPU_A64, bad);
    return 0;
}
