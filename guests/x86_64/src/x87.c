/*
 * x87: loads and stores of every format (m32/m64/m80, m16/m32/m64 integers, BCD), arithmetic in
 * all operand forms (st(i) both ways, popping, reversed, m32/m64, integer m16/m32), fsqrt/fabs/
 * fchs, frndint under the four rounding controls, fscale/fxtract/fprem/fprem1, every compare
 * with its condition codes (fcom*, fucom*, fcomi*, fucomi*, ftst, fxam), precision control
 * 24/53/64 on the same sums, the constants under each rounding control, fxch/fincstp/fdecstp/
 * ffree, fnstenv/fldenv, fnsave/frstor, fxsave/fxrstor images, and #MF at FWAIT after an
 * unmasked exception with CR0.NE=1.
 * 80-bit values print as sign/exponent:significand. Transcendentals (fsin, fcos, fsincos,
 * fptan) are computed by QEMU 7.2 through the host's double-precision libm, so they are
 * printed rounded to float; f2xm1, fyl2x, fyl2xp1 and fpatan (QEMU's own extended-precision
 * code, close to correctly rounded) are printed rounded to double.
 *
 * Where QEMU 7.2 departs from the SDM the output leaves the behaviour out, so a core that
 * follows the SDM still matches: the status word is printed without DE (QEMU sets it only in
 * a few helpers) and, for results, without C1 (QEMU never reports "rounded up"); stack
 * overflow/underflow are not detected by QEMU (no IE/SF, no indefinite), so no test reads an
 * empty register or pushes onto a full stack; #MF is tested at FWAIT only (QEMU does not
 * raise it at other waiting instructions); reserved bytes of the FNSTENV/FXSAVE images are
 * not printed.
 */
#include "runtime.h"

typedef struct {
    uint64_t mant;
    uint16_t se;
} __attribute__((packed)) f80;

static void p80(const f80 *v) { printf("%04x:%016lx", v->se, v->mant); }

/* Status word of a result: without DE (bit 1) and C1 (bit 9); see the top comment. */
static uint16_t SW(uint16_t s) { return s & (uint16_t)~0x0202u; }
/* Status word where C1 carries information (fxam sign, fprem quotient bit): without DE. */
static uint16_t SWC(uint16_t s) { return s & (uint16_t)~0x0002u; }

static const f80 vals[] = {
    { 0xc000000000000000UL, 0x3fff }, /* 1.5 */
    { 0xd000000000000000UL, 0xc000 }, /* -3.25 */
    { 0, 0 },                         /* +0 */
    { 0, 0x8000 },                    /* -0 */
    { 0x8000000000000000UL, 0x7fff }, /* +inf */
    { 0xc000000000000001UL, 0x7fff }, /* qnan */
    { 0x8000000000000001UL, 0xffff }, /* -snan */
    { 0x0000000000000001UL, 0x0000 }, /* denormal */
    { 0xffffffffffffffffUL, 0x7ffe }, /* max */
    { 0xaaaaaaaaaaaaaaabUL, 0x3ffd }, /* 1/3 */
};
static const char *const val_names[] = { "1.5", "-3.25", "+0", "-0", "+inf", "qnan", "-snan", "denorm", "max", "1/3" };

/* ---- binary arithmetic in every operand form: st(0) = a, st(1) = b ---- */
#define BIN(name, body)                                                                       \
    static uint16_t name(const f80 *a, const f80 *b, f80 *r)                                  \
    {                                                                                         \
        uint16_t sw;                                                                          \
        __asm__ volatile("fninit\n\tfldt %[b]\n\tfldt %[a]\n\t" body "\n\tfstpt %[r]\n\tfnstsw %[sw]\n\tfninit" \
                         : [r] "=m"(*r), [sw] "=m"(sw) : [a] "m"(*a), [b] "m"(*b), [b64] "m"(bd), [b32] "m"(bf) \
                         : "memory");                                                         \
        return sw;                                                                            \
    }
/* b as double and float for the memory forms (set before each call) */
static double bd;
static float bf;
BIN(fadd_st1, "fadd %%st(1), %%st")
BIN(fadd_to1, "fadd %%st, %%st(1)\n\tfxch")
BIN(faddp, "faddp")
BIN(fsub_st1, "fsub %%st(1), %%st")
BIN(fsubr_st1, "fsubr %%st(1), %%st")
BIN(fsubp, "fsubrp")  /* AT&T fsubrp = Intel fsubp: st(1) - st(0) */
BIN(fsubrp, "fsubp")  /* AT&T fsubp = Intel fsubrp: st(0) - st(1) */
BIN(fmul_st1, "fmul %%st(1), %%st")
BIN(fmulp, "fmulp")
BIN(fdiv_st1, "fdiv %%st(1), %%st")
BIN(fdivr_st1, "fdivr %%st(1), %%st")
BIN(fdivp, "fdivrp")  /* Intel fdivp: st(1) / st(0) */
BIN(fdivrp, "fdivp")  /* Intel fdivrp: st(0) / st(1) */
BIN(fadd_m64, "fstp %%st(1)\n\tfaddl %[b64]")
BIN(fsub_m32, "fstp %%st(1)\n\tfsubs %[b32]")
BIN(fsubr_m64, "fstp %%st(1)\n\tfsubrl %[b64]")
BIN(fdivr_m32, "fstp %%st(1)\n\tfdivrs %[b32]")
BIN(fmul_m64, "fstp %%st(1)\n\tfmull %[b64]")
BIN(fprem, "fprem")
BIN(fprem1, "fprem1")
BIN(fscale, "fscale")
BIN(fpatan_d, "fpatan")
BIN(fyl2x_d, "fyl2x")
BIN(fyl2xp1_d, "fyl2xp1")

