/*
 * Loads and stores: every addressing mode (unsigned offset, unscaled, pre/post-index, register
 * offset with extend/shift, literal), pairs, sign-extending loads, byte/half stores.
 * All accesses are naturally aligned (the MMU is off: Device memory).
 */
#include "runtime.h"

static uint8_t buf[128] __attribute__((aligned(16)));

static void fill(void)
{
    for (int i = 0; i < 128; i++) {
        buf[i] = (uint8_t)(i * 37 + 0x80);
    }
}

static void dump(const char *what)
{
    printf("%s:", what);
    for (int i = 0; i < 64; i += 8) {
        uint64_t v = 0;
        for (int k = 7; k >= 0; k--) {
            v = (v << 8) | buf[i + k];
        }
        printf(" %016lx", v);
    }
    printf("\n");
}

#define OFF(p) ((long)((uint8_t *)(p) - buf))

static void loads(void)
{
    uint8_t *b = buf;
    uint64_t r0, r1, r2, r3, r4, r5;
    uint8_t *p;

    __asm__ volatile("ldr %0, [%6, #16]\n\tldr %w1, [%6, #4]\n\tldrh %w2, [%6, #6]\n\t"
                     "ldrb %w3, [%6, #63]\n\tldur %4, [%6, #-0]\n\tldur %w5, [%6, #12]"
                     : "=&r"(r0), "=&r"(r1), "=&r"(r2), "=&r"(r3), "=&r"(r4), "=&r"(r5)
                     : "r"(b) : "memory");
    printf("uoff   %016lx %016lx %016lx %016lx %016lx %016lx\n", r0, r1, r2, r3, r4, r5);

    __asm__ volatile("ldrsb %0, [%6, #1]\n\tldrsb %w1, [%6, #1]\n\tldrsh %2, [%6, #2]\n\t"
                     "ldrsh %w3, [%6, #10]\n\tldrsw %4, [%6, #4]\n\tldrsw %5, [%6, #8]"
                     : "=&r"(r0), "=&r"(r1), "=&r"(r2), "=&r"(r3), "=&r"(r4), "=&r"(r5)
                     : "r"(b) : "memory");
    printf("sext   %016lx %016lx %016lx %016lx %016lx %016lx\n", r0, r1, r2, r3, r4, r5);

    __asm__ volatile("ldursb %0, [%6, #-3]\n\tldursh %w1, [%6, #-2]\n\tldursw %2, [%6, #-4]\n\t"
                     "ldurb %w3, [%6, #-1]\n\tldurh %w4, [%6, #-6]\n\tldur %5, [%6, #-8]"
                     : "=&r"(r0), "=&r"(r1), "=&r"(r2), "=&r"(r3), "=&r"(r4), "=&r"(r5)
                     : "r"(b + 64) : "memory");
    printf("unscl  %016lx %016lx %016lx %016lx %016lx %016lx\n", r0, r1, r2, r3, r4, r5);

    p = b + 8;
    __asm__ volatile("ldr %0, [%2, #8]!\n\tldr %w1, [%2], #-12" : "=&r"(r0), "=&r"(r1), "+r"(p) : : "memory");
    printf("index  %016lx %016lx base=%ld\n", r0, r1, OFF(p));
    p = b + 32;
    __asm__ volatile("ldrsh %0, [%2, #-2]!\n\tldrsb %w1, [%2], #255" : "=&r"(r0), "=&r"(r1), "+r"(p) : : "memory");
    printf("index2 %016lx %016lx base=%ld\n", r0, r1, OFF(p));

    uint64_t idx = 3, nidx = (uint64_t)-2, widx = 0xffffffff00000005UL;
    p = b + 32;
    __asm__ volatile("ldr %0, [%6, %7, lsl #3]\n\tldr %1, [%6, %7]\n\tldrb %w2, [%6, %w8, sxtw]\n\t"
                     "ldrh %w3, [%6, %w9, uxtw #1]\n\tldrsw %4, [%6, %8, lsl #2]\n\tldrsh %w5, [%6, %w8, sxtw #1]"
                     : "=&r"(r0), "=&r"(r1), "=&r"(r2), "=&r"(r3), "=&r"(r4), "=&r"(r5)
                     : "r"(p), "r"(idx), "r"(nidx), "r"(widx) : "memory");
    printf("regoff %016lx %016lx %016lx %016lx %016lx %016lx\n", r0, r1, r2, r3, r4, r5);

    __asm__ volatile("ldr %0, 1f\n\tldr %w1, 1f+8\n\tldrsw %2, 1f+8\n\tb 2f\n\t.balign 8\n"
                     "1:\t.quad 0x0011223344556677\n\t.word 0x89abcdef\n\t.word 0\n2:"
                     : "=&r"(r0), "=&r"(r1), "=&r"(r2));
    printf("lit    %016lx %016lx %016lx\n", r0, r1, r2);

    p = b + 16;
    __asm__ volatile("ldp %0, %1, [%6, #16]\n\tldp %w2, %w3, [%6, #-8]\n\tldpsw %4, %5, [%6, #40]"
                     : "=&r"(r0), "=&r"(r1), "=&r"(r2), "=&r"(r3), "=&r"(r4), "=&r"(r5)
                     : "r"(p) : "memory");
    printf("pair   %016lx %016lx %016lx %016lx %016lx %016lx\n", r0, r1, r2, r3, r4, r5);
    __asm__ volatile("ldp %0, %1, [%4, #-16]!\n\tldp %w2, %w3, [%4], #48"
                     : "=&r"(r0), "=&r"(r1), "=&r"(r2), "=&r"(r3), "+r"(p) : : "memory");
    printf("pairix %016lx %016lx %016lx %016lx base=%ld\n", r0, r1, r2, r3, OFF(p));
    __asm__ volatile("ldnp %0, %1, [%2, #-32]" : "=&r"(r0), "=&r"(r1) : "r"(p) : "memory");
    printf("ldnp   %016lx %016lx\n", r0, r1);
    __asm__ volatile("prfm pldl1keep, [%0]\n\tprfm pstl2strm, [%0, #64]" : : "r"(p));
}

