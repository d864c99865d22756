/*
 * SSE, SSE2 and SSE3 (qemu64 advertises SSE3 but not SSSE3/SSE4): scalar and packed float and
 * double arithmetic, sqrt, min/max with NaN and signed-zero operand order, conversions incl.
 * out-of-range -> integer indefinite, cvtsd2ss/cvtss2sd with NaN and denormals, all eight
 * cmpps/cmppd predicates, comiss/ucomisd flags, the four MXCSR rounding modes, sticky
 * exception flags, FTZ/DAZ, shuffles/unpacks/moves, the SSE2 integer instructions, SSE3
 * horizontal/addsub/dup/lddqu/fisttp, a few MMX forms, and the faults: unmasked exception ->
 * misaligned movaps -> #GP, CR0.TS -> #NM, CR0.EM / CR4.OSFXSR=0 -> #UD, SSSE3/SSE4.1 -> #UD.
 * Every result is printed as raw lanes with the MXCSR after the operation.
 *
 * Where QEMU 7.2 departs from the SDM the output leaves the behaviour out, so a core that
 * follows the SDM still matches: MXCSR.DE (denormal operand, bit 1) is never set by QEMU and is
 * masked from every printed MXCSR; unmasked SIMD exceptions (#XM) and #GP for reserved MXCSR
 * bits in LDMXCSR are not raised by QEMU and are not tested.
 */
#include "runtime.h"

typedef uint32_t u32x4[4];

struct vec {
    union {
        uint8_t b[16];
        uint16_t w[8];
        uint32_t d[4];
        uint64_t q[2];
    };
} __attribute__((aligned(16)));

static uint32_t mxcsr_in = 0x1f80;
/* MXCSR as printed: without DE, which QEMU 7.2 never sets (see the top comment) */
#define MX(m) ((m) & ~0x2u)

/* r = a; insn with xmm1 = b; MXCSR from mxcsr_in, returned after */
typedef uint32_t (*xop)(const struct vec *a, const struct vec *b, struct vec *r);
#define DEFX(name, insn)                                                                      \
    static uint32_t name(const struct vec *a, const struct vec *b, struct vec *r)             \
    {                                                                                         \
        uint32_t m = mxcsr_in;                                                                \
        __asm__ volatile("ldmxcsr %[m]\n\tmovdqu %[a], %%xmm0\n\tmovdqu %[b], %%xmm1\n\t"     \
                         "movdqu %[a], %%xmm2\n\t" insn "\n\tmovdqu %%xmm0, %[r]\n\tstmxcsr %[m]\n\t" \
                         "ldmxcsr %[d]"                                                        \
                         : [r] "=m"(*r), [m] "+m"(m)                                           \
                         : [a] "m"(*a), [b] "m"(*b), [bp] "r"(b), [d] "m"(mxcsr_default)       \
                         : "xmm0", "xmm1", "xmm2", "memory");                                  \
        return m;                                                                             \
    }
static const uint32_t mxcsr_default = 0x1f80;

struct xentry {
    const char *name;
    xop fn;
    int lanes; /* 4: print as 4 x u32, 2: 2 x u64, 8: 8 x u16, 16: bytes */
};

static void print_vec(const struct vec *v, int lanes)
{
    if (lanes == 2) {
        printf("%016lx %016lx", v->q[1], v->q[0]);
    } else if (lanes == 8) {
        for (int i = 7; i >= 0; i--) printf("%04x%s", v->w[i], i ? "." : "");
    } else if (lanes == 16) {
        for (int i = 15; i >= 0; i--) printf("%02x", v->b[i]);
    } else {
        printf("%08x %08x %08x %08x", v->d[3], v->d[2], v->d[1], v->d[0]);
    }
}

static void run_x(const struct xentry *e, const struct vec *a, const struct vec *b)
{
    struct vec r;
    uint32_t m = e->fn(a, b, &r);
    printf("%-10s ", e->name);
    print_vec(a, e->lanes);
    printf(" , ");
    print_vec(b, e->lanes);
    printf(" -> ");
    print_vec(&r, e->lanes);
    printf(" mx %04x\n", MX(m));
}

static void run_table(const struct xentry *t, int n, const struct vec *vals, int nv)
{
    for (int k = 0; k < n; k++) {
        for (int i = 0; i < nv; i++) {
            for (int j = 0; j < nv; j++) {
                run_x(&t[k], &vals[i], &vals[j]);
            }
        }
    }
}

/* ---- float (ps/ss) ---- */
#define F_QNAN 0x7fc00001u
#define F_SNAN 0x7f800001u
#define F_INF 0x7f800000u
#define F_DEN 0x00000003u
static const struct vec fvals[] = {
    { .d = { 0x3f800000, 0xc0200000, F_QNAN, F_INF } },       /* 1, -2.5, qnan, +inf */
    { .d = { 0x40400000, 0x00000000, 0x80000000, F_DEN } },   /* 3, 0, -0, denormal */
    { .d = { F_SNAN, 0xf149f2ca, 0x0da24260, 0x7f7fffff } },  /* snan, -1e30, 1e-30, max */
    { .d = { 0xbf800000, 0x80000000, 0xffc00002, 0x00800000 } }, /* -1, -0, -qnan, min normal */
};
DEFX(addps, "addps %%xmm1, %%xmm0")
DEFX(subps, "subps %%xmm1, %%xmm0")
DEFX(mulps, "mulps %%xmm1, %%xmm0")
DEFX(divps, "divps %%xmm1, %%xmm0")
DEFX(minps, "minps %%xmm1, %%xmm0")
DEFX(maxps, "maxps %%xmm1, %%xmm0")
DEFX(sqrtps, "sqrtps %%xmm1, %%xmm0")
DEFX(addss, "addss %%xmm1, %%xmm0")
DEFX(subss, "subss %%xmm1, %%xmm0")
DEFX(mulss, "mulss %%xmm1, %%xmm0")
DEFX(divss, "divss %%xmm1, %%xmm0")
DEFX(minss, "minss %%xmm1, %%xmm0")
DEFX(maxss, "maxss %%xmm1, %%xmm0")
DEFX(sqrtss, "sqrtss %%xmm1, %%xmm0")
DEFX(andps, "andps %%xmm1, %%xmm0")
DEFX(andnps, "andnps %%xmm1, %%xmm0")
DEFX(orps, "orps %%xmm1, %%xmm0")
DEFX(xorps, "xorps %%xmm1, %%xmm0")
DEFX(addsubps, "addsubps %%xmm1, %%xmm0")
DEFX(haddps, "haddps %%xmm1, %%xmm0")
DEFX(hsubps, "hsubps %%xmm1, %%xmm0")
static const struct xentry float_ops[] = {
    { "addps", addps, 4 }, { "subps", subps, 4 }, { "mulps", mulps, 4 }, { "divps", divps, 4 },
    { "minps", minps, 4 }, { "maxps", maxps, 4 }, { "sqrtps", sqrtps, 4 }, { "addss", addss, 4 },
    { "subss", subss, 4 }, { "mulss", mulss, 4 }, { "divss", divss, 4 }, { "minss", minss, 4 },
    { "maxss", maxss, 4 }, { "sqrtss", sqrtss, 4 }, { "andps", andps, 4 }, { "andnps", andnps, 4 },
    { "orps", orps, 4 }, { "xorps", xorps, 4 }, { "addsubps", addsubps, 4 }, { "haddps", haddps, 4 },
    { "hsubps", hsubps, 4 },
};