struct bop {
    const char *name;
    uint16_t (*fn)(const f80 *, const f80 *, f80 *);
    int keep_c1; /* C1 is a quotient bit (fprem/fprem1) */
};
static const struct bop bops[] = {
    { "fadd st1", fadd_st1, 0 }, { "fadd to st1", fadd_to1, 0 }, { "faddp", faddp, 0 }, { "fsub st1", fsub_st1, 0 },
    { "fsubr st1", fsubr_st1, 0 }, { "fsubp", fsubp, 0 }, { "fsubrp", fsubrp, 0 }, { "fmul st1", fmul_st1, 0 },
    { "fmulp", fmulp, 0 }, { "fdiv st1", fdiv_st1, 0 }, { "fdivr st1", fdivr_st1, 0 }, { "fdivp", fdivp, 0 },
    { "fdivrp", fdivrp, 0 }, { "fadd m64", fadd_m64, 0 }, { "fsub m32", fsub_m32, 0 }, { "fsubr m64", fsubr_m64, 0 },
    { "fdivr m32", fdivr_m32, 0 }, { "fmul m64", fmul_m64, 0 }, { "fprem", fprem, 1 }, { "fprem1", fprem1, 1 },
    { "fscale", fscale, 0 },
};

static void ld_to_double(const f80 *in, uint64_t *out)
{
    __asm__ volatile("fldt %1\n\tfstpl %0" : "=m"(*out) : "m"(*in));
}
static void ld_to_float(const f80 *in, uint32_t *out)
{
    __asm__ volatile("fldt %1\n\tfstps %0" : "=m"(*out) : "m"(*in));
}

static void arithmetic(void)
{
    for (int k = 0; k < COUNT(bops); k++) {
        for (int i = 0; i < COUNT(vals); i++) {
            for (int j = 0; j < COUNT(vals); j++) {
                f80 r;
                double d;
                float f;
                __asm__ volatile("fninit\n\tfldt %2\n\tfstl %0\n\tfstps %1" : "=m"(d), "=m"(f) : "m"(vals[j]));
                bd = d;
                bf = f;
                uint16_t sw = bops[k].fn(&vals[i], &vals[j], &r);
                printf("%-11s %-6s %-6s -> ", bops[k].name, val_names[i], val_names[j]);
                if (bops[k].keep_c1 && (sw & 0x400)) {
                    /* a partial remainder: the SDM lets the reduction step (32..63 bits) vary */
                    printf("partial remainder, C2=1\n");
                    continue;
                }
                p80(&r);
                printf(" sw %04x\n", bops[k].keep_c1 ? SWC(sw) : SW(sw));
            }
        }
    }
}

/* ---- unary ---- */
#define UN(name, body)                                                                        \
    static uint16_t name(const f80 *a, f80 *r, uint16_t cw)                                   \
    {                                                                                         \
        uint16_t sw;                                                                          \
        __asm__ volatile("fninit\n\tfldcw %[cw]\n\tfldt %[a]\n\t" body "\n\tfstpt %[r]\n\tfnstsw %[sw]\n\tfninit" \
                         : [r] "=m"(*r), [sw] "=m"(sw) : [a] "m"(*a), [cw] "m"(cw) : "memory"); \
        return sw;                                                                            \
    }
UN(fsqrt_, "fsqrt")
UN(fabs_, "fabs")
UN(fchs_, "fchs")
UN(frndint_, "frndint")
UN(fxtract_sig, "fxtract")
UN(fxtract_exp, "fxtract\n\tfstp %%st(0)")
UN(f2xm1_, "f2xm1")
UN(fsin_, "fsin")
UN(fcos_, "fcos")
UN(fptan_, "fptan\n\tfstp %%st(0)")
UN(fsincos_s, "fsincos\n\tfstp %%st(0)")

static const f80 rvals[] = {
    { 0xa000000000000000UL, 0x4000 }, /* 2.5 */
    { 0xe000000000000000UL, 0xc000 }, /* -3.5 */
    { 0xc000000000000000UL, 0x3ffe }, /* 0.75 */
    { 0x8000000000000001UL, 0x403e }, /* 2^63 + 1 */
    { 0xc000000000000000UL, 0x3ffd }, /* 0.375 */
    { 0x8000000000000000UL, 0x3ffe }, /* 0.5 */
    { 0xffffffffffffffffUL, 0x403d }, /* 2^63-1 as float: integral */
    { 0x8000000000000000UL, 0xbffe }, /* -0.5 */
};

