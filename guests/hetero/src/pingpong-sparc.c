/*
 * pingpong, SPARC half (consumer): answers each of the PP_MESSAGES words from the aarch64
 * with pp_transform(word). Words arrive by interrupt (IRQMP line 10, tt 0x1a): the handler
 * moves them from the mailbox into a ring; the main loop sleeps in power-down (wr %asr19)
 * when the ring is empty. Replies wait while the aarch64's inbox is FULL. After the last
 * reply it sends its checksum and stops with `ta 0`, traps off (this core only).
 */
#include "hetero-sparc.h"
#include "pingpong.h"

#define RING 64u

static volatile uint32_t ring[RING];
static volatile uint32_t ring_head, ring_tail;
static volatile uint32_t irqs;

static void mailbox_handler(struct trap_frame *f)
{
    (void)f;
    irqs++;
    /* Drain: IRQMP latches the rising edge only, so words left behind would not interrupt. */
    while (mbox_status(CPU_SPARC) & MBOX_STATUS_NOT_EMPTY) {
        ring[ring_head % RING] = mbox_pop(CPU_SPARC);
        ring_head = ring_head + 1;
    }
}

/** Next word from the ring; sleeps at PIL 15 (no lost wake-up) and takes the trap at PIL 0. */
static uint32_t next_word(void)
{
    irq_set_pil(15);
    while (ring_tail == ring_head) {
        cpu_powerdown();
        irq_set_pil(0);
        irq_set_pil(15);
    }
    uint32_t w = ring[ring_tail % RING];
    ring_tail = ring_tail + 1;
    irq_set_pil(0);
    return w;
}


static void reply(uint32_t word)
{
    while (mbox_status(CPU_A64) & MBOX_STATUS_FULL) {
        /* the aarch64 drains its inbox by interrupt: wait for room */
    }
    mbox_send(CPU_A64, word);
}

int main(void)
{
    printf("sparc: pingpong: waiting for %u messages, reply = x*3+1\n", PP_MESSAGES);
    trap_set_handler(TT_INTERRUPT(MBOX_SPARC_IRQ), mailbox_handler);
    sparc_mailbox_irq_init();
    sparc_console_drain();
    mbox_send(CPU_A64, MSG_READY);

    uint32_t expect = PP_SEED, sum = PP_CHECKSUM_INIT, errors = 0;
    for (uint32_t n = 1; n <= PP_MESSAGES; n++) {
        uint32_t x = next_word();
        if (x != expect) {
            errors++;
        }
        expect = pp_next(expect);
        uint32_t r = pp_transform(x);
        sum = pp_checksum(sum, r);
        if (n % PP_BATCH == 0) {
            /* The aarch64 waits for this reply: the console is ours until we send it. */
            printf("sparc: batch %u: %u messages, checksum %08x\n", n / PP_BATCH, n, sum);
            if (n == PP_MESSAGES) {
                uint32_t flags = mbox_status(CPU_SPARC) & (MBOX_STATUS_OVERFLOW | MBOX_STATUS_UNDERFLOW);
                errors += flags != 0;
                printf("sparc: interrupts taken: %s, inbox flags: %s\n", irqs > 0 ? "yes" : "no",
                       flags ? "SET" : "none");
                printf("sparc: pingpong done: %u messages, checksum %08x, errors %u: %s\n", n,
                       sum, errors, errors == 0 ? "OK" : "FAIL");
            }
            sparc_console_drain();
        }
        reply(r);
    }
    /* Last word: our checksum, for the aarch64 to compare with its own. */
    reply(sum);
    irq_set_pil(15);
    mmio_write32(IRQMP_BASE + IRQMP_MASK(0), 0);
    _exit((int)errors);
}
