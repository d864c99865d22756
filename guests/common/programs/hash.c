/* CRC32 (bitwise and table), FNV-1a 32/64 and SHA-256 of fixed data (integer only). */
#include "runtime.h"

static uint32_t crc_table[256];

static void crc_init(void)
{
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t c = i;
        for (int k = 0; k < 8; k++) c = c & 1 ? 0xedb88320u ^ (c >> 1) : c >> 1;
        crc_table[i] = c;
    }
}

static uint32_t crc32_table(const uint8_t *p, int n)
{
    uint32_t c = 0xffffffffu;
    for (int i = 0; i < n; i++) c = crc_table[(c ^ p[i]) & 0xff] ^ (c >> 8);
    return ~c;
}

static uint32_t crc32_bitwise(const uint8_t *p, int n)
{
    uint32_t c = 0xffffffffu;
    for (int i = 0; i < n; i++) {
        c ^= p[i];
        for (int k = 0; k < 8; k++) c = (c >> 1) ^ (0xedb88320u & (0u - (c & 1)));
    }
    return ~c;
}

static uint32_t fnv1a32(const uint8_t *p, int n)
{
    uint32_t h = 0x811c9dc5u;
    for (int i = 0; i < n; i++) h = (h ^ p[i]) * 0x01000193u;
    return h;
}

static uint64_t fnv1a64(const uint8_t *p, int n)
{
    uint64_t h = 0xcbf29ce484222325UL;
    for (int i = 0; i < n; i++) h = (h ^ p[i]) * 0x100000001b3UL;
    return h;
}

/* ---- SHA-256 (FIPS 180-4) ---- */
static const uint32_t K[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

#define ROR(x, n) (((x) >> (n)) | ((x) << (32 - (n))))

static void sha256_block(uint32_t *h, const uint8_t *blk)
{
    uint32_t w[64];
    for (int i = 0; i < 16; i++)
        w[i] = (uint32_t)blk[4 * i] << 24 | (uint32_t)blk[4 * i + 1] << 16 | (uint32_t)blk[4 * i + 2] << 8 | blk[4 * i + 3];
    for (int i = 16; i < 64; i++) {
        uint32_t s0 = ROR(w[i - 15], 7) ^ ROR(w[i - 15], 18) ^ (w[i - 15] >> 3);
        uint32_t s1 = ROR(w[i - 2], 17) ^ ROR(w[i - 2], 19) ^ (w[i - 2] >> 10);
        w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], hh = h[7];
    for (int i = 0; i < 64; i++) {
        uint32_t t1 = hh + (ROR(e, 6) ^ ROR(e, 11) ^ ROR(e, 25)) + ((e & f) ^ (~e & g)) + K[i] + w[i];
        uint32_t t2 = (ROR(a, 2) ^ ROR(a, 13) ^ ROR(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
        hh = g; g = f; f = e; e = d + t1; d = c; c = b; b = a; a = t1 + t2;
    }
    h[0] += a; h[1] += b; h[2] += c; h[3] += d; h[4] += e; h[5] += f; h[6] += g; h[7] += hh;
}

static void sha256(const uint8_t *msg, uint32_t n, uint32_t out[8])
{
    static const uint32_t init[8] = { 0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                      0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19 };
    uint8_t blk[64];
    for (int i = 0; i < 8; i++) out[i] = init[i];
    uint32_t done = 0;
    for (; n - done >= 64; done += 64) sha256_block(out, msg + done);
    uint32_t rest = n - done, k;
    for (k = 0; k < rest; k++) blk[k] = msg[done + k];
    blk[k++] = 0x80;
    if (k > 56) {
        while (k < 64) blk[k++] = 0;
        sha256_block(out, blk);
        k = 0;
    }
    while (k < 56) blk[k++] = 0;
    uint64_t bits = (uint64_t)n * 8;
    for (int i = 0; i < 8; i++) blk[56 + i] = (uint8_t)(bits >> (56 - 8 * i));
    sha256_block(out, blk);
}

static void print_sha(const char *label, const uint8_t *msg, uint32_t n)
{
    uint32_t h[8];
    sha256(msg, n, h);
    printf("sha256(%s) = ", label);
    for (int i = 0; i < 8; i++) printf("%08x", h[i]);
    printf("\n");
}

static uint8_t data[10000];

int main(void)
{
    printf("== hash\n");
    crc_init();
    for (int i = 0; i < 10000; i++) data[i] = (uint8_t)((i * i + 7 * i) ^ (i >> 5));
    const uint8_t *abc = (const uint8_t *)"abc";
    const uint8_t *fox = (const uint8_t *)"The quick brown fox jumps over the lazy dog";
    printf("crc32(fox) table=%08x bitwise=%08x\n", crc32_table(fox, 43), crc32_bitwise(fox, 43));
    printf("crc32(data) table=%08x bitwise=%08x\n", crc32_table(data, 10000), crc32_bitwise(data, 10000));
    printf("fnv1a32(fox)=%08x fnv1a64(fox)=%016lx\n", fnv1a32(fox, 43), fnv1a64(fox, 43));
    printf("fnv1a32(data)=%08x fnv1a64(data)=%016lx\n", fnv1a32(data, 10000), fnv1a64(data, 10000));
    print_sha("\"\"", abc, 0);
    print_sha("abc", abc, 3);
    print_sha("fox", fox, 43);
    print_sha("data[0..55]", data, 55);
    print_sha("data[0..63]", data, 64);
    print_sha("data", data, 10000);
    printf("== hash done\n");
    return 0;
}