static void unary(void)
{
    static const struct {
        const char *name;
        uint16_t (*fn)(const f80 *, f80 *, uint16_t);
    } ops[] = { { "fsqrt", fsqrt_ }, { "fabs", fabs_ }, { "fchs", fchs_ }, { "fxtract sig", fxtract_sig },
                { "fxtract exp", fxtract_exp } };
    for (int k = 0; k < COUNT(ops); k++) {
        for (int i = 0; i < COUNT(vals); i++) {
            f80 r;
            uint16_t sw = ops[k].fn(&vals[i], &r, 0x37f);
            printf("%-11s %-6s -> ", ops[k].name, val_names[i]);
            p80(&r);
            printf(" sw %04x\n", SW(sw));
        }
    }
    static const char *const rc[] = { "near", "down", "up", "zero" };
    for (int i = 0; i < COUNT(rvals); i++) {
        for (int m = 0; m < 4; m++) {
            f80 r;
            uint16_t sw = frndint_(&rvals[i], &r, (uint16_t)(0x37f | m << 10));
            printf("frndint %-4s ", rc[m]);
            p80(&rvals[i]);
            printf(" -> ");
            p80(&r);
            printf(" sw %04x\n", SW(sw));
        }
    }
    /* transcendentals: see the top comment for the precision printed */
    static const f80 tv[] = {
        { 0x8000000000000000UL, 0x3ffe }, /* 0.5 */
        { 0xc90fdaa22168c235UL, 0x3ffe }, /* ~pi/4 */
        { 0x8000000000000000UL, 0x4002 }, /* 8 (f2xm1 is defined on [-1, 1] only: not printed) */
        { 0x8000000000000000UL, 0xbffd }, /* -0.25 */
        { 0, 0 },
    };
    for (int i = 0; i < COUNT(tv); i++) {
        f80 r1, r2, r3, r4, r5;
        uint16_t s1 = fsin_(&tv[i], &r1, 0x37f), s2 = fcos_(&tv[i], &r2, 0x37f), s3 = fptan_(&tv[i], &r3, 0x37f);
        uint16_t s4 = fsincos_s(&tv[i], &r4, 0x37f), s5 = f2xm1_(&tv[i], &r5, 0x37f);
        uint32_t fs, fc, ft, fsc;
        uint64_t d2;
        ld_to_float(&r1, &fs);
        ld_to_float(&r2, &fc);
        ld_to_float(&r3, &ft);
        ld_to_float(&r4, &fsc);
        ld_to_double(&r5, &d2);
        p80(&tv[i]);
        printf(": fsin %08x fcos %08x fptan %08x fsincos.sin %08x (float) C2 %d%d%d%d", fs, fc, ft, fsc,
               (s1 >> 10) & 1, (s2 >> 10) & 1, (s3 >> 10) & 1, (s4 >> 10) & 1);
        if (i != 2) {
            printf(" f2xm1 %016lx (double)", d2);
        }
        printf("\n");
        (void)s5;
    }
    /* fsin of a huge argument: out of range -> C2 = 1, operand unchanged */
    static const f80 huge = { 0x8000000000000000UL, 0x403f }; /* 2^64 */
    f80 r;
    uint16_t sw = fsin_(&huge, &r, 0x37f);
    printf("fsin 2^64: ");
    p80(&r);
    printf(" C2 %d\n", (sw >> 10) & 1);
    /* two-operand transcendentals, rounded to double */
    static const f80 yv[] = { { 0x8000000000000000UL, 0x3fff }, { 0xc000000000000000UL, 0x4000 },
                              { 0x8000000000000000UL, 0x3ffc } };
    for (int i = 0; i < COUNT(yv); i++) {
        for (int j = 0; j < COUNT(yv); j++) {
            f80 a1, a2, a3;
            uint64_t d1, d2, d3;
            fpatan_d(&yv[i], &yv[j], &a1); /* atan(st1 / st0) */
            fyl2x_d(&yv[i], &yv[j], &a2);  /* st1 * log2(st0) */
            fyl2xp1_d(&yv[2], &yv[j], &a3);
            ld_to_double(&a1, &d1);
            ld_to_double(&a2, &d2);
            ld_to_double(&a3, &d3);
            printf("st0 %d st1 %d: fpatan %016lx fyl2x %016lx fyl2xp1(st0=0.125) %016lx\n", i, j, d1, d2, d3);
        }
    }
}

