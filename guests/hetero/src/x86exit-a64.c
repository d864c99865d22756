/*
 * x86exit, aarch64 half: waits for the x86's announcement, plays ping-pong with the SPARC while
 * cpu2 is off, leaves a word in the x86's inbox, and checks that it stayed there and that no
 * word came from the x86. Exit status (sim-control EXIT) = number of errors, so the run ends
 * with 0 here and not with QEMU's (0x10 << 1) | 1.
 */
#include "hetero-a64.h"
#include "x86exit.h"

int main(void)
{
    a64_mailbox_irq_init();
    uint32_t ready = a64_wait_word();
    uint32_t errors = ready != MSG_READY;
    mbox_send(CPU_X86, X86EXIT_POKE);
    a64_console_drain();
    dsb(sy);
    mbox_send(CPU_SPARC, MSG_GO);
    uint32_t sparc_ready = a64_wait_word();
    errors += sparc_ready != MSG_READY;
    uint32_t x = 1000, bad = 0;
    for (uint32_t n = 0; n < X86EXIT_ROUNDS; n++) {
        mbox_send(CPU_SPARC, x);
        uint32_t got = a64_wait_word();
        bad += got != x + 1;
        x = got * 3;
    }
    uint32_t x86_inbox = MBOX_STATUS_COUNT(mbox_status(CPU_X86));
    uint32_t from_x86 = MBOX_STATUS_COUNT(mbox_status(CPU_A64));
    errors += bad + (x86_inbox != 1) + (from_x86 != 0);
    printf("a64: x86exit: x86 said %s, %u rounds with the sparc after it stopped, %u bad\n",
           ready == MSG_READY ? "READY" : "something else", X86EXIT_ROUNDS, bad);
    printf("a64: x86 inbox holds %u word(s) (the x86 took no interrupt), %u word(s) from the x86\n",
           x86_inbox, from_x86);
    printf("a64: x86exit %s: errors %u\n", errors == 0 ? "OK" : "FAIL", errors);
    a64_exit(errors);
}
