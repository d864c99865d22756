/*
 * Loads and stores of every width: ldub/ldsb/lduh/ldsh/ld/ldd, stb/sth/st/std (big endian),
 * register+register and register+immediate addressing, alternate space (lda/sta with ASI
 * 0x0b supervisor data and 0x1c MMU bypass), and the atomics ldstub, swap and LEON3 casa.
 */
#include "leon3.h"

static uint8_t buf[64] __attribute__((aligned(8)));

static void fill(void)
{
    for (unsigned i = 0; i < sizeof(buf); i++) {
        buf[i] = (uint8_t)(0x80 + i * 7);
    }
}

static void dump(const char *what)
{
    printf("%s:", what);
    for (unsigned i = 0; i < 24; i++) {
        printf(" %02x", buf[i]);
    }
    printf("\n");
}

static void loads(void)
{
    uint8_t *p = buf;
    for (uint32_t off = 0; off < 8; off++) {
        uint32_t ub, sb, uh = 0, sh = 0, w = 0;
        __asm__ volatile("ldub [%2 + %3], %0\n\tldsb [%2 + %3], %1"
                         : "=&r"(ub), "=&r"(sb) : "r"(p), "r"(off));
        if ((off & 1) == 0) {
            __asm__ volatile("lduh [%2 + %3], %0\n\tldsh [%2 + %3], %1"
                             : "=&r"(uh), "=&r"(sh) : "r"(p), "r"(off));
        }
        if ((off & 3) == 0) {
            __asm__ volatile("ld [%1 + %2], %0" : "=r"(w) : "r"(p), "r"(off));
        }
        printf("off %u: ldub=%08x ldsb=%08x lduh=%08x ldsh=%08x ld=%08x\n", off, ub, sb, uh, sh,
               w);
    }
    uint32_t hi, lo;
    __asm__ volatile("ldd [%2 + 8], %%o4\n\tmov %%o4, %0\n\tmov %%o5, %1"
                     : "=r"(hi), "=r"(lo) : "r"(p) : "o4", "o5");
    printf("ldd +8 = %08x %08x\n", hi, lo);
    /* immediate offsets, including negative ones */
    uint32_t a, b, w0;
    uint32_t base = (uint32_t)p;
    __asm__ volatile("ldsh [%1 + -2], %0" : "=r"(a) : "r"(base + 16));
    __asm__ volatile("ldub [%1 + 4095], %0" : "=r"(b) : "r"(base + 20 - 4095));
    __asm__ volatile("ldub [%1 + -4096], %0" : "=r"(w0) : "r"(base + 21 + 4096));
    printf("ldsh [p+16-2] = %08x ldub [p+20] = %08x ldub [p+21] = %08x\n", a, b, w0);
}

static void stores(void)
{
    uint8_t *p = buf;
    __asm__ volatile("stb %1, [%0 + 0]\n\tstb %2, [%0 + 1]" : : "r"(p), "r"(0x123), "r"(0xfe)
                     : "memory");
    __asm__ volatile("sth %1, [%0 + 2]\n\tsth %2, [%0 + 4]" : : "r"(p), "r"(0xabcd1234),
                     "r"(0x8001) : "memory");
    __asm__ volatile("st %1, [%0 + 8]" : : "r"(p), "r"(0xcafef00d) : "memory");
    __asm__ volatile("mov %1, %%o4\n\tmov %2, %%o5\n\tstd %%o4, [%0 + 16]"
                     : : "r"(p), "r"(0x01234567), "r"(0x89abcdef) : "o4", "o5", "memory");
    dump("after stores");
    /* std of %g0:%g1 pair stores zero for %g0 */
    __asm__ volatile("mov %1, %%g1\n\tstd %%g0, [%0 + 8]" : : "r"(p), "r"(0x77777777)
                     : "g1", "memory");
    dump("std %g0");
}

static void alternate_space(void)
{
    uint32_t *w = (uint32_t *)buf;
    uint32_t a, b;
    __asm__ volatile("sta %2, [%3] 0x0b\n\tlda [%3] 0x0b, %0\n\tlda [%4] 0x1c, %1"
                     : "=&r"(a), "=&r"(b) : "r"(0x600df00d), "r"(w + 1), "r"(w + 1)
                     : "memory");
    printf("lda/sta asi 0x0b = %08x, asi 0x1c = %08x\n", a, b);
    uint32_t h;
    __asm__ volatile("lduba [%1] 0x0b, %0" : "=r"(h) : "r"(buf + 5));
    printf("lduba = %08x\n", h);
}

static void atomics(void)
{
    volatile uint8_t *lock = buf + 32;
    volatile uint32_t *word = (uint32_t *)(buf + 36);
    *lock = 0x12;
    uint32_t old1 = ldstub(lock);
    uint32_t old2 = ldstub(lock);
    printf("ldstub: %02x then %02x, now %02x\n", old1, old2, *lock);
    *word = 0x11111111;
    uint32_t s = swap32(word, 0x22222222);
    printf("swap: old %08x now %08x\n", s, *word);
    uint32_t c1 = casa32(word, 0x22222222, 0x33333333);
    printf("casa match: old %08x now %08x\n", c1, *word);
    uint32_t c2 = casa32(word, 0x22222222, 0x44444444);
    printf("casa mismatch: old %08x now %08x\n", c2, *word);
    /* flush and stbar are no-ops for the program's view of memory */
    __asm__ volatile("flush %0\n\tstbar" : : "r"(buf) : "memory");
    printf("flush/stbar ok\n");
}

int main(void)
{
    printf("ldst start\n");
    fill();
    loads();
    stores();
    alternate_space();
    atomics();
    printf("ldst done\n");
    return 0;
}