/* ---- compares: condition codes C3 C2 C0 from fcom, and ZF PF CF from fcomi ---- */
static void compares(void)
{
    static const int pick[] = { 0, 1, 2, 3, 4, 5, 6, 7 };
    for (int ii = 0; ii < COUNT(pick); ii++) {
        for (int jj = 0; jj < COUNT(pick); jj++) {
            const f80 *a = &vals[pick[ii]], *b = &vals[pick[jj]];
            uint16_t s1, s2, s3;
            uint64_t f1, f2;
            __asm__ volatile("fninit\n\tfldt %[b]\n\tfldt %[a]\n\tfcom %%st(1)\n\tfnstsw %[s1]\n\tfninit\n\t"
                             "fldt %[b]\n\tfldt %[a]\n\tfucomp %%st(1)\n\tfnstsw %[s2]\n\tfninit\n\t"
                             "fldt %[b]\n\tfldt %[a]\n\tfcompp\n\tfnstsw %[s3]\n\tfninit\n\t"
                             "fldt %[b]\n\tfldt %[a]\n\tpush %[all]\n\tpopfq\n\tfcomi %%st(1), %%st\n\tpushfq\n\t"
                             "pop %[f1]\n\tfninit\n\t"
                             "fldt %[b]\n\tfldt %[a]\n\tpush %[all]\n\tpopfq\n\tfucomip %%st(1), %%st\n\tpushfq\n\t"
                             "pop %[f2]\n\tfnstsw %%ax\n\tfninit"
                             : [s1] "=m"(s1), [s2] "=m"(s2), [s3] "=m"(s3), [f1] "=&r"(f1), [f2] "=&r"(f2)
                             : [a] "m"(*a), [b] "m"(*b), [all] "r"(0x8d7UL)
                             : "rax", "cc", "memory");
            printf("cmp %-6s %-6s: fcom %04x fucomp %04x fcompp %04x fcomi %03lx fucomip %03lx\n",
                   val_names[pick[ii]], val_names[pick[jj]], SW(s1), SW(s2), SW(s3), f1 & 0x8d5, f2 & 0x8d5);
        }
    }
    /* ftst and fxam over every class, incl. an empty register and an unnormal */
    static const f80 unnormal = { 0x4000000000000000UL, 0x4000 }, pseudo_nan = { 0x4000000000000000UL, 0x7fff };
    for (int i = 0; i < COUNT(vals) + 2; i++) {
        const f80 *v = i < COUNT(vals) ? &vals[i] : i == COUNT(vals) ? &unnormal : &pseudo_nan;
        uint16_t s1, s2;
        __asm__ volatile("fninit\n\tfldt %[v]\n\tftst\n\tfnstsw %[s1]\n\tfxam\n\tfnstsw %[s2]\n\tfninit"
                         : [s1] "=m"(s1), [s2] "=m"(s2) : [v] "m"(*v) : "memory");
        printf("ftst/fxam ");
        p80(v);
        printf(": ftst %04x fxam %04x\n", SW(s1), SWC(s2));
    }
    uint16_t s;
    __asm__ volatile("fninit\n\tfxam\n\tfnstsw %0" : "=m"(s));
    printf("fxam empty: %04x\n", SWC(s));
    __asm__ volatile("fninit\n\tfld1\n\tfchs\n\tfxam\n\tfnstsw %0\n\tfninit" : "=m"(s));
    printf("fxam -1: %04x\n", SWC(s));
    /* ficom with integers */
    int16_t w = 2;
    int32_t l = -4;
    uint16_t a1, a2;
    __asm__ volatile("fninit\n\tfldt %2\n\tficoms %3\n\tfnstsw %0\n\tficompl %4\n\tfnstsw %1\n\tfninit"
                     : "=m"(a1), "=m"(a2) : "m"(vals[0]), "m"(w), "m"(l));
    printf("ficom 1.5 vs 2: %04x, vs -4: %04x\n", SW(a1), SW(a2));
}

