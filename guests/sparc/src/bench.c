/*
 * Benchmark: a fixed integer workload (CRC-32 over a buffer, 32x32 matrix multiply, prime
 * sieve, LCG-driven insertion into a hash table, deep call chains through register windows),
 * repeated ROUNDS times. Prints per-part checksums; the run time is what is measured.
 */
#include "leon3.h"

#define ROUNDS 120

static uint8_t buffer[16384];
static uint32_t crc_table[256];
static int32_t ma[32][32], mb[32][32], mc[32][32];
static uint8_t sieve[65536];
static uint32_t table[4096];

static uint32_t crc_part(void)
{
    uint32_t c = 0xffffffffu;
    for (uint32_t i = 0; i < sizeof(buffer); i++) c = crc_table[(c ^ buffer[i]) & 0xff] ^ (c >> 8);
    return ~c;
}

static uint32_t matrix_part(uint32_t round)
{
    for (int i = 0; i < 32; i++)
        for (int j = 0; j < 32; j++) {
            ma[i][j] = (int32_t)((i * 7 + j * 3 + round) & 0xff) - 128;
            mb[i][j] = (int32_t)((i * 5 + j * 11 + round * 3) & 0xff) - 100;
        }
    uint32_t sum = 0;
    for (int i = 0; i < 32; i++)
        for (int j = 0; j < 32; j++) {
            int32_t acc = 0;
            for (int k = 0; k < 32; k++) acc += ma[i][k] * mb[k][j];
            mc[i][j] = acc;
            sum = sum * 31 + (uint32_t)acc;
        }
    return sum;
}

static uint32_t sieve_part(void)
{
    uint32_t n = sizeof(sieve), count = 0;
    for (uint32_t i = 0; i < n; i++) sieve[i] = 1;
    for (uint32_t i = 2; i < n; i++) {
        if (!sieve[i]) continue;
        count++;
        for (uint32_t j = i * 2; j < n; j += i) sieve[j] = 0;
    }
    return count;
}

static uint32_t hash_part(uint32_t seed)
{
    for (uint32_t i = 0; i < 4096; i++) table[i] = 0;
    uint32_t x = seed, collisions = 0;
    for (uint32_t i = 0; i < 3000; i++) {
        x = x * 1664525u + 1013904223u;
        uint32_t key = x | 1, h = (key * 2654435761u) >> 20;
        while (table[h] != 0) {
            collisions++;
            h = (h + 1) & 4095;
        }
        table[h] = key;
    }
    return collisions;
}

__attribute__((noipa)) static uint32_t chain(uint32_t depth, uint32_t v)
{
    if (depth == 0) return v;
    uint32_t r = chain(depth - 1, v * 3 + depth);
    return (r << 1 | r >> 31) ^ depth;
}

int main(void)
{
    printf("bench start\n");
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t c = i;
        for (int k = 0; k < 8; k++) c = (c & 1) ? 0xedb88320u ^ (c >> 1) : c >> 1;
        crc_table[i] = c;
    }
    uint32_t crc = 0, mat = 0, primes = 0, coll = 0, calls = 0;
    for (uint32_t round = 0; round < ROUNDS; round++) {
        for (uint32_t i = 0; i < sizeof(buffer); i++) buffer[i] = (uint8_t)(i * 13 + round);
        crc ^= crc_part();
        mat += matrix_part(round);
        primes += sieve_part();
        coll += hash_part(round);
        for (uint32_t k = 0; k < 200; k++) calls += chain(40, k + round);
    }
    printf("crc=%08x matrix=%08x primes=%u collisions=%u calls=%08x\n", crc, mat, primes, coll,
           calls);
    printf("checksum %08x\n", crc ^ mat ^ primes ^ coll ^ calls);
    printf("bench done\n");
    return 0;
}
