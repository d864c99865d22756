/*
 * Double-precision C at -O2 (SSE2 code from GCC): Mandelbrot in ASCII, Simpson and trapezoid
 * integration, series for e/pi/exp/sin, Newton's sqrt against sqrtsd, conversions GCC emits
 * for casts (cvttsd2si, cvtsi2sd, the unsigned 64-bit sequences, cvtsd2ss), a 3-body
 * integration and a 6x6 Gaussian elimination. Results are printed as decimals and raw bits.
 */
#include "runtime.h"
#include "fmt-float.h"

static uint64_t bits(double d) { union { double d; uint64_t u; } x = { .d = d }; return x.u; }
static uint32_t fbits(float f) { union { float f; uint32_t u; } x = { .f = f }; return x.u; }

/* hidden from the optimiser so the CPU, not GCC, computes the results */
static volatile double vd[] = { 1.0, 3.0, 2.0, -0.0, 0.0, 1e308, 1e-310, -2.5, 0.5, 1.5, 2.5, -1.5,
                                4294967296.5, 1e18, -1e18, 123456789.987654321, 9.2e18, 1.8e19 };

static void print_row(const char *label, double v)
{
    printf("%-24s ", label);
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
            while (it < 200 && zr * zr + zi * zi < 4.0) {
                double t = zr * zr - zi * zi + cr;
                zi = 2 * zr * zi + ci;
                zr = t;
                it++;
            }
            line[x] = shades[it >= 200 ? 9 : it % 9];
        }
        line[60] = 0;
        printf("|%s|\n", line);
    }
}

static double f_pi(double x) { return 4.0 / (1.0 + x * x); }

static void integration(void)
{
    int n = 2000;
    double h = 1.0 / n, s = f_pi(0) + f_pi(1);
    for (int i = 1; i < n; i++) {
        s += f_pi(i * h) * (i & 1 ? 4 : 2);
    }
    print_row("simpson pi", s * h / 3);
    double t = 0;
    for (int i = 0; i < n; i++) {
        double x0 = 2.0 * i / n, x1 = 2.0 * (i + 1) / n;
        t += (x1 - x0) * ((x0 * x0 * x0 - 2 * x0) + (x1 * x1 * x1 - 2 * x1)) / 2;
    }
    print_row("trapezoid x^3-2x 0..2", t);
    float fs = 0;
    for (int i = 1; i <= 10000; i++) {
        fs += 1.0f / ((float)i * (float)i);
    }
    printf("%-24s %08x\n", "float sum 1/i^2", fbits(fs));
    double e = 1, term = 1;
    for (int i = 1; i < 20; i++) {
        term /= i;
        e += term;
    }
    print_row("e by series", e);
    double leib = 0;
    for (int k = 0; k < 100000; k++) {
        leib += (k & 1 ? -4.0 : 4.0) / (2 * k + 1);
    }
    print_row("leibniz pi 1e5 terms", leib);
}

static double my_exp(double x)
{
    /* exp(x) = exp(x/2^k)^(2^k) with a Taylor series for the small argument */
    int k = 0;
    while (x > 0.5 || x < -0.5) {
        x *= 0.5;
        k++;
    }
    double s = 1, t = 1;
    for (int i = 1; i < 18; i++) {
        t *= x / i;
        s += t;
    }
    while (k--) {
        s *= s;
    }
    return s;
}

static double my_sin(double x)
{
    double s = 0, t = x;
    for (int i = 1; i < 30; i += 2) {
        s += t;
        t *= -x * x / ((i + 1) * (i + 2));
    }
    return s;
}

static void functions(void)
{
    static const double xs[] = { -3.0, -0.1, 0.0, 0.7, 1.0, 2.5, 10.0 };
    for (int i = 0; i < COUNT(xs); i++) {
        double x = xs[i] * vd[0];
        printf("x=%+5ld/10 exp ", (long)(xs[i] * 10));
        print_double(my_exp(x), 9);
        printf(" [%016lx] sin [%016lx]\n", bits(my_exp(x)), bits(my_sin(x)));
    }
}

static void sqrt_div(void)
{
    double two = vd[2], three = vd[1], one = vd[0], zero = vd[4], nzero = vd[3];
    print_row("sqrt(2)", __builtin_sqrt(two));
    print_row("1/3", one / three);
    print_row("1e308*10", vd[5] * 10);
    print_row("1e-310/3 (subnormal)", vd[6] / three);
    printf("%-24s %016lx %016lx %016lx\n", "1/0 1/-0 0/0", bits(one / zero), bits(one / nzero), bits(zero / zero));
    printf("%-24s %016lx\n", "sqrt(-1)", bits(__builtin_sqrt(-one)));
    double x = 1;
    for (int i = 0; i < 8; i++) {
        x = 0.5 * (x + two / x);
    }
    printf("%-24s %016lx (sqrtsd %016lx)\n", "newton sqrt(2)", bits(x), bits(__builtin_sqrt(two)));
}

