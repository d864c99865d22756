/*
 * umul/smul(cc), udiv/sdiv(cc) with the Y register (incl. quotient overflow, which saturates
 * and sets V), and a 32-step mulscc multiply compared with umul.
 */
#include "optest.h"

static void multiplies(void)
{
    char icc[5];
    for (unsigned i = 0; i < N_TEST_VALUES; i++) {
        for (unsigned j = i; j < N_TEST_VALUES; j++) {
            uint32_t a = test_values[i], b = test_values[j], lo, hi, psr;
            __asm__ volatile("umulcc %3, %4, %0\n\trd %%y, %1\n\trd %%psr, %2"
                             : "=&r"(lo), "=&r"(hi), "=&r"(psr) : "r"(a), "r"(b) : "cc");
            icc_str(psr, icc);
            printf("umulcc %08x %08x = %08x:%08x %s\n", a, b, hi, lo, icc);
            __asm__ volatile("smulcc %3, %4, %0\n\trd %%y, %1\n\trd %%psr, %2"
                             : "=&r"(lo), "=&r"(hi), "=&r"(psr) : "r"(a), "r"(b) : "cc");
            icc_str(psr, icc);
            printf("smulcc %08x %08x = %08x:%08x %s\n", a, b, hi, lo, icc);
        }
    }
    /* non-cc forms keep icc; immediate operand is sign-extended */
    uint32_t lo, hi, psr;
    set_icc(0xa);
    __asm__ volatile("umul %3, -2, %0\n\trd %%y, %1\n\trd %%psr, %2"
                     : "=&r"(lo), "=&r"(hi), "=&r"(psr) : "r"(3) : "cc");
    icc_str(psr, icc);
    printf("umul 3 * -2 = %08x:%08x %s\n", hi, lo, icc);
    __asm__ volatile("smul %3, -2, %0\n\trd %%y, %1\n\trd %%psr, %2"
                     : "=&r"(lo), "=&r"(hi), "=&r"(psr) : "r"(3) : "cc");
    icc_str(psr, icc);
    printf("smul 3 * -2 = %08x:%08x %s\n", hi, lo, icc);
}

/* Dividend is Y:rs1. wr %y needs three instructions before the divide reads it. */
static void divide(const char *insn, uint32_t y, uint32_t a, uint32_t b)
{
    uint32_t q, psr;
    char icc[5];
    if (insn[0] == 'u') {
        __asm__ volatile("wr %3, %%y\n\tnop\n\tnop\n\tnop\n\tudivcc %4, %5, %0\n\trd %%psr, %1\n\t"
                         "rd %%y, %2"
                         : "=&r"(q), "=&r"(psr), "=&r"(y) : "r"(y), "r"(a), "r"(b) : "cc");
    } else {
        __asm__ volatile("wr %3, %%y\n\tnop\n\tnop\n\tnop\n\tsdivcc %4, %5, %0\n\trd %%psr, %1\n\t"
                         "rd %%y, %2"
                         : "=&r"(q), "=&r"(psr), "=&r"(y) : "r"(y), "r"(a), "r"(b) : "cc");
    }
    icc_str(psr, icc);
    printf("%s %08x:%08x / %08x = %08x %s\n", insn, y, a, b, q, icc);
}

static void divides(void)
{
    static const uint32_t ys[] = { 0, 0xffffffff, 1, 0x7fffffff };
    static const uint32_t divisors[] = { 1, 2, 3, 7, 0xffffffff, 0x80000000, 0x10000, 0xfffffffd };
    for (unsigned k = 0; k < 4; k++) {
        for (unsigned i = 0; i < N_TEST_VALUES; i++) {
            for (unsigned j = 0; j < 8; j += 1 + (i & 1)) {
                divide("udivcc", ys[k], test_values[i], divisors[j]);
                divide("sdivcc", ys[k], test_values[i], divisors[j]);
            }
        }
    }
    /* the classic signed overflow: -2^31 / -1 */
    divide("sdivcc", 0xffffffff, 0x80000000, 0xffffffff);
    /* non-cc udiv/sdiv with immediate divisor */
    uint32_t q1, q2;
    __asm__ volatile("wr %%g0, %%y\n\tnop\n\tnop\n\tnop\n\tudiv %2, 10, %0\n\t"
                     "wr %%g0, -1, %%y\n\tnop\n\tnop\n\tnop\n\tsdiv %3, -10, %1"
                     : "=&r"(q1), "=&r"(q2) : "r"(1234567), "r"(-1234567));
    printf("udiv 1234567/10 = %u sdiv -1234567/-10 = %d\n", q1, (int32_t)q2);
}

/* 32x32 unsigned multiply from mulscc steps (the V7 way), checked against umul. */
static void mulscc_multiply(uint32_t a, uint32_t b)
{
    uint32_t lo, hi, psr;
    char icc[5];
    __asm__ volatile(
        "wr %3, %%y\n\t"
        "andcc %%g0, %%g0, %%g1\n\t"      /* clear N and V, partial product 0 */
        "nop\n\tnop\n\t"
        ".rept 32\n\tmulscc %%g1, %4, %%g1\n\t.endr\n\t"
        "mulscc %%g1, %%g0, %%g1\n\t"     /* final shift */
        "rd %%psr, %2\n\t"
        /* signed correction: mulscc computes signed x unsigned; fix up for unsigned b */
        "tst %4\n\t"
        "bge 1f\n\t"
        "nop\n\t"
        "add %%g1, %3, %%g1\n"
        "1:\tmov %%g1, %1\n\t"
        "rd %%y, %0"
        : "=&r"(lo), "=&r"(hi), "=&r"(psr)
        : "r"(a), "r"(b) : "g1", "cc");
    uint32_t ulo, uhi;
    __asm__ volatile("umul %2, %3, %0\n\trd %%y, %1" : "=&r"(ulo), "=&r"(uhi) : "r"(a), "r"(b));
    icc_str(psr, icc);
    printf("mulscc %08x %08x = %08x:%08x icc=%s umul=%08x:%08x %s\n", a, b, hi, lo, icc, uhi, ulo,
           (hi == uhi && lo == ulo) ? "ok" : "MISMATCH");
}

int main(void)
{
    printf("muldiv start\n");
    multiplies();
    divides();
    for (unsigned i = 0; i < N_TEST_VALUES; i += 2) {
        for (unsigned j = 1; j < N_TEST_VALUES; j += 2) {
            mulscc_multiply(test_values[i], test_values[j]);
        }
    }
    printf("muldiv done\n");
    return 0;
}
