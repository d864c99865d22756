/*
 * Table-driven instruction tests: each op is an inline-asm template run on every pair of
 * operands from a value set, printing result and NZCV so a wrong bit is visible in a diff.
 * Template operands: %0 result, %1 NZCV after, %2 a, %3 b; NZCV is set from `cin` first
 * (bit 29 = C), so carry-consuming instructions are tested with C=0 and C=1.
 */
#ifndef OPTEST_H
#define OPTEST_H

#include "runtime.h"

typedef void (*op_fn)(uint64_t a, uint64_t b, uint64_t nzcv_in, uint64_t *r, uint64_t *nzcv_out);

#define DEFOP(name, tmpl)                                                                   \
    static void name(uint64_t a, uint64_t b, uint64_t nzcv_in, uint64_t *r, uint64_t *f)   \
    {                                                                                       \
        uint64_t rr, ff;                                                                    \
        __asm__ volatile("msr nzcv, %4\n\t" tmpl "\n\tmrs %1, nzcv"                         \
                         : "=&r"(rr), "=&r"(ff)                                             \
                         : "r"(a), "r"(b), "r"(nzcv_in)                                     \
                         : "cc");                                                           \
        *r = rr;                                                                            \
        *f = ff;                                                                            \
    }

struct op {
    const char *name;
    op_fn fn;
};

#define OP(name) { #name, name }

static inline const char *nzcv_str(uint64_t f)
{
    static char s[5];
    s[0] = (f >> 31) & 1 ? 'N' : '-';
    s[1] = (f >> 30) & 1 ? 'Z' : '-';
    s[2] = (f >> 29) & 1 ? 'C' : '-';
    s[3] = (f >> 28) & 1 ? 'V' : '-';
    s[4] = 0;
    return s;
}

/** Runs every op of a table on all (a, b) pairs with the given incoming NZCV. */
static inline void run_ops(const struct op *ops, int nops, const uint64_t *vals, int nvals,
                           uint64_t nzcv_in)
{
    for (int o = 0; o < nops; o++) {
        for (int i = 0; i < nvals; i++) {
            for (int j = 0; j < nvals; j++) {
                uint64_t r, f;
                ops[o].fn(vals[i], vals[j], nzcv_in, &r, &f);
                printf("%-8s %016lx %016lx -> %016lx %s\n", ops[o].name, vals[i], vals[j], r,
                       nzcv_str(f));
            }
        }
    }
}

/** Like run_ops but with a single operand (b unused). */
static inline void run_unary(const struct op *ops, int nops, const uint64_t *vals, int nvals)
{
    for (int o = 0; o < nops; o++) {
        for (int i = 0; i < nvals; i++) {
            uint64_t r, f;
            ops[o].fn(vals[i], 0, 0, &r, &f);
            printf("%-8s %016lx -> %016lx %s\n", ops[o].name, vals[i], r, nzcv_str(f));
        }
    }
}

#define COUNT(a) ((int)(sizeof(a) / sizeof((a)[0])))

#endif
