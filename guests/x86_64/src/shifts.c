/*
 * Shifts and rotates: shl/shr/sar/rol/ror/rcl/rcr by CL (all counts incl. 0, 1, width-1,
 * width and counts that the CPU masks to 5/6 bits), by immediate and by the implicit 1
 * (D0/D1 encodings), register and memory forms, and shld/shrd by CL and immediate.
 * Flags printed are those the SDM defines for the masked count:
 *   count 0: no flag changes (all six printed, from a set and a clear incoming state);
 *   shl/shr/sar: CF (not for shl/shr with count >= width), SF ZF PF, OF only for count 1;
 *   rol/ror: CF, OF only for count 1; SF ZF AF PF unchanged (printed);
 *   rcl/rcr: CF, OF only for count 1, others unchanged;
 *   shld/shrd: CF SF ZF PF, OF for count 1; result and flags undefined for 16-bit counts > 16.
 */
#include "optest.h"

enum kind { SHL, SHR, SAR, ROL, ROR, RCL, RCR, SHLD, SHRD };

/* b (the count) in CL */
#define DEFSHC(name, tmpl)                                                                    \
    static void name(uint64_t a, uint64_t b, uint64_t fin, uint64_t *r, uint64_t *f)          \
    {                                                                                         \
        uint64_t rr = a, ff;                                                                  \
        __asm__ volatile("push %[fin]\n\tpopfq\n\t" tmpl "\n\tpushfq\n\tpop %[ff]"             \
                         : [r] "+&r"(rr), [ff] "=&r"(ff)                                      \
                         : [b] "c"(b), [fin] "r"(fin)                                         \
                         : "cc");                                                             \
        *r = rr;                                                                              \
        *f = ff;                                                                              \
    }
#define DEFSHCM(name, tmpl)                                                                   \
    static void name(uint64_t a, uint64_t b, uint64_t fin, uint64_t *r, uint64_t *f)          \
    {                                                                                         \
        uint64_t mem = a, ff;                                                                 \
        __asm__ volatile("push %[fin]\n\tpopfq\n\t" tmpl "\n\tpushfq\n\tpop %[ff]"             \
                         : [m] "+m"(mem), [ff] "=&r"(ff)                                      \
                         : [b] "c"(b), [fin] "r"(fin)                                         \
                         : "cc");                                                             \
        *r = mem;                                                                             \
        *f = ff;                                                                              \
    }
/* double shifts: a = destination, shld_src = source, b = count in CL */
static uint64_t shld_src;
#define DEFDSH(name, tmpl)                                                                    \
    static void name(uint64_t a, uint64_t b, uint64_t fin, uint64_t *r, uint64_t *f)          \
    {                                                                                         \
        uint64_t rr = a, ff;                                                                  \
        __asm__ volatile("push %[fin]\n\tpopfq\n\t" tmpl "\n\tpushfq\n\tpop %[ff]"             \
                         : [r] "+&r"(rr), [ff] "=&r"(ff)                                      \
                         : [b] "c"(b), [s] "r"(shld_src), [fin] "r"(fin)                      \
                         : "cc");                                                             \
        *r = rr;                                                                              \
        *f = ff;                                                                              \
    }
#define DEFDSHM(name, tmpl)                                                                   \
    static void name(uint64_t a, uint64_t b, uint64_t fin, uint64_t *r, uint64_t *f)          \
    {                                                                                         \
        uint64_t mem = a, ff;                                                                 \
        __asm__ volatile("push %[fin]\n\tpopfq\n\t" tmpl "\n\tpushfq\n\tpop %[ff]"             \
                         : [m] "+m"(mem), [ff] "=&r"(ff)                                      \
                         : [b] "c"(b), [s] "r"(shld_src), [fin] "r"(fin)                      \
                         : "cc");                                                             \
        *r = mem;                                                                             \
        *f = ff;                                                                              \
    }

