/*
 * C long double (x87 80-bit extended precision, GCC's code at -O2): series for e and pi,
 * factorials exact to 64 significant bits, harmonic sums, Newton's sqrt against fsqrt,
 * conversions to and from 64-bit integers (signed and unsigned), float/double rounding,
 * comparisons with NaN, a long-double Mandelbrot row and Kahan vs naive summation.
 * Every value is printed as its 80-bit image (sign/exponent word, significand).
 */
#include "runtime.h"

union ld {
    long double v;
    struct {
        uint64_t mant;
        uint16_t se;
    } b;
};

static void px(const char *label, long double v)
{
    union ld u;
    u.v = v;
    printf("%-26s %04x:%016lx\n", label, u.b.se, u.b.mant);
}

static void pv(long double v)
{
    union ld u;
    u.v = v;
    printf("%04x:%016lx", u.b.se, u.b.mant);
}

static uint64_t dbits(double d) { union { double d; uint64_t u; } x = { .d = d }; return x.u; }
static uint32_t fbits(float f) { union { float f; uint32_t u; } x = { .f = f }; return x.u; }

static volatile long double one = 1.0L, two = 2.0L, three = 3.0L, ten = 10.0L, zero = 0.0L;

static void series(void)
{
    long double e = 1, t = 1;
    for (int i = 1; i < 26; i++) {
        t /= i;
        e += t;
    }
    px("e", e);
    /* pi by Machin: 16 atan(1/5) - 4 atan(1/239) */
    long double a5 = 0, a239 = 0, p5 = one / 5, p239 = one / 239;
    for (int k = 0; k < 40; k++) {
        a5 += (k & 1 ? -p5 : p5) / (2 * k + 1);
        a239 += (k & 1 ? -p239 : p239) / (2 * k + 1);
        p5 /= 25;
        p239 /= 239 * 239;
    }
    px("pi (Machin)", 16 * a5 - 4 * a239);
    long double h = 0;
    for (int i = 1; i <= 1000; i++) {
        h += one / i;
    }
    px("H(1000)", h);
    long double f = 1;
    for (int i = 2; i <= 25; i++) {
        f *= i;
        if (i == 20 || i == 21 || i == 25) {
            char name[16] = "fact(";
            name[5] = (char)('0' + i / 10);
            name[6] = (char)('0' + i % 10);
            name[7] = ')';
            name[8] = 0;
            px(name, f);
        }
    }
    /* 20! fits in 64 bits: convert back exactly */
    long double f20 = 1;
    for (int i = 2; i <= 20; i++) {
        f20 *= i;
    }
    printf("%-26s %lu\n", "(uint64)fact(20)", (unsigned long)f20);
}

static void sqrt_newton(void)
{
    long double x = 1;
    for (int i = 0; i < 10; i++) {
        x = (x + two / x) / 2;
    }
    px("newton sqrt(2)", x);
    px("fsqrt(2)", __builtin_sqrtl(two));
    px("fsqrt(3)", __builtin_sqrtl(three));
    px("1/3", one / three);
    px("10/3", ten / three);
    px("-1/3", -one / three);
    px("1/0", one / zero);
    px("0/0", zero / zero);
    px("sqrt(-1)", __builtin_sqrtl(-one));
}

static void conversions(void)
{
    static volatile long sv[] = { 0, -1, 0x7fffffffffffffffL, -0x7fffffffffffffffL - 1, 0x123456789abcdefL };
    static volatile unsigned long uv[] = { 0x8000000000000000UL, 0xffffffffffffffffUL, 0xfffffffffffff801UL };
    for (int i = 0; i < COUNT(sv); i++) {
        long double v = sv[i];
        printf("i64 %016lx -> ", (unsigned long)sv[i]);
        pv(v);
        printf(" back %016lx\n", (unsigned long)(long)v);
    }
    for (int i = 0; i < COUNT(uv); i++) {
        long double v = uv[i];
        printf("u64 %016lx -> ", uv[i]);
        pv(v);
        printf(" back %016lx double %016lx float %08x\n", (unsigned long)v, dbits((double)v), fbits((float)v));
    }
    static volatile long double lv[] = { 2.5L, -2.5L, 3.5L, 1e19L, 0.1L, 1.0000000000000000001L, 1e-4940L };
    for (int i = 0; i < COUNT(lv); i++) {
        long double v = lv[i];
        long s = (v > -9e18L && v < 9e18L) ? (long)v : 0;
        pv(v);
        printf(" -> (long) %ld (double) %016lx (float) %08x\n", s, dbits((double)v), fbits((float)v));
    }
}

static void compares(void)
{
    long double nan = zero / zero, vals[] = { -one, zero, one, nan };
    for (int i = 0; i < 4; i++) {
        for (int j = 0; j < 4; j++) {
            long double a = vals[i], b = vals[j];
            printf("%d%d%d%d%d%d ", a < b, a <= b, a == b, a != b, a >= b, a > b);
        }
        printf("\n");
    }
    printf("isunordered %d %d\n", __builtin_isunordered(nan, one), __builtin_isunordered(one, two));
}

static void mandel_row(void)
{
    char line[65];
    for (int x = 0; x < 64; x++) {
        long double cr = -0.75L + (x - 32) * 0.0001L, ci = 0.1L;
        long double zr = 0, zi = 0;
        int it = 0;
        while (it < 500 && zr * zr + zi * zi < 4) {
            long double t = zr * zr - zi * zi + cr;
            zi = 2 * zr * zi + ci;
            zr = t;
            it++;
        }
        line[x] = (char)('a' + it % 26);
    }
    line[64] = 0;
    printf("mandel %s\n", line);
}

static void kahan(void)
{
    long double naive = 0, sum = 0, c = 0;
    double dn = 0;
    for (int i = 0; i < 100000; i++) {
        long double v = one / (i + 1) / (i + 1);
        naive += v;
        dn += (double)v;
        long double y = v - c, t = sum + y;
        c = (t - sum) - y;
        sum = t;
    }
    px("sum 1/i^2 naive", naive);
    px("sum 1/i^2 kahan", sum);
    printf("%-26s %016lx\n", "sum 1/i^2 double", dbits(dn));
}

int main(void)
{
    printf("== ldouble\n");
    series();
    sqrt_newton();
    conversions();
    compares();
    mandel_row();
    kahan();
    printf("== ldouble done\n");
    return 0;
}
