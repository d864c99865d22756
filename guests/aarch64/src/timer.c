/*
 * Interrupts through the GICv2: the EL1 physical timer (PPI, INTID 30) ticks every 10 ms
 * while the core sleeps in WFI; then the virtual timer (INTID 27); then a software-generated
 * interrupt to itself. Only tick numbers and interrupt IDs are printed, never counter values.
 */
#include "runtime.h"

#define GICD_CTLR       0x000
#define GICD_ISENABLER  0x100
#define GICD_ICENABLER  0x180
#define GICD_IPRIORITYR 0x400
#define GICD_SGIR       0xf00
#define GICC_CTLR       0x000
#define GICC_PMR        0x004
#define GICC_IAR        0x00c
#define GICC_EOIR       0x010

#define INTID_CNTP 30
#define INTID_CNTV 27
#define TICKS 5

static volatile int ticks_p, ticks_v, sgis, spurious;
static uint64_t interval;

void exception_handler(struct exc_frame *f, int kind)
{
    if (kind != 5) {
        printf("UNEXPECTED EXCEPTION kind=%d esr=%lx elr=%lx\n", kind, f->esr, f->elr);
        psci_system_off();
    }
    uint32_t iar = mmio_read32(GICC_BASE + GICC_IAR);
    uint32_t id = iar & 0x3ff;
    if (id == 1023) {
        spurious++; /* not printed: whether it happens depends on timing */
        return;
    }
    if (id == INTID_CNTP) {
        ticks_p++;
        printf("  irq %u: physical tick %d\n", id, ticks_p);
        if (ticks_p < TICKS) {
            write_sysreg(cntp_tval_el0, interval);
        } else {
            write_sysreg(cntp_ctl_el0, 0);
        }
    } else if (id == INTID_CNTV) {
        ticks_v++;
        printf("  irq %u: virtual tick %d\n", id, ticks_v);
        if (ticks_v < 3) {
            write_sysreg(cntv_tval_el0, interval);
        } else {
            write_sysreg(cntv_ctl_el0, 0);
        }
    } else if (id < 16) {
        sgis++;
        printf("  irq %u: SGI from cpu %u\n", id, (iar >> 10) & 7);
    } else {
        printf("  irq %u: unexpected\n", id);
    }
    isb();
    mmio_write32(GICC_BASE + GICC_EOIR, iar);
}

/*
 * Sleeps until *counter reaches n. IRQs stay masked around the check so an interrupt cannot
 * slip in between the test and WFI (WFI still wakes on a pending, masked interrupt).
 */
static void wait_for(volatile int *counter, int n)
{
    __asm__ volatile("msr daifset, #2" ::: "memory");
    while (*counter < n) {
        __asm__ volatile("wfi\n\tmsr daifclr, #2\n\tisb\n\tmsr daifset, #2" ::: "memory");
    }
    __asm__ volatile("msr daifclr, #2" ::: "memory");
}

static void gic_init(void)
{
    mmio_write32(GICD_BASE + GICD_CTLR, 1);
    /* PPIs and SGIs 0-31 are banked per CPU: enable the two timers and SGI 5 */
    mmio_write32(GICD_BASE + GICD_ISENABLER, 1u << INTID_CNTP | 1u << INTID_CNTV | 1u << 5);
    mmio_write8(GICD_BASE + GICD_IPRIORITYR + INTID_CNTP, 0x80);
    mmio_write8(GICD_BASE + GICD_IPRIORITYR + INTID_CNTV, 0x80);
    mmio_write8(GICD_BASE + GICD_IPRIORITYR + 5, 0x40);
    mmio_write32(GICC_BASE + GICC_PMR, 0xf0);
    mmio_write32(GICC_BASE + GICC_CTLR, 1);
}

int main(void)
{
    printf("== timer\n");
    interval = read_sysreg(cntfrq_el0) / 100; /* 10 ms */

    /* polled: with IMASK set the timer condition shows in ISTATUS without an interrupt */
    write_sysreg(cntp_tval_el0, interval / 10);
    write_sysreg(cntp_ctl_el0, 3); /* ENABLE | IMASK */
    isb();
    while (!(read_sysreg(cntp_ctl_el0) & 4)) {
    }
    printf("polled: cntp_ctl=%lx\n", read_sysreg(cntp_ctl_el0));
    write_sysreg(cntp_ctl_el0, 0);

    gic_init();
    __asm__ volatile("msr daifclr, #2" ::: "memory");

    printf("physical timer, %d ticks\n", TICKS);
    write_sysreg(cntp_tval_el0, interval);
    write_sysreg(cntp_ctl_el0, 1);
    isb();
    wait_for(&ticks_p, TICKS);

    printf("virtual timer, 3 ticks\n");
    write_sysreg(cntv_tval_el0, interval);
    write_sysreg(cntv_ctl_el0, 1);
    isb();
    wait_for(&ticks_v, 3);

    printf("SGI 5 to self\n");
    mmio_write32(GICD_BASE + GICD_SGIR, 2u << 24 | 5); /* TargetListFilter = this CPU only */
    dsb(sy);
    isb();
    wait_for(&sgis, 1);

    __asm__ volatile("msr daifset, #2" ::: "memory");
    printf("done: %d physical, %d virtual, %d SGI\n", ticks_p, ticks_v, sgis);
    printf("== timer done\n");
    return 0;
}
