/* Helpers for the per-instruction-class guests: run one instruction, capture result and icc. */
#ifndef CHIMERA_SPARC_OPTEST_H
#define CHIMERA_SPARC_OPTEST_H

#include "leon3.h"

/* Operand values chosen to hit carries, overflows and sign changes. */
static const uint32_t test_values[] = {
    0x00000000, 0x00000001, 0x7fffffff, 0x80000000,
    0xffffffff, 0x12345678, 0xdeadbeef, 0x80000001,
};
#define N_TEST_VALUES (sizeof(test_values) / sizeof(test_values[0]))

/** "nzvc" as four 0/1 digits from a PSR value. */
static inline void icc_str(uint32_t psr, char out[5])
{
    out[0] = '0' + ((psr >> 23) & 1);
    out[1] = '0' + ((psr >> 22) & 1);
    out[2] = '0' + ((psr >> 21) & 1);
    out[3] = '0' + ((psr >> 20) & 1);
    out[4] = 0;
}

/** Sets icc (nzvc in bits 3..0) with wr %psr, leaving the rest of the PSR alone. */
static inline void set_icc(uint32_t nzvc)
{
    write_psr((read_psr() & ~PSR_ICC_MASK) | ((nzvc & 15) << 20));
}

/* rd = a OP b, then read the PSR; "cc" clobber keeps GCC honest. */
#define OP_RR(insn, a, b, r, psr)                                                          \
    __asm__ volatile(insn " %2, %3, %0\n\trd %%psr, %1"                                    \
                     : "=&r"(r), "=r"(psr) : "r"(a), "r"(b) : "cc")
/* Same with the carry preset to cin first (0 - cin borrows when cin = 1). */
#define OP_RR_CIN(insn, a, b, cin, r, psr)                                                 \
    __asm__ volatile("subcc %%g0, %4, %%g0\n\t" insn " %2, %3, %0\n\trd %%psr, %1"        \
                     : "=&r"(r), "=&r"(psr) : "r"(a), "r"(b), "r"(cin) : "cc")
/* rd = a OP simm13 */
#define OP_RI(insn, a, imm, r, psr)                                                        \
    __asm__ volatile(insn " %2, %3, %0\n\trd %%psr, %1"                                    \
                     : "=&r"(r), "=r"(psr) : "r"(a), "i"(imm) : "cc")

#endif