static void conversions(void)
{
    for (int i = 7; i < COUNT(vd); i++) {
        double d = vd[i];
        long s = (d > -9.2e18 && d < 9.2e18) ? (long)d : 0;
        unsigned long u = (d >= 0 && d < 1.8e19) ? (unsigned long)d : 0;
        int w = (d > -2e9 && d < 2e9) ? (int)d : 0;
        float f = (float)d;
        printf("cvt %016lx: i64 %ld u64 %lu i32 %d f32 %08x back %016lx\n", bits(d), s, u, w, fbits(f),
               bits((double)f));
    }
    static volatile unsigned long uv[] = { 0, 1, 0x7fffffffffffffffUL, 0x8000000000000000UL, 0xfffffffffffff801UL,
                                           0xffffffffffffffffUL, 0x20000000000001UL };
    static volatile long sv[] = { -1, -0x7ffffffffffffdffL, 0x20000000000003L, -0x20000000000003L };
    for (int i = 0; i < COUNT(uv); i++) {
        printf("u64 %016lx -> double %016lx float %08x\n", uv[i], bits((double)uv[i]), fbits((float)uv[i]));
    }
    for (int i = 0; i < COUNT(sv); i++) {
        printf("i64 %016lx -> double %016lx float %08x\n", (unsigned long)sv[i], bits((double)sv[i]),
               fbits((float)sv[i]));
    }
}

/* three bodies with softened gravity, leapfrog, 2000 steps */
static void nbody(void)
{
    double px[3] = { 0, 1, -1 }, py[3] = { 0, 0, 0.2 }, vx[3] = { 0, 0, 0.1 }, vy[3] = { 0, 1, -0.9 };
    const double m[3] = { 1, 0.01, 0.02 }, dt = 0.001;
    for (int step = 0; step < 2000; step++) {
        double ax[3] = { 0 }, ay[3] = { 0 };
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                if (i == j) {
                    continue;
                }
                double dx = px[j] - px[i], dy = py[j] - py[i];
                double r2 = dx * dx + dy * dy + 1e-4;
                double inv = m[j] / (r2 * __builtin_sqrt(r2));
                ax[i] += dx * inv;
                ay[i] += dy * inv;
            }
        }
        for (int i = 0; i < 3; i++) {
            vx[i] += ax[i] * dt;
            vy[i] += ay[i] * dt;
            px[i] += vx[i] * dt;
            py[i] += vy[i] * dt;
        }
    }
    for (int i = 0; i < 3; i++) {
        printf("body %d: x [%016lx] y [%016lx] ", i, bits(px[i]), bits(py[i]));
        print_double(px[i], 6);
        printf(" ");
        print_double(py[i], 6);
        printf("\n");
    }
}

static void gauss(void)
{
    enum { N = 6 };
    double a[N][N + 1];
    for (int i = 0; i < N; i++) {
        for (int j = 0; j < N; j++) {
            a[i][j] = 1.0 / (i + j + 1) + (i == j ? 1.0 : 0.0); /* Hilbert + I */
        }
        a[i][N] = i + 1;
    }
    for (int c = 0; c < N; c++) {
        int p = c;
        for (int r = c + 1; r < N; r++) {
            if (__builtin_fabs(a[r][c]) > __builtin_fabs(a[p][c])) {
                p = r;
            }
        }
        for (int k = 0; k <= N; k++) {
            double t = a[c][k];
            a[c][k] = a[p][k];
            a[p][k] = t;
        }
        for (int r = 0; r < N; r++) {
            if (r != c) {
                double f = a[r][c] / a[c][c];
                for (int k = c; k <= N; k++) {
                    a[r][k] -= f * a[c][k];
                }
            }
        }
    }
    for (int i = 0; i < N; i++) {
        double x = a[i][N] / a[i][i];
        printf("x%d = ", i);
        print_double(x, 9);
        printf(" [%016lx]\n", bits(x));
    }
}

int main(void)
{
    printf("== float\n");
    mandelbrot();
    integration();
    functions();
    sqrt_div();
    conversions();
    nbody();
    gauss();
    printf("== float done\n");
    return 0;
}
