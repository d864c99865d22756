/*
 * Tiny freestanding printf for Chimera guest programs.
 * The architecture runtime supplies guest_putchar(); everything else is portable C.
 * Supported conversions: %c %s %d %i %u %x %X %p %% with flags '0' and '-', a field width,
 * and the length modifiers l / ll / z (64-bit). No floating point: see fmt-float.h.
 */
#ifndef CHIMERA_GUEST_PRINTF_H
#define CHIMERA_GUEST_PRINTF_H

#include <stdarg.h>
#include <stdint.h>
#include <stddef.h>

/** Writes one byte to the console. Provided by the architecture runtime. */
void guest_putchar(int c);

int printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int vprintf(const char *fmt, va_list ap);
int puts(const char *s);

/** Prints a 64-bit value as 16 hex digits (no prefix). */
void put_hex64(uint64_t v);

#endif