#define SHIFT_CL(op)                                                                          \
    DEFSHC(op##8, #op "b %%cl, %b[r]")                                                        \
    DEFSHC(op##16, #op "w %%cl, %w[r]")                                                       \
    DEFSHC(op##32, #op "l %%cl, %k[r]")                                                       \
    DEFSHC(op##64, #op "q %%cl, %q[r]")                                                       \
    DEFSHCM(op##8m, #op "b %%cl, %[m]")                                                       \
    DEFSHCM(op##16m, #op "w %%cl, %[m]")                                                      \
    DEFSHCM(op##32m, #op "l %%cl, %[m]")                                                      \
    DEFSHCM(op##64m, #op "q %%cl, %[m]")                                                      \
    DEFOP(op##8_1, #op "b %b[r]")                                                             \
    DEFOP(op##16_1, #op "w %w[r]")                                                            \
    DEFOP(op##32_1, #op "l %k[r]")                                                            \
    DEFOP(op##64_1, #op "q %q[r]")                                                            \
    DEFOPM(op##32m_1, #op "l %[m]")                                                           \
    DEFOP(op##8_i3, #op "b $3, %b[r]")                                                        \
    DEFOP(op##16_i15, #op "w $15, %w[r]")                                                     \
    DEFOP(op##32_i31, #op "l $31, %k[r]")                                                     \
    DEFOP(op##64_i63, #op "q $63, %q[r]")                                                     \
    DEFOP(op##8_i9, #op "b $9, %b[r]")                                                        \
    DEFOP(op##16_i33, #op "w $33, %w[r]")                                                     \
    DEFOP(op##32_i32, #op "l $32, %k[r]")                                                     \
    DEFOP(op##64_i65, #op "q $65, %q[r]")                                                     \
    DEFOPM(op##64m_i1, #op "q $1, %[m]")                                                      \
    DEFOPM(op##16m_i7, #op "w $7, %[m]")

SHIFT_CL(shl)
SHIFT_CL(shr)
SHIFT_CL(sar)
SHIFT_CL(rol)
SHIFT_CL(ror)
SHIFT_CL(rcl)
SHIFT_CL(rcr)

/* sal is shl (the same /4 encoding); /6 is an undocumented alias QEMU implements as shl */
DEFOP(sal32_i5, "sall $5, %k[r]")

#define DSHIFT(op)                                                                            \
    DEFDSH(op##16, #op "w %%cl, %w[s], %w[r]")                                                \
    DEFDSH(op##32, #op "l %%cl, %k[s], %k[r]")                                                \
    DEFDSH(op##64, #op "q %%cl, %q[s], %q[r]")                                                \
    DEFDSHM(op##32m, #op "l %%cl, %k[s], %[m]")                                               \
    DEFDSH(op##16_i4, #op "w $4, %w[s], %w[r]")                                               \
    DEFDSH(op##32_i1, #op "l $1, %k[s], %k[r]")                                               \
    DEFDSH(op##64_i60, #op "q $60, %q[s], %q[r]")                                             \
    DEFDSHM(op##64m_i33, #op "q $33, %q[s], %[m]")
DSHIFT(shld)
DSHIFT(shrd)

struct sop {
    const char *name;
    op_fn fn;
    enum kind kind;
    int size;
    int imm; /* -1: count in CL */
};
#define S4(op, k)                                                                             \
    { #op "8", op##8, k, 8, -1 }, { #op "16", op##16, k, 16, -1 }, { #op "32", op##32, k, 32, -1 }, \
    { #op "64", op##64, k, 64, -1 }, { #op "8m", op##8m, k, 8, -1 }, { #op "16m", op##16m, k, 16, -1 }, \
    { #op "32m", op##32m, k, 32, -1 }, { #op "64m", op##64m, k, 64, -1 }
#define SI(op, k)                                                                             \
    { #op "8_1", op##8_1, k, 8, 1 }, { #op "16_1", op##16_1, k, 16, 1 },                      \
    { #op "32_1", op##32_1, k, 32, 1 }, { #op "64_1", op##64_1, k, 64, 1 },                   \
    { #op "32m_1", op##32m_1, k, 32, 1 }, { #op "8_i3", op##8_i3, k, 8, 3 },                  \
    { #op "16_i15", op##16_i15, k, 16, 15 }, { #op "32_i31", op##32_i31, k, 32, 31 },         \
    { #op "64_i63", op##64_i63, k, 64, 63 }, { #op "8_i9", op##8_i9, k, 8, 9 },               \
    { #op "16_i33", op##16_i33, k, 16, 33 }, { #op "32_i32", op##32_i32, k, 32, 32 },         \
    { #op "64_i65", op##64_i65, k, 64, 65 }, { #op "64m_i1", op##64m_i1, k, 64, 1 },          \
    { #op "16m_i7", op##16m_i7, k, 16, 7 }

static const struct sop cl_ops[] = {
    S4(shl, SHL), S4(shr, SHR), S4(sar, SAR), S4(rol, ROL), S4(ror, ROR), S4(rcl, RCL), S4(rcr, RCR),
};
static const struct sop imm_ops[] = {
    SI(shl, SHL), SI(shr, SHR), SI(sar, SAR), SI(rol, ROL), SI(ror, ROR), SI(rcl, RCL), SI(rcr, RCR),
    { "sal32_i5", sal32_i5, SHL, 32, 5 },
};
#define D(op, k)                                                                              \
    { #op "16", op##16, k, 16, -1 }, { #op "32", op##32, k, 32, -1 }, { #op "64", op##64, k, 64, -1 }, \
    { #op "32m", op##32m, k, 32, -1 }, { #op "16_i4", op##16_i4, k, 16, 4 },                 \
    { #op "32_i1", op##32_i1, k, 32, 1 }, { #op "64_i60", op##64_i60, k, 64, 60 },            \
    { #op "64m_i33", op##64m_i33, k, 64, 33 }
static const struct sop dsh_ops[] = { D(shld, SHLD), D(shrd, SHRD) };

/* Flags the SDM defines after this op with raw count `count`. */
static uint32_t defined_flags(enum kind k, int size, unsigned count)
{
    unsigned c = count & (size == 64 ? 63 : 31);
    if (c == 0) {
        return F_ALL; /* nothing changes */
    }
    uint32_t of = c == 1 ? F_OF : 0;
    switch (k) {
    case SHL:
    case SHR:
        return F_SF | F_ZF | F_PF | (c < (unsigned)size ? F_CF : 0) | of;
    case SAR:
        return F_SF | F_ZF | F_PF | F_CF | of;
    case ROL:
    case ROR:
    case RCL:
    case RCR:
        return F_SF | F_ZF | F_AF | F_PF | F_CF | of;
    case SHLD:
    case SHRD:
        if (c > (unsigned)size) {
            return 0;
        }
        return F_SF | F_ZF | F_PF | F_CF | of;
    }
    return 0;
}

static const uint64_t vals8[] = { 0x1122334455667700, 0x1122334455667701, 0x1122334455667780,
                                  0x1122334455667781, 0x112233445566777f, 0x11223344556677c3 };
static const uint64_t vals16[] = { 0x1122334455660000, 0x1122334455660001, 0x1122334455668000,
                                   0x1122334455668001, 0x1122334455667fff, 0x112233445566c3a5 };
static const uint64_t vals32[] = { 0xdeadbeef00000000, 0xdeadbeef00000001, 0xdeadbeef80000000,
                                   0xdeadbeef80000001, 0xdeadbeef7fffffff, 0xdeadbeefc3a5f00f };
static const uint64_t vals64[] = { 0, 1, 0x8000000000000000, 0x8000000000000001, 0x7fffffffffffffff,
                                   0xc3a5f00f12345678 };
static const unsigned counts8[] = { 0, 1, 2, 3, 7, 8, 9, 16, 17, 31, 32, 33, 255 };
static const unsigned counts16[] = { 0, 1, 4, 15, 16, 17, 31, 32, 33 };
static const unsigned counts32[] = { 0, 1, 5, 31, 32, 33, 63 };
static const unsigned counts64[] = { 0, 1, 7, 63, 64, 65, 127 };

static const uint64_t *vals_for(int size)
{
    return size == 8 ? vals8 : size == 16 ? vals16 : size == 32 ? vals32 : vals64;
}

static void one(const struct sop *o, uint64_t a, unsigned count, uint64_t fin)
{
    uint64_t r, f;
    uint32_t def = defined_flags(o->kind, o->size, count);
    o->fn(a, count, fin, &r, &f);
    if (def == 0) {
        printf("%-10s %016lx cnt %3u -> (undefined)\n", o->name, a, count);
        return;
    }
    printf("%-10s %016lx cnt %3u -> %016lx %s\n", o->name, a, count, r, flag_str(f, def));
}

int main(void)
{
    printf("# by CL\n");
    for (int k = 0; k < COUNT(cl_ops); k++) {
        const struct sop *o = &cl_ops[k];
        const unsigned *counts = o->size == 8 ? counts8 : o->size == 16 ? counts16 : o->size == 32 ? counts32 : counts64;
        int nc = o->size == 8 ? COUNT(counts8) : o->size == 16 ? COUNT(counts16) : o->size == 32 ? COUNT(counts32) : COUNT(counts64);
        for (int c = 0; c < nc; c++) {
            for (int v = 0; v < 6; v++) {
                one(o, vals_for(o->size)[v], counts[c], fin_for(FIN_ALTERNATE, c + v));
            }
        }
    }
    printf("# by immediate and by 1\n");
    for (int k = 0; k < COUNT(imm_ops); k++) {
        const struct sop *o = &imm_ops[k];
        for (int v = 0; v < 6; v++) {
            one(o, vals_for(o->size)[v], (unsigned)o->imm, fin_for(FIN_ALTERNATE, v));
        }
    }
    printf("# shld/shrd\n");
    static const uint64_t srcs[] = { 0x8000000000000001, 0xfedcba9876543210 };
    static const unsigned dcounts[] = { 0, 1, 4, 15, 16, 17, 31, 32, 33, 63, 64 };
    for (int k = 0; k < COUNT(dsh_ops); k++) {
        const struct sop *o = &dsh_ops[k];
        for (int s = 0; s < 2; s++) {
            shld_src = srcs[s];
            printf("# src %016lx\n", shld_src);
            if (o->imm >= 0) {
                for (int v = 0; v < 6; v++) {
                    one(o, vals_for(o->size)[v], (unsigned)o->imm, fin_for(FIN_ALTERNATE, v));
                }
                continue;
            }
            for (int c = 0; c < COUNT(dcounts); c++) {
                for (int v = 0; v < 6; v += 2) {
                    one(o, vals_for(o->size)[v + 1], dcounts[c], fin_for(FIN_ALTERNATE, c + v));
                }
            }
        }
    }
    printf("shifts done\n");
    return 0;
}