/* ---- loads and stores of every format ---- */
static void loads_stores(void)
{
    static const f80 sv[] = {
        { 0xc000000000000000UL, 0x3fff }, { 0xd000000000000000UL, 0xc000 }, { 0xfffffffffffff800UL, 0x403e },
        { 0x8000000000000000UL, 0x401e }, { 0xffffffffffffffffUL, 0x7ffe }, { 0xc000000000000001UL, 0x7fff },
        { 0x8000000000000001UL, 0xffff }, { 0x8000000000000000UL, 0x3c00 }, { 0x8000000000000400UL, 0x3fff },
        { 0x8000000000000000UL, 0x400d }, { 0xffff000000000000UL, 0x400e },
    };
    for (int i = 0; i < COUNT(sv); i++) {
        uint32_t f;
        uint64_t d, q = 0;
        int16_t w = 0;
        int32_t l = 0;
        uint16_t s1, s2;
        f80 back;
        __asm__ volatile("fninit\n\tfldt %[v]\n\tfsts %[f]\n\tfstl %[d]\n\tfnstsw %[s1]\n\tfnclex\n\t"
                         "fists %[w]\n\tfistl %[l]\n\tfistpll %[q]\n\tfnstsw %[s2]\n\tflds %[f]\n\tfstpt %[b]\n\tfninit"
                         : [f] "=m"(f), [d] "=m"(d), [w] "=m"(w), [l] "=m"(l), [q] "=m"(q), [s1] "=m"(s1),
                           [s2] "=m"(s2), [b] "=m"(back)
                         : [v] "m"(sv[i]) : "memory");
        p80(&sv[i]);
        printf(": m32 %08x m64 %016lx sw %04x | m16 %04x m32 %08x m64 %016lx sw %04x | m32->80 ", f, d, SW(s1),
               (uint16_t)w, (uint32_t)l, q, SW(s2));
        p80(&back);
        printf("\n");
    }
    /* fld m32/m64 of NaN, denormal: exact widening, SNaN quieted with IE */
    static const uint32_t fl[] = { 0x7f800001, 0x00000001, 0x80800000, 0xff800000 };
    static const uint64_t dl[] = { 0x7ff0000000000001UL, 0x000fffffffffffffUL, 0x8000000000000001UL };
    for (int i = 0; i < COUNT(fl); i++) {
        f80 r;
        uint16_t s;
        __asm__ volatile("fninit\n\tflds %[v]\n\tfstpt %[r]\n\tfnstsw %[s]" : [r] "=m"(r), [s] "=m"(s) : [v] "m"(fl[i]));
        printf("flds %08x -> ", fl[i]);
        p80(&r);
        printf(" sw %04x\n", SW(s));
    }
    for (int i = 0; i < COUNT(dl); i++) {
        f80 r;
        uint16_t s;
        __asm__ volatile("fninit\n\tfldl %[v]\n\tfstpt %[r]\n\tfnstsw %[s]" : [r] "=m"(r), [s] "=m"(s) : [v] "m"(dl[i]));
        printf("fldl %016lx -> ", dl[i]);
        p80(&r);
        printf(" sw %04x\n", SW(s));
    }
    static const int64_t iv[] = { 0, -1, 0x7fffffffffffffffL, -0x7fffffffffffffffL - 1, 12345 };
    for (int i = 0; i < COUNT(iv); i++) {
        f80 r1, r2, r3;
        int16_t w = (int16_t)iv[i];
        int32_t l = (int32_t)iv[i];
        __asm__ volatile("fninit\n\tfilds %[w]\n\tfstpt %[r1]\n\tfildl %[l]\n\tfstpt %[r2]\n\tfildll %[q]\n\tfstpt %[r3]"
                         : [r1] "=m"(r1), [r2] "=m"(r2), [r3] "=m"(r3) : [w] "m"(w), [l] "m"(l), [q] "m"(iv[i]));
        printf("fild %016lx: m16 ", (uint64_t)iv[i]);
        p80(&r1);
        printf(" m32 ");
        p80(&r2);
        printf(" m64 ");
        p80(&r3);
        printf("\n");
    }
    /* fiadd/fisub/fimul/fidiv with m16 and m32 */
    int16_t w16 = -7;
    int32_t w32 = 100000;
    f80 o[6];
    __asm__ volatile("fninit\n\tfldt %[a]\n\tfiadds %[w]\n\tfstpt 0(%[o])\n\tfldt %[a]\n\tfisubl %[l]\n\tfstpt 10(%[o])\n\t"
                     "fldt %[a]\n\tfisubrs %[w]\n\tfstpt 20(%[o])\n\tfldt %[a]\n\tfimull %[l]\n\tfstpt 30(%[o])\n\t"
                     "fldt %[a]\n\tfidivs %[w]\n\tfstpt 40(%[o])\n\tfldt %[a]\n\tfidivrl %[l]\n\tfstpt 50(%[o])"
                     : : [a] "m"(vals[9]), [w] "m"(w16), [l] "m"(w32), [o] "r"(o) : "memory");
    static const char *const inames[] = { "fiadd -7", "fisub 100000", "fisubr -7", "fimul 100000", "fidiv -7",
                                          "fidivr 100000" };
    for (int i = 0; i < 6; i++) {
        printf("1/3 %-13s ", inames[i]);
        p80(&o[i]);
        printf("\n");
    }
    /* packed BCD: fbstp (incl. the invalid "too many digits" case -> BCD indefinite) and fbld
     * of valid images */
    static const f80 bv[] = { { 0x8000000000000000UL, 0x3fff }, { 0xde0b6b3a76400000UL, 0x403a } /* 1e18 */,
                              { 0xc000000000000000UL, 0xc001 } /* -6 */, { 0xde0b6b3a763ffff0UL, 0x403a },
                              { 0xa000000000000000UL, 0x4000 } /* 2.5 */ };
    for (int i = 0; i < COUNT(bv); i++) {
        uint8_t bcd[10] = { 0 };
        uint16_t s;
        __asm__ volatile("fninit\n\tfldt %[v]\n\tfbstp %[b]\n\tfnstsw %[s]\n\tfninit"
                         : [b] "+m"(bcd), [s] "=m"(s) : [v] "m"(bv[i]));
        printf("fbstp ");
        p80(&bv[i]);
        printf(" -> ");
        for (int k = 9; k >= 0; k--) {
            printf("%02x", bcd[k]);
        }
        printf(" sw %04x\n", SW(s));
    }
    static const uint8_t bcds[][10] = {
        { 0x89, 0x67, 0x45, 0x23, 0x01, 0x89, 0x67, 0x45, 0x23, 0x00 },
        { 0x99, 0x99, 0x99, 0x99, 0x99, 0x99, 0x99, 0x99, 0x99, 0x80 },
        { 0x00, 0, 0, 0, 0, 0, 0, 0, 0, 0x80 },
        { 0x01, 0, 0, 0, 0, 0, 0, 0, 0, 0x7f }, /* sign byte bits 6:0 are ignored */
    };
    for (int i = 0; i < COUNT(bcds); i++) {
        f80 r;
        __asm__ volatile("fninit\n\tfbld %[b]\n\tfstpt %[r]\n\tfninit" : [r] "=m"(r) : [b] "m"(bcds[i]));
        printf("fbld %02x%02x..%02x -> ", bcds[i][9], bcds[i][8], bcds[i][0]);
        p80(&r);
        printf("\n");
    }
}

