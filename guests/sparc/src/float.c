/*
 * FPU: single and double arithmetic, sqrt, conversions, comparisons (fcmp + fbfcc), FSR
 * accrued/current exception flags, and all four FSR rounding modes applied to divisions and
 * conversions. Results are printed as raw hex bits plus a decimal rendering done with FP
 * arithmetic itself (exact IEEE rounding makes it deterministic).
 */
#include "leon3.h"

static inline uint32_t fbits(float f)
{
    union { float f; uint32_t u; } x = { .f = f };
    return x.u;
}
static inline uint64_t dbits(double d)
{
    union { double d; uint64_t u; } x = { .d = d };
    return x.u;
}
static inline float bitsf(uint32_t u)
{
    union { float f; uint32_t u; } x = { .u = u };
    return x.f;
}
static inline double bitsd(uint64_t u)
{
    union { double d; uint64_t u; } x = { .u = u };
    return x.d;
}

static uint32_t read_fsr(void)
{
    uint32_t v;
    __asm__ volatile("st %%fsr, %0" : "=m"(v));
    return v;
}
static void write_fsr(uint32_t v)
{
    __asm__ volatile("ld %0, %%fsr" : : "m"(v) : "memory");
}

/* FSR fields: RD 31:30, TEM 27:23, NS 22, ver 19:17, ftt 16:14, fcc 11:10, aexc 9:5, cexc 4:0 */
static void print_fsr(const char *what)
{
    uint32_t f = read_fsr();
    printf("  fsr after %s: rd=%u fcc=%u aexc=%02x cexc=%02x\n", what, f >> 30, (f >> 10) & 3,
           (f >> 5) & 31, f & 31);
}

/* d.dddddddde+XX using only double arithmetic and fdtoi */
static void print_double(double x)
{
    uint64_t b = dbits(x);
    if (((b >> 52) & 0x7ff) == 0x7ff) {
        printf((b & 0xfffffffffffffull) ? "nan" : (b >> 63) ? "-inf" : "inf");
        return;
    }
    if (b >> 63) {
        guest_putchar('-');
        x = -x;
    }
    int e = 0;
    if (x != 0.0) {
        while (x >= 10.0) { x /= 10.0; e++; }
        while (x < 1.0) { x *= 10.0; e--; }
    }
    int d = (int)x;
    printf("%d.", d);
    for (int i = 0; i < 9; i++) {
        x = (x - d) * 10.0;
        d = (int)x;
        guest_putchar('0' + d);
    }
    printf("e%c%02d", e < 0 ? '-' : '+', e < 0 ? -e : e);
}

static volatile double dvals[] = { 1.0, -2.5, 3.0, 0.1, 1e300, 1e-300, 123456.789, -0.0 };
static volatile float fvals[] = { 1.0f, -2.5f, 3.0f, 0.1f, 3e38f, 1e-38f, 1234.5678f, -0.0f };

static void arithmetic(void)
{
    printf("double arithmetic\n");
    for (int i = 0; i < 8; i += 1) {
        int j = (i * 5 + 3) & 7;
        double a = dvals[i], b = dvals[j];
        printf("a=%016llx b=%016llx add=%016llx sub=%016llx mul=%016llx div=%016llx\n",
               dbits(a), dbits(b), dbits(a + b), dbits(a - b), dbits(a * b), dbits(a / b));
        printf("  a*b = ");
        print_double(a * b);
        printf("  a/b = ");
        print_double(a / b);
        printf("\n");
    }
    printf("single arithmetic\n");
    for (int i = 0; i < 8; i += 1) {
        int j = (i * 3 + 1) & 7;
        float a = fvals[i], b = fvals[j];
        printf("a=%08x b=%08x add=%08x sub=%08x mul=%08x div=%08x\n", fbits(a), fbits(b),
               fbits(a + b), fbits(a - b), fbits(a * b), fbits(a / b));
    }
    write_fsr(0);
}

static void roots(void)
{
    printf("sqrt\n");
    static const double in[] = { 2.0, 0.25, 1e10, 3.0, 0.0, -1.0 };
    for (int i = 0; i < 6; i++) {
        double d = in[i], rd;
        float f = (float)in[i], rf;
        __asm__ volatile("fsqrtd %1, %0" : "=f"(rd) : "f"(d));
        __asm__ volatile("fsqrts %1, %0" : "=f"(rf) : "f"(f));
        printf("sqrt(");
        print_double(d);
        printf(") = %016llx %08x ", dbits(rd), fbits(rf));
        print_double(rd);
        printf("\n");
    }
    print_fsr("sqrt(-1)");
    write_fsr(0);
}

static void conversions(void)
{
    printf("conversions\n");
    static const int32_t ints[] = { 0, 1, -1, 16777217, 2147483647, -2147483647 - 1, 123456789 };
    for (int i = 0; i < 7; i++) {
        volatile int32_t v = ints[i];
        float f = (float)v;
        double d = (double)v;
        printf("int %d: fitos=%08x fitod=%016llx\n", v, fbits(f), dbits(d));
    }
    static const double ds[] = { 1.5, -1.5, 2.5, -2.7, 1e10, -1e10, 0.49999999, 4294967296.0 };
    for (int i = 0; i < 8; i++) {
        volatile double d = ds[i];
        int32_t di = (int32_t)d;
        float f = (float)d;
        double back = (double)f;
        printf("double %016llx: fdtoi=%d fdtos=%08x fstod=%016llx fstoi=%d\n", dbits(d), di,
               fbits(f), dbits(back), (int32_t)f);
        print_fsr("conversion");
        write_fsr(0);
    }
}

