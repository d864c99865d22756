/*
 * Tiny freestanding printf. Decimal conversion divides by 10 in 32-bit chunks so that
 * 32-bit targets (SPARC V8) do not need 64-bit division helpers from libgcc.
 */
#include "printf.h"

/* Splits v into base-10^9 limbs with 32-bit arithmetic only (v = hi*2^32 + lo). */
static int u64_to_dec(uint64_t v, char *out)
{
    char tmp[24];
    int n = 0;
    if (v == 0) {
        tmp[n++] = '0';
    }
    while (v != 0) {
        /* long division of the two 32-bit halves by 10 */
        uint32_t hi = (uint32_t)(v >> 32), lo = (uint32_t)v;
        uint32_t qhi = hi / 10, rhi = hi % 10;
        /* (rhi * 2^32 + lo) / 10, done 16 bits at a time to stay inside 32 bits */
        uint32_t mid = (rhi << 16) | (lo >> 16);
        uint32_t qmid = mid / 10, rmid = mid % 10;
        uint32_t low = (rmid << 16) | (lo & 0xffff);
        uint32_t qlow = low / 10, rlow = low % 10;
        v = ((uint64_t)qhi << 32) | ((uint64_t)qmid << 16) | qlow;
        tmp[n++] = (char)('0' + rlow);
    }
    for (int i = 0; i < n; i++) {
        out[i] = tmp[n - 1 - i];
    }
    return n;
}

static int u64_to_hex(uint64_t v, char *out, int upper)
{
    const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    char tmp[16];
    int n = 0;
    do {
        tmp[n++] = digits[v & 15];
        v >>= 4;
    } while (v != 0);
    for (int i = 0; i < n; i++) {
        out[i] = tmp[n - 1 - i];
    }
    return n;
}

static int emit(const char *s, int len, int width, int left, char pad)
{
    int count = 0;
    if (!left) {
        for (; width > len; width--, count++) {
            guest_putchar(pad);
        }
    }
    for (int i = 0; i < len; i++, count++) {
        guest_putchar(s[i]);
    }
    if (left) {
        for (; width > len; width--, count++) {
            guest_putchar(' ');
        }
    }
    return count;
}

int vprintf(const char *fmt, va_list ap)
{
    int count = 0;
    for (; *fmt; fmt++) {
        if (*fmt != '%') {
            guest_putchar(*fmt);
            count++;
            continue;
        }
        fmt++;
        int left = 0, plus = 0, width = 0, longs = 0;
        char pad = ' ';
        for (; *fmt == '-' || *fmt == '0' || *fmt == '+'; fmt++) {
            if (*fmt == '-') {
                left = 1;
            } else if (*fmt == '+') {
                plus = 1;
            } else {
                pad = '0';
            }
        }
        for (; *fmt >= '0' && *fmt <= '9'; fmt++) {
            width = width * 10 + (*fmt - '0');
        }
        for (; *fmt == 'l' || *fmt == 'z'; fmt++) {
            longs++;
        }
        char buf[24];
        int len;
        uint64_t u;
        switch (*fmt) {
        case 'c':
            buf[0] = (char)va_arg(ap, int);
            count += emit(buf, 1, width, left, ' ');
            break;
        case 's': {
            const char *s = va_arg(ap, const char *);
            if (!s) {
                s = "(null)";
            }
            for (len = 0; s[len]; len++) {
            }
            count += emit(s, len, width, left, ' ');
            break;
        }
        case 'd':
        case 'i': {
            int64_t v = longs ? (int64_t)va_arg(ap, long long) : (int64_t)va_arg(ap, int);
            int neg = v < 0;
            u = neg ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
            len = 0;
            if (neg) {
                buf[len++] = '-';
            } else if (plus) {
                buf[len++] = '+';
            }
            len += u64_to_dec(u, buf + len);
            count += emit(buf, len, width, left, pad);
            break;
        }
        case 'u':
            u = longs ? (uint64_t)va_arg(ap, unsigned long long) : (uint64_t)va_arg(ap, unsigned int);
            len = u64_to_dec(u, buf);
            count += emit(buf, len, width, left, pad);
            break;
        case 'x':
        case 'X':
            u = longs ? (uint64_t)va_arg(ap, unsigned long long) : (uint64_t)va_arg(ap, unsigned int);
            len = u64_to_hex(u, buf, *fmt == 'X');
            count += emit(buf, len, width, left, pad);
            break;
        case 'p':
            u = (uint64_t)(uintptr_t)va_arg(ap, void *);
            buf[0] = '0';
            buf[1] = 'x';
            len = 2 + u64_to_hex(u, buf + 2, 0);
            count += emit(buf, len, width, left, ' ');
            break;
        case '%':
            guest_putchar('%');
            count++;
            break;
        case '\0':
            return count;
        default:
            /* unknown conversion: print it verbatim so the mistake is visible */
            guest_putchar('%');
            guest_putchar(*fmt);
            count += 2;
            break;
        }
    }
    return count;
}

int printf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vprintf(fmt, ap);
    va_end(ap);
    return n;
}

int puts(const char *s)
{
    int n = 0;
    for (; *s; s++, n++) {
        guest_putchar(*s);
    }
    guest_putchar('\n');
    return n + 1;
}

void put_hex64(uint64_t v)
{
    for (int shift = 60; shift >= 0; shift -= 4) {
        guest_putchar("0123456789abcdef"[(v >> shift) & 15]);
    }
}
