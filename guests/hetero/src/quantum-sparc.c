/*
 * quantum, SPARC half: sleeps in power-down until GO lands, then runs Q_N iterations of an
 * 8-instruction loop that stores its index to shared SRAM and records the aarch64's latest
 * CNTVCT. Afterwards computes how far ahead of its own time each recorded value lies.
 */
#include "hetero-sparc.h"
#include "quantum.h"

static uint32_t seen[Q_N];

/* From the wake-up on, exactly Q_LOOP_INSNS instructions per iteration; iteration i's first
   instruction stores i. Interrupts stay masked (PIL 15): power-down still wakes on GO. */
static void timed_loop(void)
{
    uint32_t *buf = seen;
    __asm__ volatile(
        "   mov     0, %%o4\n"
        "   wr      %%g0, %%asr19\n"
        "1: st      %%o4, [%1]\n"
        "   ld      [%2], %%g2\n"
        "   st      %%g2, [%0]\n"
        "   add     %0, 4, %0\n"
        "   add     %%o4, 1, %%o4\n"
        "   cmp     %%o4, %3\n"
        "   bne     1b\n"
        "    nop\n"
        : "+r"(buf)
        : "r"(Q_S_INDEX), "r"(Q_A_TIME), "r"(Q_N)
        : "o4", "g2", "memory", "cc");
}

int main(void)
{
    printf("sparc: quantum: %u loop iterations of %u instructions\n", Q_N, Q_LOOP_INSNS);
    sparc_mailbox_irq_init();
    sparc_console_drain();
    uint32_t psr = irq_save();
    mbox_send(CPU_A64, MSG_READY);
    timed_loop();
    soc_write32(Q_S_DONE, 1);
    /* GO is still in the inbox and its interrupt pending: take them away before PIL drops. */
    uint32_t go = mbox_pop(CPU_SPARC);
    mmio_write32(IRQMP_BASE + IRQMP_CLEAR, 1u << MBOX_SPARC_IRQ);
    irq_restore(psr);
    if (go != MSG_GO) printf("sparc: woke without GO (%08x)\n", go);

    uint32_t t0 = sparc_swap32(soc_read32(Q_T0));
    int32_t max_lead = -2147483647;
    uint32_t ahead = 0;
    for (uint32_t i = 0; i < Q_N; i++) {
        /* The load of iteration i runs one instruction after its store. */
        int32_t now = q_sparc_time(t0, i) + (int32_t)Q_SPARC_NS;
        int32_t lead = (int32_t)(sparc_swap32(seen[i]) * Q_TICK_NS) - now;
        if (lead > max_lead) max_lead = lead;
        if (lead > 0) ahead++;
    }
    printf("sparc: %u observations, the aarch64 seen ahead %u times, by at most %d ns\n", Q_N, ahead, max_lead);
    sparc_console_drain();
    mbox_send(CPU_A64, MSG_DONE);
    _exit(0);
}