/* fcmpd + fbfcc: GCC emits the required instruction between compare and branch */
static void compares(void)
{
    printf("compares\n");
    volatile double nan = bitsd(0x7ff8000000000000ull);
    double vals[] = { 1.0, 2.0, -0.0, 0.0, nan };
    for (int i = 0; i < 5; i++) {
        for (int j = 0; j < 5; j++) {
            volatile double a = vals[i], b = vals[j];
            printf("%d%d%d%d ", a < b, a == b, a > b, a != b);
        }
        printf("\n");
    }
    float fa = fvals[0], fb = fvals[1];
    printf("single: %d %d %d\n", fa < fb, fa == fb, fa > fb);
    print_fsr("compares");
    write_fsr(0);
}

static void exceptions(void)
{
    printf("exceptions\n");
    volatile double zero = 0.0, one = 1.0, big = 1e308, tiny = 1e-308, three = 3.0;
    volatile double r;
    write_fsr(0);
    r = one / three;
    print_fsr("1/3 (inexact)");
    write_fsr(0);
    r = one / zero;
    print_fsr("1/0 (divide by zero)");
    printf("  1/0 = %016llx\n", dbits(r));
    write_fsr(0);
    r = zero / zero;
    print_fsr("0/0 (invalid)");
    printf("  0/0 = %016llx\n", dbits(r));
    write_fsr(0);
    r = big * big;
    print_fsr("1e308^2 (overflow)");
    printf("  = %016llx\n", dbits(r));
    write_fsr(0);
    r = tiny * tiny;
    print_fsr("1e-308^2 (underflow)");
    printf("  = %016llx\n", dbits(r));
    r = one + one;
    print_fsr("1+1 (exact, aexc kept)");
    write_fsr(0);
    volatile float fz = 0.0f, fo = 1.0f;
    volatile float fr = fo / fz;
    print_fsr("single 1/0");
    printf("  = %08x\n", fbits(fr));
    write_fsr(0);
    (void)r;
}

static void rounding_modes(void)
{
    static const char *names[] = { "nearest", "to-zero", "to+inf", "to-inf" };
    for (uint32_t rd = 0; rd < 4; rd++) {
        write_fsr(rd << 30);
        volatile double one = 1.0, two = 2.0, three = 3.0, seven = 7.0, big = 1e10;
        volatile float fone = 1.0f, fthree = 3.0f, fseven = 7.0f;
        printf("rounding %s\n", names[rd]);
        printf("  d 1/3=%016llx -1/3=%016llx 2/3=%016llx 1/7=%016llx -1e10/7=%016llx\n",
               dbits(one / three), dbits(-one / three), dbits(two / three), dbits(one / seven),
               dbits(-big / seven));
        printf("  s 1/3=%08x -1/3=%08x 1/7=%08x -1/7=%08x\n", fbits(fone / fthree),
               fbits(-fone / fthree), fbits(fone / fseven), fbits(-fone / fseven));
        volatile int32_t i1 = 16777217, i2 = -16777219;
        volatile double d1 = one / three;
        printf("  fitos(16777217)=%08x fitos(-16777219)=%08x fdtos(1/3)=%08x\n",
               fbits((float)i1), fbits((float)i2), fbits((float)d1));
        /* fdtoi always truncates, whatever RD says */
        volatile double d2 = 2.75, d3 = -2.75;
        printf("  fdtoi(2.75)=%d fdtoi(-2.75)=%d\n", (int32_t)d2, (int32_t)d3);
        double s;
        volatile double two_d = two;
        __asm__ volatile("fsqrtd %1, %0" : "=f"(s) : "f"(two_d));
        printf("  sqrt(2)=%016llx\n", dbits(s));
    }
    write_fsr(0);
}

static void misc_ops(void)
{
    float a = fvals[1], r1, r2, r3;
    __asm__ volatile("fnegs %3, %0\n\tfabss %3, %1\n\tfmovs %3, %2"
                     : "=&f"(r1), "=&f"(r2), "=&f"(r3) : "f"(a));
    printf("fnegs=%08x fabss=%08x fmovs=%08x\n", fbits(r1), fbits(r2), fbits(r3));
    /* ldd/std of FP registers and ld/st of single registers through memory */
    static volatile uint64_t mem64 = 0x400921fb54442d18ull;
    static volatile uint32_t mem32;
    double pi = bitsd(mem64);
    mem32 = fbits((float)pi);
    printf("pi=%016llx (float)pi=%08x ", dbits(pi), mem32);
    print_double(pi);
    printf("\n");
    double acc = 0.0;
    for (int i = 1; i <= 1000; i++) acc += 1.0 / ((double)i * (double)i);
    printf("sum 1/n^2 (n<=1000) = %016llx ", dbits(acc));
    print_double(acc);
    printf("\n");
    float facc = 0.0f;
    for (int i = 1; i <= 1000; i++) facc += 1.0f / (float)i;
    printf("harmonic(1000) single = %08x\n", fbits(facc));
    (void)bitsf;
}

int main(void)
{
    printf("float start\n");
    printf("fsr at start: %08x\n", read_fsr() & ~(7u << 17));
    arithmetic();
    roots();
    conversions();
    compares();
    exceptions();
    rounding_modes();
    misc_ops();
    printf("float done\n");
    return 0;
}
