/*
 * 64-bit integer helpers that GCC calls on 32-bit SPARC. Debian's 32-bit libgcc is built for
 * V8+ (it uses 64-bit registers), so these are written here with 32-bit operations only.
 * Semantics follow the libgcc API: shifts take counts 0..63, division by zero traps (tt 0x2a)
 * through a real 32-bit udiv by zero.
 */
#include <stdint.h>

typedef union {
    uint64_t all;
    struct { uint32_t hi, lo; } w;   /* big endian: high word first */
} dw;

uint64_t __ashldi3(uint64_t a, int b);
uint64_t __lshrdi3(uint64_t a, int b);
int64_t __ashrdi3(int64_t a, int b);
uint64_t __muldi3(uint64_t a, uint64_t b);
uint64_t __udivmoddi4(uint64_t n, uint64_t d, uint64_t *rem);
uint64_t __udivdi3(uint64_t n, uint64_t d);
uint64_t __umoddi3(uint64_t n, uint64_t d);
int64_t __divdi3(int64_t n, int64_t d);
int64_t __moddi3(int64_t n, int64_t d);
int __cmpdi2(int64_t a, int64_t b);
int __ucmpdi2(uint64_t a, uint64_t b);

uint64_t __ashldi3(uint64_t a, int b)
{
    dw x = { .all = a }, r;
    if (b == 0) {
        return a;
    }
    if (b >= 32) {
        r.w.hi = x.w.lo << (b - 32);
        r.w.lo = 0;
    } else {
        r.w.hi = (x.w.hi << b) | (x.w.lo >> (32 - b));
        r.w.lo = x.w.lo << b;
    }
    return r.all;
}

uint64_t __lshrdi3(uint64_t a, int b)
{
    dw x = { .all = a }, r;
    if (b == 0) {
        return a;
    }
    if (b >= 32) {
        r.w.lo = x.w.hi >> (b - 32);
        r.w.hi = 0;
    } else {
        r.w.lo = (x.w.lo >> b) | (x.w.hi << (32 - b));
        r.w.hi = x.w.hi >> b;
    }
    return r.all;
}

int64_t __ashrdi3(int64_t a, int b)
{
    dw x = { .all = (uint64_t)a }, r;
    if (b == 0) {
        return a;
    }
    if (b >= 32) {
        r.w.lo = (uint32_t)((int32_t)x.w.hi >> (b - 32));
        r.w.hi = (uint32_t)((int32_t)x.w.hi >> 31);
    } else {
        r.w.lo = (x.w.lo >> b) | (x.w.hi << (32 - b));
        r.w.hi = (uint32_t)((int32_t)x.w.hi >> b);
    }
    return (int64_t)r.all;
}

/* 32x32 -> 64 with umul (V8 has it); GCC expands this widening multiply inline. */
static inline uint64_t mul32x32(uint32_t a, uint32_t b)
{
    return (uint64_t)a * (uint64_t)b;
}

uint64_t __muldi3(uint64_t a, uint64_t b)
{
    dw x = { .all = a }, y = { .all = b }, r;
    r.all = mul32x32(x.w.lo, y.w.lo);
    r.w.hi += x.w.hi * y.w.lo + x.w.lo * y.w.hi;
    return r.all;
}

static uint32_t divide_by_zero(void)
{
    volatile uint32_t zero = 0;
    return 1u / zero;   /* udiv by 0: tt 0x2a, as the hardware would do */
}

uint64_t __udivmoddi4(uint64_t n, uint64_t d, uint64_t *rem)
{
    dw num = { .all = n }, den = { .all = d }, q, r;
    if (den.w.hi == 0 && den.w.lo == 0) {
        divide_by_zero();
        if (rem) {
            *rem = n;
        }
        return 0;
    }
    if (num.w.hi == 0 && den.w.hi == 0) {
        q.w.hi = 0;
        q.w.lo = num.w.lo / den.w.lo;
        if (rem) {
            r.w.hi = 0;
            r.w.lo = num.w.lo - q.w.lo * den.w.lo;
            *rem = r.all;
        }
        return q.all;
    }
    /* restoring shift-subtract division, one bit per step, halves only */
    q.all = 0;
    r.all = 0;
    for (int i = 63; i >= 0; i--) {
        /* r = (r << 1) | bit i of n */
        uint32_t bit = i >= 32 ? (num.w.hi >> (i - 32)) & 1 : (num.w.lo >> i) & 1;
        r.w.hi = (r.w.hi << 1) | (r.w.lo >> 31);
        r.w.lo = (r.w.lo << 1) | bit;
        if (r.w.hi > den.w.hi || (r.w.hi == den.w.hi && r.w.lo >= den.w.lo)) {
            uint32_t borrow = r.w.lo < den.w.lo;
            r.w.lo -= den.w.lo;
            r.w.hi -= den.w.hi + borrow;
            if (i >= 32) {
                q.w.hi |= 1u << (i - 32);
            } else {
                q.w.lo |= 1u << i;
            }
        }
    }
    if (rem) {
        *rem = r.all;
    }
    return q.all;
}

uint64_t __udivdi3(uint64_t n, uint64_t d)
{
    return __udivmoddi4(n, d, 0);
}

uint64_t __umoddi3(uint64_t n, uint64_t d)
{
    uint64_t r;
    __udivmoddi4(n, d, &r);
    return r;
}

static inline uint64_t neg64(uint64_t a)
{
    dw x = { .all = a };
    x.w.lo = ~x.w.lo + 1;
    x.w.hi = ~x.w.hi + (x.w.lo == 0);
    return x.all;
}

static inline int is_neg(int64_t a)
{
    dw x = { .all = (uint64_t)a };
    return (int32_t)x.w.hi < 0;
}

int64_t __divdi3(int64_t n, int64_t d)
{
    int neg = is_neg(n) != is_neg(d);
    uint64_t un = is_neg(n) ? neg64((uint64_t)n) : (uint64_t)n;
    uint64_t ud = is_neg(d) ? neg64((uint64_t)d) : (uint64_t)d;
    uint64_t q = __udivmoddi4(un, ud, 0);
    return (int64_t)(neg ? neg64(q) : q);
}

int64_t __moddi3(int64_t n, int64_t d)
{
    uint64_t un = is_neg(n) ? neg64((uint64_t)n) : (uint64_t)n;
    uint64_t ud = is_neg(d) ? neg64((uint64_t)d) : (uint64_t)d;
    uint64_t r;
    __udivmoddi4(un, ud, &r);
    return (int64_t)(is_neg(n) ? neg64(r) : r);
}

/* libgcc convention: 0 if a < b, 1 if equal, 2 if a > b */
int __cmpdi2(int64_t a, int64_t b)
{
    dw x = { .all = (uint64_t)a }, y = { .all = (uint64_t)b };
    if ((int32_t)x.w.hi != (int32_t)y.w.hi) {
        return (int32_t)x.w.hi < (int32_t)y.w.hi ? 0 : 2;
    }
    if (x.w.lo != y.w.lo) {
        return x.w.lo < y.w.lo ? 0 : 2;
    }
    return 1;
}

int __ucmpdi2(uint64_t a, uint64_t b)
{
    dw x = { .all = a }, y = { .all = b };
    if (x.w.hi != y.w.hi) {
        return x.w.hi < y.w.hi ? 0 : 2;
    }
    if (x.w.lo != y.w.lo) {
        return x.w.lo < y.w.lo ? 0 : 2;
    }
    return 1;
}
