/*
 * Multiply and divide: mul/imul (one-operand forms in all sizes, two-operand and three-operand
 * forms with imm8/imm16/imm32, register and memory), div/idiv in all sizes incl. negative
 * operands and remainders, and #DE for a zero divisor and a quotient that does not fit,
 * caught by the IDT handler (the destination registers must be unchanged).
 * Flags: mul/imul define only CF and OF; div/idiv define none.
 */
#include "optest.h"

#define F_MUL (F_CF | F_OF)

/* One-operand forms: RAX = a, RDX = garbage, source b. Output RDX:RAX and flags. */
typedef void (*mul_fn)(uint64_t a, uint64_t b, uint64_t fin, uint64_t *hi, uint64_t *lo, uint64_t *f);
#define DEFMUL(name, tmpl)                                                                    \
    static void name(uint64_t a, uint64_t b, uint64_t fin, uint64_t *hi, uint64_t *lo, uint64_t *f) \
    {                                                                                         \
        uint64_t rax = a, rdx = 0x5555555555555555UL, ff;                                     \
        __asm__ volatile("push %[fin]\n\tpopfq\n\t" tmpl "\n\tpushfq\n\tpop %[ff]"             \
                         : "+a"(rax), "+d"(rdx), [ff] "=&r"(ff)                               \
                         : [b] "r"(b), [fin] "r"(fin)                                         \
                         : "cc");                                                             \
        *hi = rdx;                                                                            \
        *lo = rax;                                                                            \
        *f = ff;                                                                              \
    }
#define DEFMULM(name, tmpl)                                                                   \
    static void name(uint64_t a, uint64_t b, uint64_t fin, uint64_t *hi, uint64_t *lo, uint64_t *f) \
    {                                                                                         \
        uint64_t rax = a, rdx = 0x5555555555555555UL, ff, mem = b;                            \
        __asm__ volatile("push %[fin]\n\tpopfq\n\t" tmpl "\n\tpushfq\n\tpop %[ff]"             \
                         : "+a"(rax), "+d"(rdx), [ff] "=&r"(ff)                               \
                         : [m] "m"(mem), [fin] "r"(fin)                                       \
                         : "cc");                                                             \
        *hi = rdx;                                                                            \
        *lo = rax;                                                                            \
        *f = ff;                                                                              \
    }

DEFMUL(mul8, "mulb %b[b]")
DEFMUL(mul16, "mulw %w[b]")
DEFMUL(mul32, "mull %k[b]")
DEFMUL(mul64, "mulq %q[b]")
DEFMULM(mul8m, "mulb %[m]")
DEFMULM(mul64m, "mulq %[m]")
DEFMUL(imul8, "imulb %b[b]")
DEFMUL(imul16, "imulw %w[b]")
DEFMUL(imul32, "imull %k[b]")
DEFMUL(imul64, "imulq %q[b]")
DEFMULM(imul16m, "imulw %[m]")
DEFMULM(imul32m, "imull %[m]")

/* Two- and three-operand imul: destination register holds a. */
DEFOP(imul16_rr, "imulw %w[b], %w[r]")
DEFOP(imul32_rr, "imull %k[b], %k[r]")
DEFOP(imul64_rr, "imulq %q[b], %q[r]")
DEFOPS(imul32_rm, "imull %[m], %k[r]")
DEFOPS(imul64_rm, "imulq %[m], %q[r]")
DEFOP(imul16_i8, "imulw $-3, %w[b], %w[r]")
DEFOP(imul16_i16, "imulw $0x4001, %w[b], %w[r]")
DEFOP(imul32_i8, "imull $127, %k[b], %k[r]")
DEFOP(imul32_i32, "imull $-0x10001, %k[b], %k[r]")
DEFOP(imul64_i8, "imulq $-128, %q[b], %q[r]")
DEFOP(imul64_i32, "imulq $0x7fffffff, %q[b], %q[r]")
DEFOPS(imul64_m_i32, "imulq $-2, %[m], %q[r]")

struct mop {
    const char *name;
    mul_fn fn;
};
static const struct mop mul_ops[] = {
    { "mul8", mul8 }, { "mul16", mul16 }, { "mul32", mul32 }, { "mul64", mul64 }, { "mul8m", mul8m },
    { "mul64m", mul64m }, { "imul8", imul8 }, { "imul16", imul16 }, { "imul32", imul32 },
    { "imul64", imul64 }, { "imul16m", imul16m }, { "imul32m", imul32m },
};
static const struct op imul_ops[] = {
    OP(imul16_rr, F_MUL), OP(imul32_rr, F_MUL), OP(imul64_rr, F_MUL), OP(imul32_rm, F_MUL),
    OP(imul64_rm, F_MUL),
};
/* three-operand: the destination's old value does not matter */
static const struct op imul3_ops[] = {
    OP(imul16_i8, F_MUL), OP(imul16_i16, F_MUL), OP(imul32_i8, F_MUL),
    OP(imul32_i32, F_MUL), OP(imul64_i8, F_MUL), OP(imul64_i32, F_MUL), OP(imul64_m_i32, F_MUL),
};

