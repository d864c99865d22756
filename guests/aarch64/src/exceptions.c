/*
 * Synchronous exceptions taken to EL1 with the MMU off: SVC, BRK, undefined instruction,
 * external abort on an unmapped address (load and store), alignment fault of an exclusive,
 * PC alignment, FP/SIMD access trap, and the same from EL0 (SVC, UNDEFINED MRS CurrentEL).
 * Each test records the address of its faulting instruction, so ELR is printed relative to it.
 */
#include "runtime.h"

void run_el0(void (*fn)(void), uint64_t user_sp);
void run_el0_resume(void);

static volatile uint64_t fault_pc;   /* address of the instruction expected to trap */
static volatile int exceptions_seen;
static uint64_t el0_stack[256] __attribute__((aligned(16)));
static uint64_t probe __attribute__((aligned(16)));

/* Records the address of label 1 in fault_pc; the test's trapping instruction must follow "1:". */
#define MARK "adr x16, 1f\n\tstr x16, [%[fp]]\n\t"
#define FP_ARG [fp] "r"(&fault_pc)

void exception_handler(struct exc_frame *f, int kind)
{
    uint64_t esr = f->esr, ec = esr >> 26;
    exceptions_seen++;
    printf("  exception kind=%d esr=%08lx ec=%02lx iss=%07lx elr=pc%+ld spsr.m/daif=%03lx", kind,
           esr, ec, esr & 0x1ffffff, (long)(f->elr - fault_pc), f->spsr & 0x3cf);
    if (ec == 0x24 || ec == 0x25 || ec == 0x20 || ec == 0x21 || ec == 0x22) {
        printf(" far=%lx", f->far);
    }
    printf("\n");
    if (ec == 0x15 && (esr & 0xffff) == 0xffff) {
        /* EL0 program finished: resume run_el0's caller at EL1h with DAIF masked */
        f->elr = (uint64_t)run_el0_resume;
        f->spsr = 0x3c5;
        return;
    }
    if (ec == 0x15) {
        return; /* SVC: ELR already points past it */
    }
    if (ec == 0x22) {
        f->elr = f->x[30]; /* PC alignment: return to the caller of the bad branch */
        return;
    }
    f->elr += 4; /* skip the faulting instruction */
}

static void el0_program(void)
{
    uint64_t el;
    __asm__ volatile(MARK "1: svc #0x42" : : FP_ARG : "x16", "memory");
    __asm__ volatile(MARK "1: mrs %[el], currentel" : [el] "=r"(el) : FP_ARG : "x16", "memory");
    __asm__ volatile(MARK "1: .inst 0xd4200000 + (0x7 << 5)" : : FP_ARG : "x16", "memory"); /* brk #7 */
}

int main(void)
{
    uint64_t v = 0, x;
    printf("== exceptions\n");

    printf("svc #0x123\n");
    __asm__ volatile(MARK "1: svc #0x123" : : FP_ARG : "x16", "memory");
    printf("brk #0x42\n");
    __asm__ volatile(MARK "1: brk #0x42" : : FP_ARG : "x16", "memory");
    printf("udf (.word 0)\n");
    __asm__ volatile(MARK "1: .word 0" : : FP_ARG : "x16", "memory");
    printf("undefined encoding 0xffffffff\n");
    __asm__ volatile(MARK "1: .word 0xffffffff" : : FP_ARG : "x16", "memory");

    printf("load from unmapped 0x50000000\n");
    __asm__ volatile("mov %[v], #0x50000000\n\t" MARK "1: ldr %w[v], [%[v]]" : [v] "+r"(v) : FP_ARG : "x16", "memory");
    printf("store to unmapped 0x50000008\n");
    __asm__ volatile("mov %[v], #0x50000000\n\t" MARK "1: str xzr, [%[v], #8]" : [v] "+r"(v) : FP_ARG : "x16", "memory");

    printf("ldxr from misaligned address\n");
    __asm__ volatile(MARK "1: ldxr %[x], [%[a]]" : [x] "=r"(x) : [a] "r"((char *)&probe + 4), FP_ARG : "x16", "memory");

    printf("branch to misaligned address\n");
    __asm__ volatile("adr x17, 2f\n\tadd x17, x17, #2\n\tstr x17, [%[fp]]\n\tbl 3f\n\tb 2f\n"
                     "3: br x17\n2:" : : FP_ARG : "x16", "x17", "x30", "memory");

    printf("FP instruction with CPACR_EL1.FPEN=0\n");
    uint64_t cpacr = read_sysreg(cpacr_el1);
    write_sysreg(cpacr_el1, 0);
    isb();
    __asm__ volatile(MARK "1: fmov d0, xzr" : : FP_ARG : "x16", "v0", "memory");
    write_sysreg(cpacr_el1, cpacr);
    isb();

    printf("EL0: svc, mrs currentel, brk\n");
    run_el0(el0_program, (uint64_t)&el0_stack[256]);
    printf("back at EL%lu\n", read_sysreg(currentel) >> 2);

    printf("exceptions taken: %d\n", exceptions_seen);
    printf("== exceptions done\n");
    return 0;
}
