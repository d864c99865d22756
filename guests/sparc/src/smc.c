/*
 * Self-modifying code with FLUSH: a JIT buffer in .bss rewritten and called again and again
 * (the value comes from the delay slot of retl), a function in .text patched in place, code
 * and a counter in one 64-byte granule, and many distinct small functions written at once.
 * Every result is printed, so QEMU and Chimera must agree value for value.
 */
#include "leon3.h"
#include "smc.h"

static uint32_t jit[2048] __attribute__((aligned(64)));
extern uint32_t patchme(uint32_t);
extern uint32_t granule_code(void);
extern volatile uint32_t granule_counter;

static void test_jit_buffer(void)
{
    uint32_t sum = 0;
    printf("jit buffer:");
    for (uint32_t i = 0; i < 16; i++) {
        jit[0] = V8_RETL;
        jit[1] = v8_mov_o0(i * 100 + 7);
        flush_code(jit, 8);
        uint32_t r = ((fn0_t)jit)();
        sum += r;
        printf(" %u", r);
    }
    printf("\njit buffer sum %u\n", sum);
}

static void test_patch_in_loop(void)
{
    /* mov 1,%o0; add %o0,k,%o0; retl; nop: k changes every iteration. */
    uint32_t sum = 0;
    jit[64] = v8_mov_o0(1);
    jit[66] = V8_RETL;
    jit[67] = V8_NOP;
    for (uint32_t k = 0; k < 200; k++) {
        jit[65] = v8_add_o0(k * 3);
        flush_code(&jit[64], 16);
        sum += ((fn0_t)&jit[64])();
    }
    printf("patch in loop: sum %u (expect %u)\n", sum, 200u + 3u * (199u * 200u / 2u));
}

static void test_patch_text(void)
{
    printf("patch .text:");
    uint32_t *code = (uint32_t *)(uintptr_t)patchme;
    for (uint32_t k = 1; k <= 5; k++) {
        uint32_t before = patchme(100);
        code[1] = v8_add_o0(k * 10); /* the delay slot of retl */
        flush_code(code, 8);
        printf(" %u->%u", before, patchme(100));
    }
    printf("\n");
}

static void test_same_granule(void)
{
    uint32_t sum = 0;
    for (int i = 0; i < 1000; i++) {
        sum += granule_code();
        granule_counter = granule_counter + 1; /* a data store in the granule of the code */
    }
    printf("same granule: sum %u counter %u\n", sum, granule_counter);
    uint32_t *code = (uint32_t *)(uintptr_t)granule_code;
    code[1] = v8_mov_o0(88);
    flush_code(code, 8);
    sum = 0;
    for (int i = 0; i < 1000; i++) {
        sum += granule_code();
        granule_counter = granule_counter + 1;
    }
    printf("same granule rewritten: sum %u counter %u\n", sum, granule_counter);
}

static void test_many_functions(void)
{
    enum { N = 1000 };
    uint32_t total = 0;
    for (uint32_t round = 0; round < 4; round++) {
        for (uint32_t f = 0; f < N; f++) {
            jit[2 * f] = V8_RETL;
            jit[2 * f + 1] = v8_mov_o0((f * 3 + round * 13) & 0xfff);
        }
        flush_code(jit, 8 * N);
        uint32_t sum = 0;
        for (uint32_t f = 0; f < N; f++) sum += ((fn0_t)&jit[2 * f])();
        printf("many functions round %u: sum %u\n", round, sum);
        total += sum;
    }
    printf("many functions total %u\n", total);
}

int main(void)
{
    printf("== smc\n");
    test_jit_buffer();
    test_patch_in_loop();
    test_patch_text();
    test_same_granule();
    test_many_functions();
    printf("== smc done\n");
    return 0;
}