/* ---- precision control and constants ---- */
static void precision_and_constants(void)
{
    static const char *const pcs[] = { "24", "??", "53", "64" };
    for (int pc = 0; pc < 4; pc += 1) {
        if (pc == 1) {
            continue;
        }
        uint16_t cw = (uint16_t)(0x7f | pc << 8);
        f80 s1, s2, s3;
        uint16_t sw;
        __asm__ volatile("fninit\n\tfldcw %[cw]\n\tfld1\n\tfldt %[third]\n\tfaddp\n\tfstpt %[s1]\n\t"
                         "fldt %[third]\n\tfsqrt\n\tfstpt %[s2]\n\tfld1\n\tfldt %[third]\n\tfdivrp\n\tfstpt %[s3]\n\t"
                         "fnstsw %[sw]\n\tfninit"
                         : [s1] "=m"(s1), [s2] "=m"(s2), [s3] "=m"(s3), [sw] "=m"(sw)
                         : [cw] "m"(cw), [third] "m"(vals[9]));
        printf("PC %s: 1+1/3 ", pcs[pc]);
        p80(&s1);
        printf(" sqrt(1/3) ");
        p80(&s2);
        printf(" 1/(1/3) ");
        p80(&s3);
        printf(" sw %04x\n", SW(sw));
    }
    static const char *const rc[] = { "near", "down", "up", "zero" };
    for (int m = 0; m < 4; m++) {
        uint16_t cw = (uint16_t)(0x37f | m << 10);
        f80 c[7];
        __asm__ volatile("fninit\n\tfldcw %[cw]\n\tfld1\n\tfstpt 0(%[c])\n\tfldz\n\tfstpt 10(%[c])\n\tfldpi\n\tfstpt 20(%[c])\n\t"
                         "fldl2e\n\tfstpt 30(%[c])\n\tfldl2t\n\tfstpt 40(%[c])\n\tfldlg2\n\tfstpt 50(%[c])\n\t"
                         "fldln2\n\tfstpt 60(%[c])\n\tfninit"
                         : : [cw] "m"(cw), [c] "r"(c) : "memory");
        printf("constants RC %-4s:", rc[m]);
        for (int i = 0; i < 7; i++) {
            printf(" ");
            p80(&c[i]);
        }
        printf("\n");
    }
}

/* ---- the register stack: fxch, fincstp/fdecstp, ffree, tags ---- */
static uint16_t tag_word(void)
{
    uint8_t env[28];
    __asm__ volatile("fnstenv %0\n\tfldenv %0" : "=m"(env) : : "memory");
    return *(uint16_t *)(env + 8);
}

