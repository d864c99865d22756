/*
 * Floating point (built with FP/SIMD enabled, -O2): Mandelbrot in ASCII, numerical
 * integration, sqrt/div, conversions with saturation, rounding instructions and modes, fused
 * multiply-add, NaN handling (default NaN, propagation, FPCR.DN), min/max, FPSR flags.
 * Values are printed both as decimals and as raw bits.
 */
#include "runtime.h"
#include "fmt-float.h"

static uint64_t bits(double d) { union { double d; uint64_t u; } x = { .d = d }; return x.u; }
static uint32_t fbits(float f) { union { float f; uint32_t u; } x = { .f = f }; return x.u; }
static double from_bits(uint64_t u) { union { uint64_t u; double d; } x = { .u = u }; return x.d; }

/* values hidden from the optimiser so the FPU, not GCC, computes the results */
static volatile double vd[] = { 1.0, 3.0, 2.0, -0.0, 0.0, 1e308, 1e-310, -2.5, 0.5, 1.5, 2.5,
                                -1.5, 4294967296.5, 1e20, -1e20, 123456789.987654321 };
static volatile float vf[] = { 1.0f, 3.0f, 16777217.0f, -0.0f, 1e-40f, 3.4e38f };

static void print_row(const char *label, double v)
{
    printf("%-22s ", label);
    print_double(v, 9);
    printf("  [%016lx]\n", bits(v));
}

static void mandelbrot(void)
{
    const char *shades = " .:-=+*#%@";
    for (int y = 0; y < 20; y++) {
        char line[61];
        for (int x = 0; x < 60; x++) {
            double cr = -2.2 + x * 0.05, ci = -1.2 + y * 0.12;
            double zr = 0, zi = 0;
            int it = 0;
            while (it < 100 && zr * zr + zi * zi < 4.0) {
                double t = zr * zr - zi * zi + cr;
                zi = 2 * zr * zi + ci;
                zr = t;
                it++;
            }
            line[x] = shades[it >= 100 ? 9 : it % 9];
        }
        line[60] = 0;
        printf("|%s|\n", line);
    }
}

static double f_pi(double x) { return 4.0 / (1.0 + x * x); }

static void integration(void)
{
    int n = 1000;
    double h = 1.0 / n, s = f_pi(0) + f_pi(1);
    for (int i = 1; i < n; i++) s += f_pi(i * h) * (i & 1 ? 4 : 2);
    print_row("simpson pi", s * h / 3);
    double t = 0;
    for (int i = 0; i < n; i++) {
        double x0 = 2.0 * i / n, x1 = 2.0 * (i + 1) / n;
        t += (x1 - x0) * ((x0 * x0 * x0 - 2 * x0) + (x1 * x1 * x1 - 2 * x1)) / 2;
    }
    print_row("trapezoid x^3-2x 0..2", t);
    float fs = 0;
    for (int i = 1; i <= 10000; i++) fs += 1.0f / ((float)i * (float)i);
    printf("%-22s %08x\n", "float sum 1/i^2", fbits(fs));
    double e = 1, term = 1;
    for (int i = 1; i < 20; i++) {
        term /= i;
        e += term;
    }
    print_row("e by series", e);
}

static void sqrt_div(void)
{
    double two = vd[2], three = vd[1], one = vd[0], zero = vd[4], nzero = vd[3];
    print_row("sqrt(2)", __builtin_sqrt(two));
    print_row("1/3", one / three);
    print_row("1e308*10", vd[5] * 10);
    print_row("1e-310/3 (subnormal)", vd[6] / three);
    printf("%-22s %016lx %016lx %016lx\n", "1/0 1/-0 0/0", bits(one / zero), bits(one / nzero), bits(zero / zero));
    printf("%-22s %016lx\n", "sqrt(-1)", bits(__builtin_sqrt(-one)));
    printf("%-22s %08x %08x\n", "sqrtf(3) 1/3f", fbits(__builtin_sqrtf(vf[1])), fbits(vf[0] / vf[1]));
    /* Newton's method must converge to the correctly rounded hardware result */
    double x = 1;
    for (int i = 0; i < 8; i++) x = 0.5 * (x + two / x);
    printf("%-22s %016lx\n", "newton sqrt(2)", bits(x));
}

#define CVT(name, insn, in)                                                                 \
    do {                                                                                    \
        uint64_t r;                                                                         \
        __asm__ volatile(insn : "=r"(r) : "w"(in));                                         \
        printf("  %-8s %016lx -> %016lx\n", name, bits(in), r);                             \
    } while (0)

