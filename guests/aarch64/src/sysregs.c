/*
 * System registers: identification registers as QEMU's cortex-a57 reports them (only those a
 * faithful model must match) and read/write behaviour of EL0/EL1 registers.
 * Not printed on purpose: counter values, SCTLR/ACTLR reset values, cache geometry.
 */
#include "runtime.h"

#define SHOW(name) printf("%-16s %016lx\n", #name, read_sysreg(name))
#define RW(name, value)                                                                    \
    do {                                                                                   \
        write_sysreg(name, value);                                                         \
        isb();                                                                             \
        printf("rw %-16s wrote %016lx read %016lx\n", #name, (uint64_t)(value), read_sysreg(name)); \
    } while (0)

int main(void)
{
    printf("== sysregs: identification\n");
    SHOW(midr_el1);
    SHOW(mpidr_el1);
    SHOW(revidr_el1);
    SHOW(currentel);
    SHOW(id_aa64pfr0_el1);
    SHOW(id_aa64pfr1_el1);
    SHOW(id_aa64isar0_el1);
    SHOW(id_aa64isar1_el1);
    SHOW(id_aa64mmfr0_el1);
    SHOW(id_aa64mmfr1_el1);
    SHOW(ctr_el0);
    SHOW(dczid_el0);
    SHOW(cntfrq_el0);

    printf("== sysregs: read/write\n");
    RW(tpidr_el0, 0x0123456789abcdefUL);
    RW(tpidr_el1, 0xfedcba9876543210UL);
    RW(tpidrro_el0, 0x5555aaaa5555aaaaUL);
    RW(contextidr_el1, 0x12345678);
    RW(vbar_el1, 0x40000800UL);
    RW(sp_el0, 0x40123450UL);
    RW(elr_el1, 0x4000abcdUL);
    RW(spsr_el1, 0x600003c5UL);
    RW(far_el1, 0xdeadbeefcafeUL);
    RW(esr_el1, 0x96000045);
    RW(mair_el1, 0x00000000004404ffUL);
    RW(ttbr0_el1, 0x0000000040200000UL);
    RW(ttbr1_el1, 0x0001000040300000UL);
    RW(cntkctl_el1, 0x3);
    RW(fpcr, 0x07c00000);
    RW(fpcr, 0);
    RW(fpsr, 0x9f);
    RW(fpsr, 0);
    RW(nzcv, 0xa0000000UL);
    RW(nzcv, 0);
    /* restore the vector table the runtime installed */
    extern char vectors[];
    write_sysreg(vbar_el1, (uint64_t)vectors);
    isb();

    printf("== sysregs: PSTATE fields\n");
    uint64_t d0 = read_sysreg(daif);
    __asm__ volatile("msr daifclr, #0xf" ::: "memory");
    uint64_t d1 = read_sysreg(daif);
    __asm__ volatile("msr daifset, #0x5" ::: "memory");
    uint64_t d2 = read_sysreg(daif);
    __asm__ volatile("msr daifset, #0xf" ::: "memory");
    printf("daif at boot %lx, after clr %lx, after set 5 %lx\n", d0, d1, d2);
    uint64_t sp1 = read_sysreg(spsel);
    printf("spsel %lx\n", sp1);

    printf("== sysregs: counter\n");
    uint64_t c0 = read_sysreg(cntvct_el0);
    for (volatile int i = 0; i < 10000; i++) {
    }
    uint64_t c1 = read_sysreg(cntvct_el0);
    uint64_t p0 = read_sysreg(cntpct_el0);
    printf("cntvct advances: %s\n", c1 > c0 ? "yes" : "no");
    printf("cntpct >= cntvct: %s\n", p0 >= c1 ? "yes" : "no");
    printf("psci version %lx\n", (uint64_t)psci_call(PSCI_VERSION, 0, 0, 0));
    printf("== sysregs done\n");
    return 0;
}
