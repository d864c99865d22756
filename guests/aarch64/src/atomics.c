/*
 * Exclusives (ldxr/stxr, ldaxr/stlxr, byte/half/pair forms, clrex), load-acquire/store-release,
 * and the ARMv8.1 LSE atomics. Cortex-A57 has no LSE: the guest reads ID_AA64ISAR0_EL1.Atomic
 * and, when it is 0, checks that CAS and LDADD are UNDEFINED instead. Run it under QEMU
 * "-cpu max" to exercise the LSE half.
 */
#include "runtime.h"

static volatile int undef_count;
static volatile uint64_t last_esr;

void exception_handler(struct exc_frame *f, int kind)
{
    if (kind == 4 && (f->esr >> 26) == 0) {
        undef_count++;
        last_esr = f->esr;
        f->elr += 4;
        return;
    }
    printf("UNEXPECTED EXCEPTION kind=%d esr=%lx elr=%lx far=%lx\n", kind, f->esr, f->elr, f->far);
    psci_system_off();
}

static uint64_t cell[4] __attribute__((aligned(16)));

static void exclusives(void)
{
    uint64_t tmp, status, failures = 0;
    cell[0] = 0;
    for (int i = 0; i < 1000; i++) {
        __asm__ volatile("1: ldxr %0, [%2]\n\tadd %0, %0, #3\n\tstxr %w1, %0, [%2]\n\tcbnz %w1, 1b"
                         : "=&r"(tmp), "=&r"(status) : "r"(&cell[0]) : "memory");
    }
    printf("ldxr/stxr x1000 += 3: %lx\n", cell[0]);

    for (int i = 0; i < 100; i++) {
        __asm__ volatile("1: ldaxr %w0, [%2]\n\teor %w0, %w0, #0x80000001\n\tror %w0, %w0, #3\n\t"
                         "stlxr %w1, %w0, [%2]\n\tcbnz %w1, 1b"
                         : "=&r"(tmp), "=&r"(status) : "r"(&cell[1]) : "memory");
    }
    printf("ldaxr/stlxr w x100: %lx\n", cell[1]);

    cell[2] = 0x1122334455667788UL;
    __asm__ volatile("ldxrb %w0, [%2]\n\tadd %w0, %w0, #0x90\n\tstxrb %w1, %w0, [%2]"
                     : "=&r"(tmp), "=&r"(status) : "r"((uint8_t *)&cell[2] + 1) : "memory");
    failures += status;
    __asm__ volatile("ldaxrh %w0, [%2]\n\tmvn %w0, %w0\n\tstlxrh %w1, %w0, [%2]"
                     : "=&r"(tmp), "=&r"(status) : "r"((uint16_t *)&cell[2] + 3) : "memory");
    failures += status;
    printf("byte/half exclusives: %lx (status sum %lx)\n", cell[2], failures);

    uint64_t lo, hi;
    cell[0] = 0x0123456789abcdefUL;
    cell[1] = 0xfedcba9876543210UL;
    __asm__ volatile("1: ldaxp %0, %1, [%3]\n\tstlxp %w2, %1, %0, [%3]\n\tcbnz %w2, 1b"
                     : "=&r"(lo), "=&r"(hi), "=&r"(status) : "r"(&cell[0]) : "memory");
    printf("ldaxp/stlxp swap: %lx %lx (read %lx %lx)\n", cell[0], cell[1], lo, hi);
    __asm__ volatile("ldxp %w0, %w1, [%3]\n\tstxp %w2, %w1, %w0, [%3]"
                     : "=&r"(lo), "=&r"(hi), "=&r"(status) : "r"(&cell[0]) : "memory");
    printf("ldxp/stxp w: %lx status %lx\n", cell[0], status);

    /* CLREX clears the monitor, so the store-exclusive must fail and leave memory alone */
    cell[3] = 42;
    __asm__ volatile("ldxr %0, [%2]\n\tclrex\n\tstxr %w1, xzr, [%2]"
                     : "=&r"(tmp), "=&r"(status) : "r"(&cell[3]) : "memory");
    printf("stxr after clrex: status %lx value %lx\n", status, cell[3]);

    uint64_t a, b;
    __asm__ volatile("stlr %2, [%3]\n\tldar %0, [%3]\n\tstlrb %w2, [%4]\n\tldarb %w1, [%4]"
                     : "=&r"(a), "=&r"(b)
                     : "r"(0xa5a5a5a5deadbeefUL), "r"(&cell[0]), "r"((uint8_t *)&cell[1] + 5)
                     : "memory");
    printf("ldar/stlr: %lx %lx cell1=%lx\n", a, b, cell[1]);
}