static void conversions(void)
{
    printf("conversions\n");
    double nan = from_bits(0x7ff8000000000001UL), inf = from_bits(0x7ff0000000000000UL);
    double cases[] = { vd[7], vd[11], vd[12], vd[13], vd[14], nan, -inf, vd[3] };
    for (int i = 0; i < 8; i++) {
        double d = cases[i];
        CVT("fcvtzs", "fcvtzs %0, %d1", d);
        CVT("fcvtzu w", "fcvtzu %w0, %d1", d);
        CVT("fcvtas", "fcvtas %0, %d1", d);
        CVT("fcvtms w", "fcvtms %w0, %d1", d);
        CVT("fcvtns", "fcvtns %0, %d1", d);
        CVT("fcvtpu", "fcvtpu %0, %d1", d);
    }
    printf("rounding to integral\n");
    for (int i = 7; i < 12; i++) {
        double d = vd[i], n, a, m, p, z, x;
        __asm__ volatile("frintn %d0, %d6\n\tfrinta %d1, %d6\n\tfrintm %d2, %d6\n\t"
                         "frintp %d3, %d6\n\tfrintz %d4, %d6\n\tfrintx %d5, %d6"
                         : "=&w"(n), "=&w"(a), "=&w"(m), "=&w"(p), "=&w"(z), "=&w"(x) : "w"(d));
        printf("  %016lx: n=%016lx a=%016lx m=%016lx p=%016lx z=%016lx x=%016lx\n", bits(d),
               bits(n), bits(a), bits(m), bits(p), bits(z), bits(x));
    }
    volatile uint64_t big = 0xfffffffffffff801UL;
    volatile int64_t sbig = -0x7ffffffffffffdffL;
    printf("ucvtf %016lx scvtf %016lx ucvtf->s %08x\n", bits((double)big), bits((double)sbig), fbits((float)big));
    printf("fcvt d->s %08x %08x s->d %016lx\n", fbits((float)vd[15]), fbits((float)vd[5]), bits((double)vf[2]));
    printf("fcvt d->s subnormal %08x\n", fbits((float)from_bits(0x3800000000000001UL)));
}

static void rounding_modes(void)
{
    static const char *names[] = { "RN", "RP", "RM", "RZ" };
    uint64_t saved = read_sysreg(fpcr);
    for (int m = 0; m < 4; m++) {
        write_sysreg(fpcr, (uint64_t)m << 22);
        double q = vd[0] / vd[1], nq = -vd[0] / vd[1], s = vd[12] + vd[0];
        float fq = vf[0] / vf[1];
        int64_t cvt;
        __asm__ volatile("fcvtzs %0, %d1" : "=r"(cvt) : "w"(vd[10]));
        double rx;
        __asm__ volatile("frinti %d0, %d1" : "=w"(rx) : "w"(vd[10]));
        printf("mode %s: 1/3=%016lx -1/3=%016lx sum=%016lx f=%08x frinti(2.5)=%016lx fcvtzs=%ld\n",
               names[m], bits(q), bits(nq), bits(s), fbits(fq), bits(rx), cvt);
    }
    write_sysreg(fpcr, saved);
}

