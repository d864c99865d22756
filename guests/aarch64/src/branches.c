/* Branches and conditions: b.cond for all 16 conditions x 16 NZCV values, cset, cbz/cbnz, tbz/tbnz, br/blr/ret, jump tables. */
#include "runtime.h"

#define BCOND(cc)                                                                           \
    static int b_##cc(uint64_t nzcv)                                                        \
    {                                                                                       \
        int taken;                                                                          \
        __asm__ volatile("msr nzcv, %1\n\tmov %w0, #0\n\tb." #cc " 1f\n\tb 2f\n1:\tmov %w0, #1\n2:" \
                         : "=&r"(taken) : "r"(nzcv) : "cc");                                \
        return taken;                                                                       \
    }                                                                                       \
    static int cset_##cc(uint64_t nzcv)                                                     \
    {                                                                                       \
        int r;                                                                              \
        __asm__ volatile("msr nzcv, %1\n\tcsinc %w0, wzr, wzr, " #cc : "=r"(r) : "r"(nzcv) : "cc"); \
        return !r; /* csinc gives 0 when the condition holds */                             \
    }

BCOND(eq) BCOND(ne) BCOND(cs) BCOND(cc) BCOND(mi) BCOND(pl) BCOND(vs) BCOND(vc)
BCOND(hi) BCOND(ls) BCOND(ge) BCOND(lt) BCOND(gt) BCOND(le)

/* al and nv both mean "always" in AArch64; the assembler refuses them in most forms, so the
 * instructions are encoded by hand. */
static int b_al(uint64_t nzcv)
{
    int taken;
    __asm__ volatile("msr nzcv, %1\n\tmov %w0, #0\n\t.inst 0x5400004e\n\tb 2f\n1:\tmov %w0, #1\n2:"
                     : "=&r"(taken) : "r"(nzcv) : "cc");
    return taken;
}
static int cset_al(uint64_t nzcv)
{
    int r;
    /* csinc w0, wzr, wzr, al */
    __asm__ volatile("msr nzcv, %1\n\t.inst 0x1a9fe7e0\n\tmov %w0, w0" : "=r"(r) : "r"(nzcv) : "cc", "x0");
    return !r;
}
static int b_nv(uint64_t nzcv)
{
    int taken;
    __asm__ volatile("msr nzcv, %1\n\tmov %w0, #0\n\t.inst 0x5400004f\n\tb 2f\n1:\tmov %w0, #1\n2:"
                     : "=&r"(taken) : "r"(nzcv) : "cc");
    return taken;
}
static int cset_nv(uint64_t nzcv)
{
    int r;
    /* csinc w0, wzr, wzr, nv */
    __asm__ volatile("msr nzcv, %1\n\t.inst 0x1a9ff7e0\n\tmov %w0, w0" : "=r"(r) : "r"(nzcv) : "cc", "x0");
    return !r;
}

typedef int (*cond_fn)(uint64_t);
static const cond_fn BR[16] = { b_eq, b_ne, b_cs, b_cc, b_mi, b_pl, b_vs, b_vc,
                                b_hi, b_ls, b_ge, b_lt, b_gt, b_le, b_al, b_nv };
static const cond_fn CS[16] = { cset_eq, cset_ne, cset_cs, cset_cc, cset_mi, cset_pl, cset_vs, cset_vc,
                                cset_hi, cset_ls, cset_ge, cset_lt, cset_gt, cset_le, cset_al, cset_nv };

static void conditions(void)
{
    printf("nzcv  b.cond(eq..nv)   csinc(eq..nv)\n");
    for (uint64_t f = 0; f < 16; f++) {
        printf("%lx     ", f);
        for (int c = 0; c < 16; c++) {
            printf("%d", BR[c](f << 28));
        }
        printf(" ");
        for (int c = 0; c < 16; c++) {
            printf("%d", CS[c](f << 28));
        }
        printf("\n");
    }
}

static void compare_branches(void)
{
    static const uint64_t vals[] = { 0, 1, 0x80000000, 0x100000000UL, 0x8000000000000000UL, 0xffffffffffffffffUL };
    for (int i = 0; i < 6; i++) {
        uint64_t v = vals[i], r = 0;
        __asm__ volatile("mov %0, #0\n\t"
                         "cbz %1, 1f\n\torr %0, %0, #1\n1:\t"
                         "cbnz %w1, 2f\n\torr %0, %0, #2\n2:\t"
                         "tbz %1, #63, 3f\n\torr %0, %0, #4\n3:\t"
                         "tbnz %1, #0, 4f\n\torr %0, %0, #8\n4:\t"
                         "tbnz %w1, #31, 5f\n\torr %0, %0, #16\n5:\t"
                         "tbz %1, #32, 6f\n\torr %0, %0, #32\n6:\t"
                         "cbz %w1, 7f\n\torr %0, %0, #64\n7:"
                         : "=&r"(r) : "r"(v));
        printf("cb/tb %016lx -> %02lx\n", v, r);
    }
}

static __attribute__((noinline)) uint64_t leaf(uint64_t x) { return x * 3 + 1; }
static __attribute__((noinline)) uint64_t twice(uint64_t (*f)(uint64_t), uint64_t x) { return f(f(x)); }

static void indirect(void)
{
    uint64_t r, lr_delta;
    uint64_t (*volatile fp)(uint64_t) = leaf;
    printf("blr: %lx\n", twice((uint64_t (*)(uint64_t))fp, 5));
    /* br to a computed label, ret via a non-x30 register, and bl's link value */
    __asm__ volatile("adr x9, 1f\n\tmov %0, #0\n\tbr x9\n\tmov %0, #99\n"
                     "1:\tadd %0, %0, #1\n\tadr x10, 2f\n\tret x10\n\tmov %0, #98\n"
                     "2:\tadd %0, %0, #2\n\tmov x11, x30\n\tbl 3f\n"
                     "3:\tadr x12, 3b\n\tsub %1, x30, x12\n\tmov x30, x11"
                     : "=&r"(r), "=&r"(lr_delta) : : "x9", "x10", "x11", "x12", "x30");
    printf("br/ret/bl: r=%lx lr-delta=%lx\n", r, lr_delta);
}

static __attribute__((noinline)) int dispatch(int op, int a, int b)
{
    switch (op) {
    case 0: return a + b;
    case 1: return a - b;
    case 2: return a * b;
    case 3: return a & b;
    case 4: return a | b;
    case 5: return a ^ b;
    case 6: return a << (b & 31);
    case 7: return a >> (b & 31);
    case 8: return b ? a / b : -1;
    case 9: return b ? a % b : -1;
    default: return 0x7777;
    }
}

int main(void)
{
    printf("== branches\n");
    conditions();
    compare_branches();
    indirect();
    int acc = 0;
    for (int i = 0; i < 40; i++) {
        acc = acc * 31 + dispatch(i % 11, i * 7 - 50, i - 3);
        if ((i & 7) == 7) {
            printf("switch acc %d: %x\n", i, acc);
        }
    }
    /* a countdown loop that GCC turns into subs + b.ne */
    volatile int sink = 0;
    for (int i = 1000; i != 0; i--) {
        sink = sink + (i ^ (i >> 3));
    }
    printf("loop %d\n", sink);
    printf("== branches done\n");
    return 0;
}
