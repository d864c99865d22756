/* Logical, shift and bitfield instructions: and/orr/eor/bic/orn/eon/ands/bics, shifts, ubfx/sbfx/bfi/bfxil/extr/rbit/clz/cls/rev*. */
#include "optest.h"

static const uint64_t V64[] = { 0, 1, 0x8000000000000000UL, 0xffffffffffffffffUL,
                                0x0123456789abcdefUL, 0xf0f00ff05a5aa5a5UL };
/* shift amounts include >= width to check the modulo behaviour of register shifts */
static const uint64_t SHIFTS[] = { 0, 1, 31, 32, 63, 64, 65, 0xffffffffffffff84UL };

DEFOP(and_x, "and %0, %2, %3")
DEFOP(orr_lsl, "orr %0, %2, %3, lsl #4")
DEFOP(eor_ror, "eor %0, %2, %3, ror #17")
DEFOP(bic_asr, "bic %0, %2, %3, asr #3")
DEFOP(orn_x, "orn %0, %2, %3")
DEFOP(eon_lsr, "eon %0, %2, %3, lsr #60")
DEFOP(ands_x, "ands %0, %2, %3")
DEFOP(bics_w, "bics %w0, %w2, %w3, ror #8")
DEFOP(ands_w, "ands %w0, %w2, %w3")
DEFOP(tst_x, "tst %2, %3\n\tmov %0, #0")
DEFOP(extr_x, "extr %0, %2, %3, #12")
DEFOP(extr_w, "extr %w0, %w2, %w3, #31")
static const struct op BIN[] = { OP(and_x), OP(orr_lsl), OP(eor_ror), OP(bic_asr), OP(orn_x),
                                 OP(eon_lsr), OP(ands_x), OP(bics_w), OP(ands_w), OP(tst_x),
                                 OP(extr_x), OP(extr_w) };

DEFOP(lslv_x, "lsl %0, %2, %3")
DEFOP(lsrv_x, "lsr %0, %2, %3")
DEFOP(asrv_x, "asr %0, %2, %3")
DEFOP(rorv_x, "ror %0, %2, %3")
DEFOP(lslv_w, "lsl %w0, %w2, %w3")
DEFOP(lsrv_w, "lsr %w0, %w2, %w3")
DEFOP(asrv_w, "asr %w0, %w2, %w3")
DEFOP(rorv_w, "ror %w0, %w2, %w3")
static const struct op SHIFT_OPS[] = { OP(lslv_x), OP(lsrv_x), OP(asrv_x), OP(rorv_x),
                                       OP(lslv_w), OP(lsrv_w), OP(asrv_w), OP(rorv_w) };

DEFOP(and_imm, "and %0, %2, #0x00ff00ff00ff00ff")
DEFOP(orr_imm, "orr %0, %2, #0x5555555555555555")
DEFOP(eor_imm, "eor %0, %2, #0xfffffffffffffffe")
DEFOP(ands_imm, "ands %0, %2, #0x8000000000000000")
DEFOP(orr_w_imm, "orr %w0, %w2, #0x0f0f0f0f")
DEFOP(ands_w_imm, "ands %w0, %w2, #0xffff0000")
DEFOP(eor_imm_run, "eor %0, %2, #0x00000ffffffff000")
DEFOP(ubfx_x, "ubfx %0, %2, #8, #20")
DEFOP(sbfx_x, "sbfx %0, %2, #60, #4")
DEFOP(sbfx_w, "sbfx %w0, %w2, #4, #12")
DEFOP(ubfiz_x, "ubfiz %0, %2, #40, #16")
DEFOP(sbfiz_x, "sbfiz %0, %2, #3, #9")
DEFOP(bfi_x, "mov %0, #0x7777777777777777\n\tbfi %0, %2, #12, #24")
DEFOP(bfxil_x, "mov %0, #0x7777777777777777\n\tbfxil %0, %2, #52, #12")
DEFOP(bfi_w, "mov %0, #-1\n\tbfi %w0, %w2, #28, #4")
DEFOP(bfc_x, "mov %0, %2\n\tbfi %0, xzr, #4, #56")
DEFOP(sxtb_x, "sxtb %0, %w2")
DEFOP(sxth_x, "sxth %0, %w2")
DEFOP(sxtw_x, "sxtw %0, %w2")
DEFOP(uxtb_w, "uxtb %w0, %w2")
DEFOP(uxth_w, "uxth %w0, %w2")
DEFOP(lsl_imm, "lsl %0, %2, #13")
DEFOP(lsr_imm, "lsr %0, %2, #63")
DEFOP(asr_imm, "asr %0, %2, #40")
DEFOP(ror_imm_w, "ror %w0, %w2, #7")
DEFOP(rbit_x, "rbit %0, %2")
DEFOP(rbit_w, "rbit %w0, %w2")
DEFOP(clz_x, "clz %0, %2")
DEFOP(clz_w, "clz %w0, %w2")
DEFOP(cls_x, "cls %0, %2")
DEFOP(cls_w, "cls %w0, %w2")
DEFOP(rev_x, "rev %0, %2")
DEFOP(rev_w, "rev %w0, %w2")
DEFOP(rev16_x, "rev16 %0, %2")
DEFOP(rev32_x, "rev32 %0, %2")
DEFOP(rev16_w, "rev16 %w0, %w2")
DEFOP(mvn_x, "mvn %0, %2")
DEFOP(mov_w, "mov %w0, %w2")
static const struct op UNARY[] = {
    OP(and_imm), OP(orr_imm), OP(eor_imm), OP(ands_imm), OP(orr_w_imm), OP(ands_w_imm),
    OP(eor_imm_run), OP(ubfx_x), OP(sbfx_x), OP(sbfx_w), OP(ubfiz_x), OP(sbfiz_x), OP(bfi_x),
    OP(bfxil_x), OP(bfi_w), OP(bfc_x), OP(sxtb_x), OP(sxth_x), OP(sxtw_x), OP(uxtb_w),
    OP(uxth_w), OP(lsl_imm), OP(lsr_imm), OP(asr_imm), OP(ror_imm_w), OP(rbit_x), OP(rbit_w),
    OP(clz_x), OP(clz_w), OP(cls_x), OP(cls_w), OP(rev_x), OP(rev_w), OP(rev16_x), OP(rev32_x),
    OP(rev16_w), OP(mvn_x), OP(mov_w),
};

int main(void)
{
    printf("== logic: register forms\n");
    run_ops(BIN, COUNT(BIN), V64, COUNT(V64), 0);
    printf("== logic: variable shifts\n");
    for (int o = 0; o < COUNT(SHIFT_OPS); o++) {
        for (int i = 0; i < COUNT(V64); i++) {
            for (int j = 0; j < COUNT(SHIFTS); j++) {
                uint64_t r, f;
                SHIFT_OPS[o].fn(V64[i], SHIFTS[j], 0, &r, &f);
                printf("%-8s %016lx by %lx -> %016lx\n", SHIFT_OPS[o].name, V64[i], SHIFTS[j], r);
            }
        }
    }
    printf("== logic: immediate and bitfield\n");
    run_unary(UNARY, COUNT(UNARY), V64, COUNT(V64));
    printf("== logic done\n");
    return 0;
}