static const uint64_t mvals[] = {
    0, 1, 2, 0x7f, 0x80, 0xff, 0x7fff, 0x8000, 0xffff, 0x7fffffff, 0x80000000, 0xffffffffUL,
    0x100000000UL, 0x7fffffffffffffffUL, 0x8000000000000000UL, 0xffffffffffffffffUL,
    0xdeadbeefcafef00dUL,
};

/* ---- division: RDX:RAX / src, #DE caught ---- */
typedef void (*div_fn)(uint64_t *hi, uint64_t *lo, uint64_t src);
#define DEFDIV(name, insn)                                                                    \
    static void name(uint64_t *hi, uint64_t *lo, uint64_t src)                                \
    {                                                                                         \
        uint64_t rax = *lo, rdx = *hi;                                                        \
        __asm__ volatile(FAULT_ARM insn FAULT_END                                             \
                         : "+a"(rax), "+d"(rdx)                                               \
                         : [s] "r"(src)                                                       \
                         : "cc", "r11", "memory");                                            \
        *hi = rdx;                                                                            \
        *lo = rax;                                                                            \
    }
DEFDIV(div8, "divb %b[s]")
DEFDIV(div16, "divw %w[s]")
DEFDIV(div32, "divl %k[s]")
DEFDIV(div64, "divq %q[s]")
DEFDIV(idiv8, "idivb %b[s]")
DEFDIV(idiv16, "idivw %w[s]")
DEFDIV(idiv32, "idivl %k[s]")
DEFDIV(idiv64, "idivq %q[s]")

struct dcase {
    uint64_t hi, lo, src;
};
struct dop {
    const char *name;
    div_fn fn;
    const struct dcase *cases;
    int n;
};

/* 8-bit: AX / r8 -> AL quotient, AH remainder (RDX untouched) */
static const struct dcase d8[] = {
    { 0, 0xaaaaaaaaaaaa0064, 7 }, { 0, 0xaaaaaaaaaaaa00ff, 0xff }, { 0, 0xaaaaaaaaaaaaffff, 0xff },
    { 0, 0xaaaaaaaaaaaa0100, 1 }, /* quotient 256: #DE */
    { 0, 0xaaaaaaaaaaaa1234, 0 }, /* zero: #DE */
    { 0, 0xaaaaaaaaaaaafff9, 0x02 }, { 0, 0xaaaaaaaaaaaaff80, 0xff }, { 0, 0xaaaaaaaaaaaa0080, 0xff },
    { 0, 0xaaaaaaaaaaaaff81, 0x7f }, { 0, 0xaaaaaaaaaaaa8000, 0x80 }, { 0, 0xaaaaaaaaaaaa7f00, 0x80 },
};
static const struct dcase d16[] = {
    { 0x5555555555550000, 0xaaaaaaaaaaaa1234, 0x10 }, { 0x5555555555550001, 0xaaaaaaaaaaaa0000, 0x2 },
    { 0x5555555555550001, 0xaaaaaaaaaaaa0000, 0x1 }, { 0x555555555555ffff, 0xaaaaaaaaaaaafffe, 0xffff },
    { 0x555555555555ffff, 0xaaaaaaaaaaaa8000, 0xffff }, { 0x5555555555550000, 0xaaaaaaaaaaaa8000, 0xffff },
    { 0x555555555555ffff, 0xaaaaaaaaaaaafff9, 0x0002 }, { 0x5555555555550000, 0xaaaaaaaaaaaa0007, 0xfffe },
    { 0x5555555555551234, 0xaaaaaaaaaaaa5678, 0 },
};
static const struct dcase d32[] = {
    { 0x55555555, 0xaaaaaaaa00000064, 7 }, { 0x00000001, 0x00000000, 2 }, { 0x00000001, 0x00000000, 1 },
    { 0xffffffff, 0xfffffff9, 2 }, { 0xffffffff, 0x80000000, 0xffffffff }, { 0, 0x80000000, 0xffffffff },
    { 0, 0x7fffffff, 0xfffffffe }, { 0xfffffffe, 0xffffffff, 0xffffffff }, { 0x12345678, 0x9abcdef0, 0 },
    { 0xdeadbeef00000000, 0xcafef00d00000001, 3 },
};
static const struct dcase d64[] = {
    { 0, 100, 7 }, { 1, 0, 2 }, { 1, 0, 1 }, { 0xffffffffffffffff, 0xfffffffffffffff9, 2 },
    { 0xffffffffffffffff, 0x8000000000000000, 0xffffffffffffffff }, { 0, 0x8000000000000000, 0xffffffffffffffff },
    { 0, 0x7fffffffffffffff, 0xfffffffffffffffe }, { 0x7fffffffffffffff, 0xffffffffffffffff, 0xffffffffffffffff },
    { 0x123456789abcdef0, 0x0fedcba987654321, 0x123456789abcdef1 }, { 5, 5, 0 },
    { 0xfffffffffffffffe, 0, 0x8000000000000000 },
};
static const struct dop div_ops[] = {
    { "div8", div8, d8, COUNT(d8) },     { "idiv8", idiv8, d8, COUNT(d8) },
    { "div16", div16, d16, COUNT(d16) }, { "idiv16", idiv16, d16, COUNT(d16) },
    { "div32", div32, d32, COUNT(d32) }, { "idiv32", idiv32, d32, COUNT(d32) },
    { "div64", div64, d64, COUNT(d64) }, { "idiv64", idiv64, d64, COUNT(d64) },
};

