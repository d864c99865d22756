/* x86-64 helpers for the chimera-soc program sets (see hetero-x86.h). */
#include "hetero-x86.h"

#define UART_LSR 5
#define LSR_TEMT 0x40
#define QUEUE 64u

static volatile uint32_t queue[QUEUE];
static volatile uint32_t head, tail, interrupts;

static void mailbox_handler(struct frame *f)
{
    (void)f;
    interrupts++;
    while (mbox_status(CPU_X86) & MBOX_STATUS_NOT_EMPTY) {
        uint32_t w = mbox_pop(CPU_X86);
        if (tail - head < QUEUE) {
            queue[tail % QUEUE] = w;
            tail++;
        }
    }
    lapic_write(LAPIC_EOI, 0);
}

void x86_mailbox_irq_init(void)
{
    set_handler(MBOX_X86_VECTOR, mailbox_handler);
    uint32_t me = lapic_read(LAPIC_ID) >> 24;
    ioapic_write(IOAPIC_REDIR_HI(MBOX_X86_IOAPIC_PIN), me << 24);
    ioapic_write(IOAPIC_REDIR_LO(MBOX_X86_IOAPIC_PIN), IOAPIC_LEVEL | MBOX_X86_VECTOR);
    mbox_ctrl(CPU_X86, MBOX_CTRL_IRQ_ENABLE | MBOX_CTRL_CLEAR_OVERFLOW | MBOX_CTRL_CLEAR_UNDERFLOW);
}

uint32_t x86_wait_word(void)
{
    while (head == tail) {
        /* STI's one-instruction shadow covers HLT: an interrupt pending now wakes the HLT. */
        __asm__ volatile("sti\n\thlt\n\tcli" ::: "memory");
    }
    uint32_t w = queue[head % QUEUE];
    head++;
    return w;
}

uint32_t x86_mailbox_interrupts(void) { return interrupts; }

void x86_console_drain(void)
{
    while (!(inb(COM1 + UART_LSR) & LSR_TEMT)) {
    }
}
