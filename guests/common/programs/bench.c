/*
 * Benchmark for `npm run bench`: fixed work in several integer kernels (sorting, hashing,
 * a bytecode interpreter loop, matrix multiply, sieve), ending with one checksum per kernel
 * and an overall checksum. Takes about 1-3 s under QEMU TCG; emulators are compared by
 * wall time for the same output. Shared by the aarch64 and x86-64 guests (each arch's Makefile
 * builds it against its own runtime); x86-64 sets ROUNDS to 24.
 */
#include "runtime.h"

#ifndef ROUNDS
#define ROUNDS 32
#endif

static uint64_t rng = 0x2545f4914f6cdd1dUL;
static uint32_t next32(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (uint32_t)(rng >> 11);
}

static uint32_t mix(uint32_t h, uint32_t v) { return (h ^ v) * 0x01000193u; }

/* --- sort --- */
#define SORT_N 32768
static uint32_t sort_buf[SORT_N];

static void qsort_u32(uint32_t *v, int lo, int hi)
{
    while (lo < hi) {
        uint32_t p = v[lo + (hi - lo) / 2];
        int i = lo, j = hi;
        while (i <= j) {
            while (v[i] < p) i++;
            while (v[j] > p) j--;
            if (i <= j) { uint32_t t = v[i]; v[i] = v[j]; v[j] = t; i++; j--; }
        }
        if (j - lo < hi - i) { qsort_u32(v, lo, j); lo = i; } else { qsort_u32(v, i, hi); hi = j; }
    }
}

static uint32_t kernel_sort(void)
{
    uint32_t h = 0x811c9dc5u;
    for (int r = 0; r < 3; r++) {
        for (int i = 0; i < SORT_N; i++) sort_buf[i] = next32();
        qsort_u32(sort_buf, 0, SORT_N - 1);
        for (int i = 0; i < SORT_N; i += 97) h = mix(h, sort_buf[i]);
    }
    return h;
}

/* --- hash: CRC32 (table) and FNV over a 256 KiB buffer --- */
#define HASH_N (256 * 1024)
static uint8_t hash_buf[HASH_N];
static uint32_t crc_table[256];

static uint32_t kernel_hash(void)
{
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t c = i;
        for (int k = 0; k < 8; k++) c = c & 1 ? 0xedb88320u ^ (c >> 1) : c >> 1;
        crc_table[i] = c;
    }
    for (int i = 0; i < HASH_N; i++) hash_buf[i] = (uint8_t)next32();
    uint32_t crc = 0xffffffffu;
    uint64_t fnv = 0xcbf29ce484222325UL;
    for (int r = 0; r < 2; r++) {
        for (int i = 0; i < HASH_N; i++) {
            crc = crc_table[(crc ^ hash_buf[i]) & 0xff] ^ (crc >> 8);
            fnv = (fnv ^ hash_buf[i]) * 0x100000001b3UL;
        }
    }
    return ~crc ^ (uint32_t)fnv ^ (uint32_t)(fnv >> 32);
}

/* --- interpreter: a register VM computing a polynomial recurrence in a loop --- */
enum { OP_LI, OP_ADD, OP_MUL, OP_XOR, OP_SHR, OP_DEC, OP_JNZ, OP_END };
struct insn { uint8_t op, a, b, c; int32_t imm; };

static uint32_t kernel_interp(void)
{
    static const struct insn prog[] = {
        { OP_LI, 0, 0, 0, 200000 },  /* r0 = loop count */
        { OP_LI, 1, 0, 0, 1 },       /* r1 = state */
        { OP_LI, 2, 0, 0, 1103515245 },
        { OP_LI, 3, 0, 0, 12345 },
        { OP_MUL, 1, 1, 2, 0 },      /* 4: r1 = r1 * r2 */
        { OP_ADD, 1, 1, 3, 0 },      /*    r1 += r3 */
        { OP_SHR, 4, 1, 0, 16 },     /*    r4 = r1 >> 16 */
        { OP_XOR, 5, 5, 4, 0 },      /*    r5 ^= r4 */
        { OP_ADD, 5, 5, 1, 0 },      /*    r5 += r1 */
        { OP_DEC, 0, 0, 0, 0 },
        { OP_JNZ, 0, 0, 0, 4 },
        { OP_END, 0, 0, 0, 0 },
    };
    uint32_t r[8] = { 0 };
    int pc = 0;
    for (;;) {
        const struct insn *in = &prog[pc++];
        switch (in->op) {
        case OP_LI: r[in->a] = (uint32_t)in->imm; break;
        case OP_ADD: r[in->a] = r[in->b] + r[in->c]; break;
        case OP_MUL: r[in->a] = r[in->b] * r[in->c]; break;
        case OP_XOR: r[in->a] = r[in->b] ^ r[in->c]; break;
        case OP_SHR: r[in->a] = r[in->b] >> in->imm; break;
        case OP_DEC: r[in->a]--; break;
        case OP_JNZ: if (r[in->a]) pc = in->imm; break;
        case OP_END: return r[5] ^ r[1];
        }
    }
}

/* --- integer matrix multiply --- */
#define MAT 64
static int32_t ma[MAT][MAT], mb[MAT][MAT], mc[MAT][MAT];

static uint32_t kernel_matrix(void)
{
    for (int i = 0; i < MAT; i++)
        for (int j = 0; j < MAT; j++) {
            ma[i][j] = (int32_t)(next32() % 201) - 100;
            mb[i][j] = (int32_t)(next32() % 201) - 100;
        }
    for (int i = 0; i < MAT; i++)
        for (int j = 0; j < MAT; j++) {
            int32_t s = 0;
            for (int k = 0; k < MAT; k++) s += ma[i][k] * mb[k][j];
            mc[i][j] = s;
        }
    uint32_t h = 0x811c9dc5u;
    for (int i = 0; i < MAT; i++)
        for (int j = 0; j < MAT; j++) h = mix(h, (uint32_t)mc[i][j]);
    return h;
}

/* --- sieve of Eratosthenes --- */
#define SIEVE_N 200000
static uint8_t composite[SIEVE_N];

static uint32_t kernel_sieve(void)
{
    for (int i = 0; i < SIEVE_N; i++) composite[i] = 0;
    uint32_t count = 0, last = 0;
    for (uint32_t i = 2; i < SIEVE_N; i++) {
        if (composite[i]) continue;
        count++;
        last = i;
        for (uint32_t j = i * 2; j < SIEVE_N; j += i) composite[j] = 1;
    }
    return count * 1000003u ^ last;
}

int main(void)
{
    printf("== bench (%d rounds)\n", ROUNDS);
    uint32_t total = 0;
    for (int r = 0; r < ROUNDS; r++) {
        uint32_t s = kernel_sort(), h = kernel_hash(), i = kernel_interp(), m = kernel_matrix(),
                 p = kernel_sieve();
        printf("round %d: sort %08x hash %08x interp %08x matrix %08x sieve %08x\n", r, s, h, i, m, p);
        total = mix(mix(mix(mix(mix(total, s), h), i), m), p);
    }
    printf("checksum %08x\n", total);
    printf("== bench done\n");
    return 0;
}