static void stack_ops(void)
{
    uint16_t sw[4], tw[4];
    f80 r[3];
    __asm__ volatile("fninit\n\tfld1\n\tfldz\n\tfldpi\n\tfxch %%st(2)\n\tfstpt 0(%[r])\n\tfnstsw 0(%[s])"
                     : : [r] "r"(r), [s] "r"(sw) : "memory");
    tw[0] = tag_word();
    __asm__ volatile("fincstp\n\tfnstsw 2(%[s])\n\tfstpt 10(%[r])\n\tfdecstp\n\tfdecstp\n\tfnstsw 4(%[s])"
                     : : [r] "r"(r), [s] "r"(sw) : "memory");
    tw[1] = tag_word();
    __asm__ volatile("ffree %%st(1)\n\tfnstsw 6(%[s])" : : [s] "r"(sw) : "memory");
    tw[2] = tag_word();
    __asm__ volatile("fldt %[v]\n\tfstpt 20(%[r])\n\tfninit" : : [r] "r"(r), [v] "m"(vals[8]) : "memory");
    printf("fxch st2 -> ");
    p80(&r[0]);
    printf(" sw %04x tw %04x; fincstp sw %04x, st0 = ", SW(sw[0]), tw[0], SW(sw[1]));
    p80(&r[1]);
    printf("; fdecstp x2 sw %04x tw %04x; ffree st1 sw %04x tw %04x\n", SW(sw[2]), tw[1], SW(sw[3]), tw[2]);
    /* tags of each class: valid, zero, special (NaN, inf, denormal) */
    __asm__ volatile("fninit\n\tfld1\n\tfldz\n\tfldt %[inf]\n\tfldt %[den]\n\tfldt %[nan]" : : [inf] "m"(vals[4]),
                     [den] "m"(vals[7]), [nan] "m"(vals[5]));
    printf("tags 1, 0, inf, denormal, nan: %04x\n", tag_word());
    __asm__ volatile("fninit");
    /* unmasked invalid operation: ES and B set, FWAIT raises #MF (16) with CR0.NE=1 */
    uint16_t cw = 0x37e, s_after; /* IM clear */
    fault_clear();
    __asm__ volatile("fninit\n\tfldcw %[cw]\n\tfldz\n\tfldz\n\tfdivrp\n\tfnstsw %[s]\n\t" FAULT_ARM "fwait" FAULT_END
                     "fnclex\n\tfninit"
                     : [s] "=m"(s_after) : [cw] "m"(cw) : "r11", "memory");
    printf("unmasked IE 0/0: sw %04x, fwait -> vector %ld\n", SW(s_after), last_fault.vector);
    cw = 0x37b; /* ZM clear */
    fault_clear();
    __asm__ volatile("fninit\n\tfldcw %[cw]\n\tfld1\n\tfldz\n\tfdivrp\n\tfnstsw %[s]\n\t" FAULT_ARM "fwait" FAULT_END
                     "fnclex\n\tfnstsw %[s2]\n\tfninit"
                     : [s] "=m"(s_after), [s2] "=m"(sw[0]) : [cw] "m"(cw) : "r11", "memory");
    printf("unmasked ZE 1/0: sw %04x, fwait -> vector %ld, after fnclex sw %04x\n", SW(s_after), last_fault.vector,
           SW(sw[0]));
    /* Not tested: CR0.NE=0 (FERR# through IRQ13): QEMU 7.2 aborts on an assertion there. */
}

/* ---- environment images ---- */
static void dump(const char *name, const uint8_t *p, int n)
{
    printf("%s:", name);
    for (int i = 0; i < n; i++) {
        printf("%s%02x", i % 16 ? "" : "\n  ", p[i]);
    }
    printf("\n");
}

/* Loads eight known values into the physical registers, then empties the stack: registers that
 * are empty later still hold these values, as the SDM says (FNINIT does not clear them). */
static void fill_registers(void)
{
    __asm__ volatile("fninit\n\tfld1\n\tfldl2t\n\tfldl2e\n\tfldpi\n\tfldlg2\n\tfldln2\n\tfldz\n\tfld1\n\tfchs\n\tfninit");
}

static void print_words(const char *name, const uint8_t *env)
{
    printf("%s: cw %04x sw %04x tw %04x\n", name, *(const uint16_t *)env, SW(*(const uint16_t *)(env + 4)),
           *(const uint16_t *)(env + 8));
}