/* ---- double (pd/sd) ---- */
#define D_QNAN 0x7ff8000000000001UL
#define D_SNAN 0x7ff0000000000001UL
#define D_INF 0x7ff0000000000000UL
static const struct vec dvals[] = {
    { .q = { 0x3ff0000000000000UL, D_QNAN } },                 /* 1, qnan */
    { .q = { 0x4008000000000000UL, 0x8000000000000000UL } },   /* 3, -0 */
    { .q = { D_SNAN, 0x0000000000000005UL } },                 /* snan, denormal */
    { .q = { D_INF, 0xbff8000000000000UL } },                  /* inf, -1.5 */
    { .q = { 0x0000000000000000UL, 0x7fefffffffffffffUL } },   /* 0, max */
};
DEFX(addpd, "addpd %%xmm1, %%xmm0")
DEFX(subpd, "subpd %%xmm1, %%xmm0")
DEFX(mulpd, "mulpd %%xmm1, %%xmm0")
DEFX(divpd, "divpd %%xmm1, %%xmm0")
DEFX(minpd, "minpd %%xmm1, %%xmm0")
DEFX(maxpd, "maxpd %%xmm1, %%xmm0")
DEFX(sqrtpd, "sqrtpd %%xmm1, %%xmm0")
DEFX(addsd, "addsd %%xmm1, %%xmm0")
DEFX(subsd, "subsd %%xmm1, %%xmm0")
DEFX(mulsd, "mulsd %%xmm1, %%xmm0")
DEFX(divsd, "divsd %%xmm1, %%xmm0")
DEFX(minsd, "minsd %%xmm1, %%xmm0")
DEFX(maxsd, "maxsd %%xmm1, %%xmm0")
DEFX(sqrtsd, "sqrtsd %%xmm1, %%xmm0")
DEFX(andpd, "andpd %%xmm1, %%xmm0")
DEFX(andnpd, "andnpd %%xmm1, %%xmm0")
DEFX(orpd, "orpd %%xmm1, %%xmm0")
DEFX(xorpd, "xorpd %%xmm1, %%xmm0")
DEFX(addsubpd, "addsubpd %%xmm1, %%xmm0")
DEFX(haddpd, "haddpd %%xmm1, %%xmm0")
DEFX(hsubpd, "hsubpd %%xmm1, %%xmm0")
static const struct xentry double_ops[] = {
    { "addpd", addpd, 2 }, { "subpd", subpd, 2 }, { "mulpd", mulpd, 2 }, { "divpd", divpd, 2 },
    { "minpd", minpd, 2 }, { "maxpd", maxpd, 2 }, { "sqrtpd", sqrtpd, 2 }, { "addsd", addsd, 2 },
    { "subsd", subsd, 2 }, { "mulsd", mulsd, 2 }, { "divsd", divsd, 2 }, { "minsd", minsd, 2 },
    { "maxsd", maxsd, 2 }, { "sqrtsd", sqrtsd, 2 }, { "andpd", andpd, 2 }, { "andnpd", andnpd, 2 },
    { "orpd", orpd, 2 }, { "xorpd", xorpd, 2 }, { "addsubpd", addsubpd, 2 }, { "haddpd", haddpd, 2 },
    { "hsubpd", hsubpd, 2 },
};

