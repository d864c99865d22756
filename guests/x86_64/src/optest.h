/*
 * Table-driven instruction tests. Each op is an inline-asm template run on pairs of operands,
 * printing the full 64-bit result register and the arithmetic flags. Flags the SDM leaves
 * undefined for an instruction are masked (printed as '.') so a core that follows the SDM can
 * match QEMU; defined flags print as their letter when set and '-' when clear.
 * Template operands: %[r] result (holds a on entry), %[b] second operand, %[m] a memory
 * operand (holds a on entry for memory-destination forms). RFLAGS is loaded from fin first.
 */
#ifndef OPTEST_H
#define OPTEST_H

#include "runtime.h"

#define F_CF 0x001
#define F_PF 0x004
#define F_AF 0x010
#define F_ZF 0x040
#define F_SF 0x080
#define F_DF 0x400
#define F_OF 0x800
#define F_ALL (F_CF | F_PF | F_AF | F_ZF | F_SF | F_OF)
#define F_LOGIC (F_ALL & ~F_AF) /* and/or/xor/test: AF undefined */

typedef void (*op_fn)(uint64_t a, uint64_t b, uint64_t fin, uint64_t *r, uint64_t *f);

/* Register form: r = a, then tmpl, result in r. */
#define DEFOP(name, tmpl)                                                                     \
    static void name(uint64_t a, uint64_t b, uint64_t fin, uint64_t *r, uint64_t *f)          \
    {                                                                                         \
        uint64_t rr = a, ff;                                                                  \
        __asm__ volatile("push %[fin]\n\tpopfq\n\t" tmpl "\n\tpushfq\n\tpop %[ff]"             \
                         : [r] "+&r"(rr), [ff] "=&r"(ff)                                      \
                         : [b] "r"(b), [fin] "r"(fin)                                         \
                         : "cc", "memory");                                                   \
        *r = rr;                                                                              \
        *f = ff;                                                                              \
    }

/* Memory-destination form: m = a, then tmpl, result read back from m. */
#define DEFOPM(name, tmpl)                                                                    \
    static void name(uint64_t a, uint64_t b, uint64_t fin, uint64_t *r, uint64_t *f)          \
    {                                                                                         \
        uint64_t mem = a, ff;                                                                 \
        __asm__ volatile("push %[fin]\n\tpopfq\n\t" tmpl "\n\tpushfq\n\tpop %[ff]"             \
                         : [m] "+m"(mem), [ff] "=&r"(ff)                                      \
                         : [b] "r"(b), [fin] "r"(fin)                                         \
                         : "cc", "memory");                                                   \
        *r = mem;                                                                             \
        *f = ff;                                                                              \
    }

/* Memory-source form: r = a, m = b, then tmpl, result in r. */
#define DEFOPS(name, tmpl)                                                                    \
    static void name(uint64_t a, uint64_t b, uint64_t fin, uint64_t *r, uint64_t *f)          \
    {                                                                                         \
        uint64_t rr = a, mem = b, ff;                                                         \
        __asm__ volatile("push %[fin]\n\tpopfq\n\t" tmpl "\n\tpushfq\n\tpop %[ff]"             \
                         : [r] "+&r"(rr), [ff] "=&r"(ff)                                      \
                         : [m] "m"(mem), [fin] "r"(fin)                                       \
                         : "cc", "memory");                                                   \
        *r = rr;                                                                              \
        *f = ff;                                                                              \
    }

/* Accumulator form: RAX = a (for the short AL/AX/EAX/RAX immediate encodings). */
#define DEFOPA(name, tmpl)                                                                    \
    static void name(uint64_t a, uint64_t b, uint64_t fin, uint64_t *r, uint64_t *f)          \
    {                                                                                         \
        uint64_t rr = a, ff;                                                                  \
        __asm__ volatile("push %[fin]\n\tpopfq\n\t" tmpl "\n\tpushfq\n\tpop %[ff]"             \
                         : [r] "+&a"(rr), [ff] "=&r"(ff)                                      \
                         : [b] "r"(b), [fin] "r"(fin)                                         \
                         : "cc", "memory");                                                   \
        *r = rr;                                                                              \
        *f = ff;                                                                              \
    }

struct op {
    const char *name;
    op_fn fn;
    uint32_t defined; /* flags the SDM defines for this instruction */
};
#define OP(fn, mask) { #fn, fn, mask }

/* "OSZAPC": letter = set, '-' = clear, '.' = undefined for this instruction. */
static inline const char *flag_str(uint64_t f, uint32_t defined)
{
    static char s[7];
    static const uint32_t bit[6] = { F_OF, F_SF, F_ZF, F_AF, F_PF, F_CF };
    static const char name[6] = { 'O', 'S', 'Z', 'A', 'P', 'C' };
    for (int i = 0; i < 6; i++) {
        s[i] = !(defined & bit[i]) ? '.' : (f & bit[i]) ? name[i] : '-';
    }
    s[6] = 0;
    return s;
}

/* 0x2 is the always-one bit; these two incoming flag states show which flags an op writes.
 * FIN_ALTERNATE uses FIN_CLEAR and FIN_SET on alternate cases. */
#define FIN_CLEAR 0x002UL
#define FIN_SET   (0x002UL | F_ALL)
#define FIN_ALTERNATE 1UL

static inline uint64_t fin_for(uint64_t fin, int k) { return fin == FIN_ALTERNATE ? (k & 1 ? FIN_SET : FIN_CLEAR) : fin; }

/* Runs op on all pairs of vals with incoming flags fin; prints "name a b -> r flags". */
static inline void run_pairs(const struct op *op, const uint64_t *va, int na, const uint64_t *vb, int nb,
                             uint64_t fin)
{
    for (int i = 0; i < na; i++) {
        for (int j = 0; j < nb; j++) {
            uint64_t r, f;
            op->fn(va[i], vb[j], fin_for(fin, i + j), &r, &f);
            printf("%-10s %016lx %016lx -> %016lx %s\n", op->name, va[i], vb[j], r, flag_str(f, op->defined));
        }
    }
}

static inline void run_unary(const struct op *op, const uint64_t *va, int na, uint64_t fin)
{
    for (int i = 0; i < na; i++) {
        uint64_t r, f;
        op->fn(va[i], 0, fin_for(fin, i), &r, &f);
        printf("%-10s %016lx -> %016lx %s\n", op->name, va[i], r, flag_str(f, op->defined));
    }
}

#endif
