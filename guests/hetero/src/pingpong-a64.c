/*
 * pingpong, aarch64 half (producer): sends PP_MESSAGES words to the SPARC's inbox and checks
 * every reply. Replies arrive by interrupt (GIC INTID 40); the handler moves them from the
 * mailbox into a ring, the main loop sleeps in WFI when it can neither send nor consume.
 * Exit status (sim-control EXIT) = number of errors.
 */
#include "hetero-a64.h"
#include "pingpong.h"

#define RING 64u    /* > PP_WINDOW + 1: the handler can never overrun it */

static volatile uint32_t ring[RING];
static volatile uint32_t ring_head, ring_tail;  /* head: written by the handler */
static volatile uint32_t irqs, spurious;

void exception_handler(struct exc_frame *f, int kind)
{
    if (kind != KIND_IRQ_EL1H) {
        printf("a64: UNEXPECTED EXCEPTION kind=%d esr=%lx elr=%lx\n", kind, f->esr, f->elr);
        a64_exit(100);
    }
    uint32_t iar = mmio_read32(GICC_BASE + GICC_IAR);
    uint32_t id = iar & 0x3ff;
    if (id == GIC_SPURIOUS) {
        spurious++;
        return;
    }
    if (id == MBOX_A64_INTID) {
        irqs++;
        /* Drain the inbox: the line stays high while it is non-empty. */
        while (mbox_status(CPU_A64) & MBOX_STATUS_NOT_EMPTY) {
            ring[ring_head % RING] = mbox_pop(CPU_A64);
            ring_head = ring_head + 1;
        }
    } else {
        printf("a64: unexpected interrupt %u\n", id);
    }
    mmio_write32(GICC_BASE + GICC_EOIR, iar);
}

/** Sleeps until an interrupt has been taken: masked check, then WFI, then a window to take it. */
static void sleep_for_irq(void)
{
    wfi();
    irq_unmask();
    isb();
    irq_mask();
}

int main(void)
{
    /* The SPARC prints its banner first and then says READY: wait for it before printing. */
    a64_mailbox_irq_init();
    uint32_t ready = a64_wait_word();
    printf("a64: pingpong: %u messages, batches of %u, window %u, sparc says %s\n", PP_MESSAGES,
           PP_BATCH, PP_WINDOW, ready == MSG_READY ? "READY" : "something else");
    uint32_t errors = ready != MSG_READY;
    a64_console_drain();

    uint32_t sent = 0, got = 0, full_seen = 0;
    uint32_t msg = PP_SEED, expect_msg = PP_SEED;
    uint32_t sum = PP_CHECKSUM_INIT;
    irq_mask();
    for (uint32_t batch_end = PP_BATCH; batch_end <= PP_MESSAGES; batch_end += PP_BATCH) {
        while (got < batch_end) {
            /* send while credits last and the SPARC's inbox is not full */
            while (sent < batch_end && sent - got < PP_WINDOW) {
                if (mbox_status(CPU_SPARC) & MBOX_STATUS_FULL) {
                    full_seen++;
                    break;
                }
                mbox_send(CPU_SPARC, msg);
                msg = pp_next(msg);
                sent++;
            }
            if (ring_tail == ring_head) {
                sleep_for_irq();
                continue;
            }
            while (ring_tail != ring_head && got < batch_end) {
                uint32_t reply = ring[ring_tail % RING];
                ring_tail = ring_tail + 1;
                uint32_t want = pp_transform(expect_msg);
                if (reply != want) {
                    if (errors < 5) {
                        printf("a64: reply %u = %08x, expected %08x\n", got, reply, want);
                    }
                    errors++;
                }
                expect_msg = pp_next(expect_msg);
                sum = pp_checksum(sum, reply);
                got++;
            }
        }
        printf("a64: batch %u: %u replies, checksum %08x\n", batch_end / PP_BATCH, got, sum);
        a64_console_drain();
    }

    /* The SPARC's last word: its checksum of the replies it sent. */
    while (ring_tail == ring_head) {
        sleep_for_irq();
    }
    uint32_t sparc_sum = ring[ring_tail % RING];
    ring_tail = ring_tail + 1;
    if (sparc_sum != sum) {
        errors++;
    }
    uint32_t extra = ring_head - ring_tail;
    errors += extra != 0;

    uint32_t st0 = mbox_status(CPU_A64), st1 = mbox_status(CPU_SPARC);
    uint32_t flags = (st0 | st1) & (MBOX_STATUS_OVERFLOW | MBOX_STATUS_UNDERFLOW);
    errors += flags != 0;
    printf("a64: sparc checksum %08x: %s\n", sparc_sum, sparc_sum == sum ? "match" : "MISMATCH");
    printf("a64: mailbox overflow/underflow flags: %s, words left over: %u\n",
           flags ? "SET" : "none", extra);
    printf("a64: interrupts taken: %s, sparc inbox seen FULL: %u times\n", irqs > 0 ? "yes" : "no",
           full_seen);
    printf("a64: pingpong done: %u sent, %u replies, checksum %08x, errors %u: %s\n", sent, got,
           sum, errors, errors == 0 ? "OK" : "FAIL");
    a64_exit(errors);
}
