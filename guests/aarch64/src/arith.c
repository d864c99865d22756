/* Integer arithmetic and flags: add/sub (+carry, shifted, extended, immediate), neg, ccmp, csel family. */
#include "optest.h"

static const uint64_t V64[] = { 0, 1, 0x7fffffffffffffffUL, 0x8000000000000000UL,
                                0xffffffffffffffffUL, 0x0123456789abcdefUL };
static const uint64_t V32[] = { 0, 1, 0x7fffffff, 0x80000000, 0xffffffff, 0xfedcba9889abcdefUL };
#define C_SET (1UL << 29)

DEFOP(adds_x, "adds %0, %2, %3")
DEFOP(subs_x, "subs %0, %2, %3")
DEFOP(adcs_x, "adcs %0, %2, %3")
DEFOP(sbcs_x, "sbcs %0, %2, %3")
DEFOP(adc_x, "adc %0, %2, %3")
DEFOP(sbc_x, "sbc %0, %2, %3")
DEFOP(adds_w, "adds %w0, %w2, %w3")
DEFOP(subs_w, "subs %w0, %w2, %w3")
DEFOP(adcs_w, "adcs %w0, %w2, %w3")
DEFOP(sbcs_w, "sbcs %w0, %w2, %w3")
DEFOP(cmn_x, "cmn %2, %3\n\tmov %0, #0")
DEFOP(add_lsl, "add %0, %2, %3, lsl #7")
DEFOP(sub_lsr, "sub %0, %2, %3, lsr #13")
DEFOP(adds_asr, "adds %0, %2, %3, asr #63")
DEFOP(subs_w_asr, "subs %w0, %w2, %w3, asr #5")
DEFOP(add_uxtb, "add %0, %2, %w3, uxtb")
DEFOP(add_sxth2, "add %0, %2, %w3, sxth #2")
DEFOP(adds_sxtw, "adds %0, %2, %w3, sxtw #4")
DEFOP(subs_uxtw, "subs %0, %2, %w3, uxtw #1")
DEFOP(sub_sxtx, "sub %0, %2, %3, sxtx #3")
DEFOP(add_w_uxth, "add %w0, %w2, %w3, uxth #1")
DEFOP(ccmp_eq, "cmp %2, %3\n\tccmp %2, #5, #0xa, eq\n\tcset %0, lt")
DEFOP(ccmp_ne_r, "cmp %2, %3\n\tccmp %3, %2, #0x4, ne\n\tcset %0, hi")
DEFOP(ccmn_ge, "cmp %2, %3\n\tccmn %w2, %w3, #0x1, ge\n\tcset %0, vs")
DEFOP(csel_lt, "cmp %2, %3\n\tcsel %0, %2, %3, lt")
DEFOP(csinc_ge, "cmp %2, %3\n\tcsinc %0, %2, %3, ge")
DEFOP(csinv_hi, "cmp %2, %3\n\tcsinv %0, %2, %3, hi")
DEFOP(csneg_ls, "cmp %2, %3\n\tcsneg %0, %2, %3, ls")
DEFOP(cneg_w_mi, "cmp %w2, %w3\n\tcsneg %w0, %w2, %w2, pl")
DEFOP(csetm_vc, "cmp %2, %3\n\tcsetm %0, vc")
DEFOP(cinc_cc, "cmn %2, %3\n\tcinc %0, %2, cc")

DEFOP(adds_imm, "adds %0, %2, #0xfff")
DEFOP(subs_imm12, "subs %0, %2, #0x123, lsl #12")
DEFOP(cmp_w_imm, "cmp %w2, #1\n\tcset %0, gt")
DEFOP(negs_x, "negs %0, %2")
DEFOP(negs_w, "negs %w0, %w2")
DEFOP(ngcs_x, "ngcs %0, %2")
DEFOP(add_sp, "mov x9, sp\n\tmov sp, %2\n\tadd %0, sp, #16\n\tmov sp, x9")

static const struct op BIN64[] = {
    OP(adds_x), OP(subs_x), OP(cmn_x), OP(add_lsl), OP(sub_lsr), OP(adds_asr), OP(add_uxtb),
    OP(add_sxth2), OP(adds_sxtw), OP(subs_uxtw), OP(sub_sxtx), OP(ccmp_eq), OP(ccmp_ne_r),
    OP(ccmn_ge), OP(csel_lt), OP(csinc_ge), OP(csinv_hi), OP(csneg_ls), OP(cneg_w_mi),
    OP(csetm_vc), OP(cinc_cc),
};
static const struct op CARRY64[] = { OP(adcs_x), OP(sbcs_x), OP(adc_x), OP(sbc_x) };
static const struct op BIN32[] = { OP(adds_w), OP(subs_w), OP(subs_w_asr), OP(add_w_uxth) };
static const struct op CARRY32[] = { OP(adcs_w), OP(sbcs_w) };
static const struct op UNARY[] = { OP(adds_imm), OP(subs_imm12), OP(cmp_w_imm), OP(negs_x),
                                   OP(negs_w), OP(add_sp) };

static void movewide(void)
{
    uint64_t a, b, c, d;
    __asm__("movz %0, #0x1234, lsl #48\n\tmovk %0, #0xabcd, lsl #16" : "=r"(a));
    __asm__("movn %0, #0x55, lsl #32" : "=r"(b));
    __asm__("movn %w0, #0x1\n\tmovk %w0, #0x8000, lsl #16" : "=r"(c));
    __asm__("mov %0, #-2\n\tmovk %0, #0, lsl #0" : "=r"(d));
    printf("movewide %016lx %016lx %016lx %016lx\n", a, b, c, d);
}

int main(void)
{
    printf("== arith: 64-bit\n");
    run_ops(BIN64, COUNT(BIN64), V64, COUNT(V64), 0);
    printf("== arith: carry in 0\n");
    run_ops(CARRY64, COUNT(CARRY64), V64, COUNT(V64), 0);
    printf("== arith: carry in 1\n");
    run_ops(CARRY64, COUNT(CARRY64), V64, COUNT(V64), C_SET);
    printf("== arith: 32-bit\n");
    run_ops(BIN32, COUNT(BIN32), V32, COUNT(V32), 0);
    run_ops(CARRY32, COUNT(CARRY32), V32, COUNT(V32), 0);
    run_ops(CARRY32, COUNT(CARRY32), V32, COUNT(V32), C_SET);
    printf("== arith: unary / immediate\n");
    run_unary(UNARY, COUNT(UNARY), V64, COUNT(V64));
    for (int i = 0; i < COUNT(V64); i++) {
        uint64_t r, f;
        ngcs_x(V64[i], 0, 0, &r, &f);
        printf("ngcs c0 %016lx -> %016lx %s\n", V64[i], r, nzcv_str(f));
        ngcs_x(V64[i], 0, C_SET, &r, &f);
        printf("ngcs c1 %016lx -> %016lx %s\n", V64[i], r, nzcv_str(f));
    }
    movewide();
    printf("== arith done\n");
    return 0;
}
