/* aarch64 helpers for the chimera-soc pairs (see hetero-a64.h). */
#include "hetero-a64.h"

#define UART_FR      0x18
#define UART_FR_BUSY 0x08
#define UART_FR_TXFE 0x80

void a64_mailbox_irq_init(void)
{
    mbox_ctrl(CPU_A64, MBOX_CTRL_IRQ_ENABLE | MBOX_CTRL_CLEAR_OVERFLOW | MBOX_CTRL_CLEAR_UNDERFLOW);
    mmio_write32(GICD_BASE + GICD_CTLR, 1);
    /* INTID 40 = SPI 8: level-sensitive (ICFGR field 0b00), targets CPU interface 0 */
    uint32_t cfg = mmio_read32(GICD_BASE + GICD_ICFGR + 4 * (MBOX_A64_INTID / 16));
    cfg &= ~(3u << (2 * (MBOX_A64_INTID % 16)));
    mmio_write32(GICD_BASE + GICD_ICFGR + 4 * (MBOX_A64_INTID / 16), cfg);
    mmio_write8(GICD_BASE + GICD_IPRIORITYR + MBOX_A64_INTID, 0x80);
    mmio_write8(GICD_BASE + GICD_ITARGETSR + MBOX_A64_INTID, 1);
    mmio_write32(GICD_BASE + GICD_ISENABLER + 4 * (MBOX_A64_INTID / 32), 1u << (MBOX_A64_INTID % 32));
    mmio_write32(GICC_BASE + GICC_PMR, 0xf0);
    mmio_write32(GICC_BASE + GICC_CTLR, 1);
    isb();
}

uint32_t a64_wait_word(void)
{
    while (!(mbox_status(CPU_A64) & MBOX_STATUS_NOT_EMPTY)) {
        wfi();
    }
    return mbox_pop(CPU_A64);
}

void a64_console_drain(void)
{
    while ((mmio_read32(UART0_BASE + UART_FR) & (UART_FR_TXFE | UART_FR_BUSY)) != UART_FR_TXFE) {
    }
}

void a64_exit(uint32_t status)
{
    a64_console_drain();
    dsb(sy);
    soc_exit(status);
    for (;;) {
        wfi();
    }
}