static void stores(void)
{
    uint8_t *b = buf, *p;
    uint64_t v = 0xfedcba9876543210UL, w = 0x0f1e2d3c4b5a6978UL;
    fill();
    __asm__ volatile("str %1, [%0]\n\tstr %w2, [%0, #8]\n\tstrh %w1, [%0, #12]\n\tstrb %w2, [%0, #14]\n\t"
                     "stur %w1, [%0, #16]\n\tsturh %w2, [%0, #22]\n\tsturb %w1, [%0, #21]"
                     : : "r"(b), "r"(v), "r"(w) : "memory");
    dump("st-off");
    fill();
    p = b + 24;
    __asm__ volatile("str %1, [%0, #8]!\n\tstr %w2, [%0], #-24\n\tstrh %w1, [%0, #2]!\n\tstrb %w2, [%0], #100"
                     : "+r"(p) : "r"(v), "r"(w) : "memory");
    dump("st-idx");
    printf("base=%ld\n", OFF(p));
    fill();
    uint64_t i1 = 5, i2 = (uint64_t)-3;
    __asm__ volatile("str %1, [%0, %3, lsl #3]\n\tstr %w2, [%0, %w4, sxtw #2]\n\tstrh %w2, [%0, %3]\n\tstrb %w1, [%0, %4]"
                     : : "r"(b + 16), "r"(v), "r"(w), "r"(i1), "r"(i2) : "memory");
    dump("st-reg");
    fill();
    p = b + 32;
    __asm__ volatile("stp %1, %2, [%0, #-32]\n\tstp %w2, %w1, [%0, #16]!\n\tstp %2, xzr, [%0], #-8\n\tstnp wzr, %w1, [%0, #-4]"
                     : "+r"(p) : "r"(v), "r"(w) : "memory");
    dump("st-pair");
    printf("base=%ld\n", OFF(p));
    fill();
    /* writeback base used as data register is CONSTRAINED UNPREDICTABLE: avoided */
    p = b;
    for (int k = 0; k < 8; k++) {
        __asm__ volatile("strb %w1, [%0], #7" : "+r"(p) : "r"(k + 0xa0) : "memory");
    }
    dump("st-loop");
}

/* Plain C at -O2: struct copies, unions and byte/half/word arrays. */
struct rec {
    uint8_t tag;
    int16_t h;
    int32_t w;
    int64_t d;
    uint8_t tail[5];
};

static void c_access(void)
{
    static struct rec recs[4];
    static volatile int8_t sb[4] = { -1, -128, 127, 5 };
    for (int i = 0; i < 4; i++) {
        recs[i].tag = (uint8_t)(0xf0 + i);
        recs[i].h = (int16_t)(sb[i] * 300);
        recs[i].w = sb[i] * 70000;
        recs[i].d = (int64_t)sb[i] << 40;
        for (int k = 0; k < 5; k++) {
            recs[i].tail[k] = (uint8_t)(i * 5 + k);
        }
    }
    struct rec copy = recs[2];
    recs[3] = recs[1];
    recs[1] = copy;
    for (int i = 0; i < 4; i++) {
        printf("rec%d %x %d %d %ld %x%x%x%x%x\n", i, recs[i].tag, recs[i].h, recs[i].w,
               recs[i].d, recs[i].tail[0], recs[i].tail[1], recs[i].tail[2], recs[i].tail[3],
               recs[i].tail[4]);
    }
}

int main(void)
{
    printf("== loadstore\n");
    fill();
    dump("init");
    loads();
    stores();
    c_access();
    printf("== loadstore done\n");
    return 0;
}