static void environments(void)
{
    static uint8_t env[28], save[108], fx[512] __attribute__((aligned(16)));
    uint16_t cw = 0x0a7f; /* RC up, PC 53, all masked */
    fill_registers();
    __asm__ volatile("fldcw %[cw]\n\tfldpi\n\tfld1\n\tfldz\n\tfdiv %%st(0), %%st\n\tfnstenv %[env]"
                     : [env] "=m"(env) : [cw] "m"(cw) : "memory");
    /* FIP/FCS/FDP/FDS (bytes 12-27) depend on where the code is and the upper halves of the
     * first three fields are reserved: print the three words only */
    print_words("fnstenv", env);
    uint16_t cwa;
    __asm__ volatile("fnstcw %0" : "=m"(cwa));
    printf("cw after fnstenv (all exceptions masked): %04x\n", cwa);
    /* fldenv of a modified image changes TOP and tags */
    env[4] = 0x00;
    env[5] = (uint8_t)((env[5] & ~0x38) | (5 << 3)); /* TOP = 5 */
    env[8] = 0xff;
    env[9] = 0x3f; /* physical register 7 valid, 0..6 empty */
    uint16_t sw, cw2;
    f80 st2;
    __asm__ volatile("fldenv %[env]\n\tfnstsw %[sw]\n\tfnstcw %[cw]\n\tfld %%st(2)\n\tfstpt %[st2]\n\tfninit"
                     : [sw] "=m"(sw), [cw] "=m"(cw2), [st2] "=m"(st2) : [env] "m"(env) : "memory");
    printf("fldenv: sw %04x cw %04x, st2 (physical 7) ", SW(sw), cw2);
    p80(&st2);
    printf("\n");

    fill_registers();
    __asm__ volatile("fldcw %[cw]\n\tfldpi\n\tfld1\n\tfchs\n\tfnsave %[s]\n\tfnstcw %[cw2]"
                     : [s] "=m"(save), [cw2] "=m"(cw2) : [cw] "m"(cw) : "memory");
    print_words("fnsave", save);
    dump("fnsave registers st0-st7", save + 28, 80);
    printf("after fnsave (reinitialised): cw %04x\n", cw2);
    f80 a, b;
    __asm__ volatile("frstor %[s]\n\tfstpt %[a]\n\tfstpt %[b]\n\tfninit" : [a] "=m"(a), [b] "=m"(b) : [s] "m"(save));
    printf("frstor: ");
    p80(&a);
    printf(" ");
    p80(&b);
    printf("\n");

    /* fxsave of a known state */
    for (int i = 0; i < 512; i++) {
        fx[i] = 0xcc;
    }
    uint32_t mx = 0x3f80 | 0x1;
    static const uint64_t x[4] = { 0x0123456789abcdefUL, 0xfedcba9876543210UL, 0x1111111122222222UL, 0x3333333344444444UL };
    fill_registers();
    __asm__ volatile("fldcw %[cw]\n\tfldpi\n\tfld1\n\tfldl2e\n\tldmxcsr %[mx]\n\tmovdqu %[x0], %%xmm0\n\t"
                     "movdqu %[x1], %%xmm15\n\tpxor %%xmm1, %%xmm1\n\tpxor %%xmm2, %%xmm2\n\tpxor %%xmm3, %%xmm3\n\t"
                     "pxor %%xmm4, %%xmm4\n\tpxor %%xmm5, %%xmm5\n\tpxor %%xmm6, %%xmm6\n\tpxor %%xmm7, %%xmm7\n\t"
                     "pxor %%xmm8, %%xmm8\n\tpxor %%xmm9, %%xmm9\n\tpxor %%xmm10, %%xmm10\n\tpxor %%xmm11, %%xmm11\n\t"
                     "pxor %%xmm12, %%xmm12\n\tpxor %%xmm13, %%xmm13\n\tpxor %%xmm14, %%xmm14\n\tfxsave %[fx]"
                     : [fx] "=m"(fx)
                     : [cw] "m"(cw), [mx] "m"(mx), [x0] "m"(x[0]), [x1] "m"(x[2])
                     : "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7", "xmm8", "xmm9", "xmm10",
                       "xmm11", "xmm12", "xmm13", "xmm14", "xmm15", "memory");
    /* FOP and FIP/FDP (bytes 6-23) depend on the code and bytes 5, 10-15 of each register slot
     * and 416-511 are reserved: print FCW, FSW, FTW, MXCSR, MXCSR_MASK, ST0-7, XMM0-15 */
    printf("fxsave: fcw %04x fsw %04x ftw %02x mxcsr %08x mask %08x\n", *(uint16_t *)fx, SW(*(uint16_t *)(fx + 2)),
           fx[4], *(uint32_t *)(fx + 24), *(uint32_t *)(fx + 28));
    for (int i = 0; i < 8; i++) {
        printf("  st%d ", i);
        p80((const f80 *)(fx + 32 + 16 * i));
        printf("\n");
    }
    dump("fxsave xmm0-15", fx + 160, 256);
    /* fxrstor of a modified image */
    fx[0] = 0x7f;
    fx[1] = 0x03; /* FCW 0x37f */
    fx[4] = 0x21; /* physical registers 0 and 5 (= ST0, TOP is 5) valid */
    f80 t;
    uint16_t s2, tw2;
    uint32_t mx2;
    __asm__ volatile("fxrstor %[fx]\n\tfnstsw %[s]\n\tstmxcsr %[m]" : [s] "=m"(s2), [m] "=m"(mx2) : [fx] "m"(fx) : "memory");
    tw2 = tag_word();
    __asm__ volatile("fstpt %[t]\n\tfninit" : [t] "=m"(t));
    printf("fxrstor: sw %04x full tag word %04x st0 ", SW(s2), tw2);
    p80(&t);
    printf(" mxcsr %04x\n", mx2);
    mx = 0x1f80;
    __asm__ volatile("ldmxcsr %0\n\tfninit" : : "m"(mx));
    __asm__ volatile("fnstenv %0\n\tfninit" : "=m"(env));
    print_words("after fninit", env);
}

int main(void)
{
    printf("# arithmetic\n");
    arithmetic();
    printf("# unary\n");
    unary();
    printf("# compares\n");
    compares();
    printf("# loads and stores\n");
    loads_stores();
    printf("# precision and constants\n");
    precision_and_constants();
    printf("# stack\n");
    stack_ops();
    printf("# environments\n");
    environments();
    printf("x87 done\n");
    return 0;
}
