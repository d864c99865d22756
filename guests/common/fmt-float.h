/* Decimal formatting of doubles for guests (needs FP; not for -mgeneral-regs-only files). */
#ifndef CHIMERA_GUEST_FMT_FLOAT_H
#define CHIMERA_GUEST_FMT_FLOAT_H

/** Prints v with exactly `decimals` digits after the point (0..9), rounding half up. */
void print_double(double v, int decimals);

#endif
