/*
 * Integer arithmetic and logic: add/adc/sub/sbb/and/or/xor/cmp/test/inc/dec/neg/not in 8/16/32/64
 * bits, register, memory-destination, memory-source and immediate forms (incl. the short
 * accumulator encodings and sign-extended imm8/imm32), on corner operands. The result is the
 * whole 64-bit register, so 8/16-bit forms show the preserved upper bits and 32-bit forms the
 * zero-extension. Flags: OSZAPC, undefined ones masked (AF for the logical ops).
 */
#include "optest.h"

/* ---- register forms, four sizes each ---- */
#define SIZES2(op)                                            \
    DEFOP(op##8, #op "b %b[b], %b[r]")                        \
    DEFOP(op##16, #op "w %w[b], %w[r]")                       \
    DEFOP(op##32, #op "l %k[b], %k[r]")                       \
    DEFOP(op##64, #op "q %q[b], %q[r]")                       \
    DEFOPM(op##8m, #op "b %b[b], %[m]")                       \
    DEFOPM(op##16m, #op "w %w[b], %[m]")                      \
    DEFOPM(op##32m, #op "l %k[b], %[m]")                      \
    DEFOPM(op##64m, #op "q %q[b], %[m]")                      \
    DEFOPS(op##8s, #op "b %[m], %b[r]")                       \
    DEFOPS(op##16s, #op "w %[m], %w[r]")                      \
    DEFOPS(op##32s, #op "l %[m], %k[r]")                      \
    DEFOPS(op##64s, #op "q %[m], %q[r]")

SIZES2(add)
SIZES2(adc)
SIZES2(sub)
SIZES2(sbb)
SIZES2(and)
SIZES2(or)
SIZES2(xor)
SIZES2(cmp)

/* test has no memory-source direction distinct from memory-destination */
DEFOP(test8, "testb %b[b], %b[r]")
DEFOP(test16, "testw %w[b], %w[r]")
DEFOP(test32, "testl %k[b], %k[r]")
DEFOP(test64, "testq %q[b], %q[r]")
DEFOPM(test8m, "testb %b[b], %[m]")
DEFOPM(test16m, "testw %w[b], %[m]")
DEFOPM(test32m, "testl %k[b], %[m]")
DEFOPM(test64m, "testq %q[b], %[m]")

#define SIZES1(op)                                            \
    DEFOP(op##8, #op "b %b[r]")                               \
    DEFOP(op##16, #op "w %w[r]")                              \
    DEFOP(op##32, #op "l %k[r]")                              \
    DEFOP(op##64, #op "q %q[r]")                              \
    DEFOPM(op##8m, #op "b %[m]")                              \
    DEFOPM(op##16m, #op "w %[m]")                             \
    DEFOPM(op##32m, #op "l %[m]")                             \
    DEFOPM(op##64m, #op "q %[m]")

SIZES1(inc)
SIZES1(dec)
SIZES1(neg)
SIZES1(not)

/* ---- immediate forms: short accumulator encodings, imm8 sign-extended, imm16/imm32 ---- */
#define IMMS(op)                                              \
    DEFOPA(op##_al_i8, #op "b $0x81, %%al")                   \
    DEFOP(op##_r8_i8, #op "b $0x7f, %b[r]")                   \
    DEFOPA(op##_ax_i16, #op "w $0x8001, %%ax")                \
    DEFOP(op##_r16_i8, #op "w $-2, %w[r]")                    \
    DEFOPA(op##_eax_i32, #op "l $0x80000000, %%eax")          \
    DEFOP(op##_r32_i8, #op "l $-128, %k[r]")                  \
    DEFOPA(op##_rax_i32, #op "q $-0x7fffffff, %%rax")         \
    DEFOP(op##_r64_i32, #op "q $-0x80000000, %q[r]")          \
    DEFOP(op##_r64_i8, #op "q $1, %q[r]")                     \
    DEFOPM(op##_m8_i8, #op "b $0xf0, %[m]")                   \
    DEFOPM(op##_m16_i16, #op "w $0x1234, %[m]")               \
    DEFOPM(op##_m32_i8, #op "l $127, %[m]")                   \
    DEFOPM(op##_m64_i32, #op "q $0x12345678, %[m]")

IMMS(add)
IMMS(adc)
IMMS(sub)
IMMS(sbb)
IMMS(and)
IMMS(or)
IMMS(xor)
IMMS(cmp)

DEFOPA(test_al_i8, "testb $0x81, %%al")
DEFOPA(test_ax_i16, "testw $0x8001, %%ax")
DEFOPA(test_eax_i32, "testl $0x80000000, %%eax")
DEFOPA(test_rax_i32, "testq $-0x7fffffff, %%rax")
DEFOP(test_r8_i8, "testb $0x7f, %b[r]")
DEFOP(test_r32_i32, "testl $0x00ff00ff, %k[r]")
DEFOPM(test_m16_i16, "testw $0x8000, %[m]")
DEFOPM(test_m64_i32, "testq $-1, %[m]")

/* ---- same-register idioms and LOCK forms ---- */
DEFOP(xor32_self, "xorl %k[r], %k[r]")
DEFOP(sub64_self, "subq %q[r], %q[r]")
DEFOP(sbb32_self, "sbbl %k[r], %k[r]")
DEFOP(add16_self, "addw %w[r], %w[r]")
DEFOP(and8_self, "andb %b[r], %b[r]")
DEFOPM(lock_add32m, "lock addl %k[b], %[m]")
DEFOPM(lock_sub64m, "lock subq %q[b], %[m]")
DEFOPM(lock_adc16m, "lock adcw %w[b], %[m]")
DEFOPM(lock_sbb8m, "lock sbbb %b[b], %[m]")
DEFOPM(lock_or64m, "lock orq %q[b], %[m]")
DEFOPM(lock_and32m, "lock andl %k[b], %[m]")
DEFOPM(lock_xor16m, "lock xorw %w[b], %[m]")
DEFOPM(lock_inc64m, "lock incq %[m]")
DEFOPM(lock_dec8m, "lock decb %[m]")
DEFOPM(lock_neg32m, "lock negl %[m]")
DEFOPM(lock_not16m, "lock notw %[m]")

/* Operand sets per size. a values carry garbage above the operand size. */
#define HI_A 0x1122334455667700UL
static const uint64_t v8[] = { 0x00, 0x01, 0x0f, 0x10, 0x7f, 0x80, 0xff, 0xa5 };
static const uint64_t v16[] = { 0x0000, 0x0001, 0x00ff, 0x0100, 0x7fff, 0x8000, 0xffff, 0x5a5a };
static const uint64_t v32[] = { 0, 1, 0xffff, 0x10000, 0x7fffffff, 0x80000000, 0xffffffff, 0x12345678 };
static const uint64_t v64[] = { 0, 1, 0xffffffffUL, 0x100000000UL, 0x7fffffffffffffffUL,
                                0x8000000000000000UL, 0xffffffffffffffffUL, 0x0f0f0f0f0f0f0f0fUL };

static uint64_t va_buf[8], vb_buf[8], vsmall_a[4], vsmall_b[4];

/* Fills the a/b operand buffers for one size (upper garbage in both; the op must ignore b's). */
static void make_operands(int size)
{
    const uint64_t *v = size == 8 ? v8 : size == 16 ? v16 : size == 32 ? v32 : v64;
    uint64_t hi_a = size == 8 ? HI_A : size == 16 ? HI_A & ~0xffffUL : size == 32 ? 0xdeadbeef00000000UL : 0;
    uint64_t hi_b = size == 8 ? 0xfedcba9876543200UL : size == 16 ? 0xfedcba9876540000UL
                  : size == 32 ? 0xcafef00d00000000UL : 0;
    for (int i = 0; i < 8; i++) {
        va_buf[i] = hi_a | v[i];
        vb_buf[i] = hi_b | v[i];
    }
    static const int pick[4] = { 0, 3, 5, 6 };
    for (int i = 0; i < 4; i++) {
        vsmall_a[i] = va_buf[pick[i]];
        vsmall_b[i] = vb_buf[pick[i]];
    }
}

struct sized {
    struct op r[4], m[4], s[4];
};
#define SIZED(op, mask)                                                                         \
    { { OP(op##8, mask), OP(op##16, mask), OP(op##32, mask), OP(op##64, mask) },               \
      { OP(op##8m, mask), OP(op##16m, mask), OP(op##32m, mask), OP(op##64m, mask) },           \
      { OP(op##8s, mask), OP(op##16s, mask), OP(op##32s, mask), OP(op##64s, mask) } }

static const struct sized binops[] = {
    SIZED(add, F_ALL), SIZED(sub, F_ALL), SIZED(and, F_LOGIC), SIZED(or, F_LOGIC),
    SIZED(xor, F_LOGIC), SIZED(cmp, F_ALL),
};
static const struct sized carryops[] = { SIZED(adc, F_ALL), SIZED(sbb, F_ALL) };

static const struct op testops[] = {
    OP(test8, F_LOGIC), OP(test16, F_LOGIC), OP(test32, F_LOGIC), OP(test64, F_LOGIC),
};
static const struct op testops_m[] = {
    OP(test8m, F_LOGIC), OP(test16m, F_LOGIC), OP(test32m, F_LOGIC), OP(test64m, F_LOGIC),
};

/* inc/dec leave CF alone: CF is printed (defined = "unchanged"), run with CF clear and set. */
#define UNARY(op, mask)                                                                         \
    { OP(op##8, mask), OP(op##16, mask), OP(op##32, mask), OP(op##64, mask) },                 \
    { OP(op##8m, mask), OP(op##16m, mask), OP(op##32m, mask), OP(op##64m, mask) }
static const struct op unops[][4] = {
    UNARY(inc, F_ALL), UNARY(dec, F_ALL), UNARY(neg, F_ALL), UNARY(not, F_ALL),
};

#define IMM_OPS(op, mask)                                                                       \
    OP(op##_al_i8, mask), OP(op##_r8_i8, mask), OP(op##_ax_i16, mask), OP(op##_r16_i8, mask),  \
    OP(op##_eax_i32, mask), OP(op##_r32_i8, mask), OP(op##_rax_i32, mask),                     \
    OP(op##_r64_i32, mask), OP(op##_r64_i8, mask), OP(op##_m8_i8, mask),                       \
    OP(op##_m16_i16, mask), OP(op##_m32_i8, mask), OP(op##_m64_i32, mask)
static const struct op immops[] = {
    IMM_OPS(add, F_ALL), IMM_OPS(adc, F_ALL), IMM_OPS(sub, F_ALL), IMM_OPS(sbb, F_ALL),
    IMM_OPS(and, F_LOGIC), IMM_OPS(or, F_LOGIC), IMM_OPS(xor, F_LOGIC), IMM_OPS(cmp, F_ALL),
    OP(test_al_i8, F_LOGIC), OP(test_ax_i16, F_LOGIC), OP(test_eax_i32, F_LOGIC),
    OP(test_rax_i32, F_LOGIC), OP(test_r8_i8, F_LOGIC), OP(test_r32_i32, F_LOGIC),
    OP(test_m16_i16, F_LOGIC), OP(test_m64_i32, F_LOGIC),
};
static const struct op selfops[] = {
    OP(xor32_self, F_LOGIC), OP(sub64_self, F_ALL), OP(sbb32_self, F_ALL), OP(add16_self, F_ALL),
    OP(and8_self, F_LOGIC),
};
static const struct op lockops[] = {
    OP(lock_add32m, F_ALL), OP(lock_sub64m, F_ALL), OP(lock_adc16m, F_ALL), OP(lock_sbb8m, F_ALL),
    OP(lock_or64m, F_LOGIC), OP(lock_and32m, F_LOGIC), OP(lock_xor16m, F_LOGIC),
    OP(lock_inc64m, F_ALL), OP(lock_dec8m, F_ALL), OP(lock_neg32m, F_ALL), OP(lock_not16m, F_ALL),
};

static const uint64_t imm_vals[] = {
    0, 1, 0x7f, 0x80, 0xff, 0x7fff, 0x8000, 0xffff, 0x7fffffff, 0x80000000, 0xffffffffUL,
    0x8000000000000001UL, 0xffffffffffffffffUL, 0x1122334455667788UL,
};
static const uint64_t lock_vals[] = { 0, 1, 0x7fffffffffffffffUL, 0x8000000000000000UL, 0xffffffffffffffffUL,
                                      0x00000000ffffffffUL, 0x000000000000ff80UL };

int main(void)
{
    static const int sizes[4] = { 8, 16, 32, 64 };
    printf("# register, memory-destination (m) and memory-source (s) forms\n");
    for (int si = 0; si < 4; si++) {
        make_operands(sizes[si]);
        for (int k = 0; k < COUNT(binops); k++) {
            run_pairs(&binops[k].r[si], va_buf, 8, vb_buf, 8, FIN_ALTERNATE);
            run_pairs(&binops[k].m[si], vsmall_a, 4, vsmall_b, 4, FIN_ALTERNATE);
            run_pairs(&binops[k].s[si], vsmall_a, 4, vsmall_b, 4, FIN_ALTERNATE);
        }
        for (int k = 0; k < COUNT(carryops); k++) {
            for (int c = 0; c < 2; c++) {
                uint64_t fin = c ? FIN_SET : FIN_CLEAR;
                printf("# CF=%d\n", c);
                run_pairs(&carryops[k].r[si], va_buf, 8, vb_buf, 8, fin);
                run_pairs(&carryops[k].m[si], vsmall_a, 4, vsmall_b, 4, fin);
                run_pairs(&carryops[k].s[si], vsmall_a, 4, vsmall_b, 4, fin);
            }
        }
        run_pairs(&testops[si], va_buf, 8, vb_buf, 8, FIN_ALTERNATE);
        run_pairs(&testops_m[si], vsmall_a, 4, vsmall_b, 4, FIN_ALTERNATE);
        for (int k = 0; k < COUNT(unops); k++) {
            run_unary(&unops[k][si], va_buf, 8, FIN_CLEAR);
            run_unary(&unops[k][si], va_buf, 8, FIN_SET);
        }
    }
    printf("# immediate forms\n");
    for (int k = 0; k < COUNT(immops); k++) {
        run_unary(&immops[k], imm_vals, COUNT(imm_vals), FIN_ALTERNATE);
    }
    /* adc/sbb immediates once more with the opposite CF on each value */
    for (int k = 0; k < COUNT(immops); k++) {
        if (immops[k].name[0] == 'a' && immops[k].name[1] == 'd' && immops[k].name[2] == 'c') {
            run_unary(&immops[k], imm_vals + 1, COUNT(imm_vals) - 1, FIN_ALTERNATE);
        }
        if (immops[k].name[0] == 's' && immops[k].name[1] == 'b' && immops[k].name[2] == 'b') {
            run_unary(&immops[k], imm_vals + 1, COUNT(imm_vals) - 1, FIN_ALTERNATE);
        }
    }
    printf("# same-register idioms\n");
    for (int k = 0; k < COUNT(selfops); k++) {
        run_unary(&selfops[k], imm_vals, COUNT(imm_vals), FIN_ALTERNATE);
    }
    printf("# LOCK-prefixed memory forms\n");
    for (int k = 0; k < COUNT(lockops); k++) {
        run_pairs(&lockops[k], lock_vals, COUNT(lock_vals), lock_vals + 1, 3, FIN_ALTERNATE);
    }
    printf("alu done\n");
    return 0;
}