static void fma_and_nan(void)
{
    double a = from_bits(0x3ff0000000000001UL), b = from_bits(0x3ff0000000000001UL), c = -from_bits(0x3ff0000000000002UL);
    double fused, unfused, fnm;
    __asm__ volatile("fmadd %d0, %d1, %d2, %d3" : "=w"(fused) : "w"(a), "w"(b), "w"(c));
    __asm__ volatile("fmul %d0, %d1, %d2\n\tfadd %d0, %d0, %d3" : "=&w"(unfused) : "w"(a), "w"(b), "w"(c));
    __asm__ volatile("fnmsub %d0, %d1, %d2, %d3" : "=w"(fnm) : "w"(a), "w"(b), "w"(c));
    printf("fmadd %016lx unfused %016lx fnmsub %016lx\n", bits(fused), bits(unfused), bits(fnm));

    double qnan = from_bits(0x7ff8000000000123UL), snan = from_bits(0x7ff0000000000456UL), one = vd[0];
    double r1, r2, r3, r4, r5, r6;
    __asm__ volatile("fadd %d0, %d2, %d3\n\tfadd %d1, %d3, %d2" : "=&w"(r1), "=&w"(r2) : "w"(qnan), "w"(one));
    __asm__ volatile("fmul %d0, %d2, %d3\n\tfsub %d1, %d3, %d4" : "=&w"(r3), "=&w"(r4) : "w"(qnan), "w"(snan), "w"(qnan));
    __asm__ volatile("fmax %d0, %d2, %d3\n\tfmaxnm %d1, %d2, %d3" : "=&w"(r5), "=&w"(r6) : "w"(qnan), "w"(one));
    printf("nan prop: %016lx %016lx %016lx %016lx max %016lx maxnm %016lx\n", bits(r1), bits(r2),
           bits(r3), bits(r4), bits(r5), bits(r6));
    double mn, mnn, mz, mxz;
    __asm__ volatile("fmin %d0, %d4, %d5\n\tfminnm %d1, %d4, %d5\n\tfmin %d2, %d6, %d7\n\tfmax %d3, %d6, %d7"
                     : "=&w"(mn), "=&w"(mnn), "=&w"(mz), "=&w"(mxz)
                     : "w"(snan), "w"(one), "w"(vd[4]), "w"(vd[3]));
    printf("fmin snan %016lx fminnm snan %016lx fmin(0,-0) %016lx fmax(0,-0) %016lx\n", bits(mn), bits(mnn), bits(mz), bits(mxz));
    uint64_t saved = read_sysreg(fpcr);
    write_sysreg(fpcr, 1UL << 25); /* DN: results are the default NaN */
    __asm__ volatile("fadd %d0, %d1, %d2" : "=w"(r1) : "w"(qnan), "w"(one));
    write_sysreg(fpcr, saved);
    double ab, ng;
    __asm__ volatile("fabs %d0, %d2\n\tfneg %d1, %d2" : "=&w"(ab), "=&w"(ng) : "w"(from_bits(0xfff8000000000789UL)));
    printf("DN=1 %016lx fabs(nan) %016lx fneg(nan) %016lx\n", bits(r1), bits(ab), bits(ng));
    float fq = from_bits(0) + vf[0], fn;
    __asm__ volatile("fadd %s0, %s1, %s2" : "=w"(fn) : "w"(fq), "w"(__builtin_nanf("0x55")));
    printf("float nan %08x\n", fbits(fn));
    int lt = qnan < one, ge = qnan >= one, ne = qnan != qnan, eq = vd[3] == vd[4];
    uint64_t nzcv;
    __asm__ volatile("fcmp %d1, %d2\n\tmrs %0, nzcv" : "=r"(nzcv) : "w"(qnan), "w"(one));
    printf("compare nan: lt=%d ge=%d ne=%d, -0==0: %d, fcmp nzcv=%lx\n", lt, ge, ne, eq, nzcv >> 28);
}

static void fpsr_flags(void)
{
    struct { const char *name; double a, b; int op; } cases[] = {
        { "1/3 inexact", 1, 3, 0 }, { "1/0 divzero", 1, 0, 0 }, { "0/0 invalid", 0, 0, 0 },
        { "1e308*1e308 overflow", 1e308, 1e308, 1 }, { "1e-300*1e-300 underflow", 1e-300, 1e-300, 1 },
        { "2*3 exact", 2, 3, 1 }, { "1e-310*1 subnormal exact", 1e-310, 1, 1 },
    };
    for (int i = 0; i < 7; i++) {
        volatile double a = cases[i].a, b = cases[i].b;
        double r;
        write_sysreg(fpsr, 0);
        if (cases[i].op == 0) {
            __asm__ volatile("fdiv %d0, %d1, %d2" : "=w"(r) : "w"(a), "w"(b));
        } else {
            __asm__ volatile("fmul %d0, %d1, %d2" : "=w"(r) : "w"(a), "w"(b));
        }
        printf("fpsr %-26s %02lx result %016lx\n", cases[i].name, read_sysreg(fpsr), bits(r));
    }
    uint64_t saved = read_sysreg(fpcr);
    write_sysreg(fpcr, 1UL << 24); /* FZ: flush subnormal inputs and outputs to zero */
    write_sysreg(fpsr, 0);
    double r;
    __asm__ volatile("fmul %d0, %d1, %d2" : "=w"(r) : "w"(vd[6]), "w"(vd[0]));
    printf("FZ=1 1e-310*1 -> %016lx fpsr %02lx\n", bits(r), read_sysreg(fpsr));
    write_sysreg(fpcr, saved);
    write_sysreg(fpsr, 0);
}

int main(void)
{
    printf("== float\n");
    mandelbrot();
    integration();
    sqrt_div();
    conversions();
    rounding_modes();
    fma_and_nan();
    fpsr_flags();
    printf("== float done\n");
    return 0;
}
