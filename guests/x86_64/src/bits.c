/*
 * Bit instructions and conditions: bt/bts/btr/btc (register and immediate bit offsets, memory
 * operands with register offsets far outside the operand, both signs), bsf/bsr (incl. a zero
 * source), tzcnt/lzcnt/popcnt as the CPU's CPUID says (qemu64 has neither BMI1 nor ABM nor
 * POPCNT: F3 0F BC/BD run as bsf/bsr, popcnt is #UD), bswap, setcc/cmovcc/jcc (rel8 and rel32)
 * for all 16 conditions over 32 flag states, loop/loope/loopne/jrcxz/jecxz, lahf/sahf,
 * clc/stc/cmc.
 * bt*: CF defined, ZF unchanged, OF SF AF PF undefined. bsf/bsr: ZF defined, the rest undefined.
 */
#include "optest.h"

#define F_BT (F_CF | F_ZF)

#define BT_FORMS(op)                                                                          \
    DEFOP(op##16, #op "w %w[b], %w[r]")                                                       \
    DEFOP(op##32, #op "l %k[b], %k[r]")                                                       \
    DEFOP(op##64, #op "q %q[b], %q[r]")                                                       \
    DEFOP(op##16_i, #op "w $21, %w[r]")                                                       \
    DEFOP(op##32_i, #op "l $63, %k[r]")                                                       \
    DEFOP(op##64_i, #op "q $200, %q[r]")                                                      \
    DEFOPM(op##64m_i, #op "q $35, %[m]")
BT_FORMS(bt)
BT_FORMS(bts)
BT_FORMS(btr)
BT_FORMS(btc)

#define BT_OPS(op)                                                                            \
    OP(op##16, F_BT), OP(op##32, F_BT), OP(op##64, F_BT), OP(op##16_i, F_BT),                \
    OP(op##32_i, F_BT), OP(op##64_i, F_BT), OP(op##64m_i, F_BT)
static const struct op bt_ops[] = { BT_OPS(bt), BT_OPS(bts), BT_OPS(btr), BT_OPS(btc) };

static const uint64_t bt_vals[] = { 0, 0xffffffffffffffffUL, 0x8000000000200001UL, 0x5555aaaa5555aaaaUL };
static const uint64_t bt_offs[] = { 0, 1, 15, 16, 21, 31, 32, 63, 64, 100, 0xffffffffffffffffUL };

/* ---- memory forms with register bit offsets: the offset selects a word outside the operand ---- */
static uint8_t bitbuf[64];
#define DEFBTM(name, insn)                                                                    \
    static uint64_t name(void *base, int64_t off, uint64_t fin)                               \
    {                                                                                         \
        uint64_t ff;                                                                          \
        __asm__ volatile("push %[fin]\n\tpopfq\n\t" insn " %[o], (%[p])\n\tpushfq\n\tpop %[ff]" \
                         : [ff] "=&r"(ff)                                                     \
                         : [p] "r"(base), [o] "r"(off), [fin] "r"(fin)                        \
                         : "cc", "memory");                                                   \
        return ff;                                                                            \
    }
#define DEFBTM_SIZES(op)                                                                      \
    DEFBTM(op##w_m, #op "w %w")                                                               \
    DEFBTM(op##l_m, #op "l %k")                                                               \
    DEFBTM(op##q_m, #op "q %q")
/* The register operand needs its size modifier: build "btw %w[o], (%[p])" etc. */
#undef DEFBTM
#define DEFBTM(name, insn, mod)                                                               \
    static uint64_t name(void *base, int64_t off, uint64_t fin)                               \
    {                                                                                         \
        uint64_t ff;                                                                          \
        __asm__ volatile("push %[fin]\n\tpopfq\n\t" insn " %" mod "[o], (%[p])\n\tpushfq\n\tpop %[ff]" \
                         : [ff] "=&r"(ff)                                                     \
                         : [p] "r"(base), [o] "r"(off), [fin] "r"(fin)                        \
                         : "cc", "memory");                                                   \
        return ff;                                                                            \
    }
#undef DEFBTM_SIZES
#define DEFBTM_SIZES(op)                                                                      \
    DEFBTM(op##w_m, #op "w", "w")                                                             \
    DEFBTM(op##l_m, #op "l", "k")                                                             \
    DEFBTM(op##q_m, #op "q", "q")
DEFBTM_SIZES(bt)
DEFBTM_SIZES(bts)
DEFBTM_SIZES(btr)
DEFBTM_SIZES(btc)

struct btm {
    const char *name;
    uint64_t (*fn)(void *base, int64_t off, uint64_t fin);
};
static const struct btm btm_ops[] = {
    { "btw", btw_m }, { "btl", btl_m }, { "btq", btq_m }, { "btsw", btsw_m }, { "btsl", btsl_m },
    { "btsq", btsq_m }, { "btrw", btrw_m }, { "btrl", btrl_m }, { "btrq", btrq_m }, { "btcw", btcw_m },
    { "btcl", btcl_m }, { "btcq", btcq_m },
};

static void bt_memory(void)
{
    static const int64_t offs[] = { 0, 7, 8, 15, 16, 17, 31, 33, 63, 64, 65, 200, 255, -1, -8, -9, -16, -17,
                                    -33, -64, -65, -200, -256 };
    printf("# bt* m, reg: base = buffer+32, buffer bytes i = 0x%02x*i\n", 0x11);
    for (int k = 0; k < COUNT(btm_ops); k++) {
        for (int i = 0; i < COUNT(offs); i++) {
            /* the 16-bit form reaches base + 2*(off>>4): within the 64-byte buffer for these offsets */
            for (int b = 0; b < 64; b++) {
                bitbuf[b] = (uint8_t)(0x11 * b + 0x5a);
            }
            uint64_t f = btm_ops[k].fn(bitbuf + 32, offs[i], fin_for(FIN_ALTERNATE, i));
            printf("%-5s off %4ld -> %s", btm_ops[k].name, offs[i], flag_str(f, F_BT));
            for (int b = 0; b < 64; b++) {
                uint8_t orig = (uint8_t)(0x11 * b + 0x5a);
                if (bitbuf[b] != orig) {
                    printf(" [%d]%02x->%02x", b - 32, orig, bitbuf[b]);
                }
            }
            printf("\n");
        }
    }
}

/* ---- bsf/bsr, tzcnt/lzcnt/popcnt: destination preset to garbage ---- */
#define DEFSCAN(name, tmpl)                                                                   \
    static void name(uint64_t a, uint64_t b, uint64_t fin, uint64_t *r, uint64_t *f)          \
    {                                                                                         \
        uint64_t rr = 0xa5a5a5a5a5a5a5a5UL, ff;                                               \
        __asm__ volatile("push %[fin]\n\tpopfq\n\t" tmpl "\n\tpushfq\n\tpop %[ff]"             \
                         : [r] "+&r"(rr), [ff] "=&r"(ff)                                      \
                         : [b] "r"(a), [fin] "r"(fin)                                         \
                         : "cc");                                                             \
        *r = rr;                                                                              \
        *f = ff;                                                                              \
    }
DEFSCAN(bsf16, "bsfw %w[b], %w[r]")
DEFSCAN(bsf32, "bsfl %k[b], %k[r]")
DEFSCAN(bsf64, "bsfq %q[b], %q[r]")
DEFSCAN(bsr16, "bsrw %w[b], %w[r]")
DEFSCAN(bsr32, "bsrl %k[b], %k[r]")
DEFSCAN(bsr64, "bsrq %q[b], %q[r]")
DEFSCAN(tzcnt16, "tzcntw %w[b], %w[r]")
DEFSCAN(tzcnt32, "tzcntl %k[b], %k[r]")
DEFSCAN(tzcnt64, "tzcntq %q[b], %q[r]")
DEFSCAN(lzcnt16, "lzcntw %w[b], %w[r]")
DEFSCAN(lzcnt32, "lzcntl %k[b], %k[r]")
DEFSCAN(lzcnt64, "lzcntq %q[b], %q[r]")

static const uint64_t scan_vals[] = {
    0, 1, 2, 0x80, 0x8000, 0x10000, 0x80000000, 0x100000000UL, 0x8000000000000000UL,
    0xffffffffffffffffUL, 0x0000000000f00f00UL, 0x00f0000000000000UL, 0xffff000000000000UL,
};

static void popcnt_test(int present)
{
    static const uint64_t v[] = { 0, 1, 0xff, 0x8000000000000001UL, 0xffffffffffffffffUL, 0x123456789abcdef0UL };
    for (int i = 0; i < COUNT(v); i++) {
        uint64_t r = 0xa5a5a5a5a5a5a5a5UL, ff;
        fault_clear();
        __asm__ volatile(FAULT_ARM "push %[fin]\n\tpopfq\n\tpopcntq %[s], %[r]" FAULT_END
                         "pushfq\n\tpop %[ff]"
                         : [r] "+&r"(r), [ff] "=&r"(ff)
                         : [s] "r"(v[i]), [fin] "r"(FIN_SET)
                         : "cc", "r11", "memory");
        if (last_fault.vector >= 0) {
            printf("popcnt64 %016lx -> #%ld (CPUID POPCNT=%d)\n", v[i], last_fault.vector, present);
        } else {
            printf("popcnt64 %016lx -> %016lx %s\n", v[i], r, flag_str(ff, F_ALL));
        }
    }
}

/* ---- conditions ---- */
#define CONDS(X) X(o) X(no) X(b) X(ae) X(e) X(ne) X(be) X(a) X(s) X(ns) X(p) X(np) X(l) X(ge) X(le) X(g)

#define DEFSET(cc)                                                                            \
    static uint64_t set_##cc(uint64_t fl)                                                     \
    {                                                                                         \
        uint64_t r = 0x1122334455667788UL;                                                    \
        __asm__ volatile("push %1\n\tpopfq\n\tset" #cc " %b0" : "+r"(r) : "r"(fl) : "cc");    \
        return r;                                                                             \
    }
#define DEFCMOV(cc)                                                                           \
    static uint64_t cmov64_##cc(uint64_t fl)                                                  \
    {                                                                                         \
        uint64_t r = 0x1111111111111111UL, s = 0x2222222222222222UL;                          \
        __asm__ volatile("push %2\n\tpopfq\n\tcmov" #cc "q %1, %0" : "+r"(r) : "r"(s), "r"(fl) : "cc"); \
        return r;                                                                             \
    }                                                                                         \
    static uint64_t cmov32_##cc(uint64_t fl)                                                  \
    {                                                                                         \
        uint64_t r = 0x1111111111111111UL, s = 0x2222222222222222UL;                          \
        __asm__ volatile("push %2\n\tpopfq\n\tcmov" #cc "l %k1, %k0" : "+r"(r) : "r"(s), "r"(fl) : "cc"); \
        return r;                                                                             \
    }                                                                                         \
    static uint64_t cmov16m_##cc(uint64_t fl)                                                 \
    {                                                                                         \
        uint64_t r = 0x1111111111111111UL, s = 0x2222222222222222UL;                          \
        __asm__ volatile("push %2\n\tpopfq\n\tcmov" #cc "w %1, %w0" : "+r"(r) : "m"(s), "r"(fl) : "cc"); \
        return r;                                                                             \
    }
#define DEFJCC(cc)                                                                            \
    static uint64_t jcc8_##cc(uint64_t fl)                                                    \
    {                                                                                         \
        uint64_t r;                                                                           \
        __asm__ volatile("push %1\n\tpopfq\n\tj" #cc " 1f\n\tmov $0, %0\n\tjmp 2f\n1:\tmov $1, %0\n2:" \
                         : "=r"(r) : "r"(fl) : "cc");                                         \
        return r;                                                                             \
    }                                                                                         \
    static uint64_t jcc32_##cc(uint64_t fl)                                                   \
    {                                                                                         \
        uint64_t r;                                                                           \
        __asm__ volatile("push %1\n\tpopfq\n\t%{disp32%} j" #cc " 1f\n\tmov $0, %0\n\tjmp 2f\n1:\tmov $1, %0\n2:" \
                         : "=r"(r) : "r"(fl) : "cc");                                         \
        return r;                                                                             \
    }
CONDS(DEFSET)
CONDS(DEFCMOV)
CONDS(DEFJCC)

struct cond {
    const char *name;
    uint64_t (*set)(uint64_t), (*c64)(uint64_t), (*c32)(uint64_t), (*c16m)(uint64_t), (*j8)(uint64_t),
        (*j32)(uint64_t);
};
#define CENT(cc) { #cc, set_##cc, cmov64_##cc, cmov32_##cc, cmov16m_##cc, jcc8_##cc, jcc32_##cc },
static const struct cond conds[] = { CONDS(CENT) };

/* flag state i (0..31): bit0 CF, bit1 ZF, bit2 SF, bit3 OF, bit4 PF */
static uint64_t flag_state(int i)
{
    return 0x2 | (i & 1 ? F_CF : 0) | (i & 2 ? F_ZF : 0) | (i & 4 ? F_SF : 0) | (i & 8 ? F_OF : 0) |
           (i & 16 ? F_PF : 0);
}

static void conditions(void)
{
    printf("# conditions over flag states 0..31 (bit0 CF, bit1 ZF, bit2 SF, bit3 OF, bit4 PF)\n");
    for (int c = 0; c < COUNT(conds); c++) {
        char s[5][33];
        for (int i = 0; i < 32; i++) {
            uint64_t fl = flag_state(i);
            uint64_t v = conds[c].set(fl);
            s[0][i] = (v >> 8) != 0x11223344556677UL ? 'X' : (char)('0' + (v & 0xff));
            v = conds[c].c64(fl);
            s[1][i] = v == 0x2222222222222222UL ? '1' : v == 0x1111111111111111UL ? '0' : 'X';
            /* 32-bit cmov zero-extends into the 64-bit register even when the condition is false */
            v = conds[c].c32(fl);
            s[2][i] = v == 0x22222222UL ? '1' : v == 0x11111111UL ? '0' : 'X';
            v = conds[c].c16m(fl);
            s[3][i] = v == 0x1111111111112222UL ? '1' : v == 0x1111111111111111UL ? '0' : 'X';
            s[4][i] = (char)('0' + conds[c].j8(fl) + 2 * (conds[c].j8(fl) != conds[c].j32(fl)));
        }
        for (int k = 0; k < 5; k++) {
            s[k][32] = 0;
        }
        printf("%-3s set %s cmov64 %s cmov32 %s cmov16m %s jcc %s\n", conds[c].name, s[0], s[1], s[2], s[3], s[4]);
    }
}

/* ---- loop family: returns iterations executed and final RCX ---- */
static void loops(void)
{
    static const uint64_t starts[] = { 0, 1, 5, 0x100000000UL, 0x100000003UL };
    for (int i = 0; i < COUNT(starts); i++) {
        uint64_t rcx = starts[i], n = 0;
        /* loop decrements RCX first; RCX = 0 runs 2^64 times, so cap with a counter */
        __asm__ volatile("1:\tinc %1\n\tcmp $10, %1\n\tje 2f\n\tloop 1b\n2:" : "+c"(rcx), "+r"(n) : : "cc");
        printf("loop   rcx %016lx -> iterations %lu rcx %016lx\n", starts[i], n, rcx);
        rcx = starts[i];
        n = 0;
        __asm__ volatile("1:\tinc %1\n\tcmp $10, %1\n\tje 2f\n\taddr32 loop 1b\n2:" : "+c"(rcx), "+r"(n) : : "cc");
        printf("loopl  rcx %016lx -> iterations %lu rcx %016lx\n", starts[i], n, rcx);
        uint64_t r;
        rcx = starts[i];
        __asm__ volatile("mov $0, %0\n\tjrcxz 1f\n\tmov $1, %0\n1:" : "=r"(r) : "c"(rcx));
        printf("jrcxz  rcx %016lx -> %s\n", starts[i], r ? "not taken" : "taken");
        __asm__ volatile("mov $0, %0\n\tjecxz 1f\n\tmov $1, %0\n1:" : "=r"(r) : "c"(rcx));
        printf("jecxz  rcx %016lx -> %s\n", starts[i], r ? "not taken" : "taken");
    }
    /* loope/loopne: stop on ZF (compare each element of a table against a key) */
    static const uint8_t table[8] = { 7, 7, 7, 3, 7, 7, 9, 7 };
    for (int key = 0; key < 2; key++) {
        uint64_t rcx = 8, idx = 0;
        uint8_t k = key ? 7 : 3;
        __asm__ volatile("xor %1, %1\n1:\tcmpb %3, (%2,%1)\n\tlea 1(%1), %1\n\tloope 1b"
                         : "+c"(rcx), "=&r"(idx) : "r"(table), "r"(k) : "cc", "memory");
        printf("loope  key %u -> rcx %lu idx %lu\n", k, rcx, idx);
        rcx = 8;
        __asm__ volatile("xor %1, %1\n1:\tcmpb %3, (%2,%1)\n\tlea 1(%1), %1\n\tloopne 1b"
                         : "+c"(rcx), "=&r"(idx) : "r"(table), "r"(k) : "cc", "memory");
        printf("loopne key %u -> rcx %lu idx %lu\n", k, rcx, idx);
    }
}

static void flag_ops(void)
{
    for (int i = 0; i < 32; i += 3) {
        uint64_t fl = flag_state(i) | (i & 8 ? F_AF : 0), ah, after;
        __asm__ volatile("push %2\n\tpopfq\n\tlahf\n\tmovzbl %%ah, %k0" : "=&r"(ah), "=&a"(after) : "r"(fl) : "cc");
        printf("lahf   flags %03lx -> ah %02lx\n", fl, ah);
        /* sahf loads SF ZF AF PF CF from AH; OF is kept */
        uint64_t in = 0x2 | F_OF;
        uint64_t rax = ((uint64_t)(i * 0x35) & 0xff) << 8;
        __asm__ volatile("push %2\n\tpopfq\n\tsahf\n\tpushfq\n\tpop %0"
                         : "=r"(after), "+a"(rax) : "r"(in) : "cc");
        printf("sahf   ah %02lx -> flags %s\n", (uint64_t)(i * 0x35) & 0xff, flag_str(after, F_ALL));
    }
    uint64_t f1, f2, f3, f4;
    __asm__ volatile("push %4\n\tpopfq\n\tclc\n\tpushfq\n\tpop %0\n\tstc\n\tpushfq\n\tpop %1\n\t"
                     "cmc\n\tpushfq\n\tpop %2\n\tcmc\n\tpushfq\n\tpop %3"
                     : "=r"(f1), "=r"(f2), "=r"(f3), "=r"(f4) : "r"(FIN_SET & ~F_CF) : "cc");
    printf("clc %s stc %s cmc %s cmc %s\n", flag_str(f1, F_ALL), flag_str(f2, F_ALL), flag_str(f3, F_ALL),
           flag_str(f4, F_ALL));
}

int main(void)
{
    printf("# bt/bts/btr/btc register and immediate forms (b = bit offset)\n");
    for (int k = 0; k < COUNT(bt_ops); k++) {
        if (bt_ops[k].name[0] == 'b' && (bt_ops[k].name[3] == '_' || bt_ops[k].name[4] == '_' ||
                                         bt_ops[k].name[5] == '_')) {
            run_pairs(&bt_ops[k], bt_vals, COUNT(bt_vals), bt_offs, 1, FIN_ALTERNATE);
        } else {
            run_pairs(&bt_ops[k], bt_vals, COUNT(bt_vals), bt_offs, COUNT(bt_offs), FIN_ALTERNATE);
        }
    }
    bt_memory();

    struct cpuid_regs l1 = cpuid(1, 0), l7 = cpuid(7, 0), e1 = cpuid(0x80000001, 0);
    int bmi1 = (l7.ebx >> 3) & 1, abm = (e1.ecx >> 5) & 1, popcnt = (l1.ecx >> 23) & 1;
    printf("# CPUID: BMI1 (7.EBX[3]) %d, ABM/LZCNT (80000001.ECX[5]) %d, POPCNT (1.ECX[23]) %d\n", bmi1, abm,
           popcnt);
    /* Without BMI1/ABM the F3 prefix is ignored and these are bsf/bsr, whose flags are undefined
     * except ZF; with them, CF and ZF are defined. Print accordingly. */
    const uint32_t scan_def = F_ZF;
    const struct op scans[] = {
        OP(bsf16, F_ZF), OP(bsf32, F_ZF), OP(bsf64, F_ZF), OP(bsr16, F_ZF), OP(bsr32, F_ZF), OP(bsr64, F_ZF),
        { "tzcnt16", tzcnt16, bmi1 ? F_CF | F_ZF : scan_def }, { "tzcnt32", tzcnt32, bmi1 ? F_CF | F_ZF : scan_def },
        { "tzcnt64", tzcnt64, bmi1 ? F_CF | F_ZF : scan_def }, { "lzcnt16", lzcnt16, abm ? F_CF | F_ZF : scan_def },
        { "lzcnt32", lzcnt32, abm ? F_CF | F_ZF : scan_def }, { "lzcnt64", lzcnt64, abm ? F_CF | F_ZF : scan_def },
    };
    printf("# bsf/bsr/tzcnt/lzcnt: destination preset to a5a5a5a5a5a5a5a5 (kept when the source is 0)\n");
    for (int k = 0; k < COUNT(scans); k++) {
        run_unary(&scans[k], scan_vals, COUNT(scan_vals), FIN_ALTERNATE);
    }
    popcnt_test(popcnt);

    static const uint64_t bsw[] = { 0x0123456789abcdefUL, 0xff00000000000080UL };
    for (int i = 0; i < 2; i++) {
        uint64_t r64 = bsw[i], r32 = bsw[i];
        __asm__ volatile("bswapq %0" : "+r"(r64));
        __asm__ volatile("bswapl %k0" : "+r"(r32));
        uint64_t r8 = bsw[i];
        __asm__ volatile("bswapq %%r8\n\tmov %%r8, %0" : "=r"(r8) : "0"(r8) : "r8");
        printf("bswap %016lx -> q %016lx l %016lx\n", bsw[i], r64, r32);
    }
    conditions();
    loops();
    flag_ops();
    printf("bits done\n");
    return 0;
}
