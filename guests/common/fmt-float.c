/*
 * Fixed-point printing of doubles. Deterministic as long as the FPU is IEEE-754 exact:
 * the scaled value is converted once to an integer, then printed with integer code.
 */
#include <stdint.h>
#include "fmt-float.h"
#include "printf.h"

void print_double(double v, int decimals)
{
    if (v != v) {
        printf("nan");
        return;
    }
    if (v < 0) {
        guest_putchar('-');
        v = -v;
    }
    if (v > 9.0e18) {
        printf("inf-or-huge");
        return;
    }
    uint64_t scale = 1;
    for (int i = 0; i < decimals; i++) {
        scale *= 10;
    }
    double scaled = v * (double)scale + 0.5;
    if (scaled > 1.8e19) {
        printf("huge");
        return;
    }
    uint64_t fixed = (uint64_t)scaled;
    uint64_t whole = fixed / scale, frac = fixed % scale;
    printf("%lu", whole);
    if (decimals > 0) {
        guest_putchar('.');
        char digits[10];
        for (int i = decimals - 1; i >= 0; i--) {
            digits[i] = (char)('0' + frac % 10);
            frac /= 10;
        }
        for (int i = 0; i < decimals; i++) {
            guest_putchar(digits[i]);
        }
    }
}
