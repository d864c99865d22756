/* SPARC helpers for the chimera-soc pairs (see hetero-sparc.h). */
#include "hetero-sparc.h"

void sparc_mailbox_irq_init(void)
{
    mbox_ctrl(CPU_SPARC, MBOX_CTRL_IRQ_ENABLE | MBOX_CTRL_CLEAR_OVERFLOW | MBOX_CTRL_CLEAR_UNDERFLOW);
    mmio_write32(IRQMP_BASE + IRQMP_CLEAR, 1u << MBOX_SPARC_IRQ);
    mmio_write32(IRQMP_BASE + IRQMP_MASK(0),
                 mmio_read32(IRQMP_BASE + IRQMP_MASK(0)) | (1u << MBOX_SPARC_IRQ));
}

uint32_t sparc_wait_word(void)
{
    uint32_t psr = irq_save();
    for (;;) {
        /* The IRQMP latches line 10 on its rising edge and nobody acknowledges it at PIL 15:
           clear it before looking, so the next push wakes the power-down again. */
        mmio_write32(IRQMP_BASE + IRQMP_CLEAR, 1u << MBOX_SPARC_IRQ);
        if (mbox_status(CPU_SPARC) & MBOX_STATUS_NOT_EMPTY) {
            break;
        }
        cpu_powerdown();
    }
    uint32_t word = mbox_pop(CPU_SPARC);
    irq_restore(psr);
    return word;
}

void sparc_console_drain(void)
{
    while (!(mmio_read32(APBUART_BASE + APBUART_STATUS) & APBUART_STATUS_TS)) {
    }
}
