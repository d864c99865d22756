/*
 * Register windows: recursion to depths 1..24 with values live across calls in locals and
 * ins. Prints, per depth, the window overflow/underflow traps taken (crt0 counts them) and a
 * checksum that is wrong if a spill or fill lost a register.
 */
#include "leon3.h"

static inline uint32_t rotl(uint32_t r, int n) { return (r << n) | (r >> (32 - n)); }

/* Keeps eight values live across the recursive call so all locals get spilled. */
__attribute__((noipa)) static uint32_t deep(uint32_t depth, uint32_t seed)
{
    uint32_t a = seed * 3 + 1, b = seed ^ 0x5a5a, c = seed + depth, d = seed << 3;
    uint32_t e = seed * 7, f = ~seed, g = seed >> 1, h = depth * 0x01010101u;
    if (depth == 0) {
        return a + b + c + d + e + f + g + h;
    }
    uint32_t r = deep(depth - 1, a ^ h);
    /* use everything after the call so it must survive in the window */
    return ((r << 5) | (r >> 27)) + (a ^ b) + (c * d) + (e - f) + (g | h) + depth;
}

/* Mutual recursion with many arguments: ins are live too. */
__attribute__((noipa)) static uint32_t ping(uint32_t n, uint32_t x1, uint32_t x2,
                                               uint32_t x3, uint32_t x4, uint32_t x5);
__attribute__((noipa)) static uint32_t pong(uint32_t n, uint32_t x1, uint32_t x2,
                                               uint32_t x3, uint32_t x4, uint32_t x5)
{
    if (n == 0) {
        return x1 + x2 + x3 + x4 + x5;
    }
    uint32_t r = ping(n - 1, x2, x3, x4, x5, x1 + n);
    return ((r << 3) | (r >> 29)) ^ (x1 + 2 * x2 + 3 * x3 + 4 * x4 + 5 * x5);
}
__attribute__((noipa)) static uint32_t ping(uint32_t n, uint32_t x1, uint32_t x2,
                                               uint32_t x3, uint32_t x4, uint32_t x5)
{
    if (n == 0) {
        return x5;
    }
    uint32_t r = pong(n - 1, x5, x4, x3, x2, x1 * 3);
    return ((r << 7) | (r >> 25)) + x1 - x5 + n;
}

/* A software trap taken at every depth: the trap window is sometimes the invalid one (crt0
   spills first), and the C handler's own deep calls spill the trapped window (crt0 fills it
   back before rett). */
static volatile uint32_t handler_sum;

static void ta5_handler(struct trap_frame *f)
{
    handler_sum += deep(12, f->tt);
    trap_skip(f);
}

__attribute__((noipa)) static uint32_t trap_at_depth(uint32_t depth, uint32_t v)
{
    if (depth == 0) {
        __asm__ volatile("ta 5" : : : "memory");
        return v;
    }
    uint32_t r = trap_at_depth(depth - 1, v * 5 + depth);
    return rotl(r, 9) ^ v ^ depth;
}

int main(void)
{
    printf("windows start\n");
    for (uint32_t depth = 0; depth <= 24; depth++) {
        uint32_t o0 = __window_overflows, u0 = __window_underflows;
        uint32_t sum = deep(depth, 0x1234 + depth);
        uint32_t o1 = __window_overflows, u1 = __window_underflows;
        printf("depth %2u: sum=%08x overflows=%u underflows=%u\n", depth, sum, o1 - o0, u1 - u0);
    }
    uint32_t o0 = __window_overflows, u0 = __window_underflows;
    uint32_t r = ping(100, 1, 2, 3, 4, 5);
    printf("ping(100) = %08x overflows=%u underflows=%u\n", r, __window_overflows - o0,
           __window_underflows - u0);
    trap_set_handler(TT_SOFTWARE(5), ta5_handler);
    for (uint32_t depth = 0; depth <= 12; depth++) {
        uint32_t o0 = __window_overflows, u0 = __window_underflows;
        uint32_t s0 = __trap_entry_spills, f0 = __trap_return_fills;
        handler_sum = 0;
        uint32_t r = trap_at_depth(depth, depth);
        printf("trap at depth %2u: result=%08x handler=%08x overflows=%u underflows=%u "
               "entry spills=%u return fills=%u\n", depth, r, handler_sum,
               __window_overflows - o0, __window_underflows - u0, __trap_entry_spills - s0,
               __trap_return_fills - f0);
    }
    printf("windows done\n");
    return 0;
}