/* ---- compares: all 8 predicates ---- */
#define CMPS(sfx, lanes)                                                                      \
    DEFX(cmp0##sfx, "cmp" #sfx " $0, %%xmm1, %%xmm0")                                          \
    DEFX(cmp1##sfx, "cmp" #sfx " $1, %%xmm1, %%xmm0")                                          \
    DEFX(cmp2##sfx, "cmp" #sfx " $2, %%xmm1, %%xmm0")                                          \
    DEFX(cmp3##sfx, "cmp" #sfx " $3, %%xmm1, %%xmm0")                                          \
    DEFX(cmp4##sfx, "cmp" #sfx " $4, %%xmm1, %%xmm0")                                          \
    DEFX(cmp5##sfx, "cmp" #sfx " $5, %%xmm1, %%xmm0")                                          \
    DEFX(cmp6##sfx, "cmp" #sfx " $6, %%xmm1, %%xmm0")                                          \
    DEFX(cmp7##sfx, "cmp" #sfx " $7, %%xmm1, %%xmm0")
CMPS(ps, 4)
CMPS(pd, 2)
CMPS(ss, 4)
CMPS(sd, 2)
#define CMPE(sfx, lanes)                                                                      \
    { "cmpeq" #sfx, cmp0##sfx, lanes }, { "cmplt" #sfx, cmp1##sfx, lanes }, { "cmple" #sfx, cmp2##sfx, lanes }, \
    { "cmpunord" #sfx, cmp3##sfx, lanes }, { "cmpneq" #sfx, cmp4##sfx, lanes }, { "cmpnlt" #sfx, cmp5##sfx, lanes }, \
    { "cmpnle" #sfx, cmp6##sfx, lanes }, { "cmpord" #sfx, cmp7##sfx, lanes }
static const struct xentry cmp_ops_f[] = { CMPE(ps, 4), CMPE(ss, 4) };
static const struct xentry cmp_ops_d[] = { CMPE(pd, 2), CMPE(sd, 2) };

/* comiss/ucomiss/comisd/ucomisd: flags (ZF PF CF set, OF SF AF cleared) and MXCSR.IE */
static void comis(void)
{
    static const uint32_t fs[] = { 0x3f800000, 0x40000000, 0x80000000, 0x00000000, F_QNAN, F_SNAN, F_INF };
    static const uint64_t ds[] = { 0x3ff0000000000000UL, 0x4000000000000000UL, 0x8000000000000000UL, 0, D_QNAN,
                                   D_SNAN };
    for (int i = 0; i < COUNT(fs); i++) {
        for (int j = 0; j < COUNT(fs); j++) {
            uint64_t fl1, fl2;
            uint32_t m1 = 0x1f80, m2 = 0x1f80;
            __asm__ volatile("ldmxcsr %[m]\n\tmovd %[a], %%xmm0\n\tmovd %[b], %%xmm1\n\tpush %[all]\n\tpopfq\n\t"
                             "comiss %%xmm1, %%xmm0\n\tpushfq\n\tpop %[f]\n\tstmxcsr %[m]"
                             : [f] "=r"(fl1), [m] "+m"(m1) : [a] "r"(fs[i]), [b] "r"(fs[j]), [all] "r"(0x8d7UL)
                             : "xmm0", "xmm1", "cc");
            __asm__ volatile("ldmxcsr %[m]\n\tmovd %[a], %%xmm0\n\tmovd %[b], %%xmm1\n\tpush %[all]\n\tpopfq\n\t"
                             "ucomiss %%xmm1, %%xmm0\n\tpushfq\n\tpop %[f]\n\tstmxcsr %[m]"
                             : [f] "=r"(fl2), [m] "+m"(m2) : [a] "r"(fs[i]), [b] "r"(fs[j]), [all] "r"(0x8d7UL)
                             : "xmm0", "xmm1", "cc");
            printf("comiss %08x %08x: flags %03lx mx %04x  ucomiss flags %03lx mx %04x\n", fs[i], fs[j],
                   fl1 & 0x8d5, MX(m1), fl2 & 0x8d5, MX(m2));
        }
    }
    for (int i = 0; i < COUNT(ds); i++) {
        for (int j = 0; j < COUNT(ds); j++) {
            uint64_t fl1, fl2;
            uint32_t m1 = 0x1f80, m2 = 0x1f80;
            __asm__ volatile("ldmxcsr %[m]\n\tmovq %[a], %%xmm0\n\tmovq %[b], %%xmm1\n\tpush %[all]\n\tpopfq\n\t"
                             "comisd %%xmm1, %%xmm0\n\tpushfq\n\tpop %[f]\n\tstmxcsr %[m]"
                             : [f] "=r"(fl1), [m] "+m"(m1) : [a] "r"(ds[i]), [b] "r"(ds[j]), [all] "r"(0x8d7UL)
                             : "xmm0", "xmm1", "cc");
            __asm__ volatile("ldmxcsr %[m]\n\tmovq %[a], %%xmm0\n\tmovq %[b], %%xmm1\n\tpush %[all]\n\tpopfq\n\t"
                             "ucomisd %%xmm1, %%xmm0\n\tpushfq\n\tpop %[f]\n\tstmxcsr %[m]"
                             : [f] "=r"(fl2), [m] "+m"(m2) : [a] "r"(ds[i]), [b] "r"(ds[j]), [all] "r"(0x8d7UL)
                             : "xmm0", "xmm1", "cc");
            printf("comisd %016lx %016lx: flags %03lx mx %04x  ucomisd flags %03lx mx %04x\n", ds[i], ds[j],
                   fl1 & 0x8d5, MX(m1), fl2 & 0x8d5, MX(m2));
        }
    }
}

/* ---- conversions ---- */
static void conversions(void)
{
    static const uint64_t dsrc[] = { 0x4004000000000000UL /* 2.5 */, 0xc004000000000000UL /* -2.5 */,
                                     0x41dfffffffc00000UL /* 2^31-1 */, 0x41e0000000000000UL /* 2^31 */,
                                     0xc1e0000000200000UL /* -2^31-1 */, 0x43e0000000000000UL /* 2^63 */,
                                     0xc3e0000000000000UL /* -2^63 */, D_QNAN, D_INF, 0x3fe0000000000001UL,
                                     0x0000000000000001UL, 0x47efffffe0000000UL /* > FLT_MAX */,
                                     0x3690000000000000UL /* underflows float */, D_SNAN };
    static const char *const modes[] = { "near", "down", "up", "zero" };
    for (int i = 0; i < COUNT(dsrc); i++) {
        for (int rm = 0; rm < 4; rm++) {
            uint32_t m = 0x1f80 | (uint32_t)rm << 13;
            uint64_t i64, t64;
            uint32_t i32, t32, f32;
            __asm__ volatile("ldmxcsr %[m]\n\tmovq %[s], %%xmm0\n\tcvtsd2si %%xmm0, %q[a]\n\tcvttsd2si %%xmm0, %q[b]\n\t"
                             "cvtsd2si %%xmm0, %k[c]\n\tcvttsd2si %%xmm0, %k[d]\n\tcvtsd2ss %%xmm0, %%xmm1\n\t"
                             "movd %%xmm1, %k[e]\n\tstmxcsr %[m]"
                             : [a] "=&r"(i64), [b] "=&r"(t64), [c] "=&r"(i32), [d] "=&r"(t32), [e] "=&r"(f32),
                               [m] "+m"(m)
                             : [s] "r"(dsrc[i]) : "xmm0", "xmm1");
            printf("cvt %016lx %-4s: sd2si q %016lx tq %016lx l %08x tl %08x sd2ss %08x mx %04x\n", dsrc[i],
                   modes[rm], i64, t64, i32, t32, f32, MX(m));
        }
    }
    uint32_t m0 = 0x1f80;
    __asm__ volatile("ldmxcsr %0" : : "m"(m0));
    static const uint32_t fsrc[] = { 0x40200000, 0xcf000000 /* -2^31 */, 0x4f000000 /* 2^31 */, F_QNAN, F_SNAN,
                                     F_DEN, 0x80000001, 0x5f000000 /* 2^63 */, 0x3fc00000 };
    for (int i = 0; i < COUNT(fsrc); i++) {
        uint64_t i64, t64, d;
        uint32_t i32, t32, m = 0x1f80;
        __asm__ volatile("ldmxcsr %[m]\n\tmovd %[s], %%xmm0\n\tcvtss2si %%xmm0, %q[a]\n\tcvttss2si %%xmm0, %q[b]\n\t"
                         "cvtss2si %%xmm0, %k[c]\n\tcvttss2si %%xmm0, %k[dd]\n\tcvtss2sd %%xmm0, %%xmm1\n\t"
                         "movq %%xmm1, %q[e]\n\tstmxcsr %[m]"
                         : [a] "=&r"(i64), [b] "=&r"(t64), [c] "=&r"(i32), [dd] "=&r"(t32), [e] "=&r"(d), [m] "+m"(m)
                         : [s] "r"(fsrc[i]) : "xmm0", "xmm1");
        printf("cvt %08x: ss2si q %016lx tq %016lx l %08x tl %08x ss2sd %016lx mx %04x\n", fsrc[i], i64, t64, i32,
               t32, d, MX(m));
    }
    static const uint64_t isrc[] = { 0, 1, 0xffffffffffffffffUL, 0x7fffffffffffffffUL, 0x8000000000000000UL,
                                     0x0000000080000001UL, 0x0020000000000001UL, 0x0000000001000001UL };
    for (int i = 0; i < COUNT(isrc); i++) {
        for (int rm = 0; rm < 4; rm += 3) {
            uint64_t dq, dl, m = 0;
            uint32_t fq, fl, mm = 0x1f80 | (uint32_t)rm << 13;
            __asm__ volatile("ldmxcsr %[m]\n\tpcmpeqd %%xmm0, %%xmm0\n\tcvtsi2sdq %[s], %%xmm0\n\tmovq %%xmm0, %q[a]\n\t"
                             "cvtsi2sdl %k[s], %%xmm0\n\tmovq %%xmm0, %q[b]\n\tcvtsi2ssq %[s], %%xmm0\n\tmovd %%xmm0, %k[c]\n\t"
                             "cvtsi2ssl %k[s], %%xmm0\n\tmovd %%xmm0, %k[d]\n\tstmxcsr %[m]"
                             : [a] "=&r"(dq), [b] "=&r"(dl), [c] "=&r"(fq), [d] "=&r"(fl), [m] "+m"(mm)
                             : [s] "r"(isrc[i]) : "xmm0");
            (void)m;
            printf("cvtsi %016lx %s: 2sdq %016lx 2sdl %016lx 2ssq %08x 2ssl %08x mx %04x\n", isrc[i],
                   rm ? "zero" : "near", dq, dl, fq, fl, MX(mm));
        }
    }
    /* merge behaviour: cvtsi2sd and cvtss2sd keep the upper lane of the destination */
    struct vec r;
    __asm__ volatile("pcmpeqd %%xmm0, %%xmm0\n\tmov $7, %%eax\n\tcvtsi2sd %%eax, %%xmm0\n\tmovdqu %%xmm0, %0"
                     : "=m"(r) : : "xmm0", "rax");
    printf("cvtsi2sd keeps upper: %016lx %016lx\n", r.q[1], r.q[0]);
    __asm__ volatile("ldmxcsr %0" : : "m"(m0));
}

/* packed conversions */
DEFX(cvtdq2ps, "cvtdq2ps %%xmm1, %%xmm0")
DEFX(cvtps2dq, "cvtps2dq %%xmm1, %%xmm0")
DEFX(cvttps2dq, "cvttps2dq %%xmm1, %%xmm0")
DEFX(cvtdq2pd, "cvtdq2pd %%xmm1, %%xmm0")
DEFX(cvtpd2dq, "cvtpd2dq %%xmm1, %%xmm0")
DEFX(cvttpd2dq, "cvttpd2dq %%xmm1, %%xmm0")
DEFX(cvtps2pd, "cvtps2pd %%xmm1, %%xmm0")
DEFX(cvtpd2ps, "cvtpd2ps %%xmm1, %%xmm0")
static const struct xentry pcvt_ops[] = {
    { "cvtdq2ps", cvtdq2ps, 4 }, { "cvtps2dq", cvtps2dq, 4 }, { "cvttps2dq", cvttps2dq, 4 },
    { "cvtdq2pd", cvtdq2pd, 2 }, { "cvtpd2dq", cvtpd2dq, 4 }, { "cvttpd2dq", cvttpd2dq, 4 },
    { "cvtps2pd", cvtps2pd, 2 }, { "cvtpd2ps", cvtpd2ps, 4 },
};

/* ---- rounding modes, exception flags, FTZ/DAZ ---- */
static void mxcsr_tests(void)
{
    static const struct vec a = { .q = { 0x3ff0000000000000UL, 0xbff0000000000000UL } };  /* 1, -1 */
    static const struct vec b = { .q = { 0x4008000000000000UL, 0x4008000000000000UL } };  /* 3, 3 */
    static const struct vec two = { .q = { 0x4000000000000000UL, 0x4000000000000000UL } };
    static const char *const modes[] = { "near", "down", "up", "zero" };
    for (int rm = 0; rm < 4; rm++) {
        struct vec r1, r2, r3;
        mxcsr_in = 0x1f80 | (uint32_t)rm << 13;
        uint32_t m1 = divpd(&a, &b, &r1), m2 = sqrtpd(&a, &two, &r2);
        struct vec af = { .d = { 0x3f800000, 0xbf800000, 0x3f800000, 0x00800000 } };
        struct vec bf = { .d = { 0x40400000, 0x40400000, 0x4b800001, 0x40000000 } };
        uint32_t m3 = divps(&af, &bf, &r3);
        printf("rc %-4s: 1/3,-1/3 %016lx %016lx mx %04x; sqrt2 %016lx mx %04x\n", modes[rm], r1.q[0], r1.q[1],
               MX(m1), r2.q[0], MX(m2));
        printf("rc %-4s: ps 1/3 -1/3 1/16777217 min/2 %08x %08x %08x %08x mx %04x\n", modes[rm], r3.d[0], r3.d[1],
               r3.d[2], r3.d[3], MX(m3));
    }
    /* sticky flags accumulate across operations; each op only sets */
    struct vec r;
    static const struct vec big = { .q = { 0x7fefffffffffffffUL, 0x0010000000000000UL } };
    static const struct vec half = { .q = { 0x4000000000000000UL, 0x3fe0000000000000UL } };
    static const struct vec zero = { .q = { 0, 0 } };
    mxcsr_in = 0x1f80;
    uint32_t m = mulpd(&big, &half, &r);
    printf("overflow/underflow mulpd: mx %04x -> %016lx %016lx\n", MX(m), r.q[1], r.q[0]);
    m = divpd(&a, &zero, &r);
    printf("divide by zero divpd: mx %04x -> %016lx %016lx\n", MX(m), r.q[1], r.q[0]);
    m = divpd(&zero, &zero, &r);
    printf("invalid 0/0 divpd: mx %04x -> %016lx %016lx\n", MX(m), r.q[1], r.q[0]);
    mxcsr_in = 0x1f80 | 0x3d; /* all flags but DE already set: they stay set */
    m = addpd(&a, &b, &r);
    printf("sticky (flags preset): mx %04x\n", MX(m));
    /* FTZ (bit 15): tiny results flush to zero; DAZ (bit 6): denormal inputs read as zero */
    static const struct vec tiny = { .q = { 0x0010000000000000UL, 0x0000000000000005UL } };
    for (int mode = 0; mode < 4; mode++) {
        mxcsr_in = 0x1f80 | (mode & 1 ? 0x8000 : 0) | (mode & 2 ? 0x40 : 0);
        uint32_t m1 = mulpd(&tiny, &half, &r);
        struct vec r2;
        uint32_t m2 = addpd(&tiny, &zero, &r2);
        printf("FTZ=%d DAZ=%d: tiny*[2,0.5] %016lx %016lx mx %04x; tiny+0 %016lx %016lx mx %04x\n", mode & 1,
               mode >> 1, r.q[1], r.q[0], MX(m1), r2.q[1], r2.q[0], MX(m2));
    }
    mxcsr_in = 0x1f80;
    /* MXCSR_MASK from fxsave: which MXCSR bits exist */
    static uint8_t area[512] __attribute__((aligned(16)));
    __asm__ volatile("fxsave %0" : "=m"(area));
    printf("MXCSR_MASK %08x\n", *(uint32_t *)(area + 28));
}

/* ---- moves, shuffles, unpacks ---- */
static const struct vec mv[] = {
    { .d = { 0x00000011, 0x00000022, 0x00000033, 0x00000044 } },
    { .d = { 0xaaaaaaa1, 0xbbbbbbb2, 0xccccccc3, 0xddddddd4 } },
    { .d = { 0xeeeeeee5, 0xfffffff6, 0x01234567, 0x89abcdef } }, /* read by the unaligned loads */
};
DEFX(movss_rr, "movss %%xmm1, %%xmm0")
DEFX(movsd_rr, "movsd %%xmm1, %%xmm0")
DEFX(movss_m, "movss 4(%[bp]), %%xmm0")
DEFX(movhlps, "movhlps %%xmm1, %%xmm0")
DEFX(movlhps, "movlhps %%xmm1, %%xmm0")
DEFX(movhps_m, "movhps %[b], %%xmm0")
DEFX(movlps_m, "movlps %[b], %%xmm0")
DEFX(movq_rr, "movq %%xmm1, %%xmm0")
DEFX(movq_m, "movq %[b], %%xmm0")
DEFX(movd_m, "movd %[b], %%xmm0")
DEFX(movddup, "movddup %%xmm1, %%xmm0")
DEFX(movshdup, "movshdup %%xmm1, %%xmm0")
DEFX(movsldup, "movsldup %%xmm1, %%xmm0")
DEFX(lddqu, "lddqu 3(%[bp]), %%xmm0")
DEFX(movups_m, "movups 1(%[bp]), %%xmm0")
DEFX(shufps_1b, "shufps $0x1b, %%xmm1, %%xmm0")
DEFX(shufps_e4, "shufps $0xe4, %%xmm1, %%xmm0")
DEFX(shufps_00, "shufps $0x00, %%xmm1, %%xmm0")
DEFX(shufpd_1, "shufpd $1, %%xmm1, %%xmm0")
DEFX(shufpd_2, "shufpd $2, %%xmm1, %%xmm0")
DEFX(unpcklps, "unpcklps %%xmm1, %%xmm0")
DEFX(unpckhps, "unpckhps %%xmm1, %%xmm0")
DEFX(unpcklpd, "unpcklpd %%xmm1, %%xmm0")
DEFX(unpckhpd, "unpckhpd %%xmm1, %%xmm0")
static const struct xentry move_ops[] = {
    { "movss rr", movss_rr, 4 }, { "movsd rr", movsd_rr, 4 }, { "movss m", movss_m, 4 }, { "movhlps", movhlps, 4 },
    { "movlhps", movlhps, 4 }, { "movhps m", movhps_m, 4 }, { "movlps m", movlps_m, 4 }, { "movq rr", movq_rr, 4 },
    { "movq m", movq_m, 4 }, { "movd m", movd_m, 4 }, { "movddup", movddup, 4 }, { "movshdup", movshdup, 4 },
    { "movsldup", movsldup, 4 }, { "lddqu +3", lddqu, 16 }, { "movups +1", movups_m, 16 },
    { "shufps 1b", shufps_1b, 4 }, { "shufps e4", shufps_e4, 4 }, { "shufps 00", shufps_00, 4 },
    { "shufpd 1", shufpd_1, 4 }, { "shufpd 2", shufpd_2, 4 }, { "unpcklps", unpcklps, 4 },
    { "unpckhps", unpckhps, 4 }, { "unpcklpd", unpcklpd, 4 }, { "unpckhpd", unpckhpd, 4 },
};

static void gpr_moves(void)
{
    struct vec v = { .d = { 0x80000001, 0x7ffffffe, 0xfffffff0, 0x0000000f } };
    uint64_t d, q, pm, msk_ps, msk_pd, ex;
    __asm__ volatile("movdqu %[v], %%xmm3\n\tmov $-1, %[d]\n\tmovd %%xmm3, %k[d]\n\tmovq %%xmm3, %[q]\n\t"
                     "pmovmskb %%xmm3, %k[pm]\n\tmovmskps %%xmm3, %k[mps]\n\tmovmskpd %%xmm3, %k[mpd]\n\t"
                     "pextrw $5, %%xmm3, %k[ex]"
                     : [d] "=&r"(d), [q] "=&r"(q), [pm] "=&r"(pm), [mps] "=&r"(msk_ps), [mpd] "=&r"(msk_pd), [ex] "=&r"(ex)
                     : [v] "m"(v) : "xmm3");
    printf("movd r32 %016lx movq r64 %016lx pmovmskb %lx movmskps %lx movmskpd %lx pextrw5 %lx\n", d, q, pm, msk_ps,
           msk_pd, ex);
    struct vec r;
    __asm__ volatile("pcmpeqd %%xmm4, %%xmm4\n\tmovd %k1, %%xmm4\n\tmovdqu %%xmm4, %0" : "=m"(r) : "r"(0x12345678UL) : "xmm4");
    printf("movd r32->xmm zeroes upper: %016lx %016lx\n", r.q[1], r.q[0]);
    __asm__ volatile("pcmpeqd %%xmm4, %%xmm4\n\tmovq %1, %%xmm4\n\tmovdqu %%xmm4, %0" : "=m"(r) : "r"(0x1122334455667788UL) : "xmm4");
    printf("movq r64->xmm zeroes upper: %016lx %016lx\n", r.q[1], r.q[0]);
    __asm__ volatile("pcmpeqd %%xmm4, %%xmm4\n\tpinsrw $6, %k1, %%xmm4\n\tpinsrw $1, %2, %%xmm4\n\tmovdqu %%xmm4, %0"
                     : "=m"(r) : "r"(0xabcd1234UL), "m"(v) : "xmm4");
    printf("pinsrw: %016lx %016lx\n", r.q[1], r.q[0]);
    /* movss/movsd loads from memory zero the rest; stores write only the scalar */
    uint64_t mem[2] = { 0x1111111111111111UL, 0x2222222222222222UL };
    __asm__ volatile("pcmpeqd %%xmm5, %%xmm5\n\tmovss %%xmm5, %0\n\tmovsd %1, %%xmm5\n\tmovhpd %%xmm5, %1" : "+m"(mem[0]), "+m"(mem[1]) : : "xmm5");
    printf("movss store / movsd load / movhpd store: %016lx %016lx\n", mem[1], mem[0]);
    /* movntdq / movnti / maskmovdqu */
    static struct vec dst;
    struct vec src = { .d = { 0x11111111, 0x22222222, 0x33333333, 0x44444444 } };
    struct vec mask = { .b = { 0x80, 0, 0x80, 0, 0, 0, 0, 0x80, 0x80, 0x80, 0x80, 0x80, 0, 0, 0, 0xff } };
    __asm__ volatile("movdqu %1, %%xmm6\n\tmovdqu %2, %%xmm7\n\tmaskmovdqu %%xmm7, %%xmm6\n\tsfence"
                     : : "D"(&dst), "m"(src), "m"(mask) : "xmm6", "xmm7", "memory");
    printf("maskmovdqu: %016lx %016lx\n", dst.q[1], dst.q[0]);
    __asm__ volatile("movdqu %1, %%xmm6\n\tmovntdq %%xmm6, %0\n\tmovnti %2, 8(%3)\n\tmfence" : "=m"(dst) : "m"(src), "r"(0xfeedfaceUL), "r"(&dst) : "xmm6", "memory");
    printf("movntdq + movnti: %016lx %016lx\n", dst.q[1], dst.q[0]);
}

/* ---- SSE2 integer ---- */
static const struct vec ivals[] = {
    { .w = { 0x0000, 0x0001, 0x7fff, 0x8000, 0xffff, 0x00ff, 0x8080, 0x1234 } },
    { .w = { 0xffff, 0x7fff, 0x0001, 0x8001, 0x0002, 0x0101, 0x7f80, 0xfedc } },
    { .d = { 0x80000000, 0x7fffffff, 0xffffffff, 0x00000003 } },
};
#define XI(n) DEFX(n, #n " %%xmm1, %%xmm0")
XI(paddb) XI(paddw) XI(paddd) XI(paddq) XI(psubb) XI(psubw) XI(psubd) XI(psubq)
XI(paddsb) XI(paddsw) XI(paddusb) XI(paddusw) XI(psubsb) XI(psubsw) XI(psubusb) XI(psubusw)
XI(pmullw) XI(pmulhw) XI(pmulhuw) XI(pmuludq) XI(pmaddwd) XI(psadbw) XI(pavgb) XI(pavgw)
XI(pminub) XI(pmaxub) XI(pminsw) XI(pmaxsw) XI(packsswb) XI(packuswb) XI(packssdw)
XI(punpcklbw) XI(punpckhbw) XI(punpcklwd) XI(punpckhwd) XI(punpckldq) XI(punpckhdq) XI(punpcklqdq) XI(punpckhqdq)
XI(pcmpeqb) XI(pcmpeqw) XI(pcmpeqd) XI(pcmpgtb) XI(pcmpgtw) XI(pcmpgtd)
XI(pand) XI(pandn) XI(por) XI(pxor)
XI(psllw) XI(pslld) XI(psllq) XI(psrlw) XI(psrld) XI(psrlq) XI(psraw) XI(psrad)
DEFX(pshufd_1b, "pshufd $0x1b, %%xmm1, %%xmm0")
DEFX(pshufd_55, "pshufd $0x55, %%xmm1, %%xmm0")
DEFX(pshufhw_1b, "pshufhw $0x1b, %%xmm1, %%xmm0")
DEFX(pshuflw_e1, "pshuflw $0xe1, %%xmm1, %%xmm0")
DEFX(psllw_i3, "psllw $3, %%xmm0")
DEFX(psllw_i16, "psllw $16, %%xmm0")
DEFX(pslld_i31, "pslld $31, %%xmm0")
DEFX(psllq_i33, "psllq $33, %%xmm0")
DEFX(psrlw_i15, "psrlw $15, %%xmm0")
DEFX(psrld_i7, "psrld $7, %%xmm0")
DEFX(psrlq_i64, "psrlq $64, %%xmm0")
DEFX(psraw_i4, "psraw $4, %%xmm0")
DEFX(psraw_i200, "psraw $200, %%xmm0")
DEFX(psrad_i31, "psrad $31, %%xmm0")
DEFX(pslldq_3, "pslldq $3, %%xmm0")
DEFX(pslldq_16, "pslldq $16, %%xmm0")
DEFX(psrldq_5, "psrldq $5, %%xmm0")
DEFX(psrldq_15, "psrldq $15, %%xmm0")
#define XE(n, l) { #n, n, l }
static const struct xentry int_ops[] = {
    XE(paddb, 16), XE(paddw, 8), XE(paddd, 4), XE(paddq, 2), XE(psubb, 16), XE(psubw, 8), XE(psubd, 4), XE(psubq, 2),
    XE(paddsb, 16), XE(paddsw, 8), XE(paddusb, 16), XE(paddusw, 8), XE(psubsb, 16), XE(psubsw, 8), XE(psubusb, 16),
    XE(psubusw, 8), XE(pmullw, 8), XE(pmulhw, 8), XE(pmulhuw, 8), XE(pmuludq, 2), XE(pmaddwd, 4), XE(psadbw, 8),
    XE(pavgb, 16), XE(pavgw, 8), XE(pminub, 16), XE(pmaxub, 16), XE(pminsw, 8), XE(pmaxsw, 8), XE(packsswb, 16),
    XE(packuswb, 16), XE(packssdw, 8), XE(punpcklbw, 16), XE(punpckhbw, 16), XE(punpcklwd, 8), XE(punpckhwd, 8),
    XE(punpckldq, 4), XE(punpckhdq, 4), XE(punpcklqdq, 2), XE(punpckhqdq, 2), XE(pcmpeqb, 16), XE(pcmpeqw, 8),
    XE(pcmpeqd, 4), XE(pcmpgtb, 16), XE(pcmpgtw, 8), XE(pcmpgtd, 4), XE(pand, 2), XE(pandn, 2), XE(por, 2),
    XE(pxor, 2), XE(pshufd_1b, 4), XE(pshufd_55, 4), XE(pshufhw_1b, 8), XE(pshuflw_e1, 8), XE(psllw_i3, 8),
    XE(psllw_i16, 8), XE(pslld_i31, 4), XE(psllq_i33, 2), XE(psrlw_i15, 8), XE(psrld_i7, 4), XE(psrlq_i64, 2),
    XE(psraw_i4, 8), XE(psraw_i200, 8), XE(psrad_i31, 4), XE(pslldq_3, 16), XE(pslldq_16, 16), XE(psrldq_5, 16),
    XE(psrldq_15, 16),
};
/* shifts by an xmm count: the whole low quadword is the count */
static const struct xentry shift_ops[] = {
    XE(psllw, 8), XE(pslld, 4), XE(psllq, 2), XE(psrlw, 8), XE(psrld, 4), XE(psrlq, 2), XE(psraw, 8), XE(psrad, 4),
};
static const struct vec counts[] = {
    { .q = { 0, 0 } }, { .q = { 1, 0xffffffffffffffffUL } }, { .q = { 15, 0 } }, { .q = { 16, 0 } },
    { .q = { 31, 0 } }, { .q = { 32, 0 } }, { .q = { 63, 0 } }, { .q = { 64, 0 } }, { .q = { 0x100000001UL, 0 } },
};

/* ---- MMX forms (state shared with x87: emms at the end) ---- */
static void mmx(void)
{
    uint64_t a = 0x7fff80000001ffffUL, b = 0x0001ffff7fff8000UL, r[12];
    __asm__ volatile("movq %[a], %%mm0\n\tmovq %[b], %%mm1\n\t"
                     "movq %%mm0, %%mm2\n\tpaddw %%mm1, %%mm2\n\tmovq %%mm2, 0(%[r])\n\t"
                     "movq %%mm0, %%mm2\n\tpaddsw %%mm1, %%mm2\n\tmovq %%mm2, 8(%[r])\n\t"
                     "movq %%mm0, %%mm2\n\tpsubusb %%mm1, %%mm2\n\tmovq %%mm2, 16(%[r])\n\t"
                     "movq %%mm0, %%mm2\n\tpmaddwd %%mm1, %%mm2\n\tmovq %%mm2, 24(%[r])\n\t"
                     "movq %%mm0, %%mm2\n\tpunpcklbw %%mm1, %%mm2\n\tmovq %%mm2, 32(%[r])\n\t"
                     "movq %%mm0, %%mm2\n\tpackuswb %%mm1, %%mm2\n\tmovq %%mm2, 40(%[r])\n\t"
                     "pshufw $0x1b, %%mm0, %%mm2\n\tmovq %%mm2, 48(%[r])\n\t"
                     "movq %%mm0, %%mm2\n\tpavgb %%mm1, %%mm2\n\tmovq %%mm2, 56(%[r])\n\t"
                     "movq %%mm0, %%mm2\n\tpsadbw %%mm1, %%mm2\n\tmovq %%mm2, 64(%[r])\n\t"
                     "movq %%mm0, %%mm2\n\tpsllq $12, %%mm2\n\tmovq %%mm2, 72(%[r])\n\t"
                     "pmovmskb %%mm0, %%eax\n\tmov %%rax, 80(%[r])\n\t"
                     "movq %%mm0, %%mm2\n\tpmuludq %%mm1, %%mm2\n\tmovq %%mm2, 88(%[r])\n\t"
                     "emms"
                     : : [a] "m"(a), [b] "m"(b), [r] "r"(r) : "mm0", "mm1", "mm2", "rax", "memory");
    static const char *const names[] = { "paddw", "paddsw", "psubusb", "pmaddwd", "punpcklbw", "packuswb",
                                         "pshufw 1b", "pavgb", "psadbw", "psllq 12", "pmovmskb", "pmuludq" };
    for (int i = 0; i < 12; i++) {
        printf("mmx %-10s %016lx\n", names[i], r[i]);
    }
    /* conversions between MMX and SSE */
    struct vec v = { .d = { 0x40400000, 0xc0a00000, 0x4f000000, F_QNAN } }, out;
    uint64_t pi, tpi, pdpi;
    struct vec pd = { .q = { 0x4004000000000000UL, 0xc1e0000000200000UL } };
    __asm__ volatile("movdqu %[v], %%xmm0\n\tcvtps2pi %%xmm0, %%mm0\n\tmovq %%mm0, %[pi]\n\t"
                     "cvttps2pi %%xmm0, %%mm1\n\tmovq %%mm1, %[tpi]\n\tmovdqu %[pd], %%xmm1\n\t"
                     "cvtpd2pi %%xmm1, %%mm2\n\tmovq %%mm2, %[pdpi]\n\tpcmpeqd %%xmm2, %%xmm2\n\t"
                     "cvtpi2ps %%mm0, %%xmm2\n\tmovdqu %%xmm2, %[out]\n\temms"
                     : [pi] "=m"(pi), [tpi] "=m"(tpi), [pdpi] "=m"(pdpi), [out] "=m"(out)
                     : [v] "m"(v), [pd] "m"(pd) : "xmm0", "xmm1", "xmm2", "mm0", "mm1", "mm2");
    printf("cvtps2pi %016lx cvttps2pi %016lx cvtpd2pi %016lx cvtpi2ps %08x %08x %08x %08x\n", pi, tpi, pdpi,
           out.d[3], out.d[2], out.d[1], out.d[0]);
    __asm__ volatile("movq %[a], %%mm3\n\tpcmpeqd %%xmm3, %%xmm3\n\tmovq2dq %%mm3, %%xmm3\n\tmovdqu %%xmm3, %[out]\n\temms"
                     : [out] "=m"(out) : [a] "m"(a) : "xmm3", "mm3");
    printf("movq2dq %016lx %016lx\n", out.q[1], out.q[0]);
}

/* ---- SSE3 fisttp: truncating store from x87 regardless of the rounding control ---- */
static void fisttp_test(void)
{
    static const long double vals[] = { 2.75L, -2.75L, 40000.5L, 3e9L, -1e19L };
    for (int i = 0; i < COUNT(vals); i++) {
        int16_t w = 0;
        int32_t l = 0;
        int64_t q = 0;
        uint16_t sw;
        __asm__ volatile("fninit\n\tfldt %[v]\n\tfisttps %[w]\n\tfldt %[v]\n\tfisttpl %[l]\n\tfldt %[v]\n\t"
                         "fisttpll %[q]\n\tfnstsw %[sw]"
                         : [w] "=m"(w), [l] "=m"(l), [q] "=m"(q), [sw] "=m"(sw) : [v] "m"(vals[i]));
        printf("fisttp %5d: w %04x l %08x q %016lx sw %04x\n", i, (uint16_t)w, (uint32_t)l, (uint64_t)q, sw);
    }
    __asm__ volatile("fninit");
}

/* ---- faults ---- */
static void faults(void)
{
    /* misaligned 16-byte access -> #GP(0) */
    static uint8_t area[48] __attribute__((aligned(16)));
    fault_clear();
    __asm__ volatile(FAULT_ARM "movaps 8(%0), %%xmm0" FAULT_END : : "r"(area) : "xmm0", "r11", "memory");
    printf("movaps misaligned: vector %ld error %lx\n", last_fault.vector, last_fault.error);
    fault_clear();
    __asm__ volatile(FAULT_ARM "addps 4(%0), %%xmm0" FAULT_END : : "r"(area) : "xmm0", "r11", "memory");
    printf("addps m128 misaligned: vector %ld error %lx\n", last_fault.vector, last_fault.error);
    fault_clear();
    __asm__ volatile(FAULT_ARM "addss 5(%0), %%xmm0" FAULT_END : : "r"(area) : "xmm0", "r11", "memory");
    printf("addss m32 misaligned (allowed): vector %ld\n", last_fault.vector);
    fault_clear();
    __asm__ volatile(FAULT_ARM "movups 7(%0), %%xmm0" FAULT_END : : "r"(area) : "xmm0", "r11", "memory");
    printf("movups misaligned (allowed): vector %ld\n", last_fault.vector);
    /* CR0.TS -> #NM (7); CR0.EM -> #UD; CR4.OSFXSR = 0 -> #UD */
    uint64_t cr0 = read_cr0(), cr4 = read_cr4();
    write_cr0(cr0 | 8);
    fault_clear();
    __asm__ volatile(FAULT_ARM "addps %%xmm1, %%xmm0" FAULT_END : : : "xmm0", "r11", "memory");
    int64_t v_ts = last_fault.vector;
    __asm__ volatile("clts");
    write_cr0(cr0 | 4);
    fault_clear();
    __asm__ volatile(FAULT_ARM "addps %%xmm1, %%xmm0" FAULT_END : : : "xmm0", "r11", "memory");
    int64_t v_em = last_fault.vector;
    write_cr0(cr0);
    write_cr4(cr4 & ~0x200UL);
    fault_clear();
    __asm__ volatile(FAULT_ARM "addps %%xmm1, %%xmm0" FAULT_END : : : "xmm0", "r11", "memory");
    int64_t v_fx = last_fault.vector;
    fault_clear();
    __asm__ volatile(FAULT_ARM "paddd %%mm1, %%mm0" FAULT_END : : : "mm0", "r11", "memory");
    int64_t v_mmx = last_fault.vector;
    write_cr4(cr4);
    __asm__ volatile("emms");
    printf("CR0.TS: #%ld  CR0.EM: #%ld  CR4.OSFXSR=0: #%ld (MMX paddd then: #%ld)\n", v_ts, v_em, v_fx, v_mmx);
    /* SSSE3 (pshufb) and SSE4.1 (pmulld) are not in qemu64: #UD */
    fault_clear();
    __asm__ volatile(FAULT_ARM "pshufb %%xmm1, %%xmm0" FAULT_END : : : "xmm0", "r11", "memory");
    int64_t v_ssse3 = last_fault.vector;
    fault_clear();
    __asm__ volatile(FAULT_ARM "pmulld %%xmm1, %%xmm0" FAULT_END : : : "xmm0", "r11", "memory");
    printf("pshufb: #%ld  pmulld: #%ld (CPUID.1:ECX %08x)\n", v_ssse3, last_fault.vector, cpuid(1, 0).ecx);
}

int main(void)
{
    printf("# float\n");
    run_table(float_ops, COUNT(float_ops), fvals, COUNT(fvals));
    printf("# double\n");
    run_table(double_ops, COUNT(double_ops), dvals, COUNT(dvals));
    printf("# compares\n");
    run_table(cmp_ops_f, COUNT(cmp_ops_f), fvals, COUNT(fvals));
    run_table(cmp_ops_d, COUNT(cmp_ops_d), dvals, COUNT(dvals));
    comis();
    printf("# conversions\n");
    conversions();
    run_table(pcvt_ops, COUNT(pcvt_ops), fvals, COUNT(fvals));
    run_table(pcvt_ops, COUNT(pcvt_ops), dvals, 3);
    printf("# MXCSR\n");
    mxcsr_tests();
    printf("# moves and shuffles\n");
    run_table(move_ops, COUNT(move_ops), mv, 2);
    gpr_moves();
    printf("# SSE2 integer\n");
    run_table(int_ops, COUNT(int_ops), ivals, COUNT(ivals));
    for (int k = 0; k < COUNT(shift_ops); k++) {
        for (int c = 0; c < COUNT(counts); c++) {
            run_x(&shift_ops[k], &ivals[0], &counts[c]);
        }
    }
    printf("# MMX\n");
    mmx();
    printf("# SSE3 fisttp\n");
    fisttp_test();
    printf("# faults\n");
    faults();
    printf("sse done\n");
    return 0;
}