/* Division by memory operand and by a register that is RAX/RDX itself */
static void div_special(void)
{
    uint64_t mem = 10, rax = 1000, rdx = 0;
    __asm__ volatile("divq %2" : "+a"(rax), "+d"(rdx) : "m"(mem) : "cc");
    printf("divq m64: rdx:rax %016lx:%016lx\n", rdx, rax);
    uint32_t m32 = 0xfffffffd;
    rax = 0xaaaaaaaa00000064;
    rdx = 0x55555555ffffffff;
    __asm__ volatile("idivl %2" : "+a"(rax), "+d"(rdx) : "m"(m32) : "cc");
    printf("idivl m32: rdx:rax %016lx:%016lx\n", rdx, rax);
    rax = 0x1234;
    rdx = 0;
    __asm__ volatile("divq %%rax" : "+a"(rax), "+d"(rdx) : : "cc");
    printf("divq rax by itself: rdx:rax %016lx:%016lx\n", rdx, rax);
    /* AX / AH always overflows (AH >= 1 gives a quotient >= 256; AH = 0 divides by zero) */
    rax = 0x0105;
    fault_clear();
    __asm__ volatile(FAULT_ARM "divb %%ah" FAULT_END : "+a"(rax), "+d"(rdx) : : "cc", "r11", "memory");
    printf("divb ah (ax=0x0105): #%ld rax %016lx\n", last_fault.vector, rax);
    rax = 0x0105;
    rdx = 0x1122334455667707;
    __asm__ volatile("divb %%dl" : "+a"(rax), "+d"(rdx) : : "cc");
    printf("divb dl (ax=0x0105, dl=7): rax %016lx rdx %016lx\n", rax, rdx);
    rax = 0x1234;
    rdx = 0x2;
    __asm__ volatile("mulq %%rdx" : "+a"(rax), "+d"(rdx) : : "cc");
    printf("mulq rdx: rdx:rax %016lx:%016lx\n", rdx, rax);
}

int main(void)
{
    printf("# one-operand mul/imul: RDX:RAX (RDX starts as 5555...)\n");
    for (int k = 0; k < COUNT(mul_ops); k++) {
        for (int i = 0; i < COUNT(mvals); i++) {
            for (int j = 0; j < COUNT(mvals); j += 2) {
                uint64_t hi, lo, f;
                uint64_t a = mvals[i] ^ 0x1111111111110000UL * (i & 1);
                mul_ops[k].fn(a, mvals[j], fin_for(FIN_ALTERNATE, i + j / 2), &hi, &lo, &f);
                printf("%-8s %016lx %016lx -> %016lx:%016lx %s\n", mul_ops[k].name, a, mvals[j], hi, lo,
                       flag_str(f, F_MUL));
            }
        }
    }
    printf("# two- and three-operand imul\n");
    for (int k = 0; k < COUNT(imul_ops); k++) {
        run_pairs(&imul_ops[k], mvals, COUNT(mvals), mvals + 1, 8, FIN_ALTERNATE);
    }
    static const uint64_t garbage = 0xa5a5a5a5a5a5a5a5UL;
    for (int k = 0; k < COUNT(imul3_ops); k++) {
        run_pairs(&imul3_ops[k], &garbage, 1, mvals, COUNT(mvals), FIN_ALTERNATE);
    }
    printf("# div/idiv: rdx:rax / src\n");
    for (int k = 0; k < COUNT(div_ops); k++) {
        const struct dop *d = &div_ops[k];
        for (int i = 0; i < d->n; i++) {
            uint64_t hi = d->cases[i].hi, lo = d->cases[i].lo;
            fault_clear();
            d->fn(&hi, &lo, d->cases[i].src);
            printf("%-7s %016lx:%016lx / %016lx -> ", d->name, d->cases[i].hi, d->cases[i].lo, d->cases[i].src);
            if (last_fault.vector >= 0) {
                printf("#%ld (error %lx), rdx:rax %016lx:%016lx\n", last_fault.vector, last_fault.error, hi, lo);
            } else {
                printf("%016lx:%016lx\n", hi, lo);
            }
        }
    }
    div_special();
    printf("muldiv done\n");
    return 0;
}
