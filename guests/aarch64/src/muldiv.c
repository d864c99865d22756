/* Multiply and divide: mul/madd/msub/mneg, long and high multiplies, udiv/sdiv incl. /0 and INT_MIN/-1. */
#include "optest.h"

static const uint64_t V64[] = { 0, 1, 2, 0x7fffffffffffffffUL, 0x8000000000000000UL,
                                0xffffffffffffffffUL, 0x0123456789abcdefUL, 0xfffffffffffffff9UL };
static const uint64_t V32[] = { 0, 1, 3, 0x7fffffff, 0x80000000, 0xffffffff, 0x89abcdef,
                                0xcafef00dfffffff9UL };

/* madd-type ops use a fixed accumulator so three-operand forms fit the two-operand table */
DEFOP(mul_x, "mul %0, %2, %3")
DEFOP(madd_x, "mov %0, #0x1111\n\tmadd %0, %2, %3, %0")
DEFOP(msub_x, "mov %0, #0x1111\n\tmsub %0, %2, %3, %0")
DEFOP(mneg_x, "mneg %0, %2, %3")
DEFOP(smulh_x, "smulh %0, %2, %3")
DEFOP(umulh_x, "umulh %0, %2, %3")
DEFOP(udiv_x, "udiv %0, %2, %3")
DEFOP(sdiv_x, "sdiv %0, %2, %3")
static const struct op OPS64[] = { OP(mul_x), OP(madd_x), OP(msub_x), OP(mneg_x), OP(smulh_x),
                                   OP(umulh_x), OP(udiv_x), OP(sdiv_x) };

DEFOP(mul_w, "mul %w0, %w2, %w3")
DEFOP(madd_w, "mov %0, #-1\n\tmadd %w0, %w2, %w3, %w0")
DEFOP(msub_w, "mov %0, #7\n\tmsub %w0, %w2, %w3, %w0")
DEFOP(smull_x, "smull %0, %w2, %w3")
DEFOP(umull_x, "umull %0, %w2, %w3")
DEFOP(smaddl_x, "mov %0, #0x100000000\n\tsmaddl %0, %w2, %w3, %0")
DEFOP(umaddl_x, "mov %0, #-1\n\tumaddl %0, %w2, %w3, %0")
DEFOP(smsubl_x, "mov %0, #5\n\tsmsubl %0, %w2, %w3, %0")
DEFOP(umsubl_x, "mov %0, #0\n\tumsubl %0, %w2, %w3, %0")
DEFOP(smnegl_x, "smnegl %0, %w2, %w3")
DEFOP(udiv_w, "udiv %w0, %w2, %w3")
DEFOP(sdiv_w, "sdiv %w0, %w2, %w3")
static const struct op OPS32[] = { OP(mul_w), OP(madd_w), OP(msub_w), OP(smull_x), OP(umull_x),
                                   OP(smaddl_x), OP(umaddl_x), OP(smsubl_x), OP(umsubl_x),
                                   OP(smnegl_x), OP(udiv_w), OP(sdiv_w) };

/* Plain C at -O2 (GCC chooses the instructions): modulo and division by constants. */
static void c_division(void)
{
    static volatile int64_t s[] = { 1000000007, -1000000007, 0x7fffffffffffffffL, -5, 17 };
    static volatile uint32_t u[] = { 0xffffffff, 12345678, 7, 0 };
    for (int i = 0; i < 5; i++) {
        int64_t v = s[i];
        printf("c %ld: /7=%ld %%7=%ld /-3=%ld %%-3=%ld /1000=%ld\n", v, v / 7, v % 7, v / -3,
               v % -3, v / 1000);
    }
    for (int i = 0; i < 4; i++) {
        uint32_t v = u[i];
        printf("c %u: /10=%u %%10=%u /3=%u\n", v, v / 10, v % 10, v / 3);
    }
}

int main(void)
{
    printf("== muldiv: 64-bit\n");
    run_ops(OPS64, COUNT(OPS64), V64, COUNT(V64), 0);
    printf("== muldiv: 32-bit and long\n");
    run_ops(OPS32, COUNT(OPS32), V32, COUNT(V32), 0);
    printf("== muldiv: C\n");
    c_division();
    printf("== muldiv done\n");
    return 0;
}
