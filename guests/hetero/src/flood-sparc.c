/*
 * flood, SPARC half (the slowest consumer): pops FLOOD_WORDS words, pausing after each, checks
 * the sequence and sends the number of bad or missing words back to the x86.
 */
#include "hetero-sparc.h"
#include "flood.h"

static void pause(void)
{
    for (volatile uint32_t i = 0; i < FLOOD_SPARC_PAUSE; i++) {
    }
}

int main(void)
{
    /* This side polls: PIL 15 all along, so a word that lands while it prints cannot trap. */
    irq_set_pil(15);
    printf("sparc: flood: expecting %u words from the x86\n", FLOOD_WORDS);
    sparc_console_drain();
    mbox_send(CPU_X86, MSG_READY);

    uint32_t expect = FLOOD_SEED, bad = 0, first_bad = 0xffffffffu;
    for (uint32_t n = 0; n < FLOOD_WORDS; n++) {
        while (!(mbox_status(CPU_SPARC) & MBOX_STATUS_NOT_EMPTY)) {
            /* Dropped words never come: stop waiting once the inbox says one was refused. */
            if (mbox_status(CPU_SPARC) & MBOX_STATUS_OVERFLOW) {
                bad += FLOOD_WORDS - n;
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
        }
        expect = flood_next(x);
        pause();
    }
done:
    if (bad) {
        printf("sparc: flood: %u words bad or missing, first at %u\n", bad, first_bad);
    } else {
        printf("sparc: flood: all %u words in order\n", FLOOD_WORDS);
    }
    sparc_console_drain();
    mbox_send(CPU_X86, bad);
    return 0;
}
