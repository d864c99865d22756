/*
 * ring, x86-64 half (cpu2, little endian, a Multiboot kernel as on pc): takes every mailbox
 * word by interrupt (IOAPIC pin 16 -> LAPIC -> IDT vector 0x40), reads the SPARC's big-endian
 * record, passes the token on to the aarch64 with its own little-endian record, and returns
 * from main on the report lap: isa-debug-exit then powers off cpu2 alone.
 */
#include "hetero-x86.h"
#include "ring.h"

int main(void)
{
    x86_mailbox_irq_init();
    uint32_t ready = x86_wait_word();
    uint32_t errors = ready != MSG_READY;
    /* SeaBIOS' virtual-wire state, which the Multiboot hand-over leaves in the LAPIC. */
    printf("x86: ring: sparc says %s; LAPIC id %u, SVR %03x, LINT0 %05x, LINT1 %05x\n",
           ready == MSG_READY ? "READY" : "something else", lapic_read(LAPIC_ID) >> 24,
           lapic_read(LAPIC_SVR), lapic_read(LAPIC_LVT_LINT0), lapic_read(LAPIC_LVT_LINT1));
    printf("x86: mailbox inbox 2 on IOAPIC pin %u -> vector 0x%x\n", MBOX_X86_IOAPIC_PIN, MBOX_X86_VECTOR);
    x86_console_drain();
    mbox_send(CPU_A64, MSG_READY);

    for (uint32_t n = 1; n < RING_HOPS; n += RING_CPUS) {
        uint32_t got = x86_wait_word();
        errors += ring_read(CPU_X86, got, n, ring_token(n));
        uint32_t t = ring_next(got, n);
        ring_write(CPU_X86, t, n + 1);
        ring_pass(CPU_X86, t, n + 1);
        x86_console_drain();
        mbox_send(CPU_A64, t);
    }

    uint32_t tag = x86_wait_word();
    uint32_t before = x86_wait_word();
    errors += tag != RING_REPORT;
    printf("x86: report lap: %u errors before me, %u here; %u mailbox interrupts taken\n", before, errors,
           x86_mailbox_interrupts());
    x86_console_drain();
    mbox_send(CPU_A64, RING_REPORT);
    mbox_send(CPU_A64, before + errors);
    return 0; /* the runtime writes it to isa-debug-exit: cpu2 powers off */
}
