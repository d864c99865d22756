/*
 * Integer ALU: add/sub with and without cc and carry (addx/subx), logical ops, shifts and
 * sethi. Every line prints operands, result and icc as nzvc.
 */
#include "optest.h"

static void binop_table(const char *name, int which)
{
    char icc[5];
    for (unsigned i = 0; i < N_TEST_VALUES; i++) {
        for (unsigned j = 0; j < N_TEST_VALUES; j++) {
            uint32_t a = test_values[i], b = test_values[j], r = 0, psr = 0;
            switch (which) {
            case 0: OP_RR("addcc", a, b, r, psr); break;
            case 1: OP_RR("subcc", a, b, r, psr); break;
            case 2: OP_RR("andcc", a, b, r, psr); break;
            case 3: OP_RR("andncc", a, b, r, psr); break;
            case 4: OP_RR("orcc", a, b, r, psr); break;
            case 5: OP_RR("orncc", a, b, r, psr); break;
            case 6: OP_RR("xorcc", a, b, r, psr); break;
            case 7: OP_RR("xnorcc", a, b, r, psr); break;
            }
            icc_str(psr, icc);
            printf("%s %08x %08x = %08x %s\n", name, a, b, r, icc);
        }
    }
}

static void carry_table(const char *name, int which)
{
    char icc[5];
    for (uint32_t cin = 0; cin < 2; cin++) {
        for (unsigned i = 0; i < N_TEST_VALUES; i++) {
            for (unsigned j = 0; j < N_TEST_VALUES; j += 2) {
                uint32_t a = test_values[i], b = test_values[j ^ (i & 1)], r = 0, psr = 0;
                switch (which) {
                case 0: OP_RR_CIN("addxcc", a, b, cin, r, psr); break;
                case 1: OP_RR_CIN("subxcc", a, b, cin, r, psr); break;
                case 2: OP_RR_CIN("addx", a, b, cin, r, psr); break;
                case 3: OP_RR_CIN("subx", a, b, cin, r, psr); break;
                }
                icc_str(psr, icc);
                printf("%s c=%u %08x %08x = %08x %s\n", name, cin, a, b, r, icc);
            }
        }
    }
}

/* Non-cc forms must leave icc untouched: preset each of the 16 patterns. */
static void no_cc_check(void)
{
    char icc[5];
    for (uint32_t nzvc = 0; nzvc < 16; nzvc += 5) {
        uint32_t a = 0xffffffff, b = 1, r[8], psr;
        set_icc(nzvc);
        __asm__ volatile("add %9, %10, %0\n\tsub %9, %10, %1\n\tand %9, %10, %2\n\t"
                         "andn %9, %10, %3\n\tor %9, %10, %4\n\torn %9, %10, %5\n\t"
                         "xor %9, %10, %6\n\txnor %9, %10, %7\n\trd %%psr, %8"
                         : "=&r"(r[0]), "=&r"(r[1]), "=&r"(r[2]), "=&r"(r[3]), "=&r"(r[4]),
                           "=&r"(r[5]), "=&r"(r[6]), "=&r"(r[7]), "=&r"(psr)
                         : "r"(a), "r"(b));
        icc_str(psr, icc);
        printf("nocc preset=%x: %08x %08x %08x %08x %08x %08x %08x %08x icc=%s\n", nzvc, r[0],
               r[1], r[2], r[3], r[4], r[5], r[6], r[7], icc);
    }
}

static void shifts(void)
{
    static const uint32_t counts[] = { 0, 1, 4, 15, 31, 32, 33, 63 };
    static const uint32_t values[] = { 0x80000001, 0x12345678, 0xfedcba98, 0x00000001 };
    for (unsigned v = 0; v < 4; v++) {
        for (unsigned c = 0; c < 8; c++) {
            uint32_t a = values[v], n = counts[c] | 0xffffffc0u, l, rl, ra;
            /* only the low 5 bits of the count register are used */
            __asm__("sll %3, %4, %0\n\tsrl %3, %4, %1\n\tsra %3, %4, %2"
                    : "=&r"(l), "=&r"(rl), "=&r"(ra) : "r"(a), "r"(n));
            printf("shift %08x by %2u: sll=%08x srl=%08x sra=%08x\n", a, counts[c], l, rl, ra);
        }
    }
    uint32_t a = 0xc0000003, r0, r1, r2, r3, r4, r5;
    __asm__("sll %6, 0, %0\n\tsll %6, 31, %1\n\tsrl %6, 1, %2\n\tsrl %6, 30, %3\n\t"
            "sra %6, 1, %4\n\tsra %6, 31, %5"
            : "=&r"(r0), "=&r"(r1), "=&r"(r2), "=&r"(r3), "=&r"(r4), "=&r"(r5) : "r"(a));
    printf("shift imm: %08x %08x %08x %08x %08x %08x\n", r0, r1, r2, r3, r4, r5);
}

static void sethi_and_imm(void)
{
    uint32_t r[8];
    __asm__("sethi %%hi(0x12345678), %0\n\tsethi %%hi(0xffffffff), %1\n\tsethi 0, %2\n\t"
            "sethi %%hi(0x80000000), %3\n\tor %%g0, -1, %4\n\tor %%g0, 4095, %5\n\t"
            "add %%g0, -4096, %6\n\tset 0xdeadbeef, %7"
            : "=&r"(r[0]), "=&r"(r[1]), "=&r"(r[2]), "=&r"(r[3]), "=&r"(r[4]), "=&r"(r[5]),
              "=&r"(r[6]), "=&r"(r[7]));
    for (int i = 0; i < 8; i++) {
        printf("imm[%d] = %08x\n", i, r[i]);
    }
    /* writes to %g0 are discarded */
    uint32_t z;
    __asm__ volatile("or %%g0, 123, %%g0\n\tmov %%g0, %0" : "=r"(z));
    printf("g0 = %08x\n", z);
}

int main(void)
{
    printf("alu start\n");
    binop_table("addcc", 0);
    binop_table("subcc", 1);
    carry_table("addxcc", 0);
    carry_table("subxcc", 1);
    carry_table("addx", 2);
    carry_table("subx", 3);
    binop_table("andcc", 2);
    binop_table("andncc", 3);
    binop_table("orcc", 4);
    binop_table("orncc", 5);
    binop_table("xorcc", 6);
    binop_table("xnorcc", 7);
    no_cc_check();
    shifts();
    sethi_and_imm();
    printf("alu done\n");
    return 0;
}
