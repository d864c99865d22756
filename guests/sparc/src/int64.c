/*
 * 64-bit integer arithmetic as GCC emits it for 32-bit SPARC: inline add/sub with addcc/addx,
 * and calls to the runtime's V8 helpers for multiply, divide, modulo and variable shifts.
 */
#include "leon3.h"

static uint32_t state = 0x9e3779b9;

static uint32_t next32(void)
{
    state ^= state << 13;
    state ^= state >> 17;
    state ^= state << 5;
    return state;
}

static uint64_t next64(void)
{
    uint64_t hi = next32();
    /* vary magnitudes so both the 32-bit fast path and the long division run */
    switch (next32() & 3) {
    case 0: return next32();
    case 1: return (hi << 32) | next32();
    case 2: return (hi & 0xffff) << 32 | next32();
    default: return (hi << 32) | (next32() & 0xff);
    }
}

/* Opaque to the optimiser so helpers are really called. */
__attribute__((noipa)) static int shift_amount(int n) { return n; }

int main(void)
{
    printf("int64 start\n");
    static const uint64_t fixed[][2] = {
        { 0xffffffffffffffffull, 1 },
        { 0x8000000000000000ull, 0xffffffffffffffffull },
        { 0x123456789abcdef0ull, 0x100000000ull },
        { 1000000000000ull, 7 },
        { 0xfedcba9876543210ull, 0xfedcba98ull },
        { 5, 0x8000000000000001ull },
    };
    for (unsigned i = 0; i < 6; i++) {
        uint64_t a = fixed[i][0], b = fixed[i][1];
        int64_t sa = (int64_t)a, sb = (int64_t)b;
        printf("a=%016llx b=%016llx\n", a, b);
        printf("  add=%016llx sub=%016llx mul=%016llx\n", a + b, a - b, a * b);
        printf("  udiv=%016llx umod=%016llx\n", a / b, a % b);
        if (!(sa == (int64_t)0x8000000000000000ull && sb == -1)) {
            printf("  sdiv=%016llx smod=%016llx\n", (uint64_t)(sa / sb), (uint64_t)(sa % sb));
        }
        printf("  lt=%d slt=%d\n", a < b, sa < sb);
    }
    uint64_t acc = 0;
    for (unsigned i = 0; i < 2000; i++) {
        uint64_t a = next64(), b = next64() | 1;
        int64_t sa = (int64_t)a, sb = (int64_t)b;
        int n = shift_amount((int)(next32() & 63));
        uint64_t r = a * b;
        r ^= a / b;
        r += a % b;
        if (sb != -1) {
            r ^= (uint64_t)(sa / sb) + (uint64_t)(sa % sb);
        }
        r += (a << n) ^ (a >> n) ^ (uint64_t)(sa >> n);
        r += (a < b) + 2 * (sa < sb);
        acc = (acc << 1 | acc >> 63) ^ r;
        if (i % 250 == 0) {
            printf("i=%4u a=%016llx b=%016llx n=%2d r=%016llx\n", i, a, b, n, r);
        }
    }
    printf("decimal: %llu %lld\n", acc, (int64_t)acc);
    printf("int64 checksum %016llx\n", acc);
    return 0;
}