#define LSE(insn, tmpl)                                                                     \
    do {                                                                                    \
        uint64_t old;                                                                       \
        cell[0] = 0x8000000000000005UL;                                                     \
        cell[1] = 0xffffffff7fffff80UL;                                                     \
        __asm__ volatile(".arch armv8.1-a\n\t" tmpl                                         \
                         : "=&r"(old) : "r"(&cell[0]), "r"(&cell[1]), "r"(0x7000000000000003UL) \
                         : "memory");                                                       \
        printf("%-18s old=%016lx mem=%016lx %016lx\n", insn, old, cell[0], cell[1]);        \
    } while (0)

static void lse(void)
{
    LSE("cas hit", "mov %0, #5\n\tmovk %0, #0x8000, lsl #48\n\tcas %0, %3, [%1]");
    LSE("cas miss", "mov %0, #6\n\tcasa %0, %3, [%1]");
    LSE("casal w", "mov %w0, #0x7fffff80\n\tcasal %w0, %w3, [%2]");
    LSE("casb", "mov %w0, #0x80\n\tcasb %w0, %w3, [%2]");
    LSE("cash miss", "mov %w0, #0x80\n\tcasl %w0, %w3, [%2]\n\tcash %w0, %w3, [%2]");
    LSE("ldadd", "ldadd %3, %0, [%1]");
    LSE("ldadda w", "ldadda %w3, %w0, [%2]");
    LSE("ldaddb", "ldaddb %w3, %w0, [%2]");
    LSE("ldclrl", "ldclrl %3, %0, [%2]");
    LSE("ldeoral h", "ldeoralh %w3, %w0, [%2]");
    LSE("ldset", "ldset %3, %0, [%1]");
    LSE("ldsmax", "ldsmax %3, %0, [%1]");
    LSE("ldsmin w", "ldsmin %w3, %w0, [%2]");
    LSE("ldumax", "ldumax %3, %0, [%1]");
    LSE("ldumin b", "lduminb %w3, %w0, [%2]");
    LSE("ldsmaxh", "ldsmaxh %w3, %w0, [%2]");
    LSE("swp", "swp %3, %0, [%1]");
    LSE("swpal b", "swpalb %w3, %w0, [%2]");
    LSE("stadd", "mov %0, #0\n\tstadd %3, [%1]");
    LSE("stsmin w", "mov %0, #0\n\tstsmin %w3, [%2]");
    {
        register uint64_t x4 __asm__("x4") = 0x8000000000000005UL, x5 __asm__("x5") = 0xffffffff7fffff80UL;
        register uint64_t x6 __asm__("x6") = 1, x7 __asm__("x7") = 2;
        cell[0] = 0x8000000000000005UL;
        cell[1] = 0xffffffff7fffff80UL;
        __asm__ volatile(".arch armv8.1-a\n\tcasp x4, x5, x6, x7, [%4]"
                         : "+r"(x4), "+r"(x5), "+r"(x6), "+r"(x7) : "r"(&cell[0]) : "memory");
        printf("casp               old=%016lx %016lx mem=%016lx %016lx\n", x4, x5, cell[0], cell[1]);
    }
}

int main(void)
{
    printf("== atomics\n");
    exclusives();
    unsigned atomic_field = (unsigned)(read_sysreg(id_aa64isar0_el1) >> 20) & 15;
    if (atomic_field >= 2) {
        printf("LSE: present\n");
        lse();
    } else {
        printf("LSE: absent\n");
        uint64_t x = 1, y = 2;
        __asm__ volatile(".arch armv8.1-a\n\tcas %0, %1, [%2]\n\tldadd %1, %0, [%2]"
                         : "+r"(x) : "r"(y), "r"(&cell[0]) : "memory");
        printf("LSE instructions undefined: %d traps, esr=%lx\n", undef_count, last_esr);
    }
    printf("== atomics done\n");
    return 0;
}
