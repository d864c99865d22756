/*
 * Self-modifying code on one core, with the cache maintenance the architecture asks for:
 * a JIT buffer in .bss rewritten and called again and again, a function in .text patched in
 * place, code and a counter in one 64-byte granule, and many distinct small functions written
 * at once. Every result is printed, so QEMU and Chimera must agree value for value; a core
 * that ran stale translations prints a different number.
 */
#include "runtime.h"
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
        jit[0] = a64_movz_w0(i * 1000 + 7);
        jit[1] = A64_RET;
        sync_code(jit, 8);
        uint32_t r = ((fn0_t)jit)();
        sum += r;
        printf(" %u", r);
    }
    printf("\njit buffer sum %u\n", sum);
}

static void test_patch_in_loop(void)
{
    /* movz w0,#1; add w0,w0,#k; ret: k changes every iteration. */
    uint32_t sum = 0;
    jit[64] = a64_movz_w0(1);
    jit[66] = A64_RET;
    for (uint32_t k = 0; k < 200; k++) {
        jit[65] = a64_add_w0(k * 3);
        sync_code(&jit[64], 12);
        sum += ((fn0_t)&jit[64])();
    }
    printf("patch in loop: sum %u (expect %u)\n", sum, 200u + 3u * (199u * 200u / 2u));
}

static void test_patch_text(void)
{
    printf("patch .text:");
    for (uint32_t k = 1; k <= 5; k++) {
        uint32_t before = patchme(100);
        *(volatile uint32_t *)(uintptr_t)patchme = a64_add_w0(k * 10);
        sync_code((const void *)(uintptr_t)patchme, 4);
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
    /* Now rewrite the code there, with the counter still being written beside it. */
    uint32_t *code = (uint32_t *)(uintptr_t)granule_code;
    code[0] = a64_movz_w0(88);
    sync_code(code, 4);
    sum = 0;
    for (int i = 0; i < 1000; i++) {
        sum += granule_code();
        granule_counter = granule_counter + 1;
    }
    printf("same granule rewritten: sum %u counter %u\n", sum, granule_counter);
}

static void test_many_functions(void)
{
    /* 1000 functions of two instructions each, every round with new constants. */
    enum { N = 1000 };
    uint32_t total = 0;
    for (uint32_t round = 0; round < 4; round++) {
        for (uint32_t f = 0; f < N; f++) {
            jit[2 * f] = a64_movz_w0((f * 7 + round * 13) & 0xffff);
            jit[2 * f + 1] = A64_RET;
        }
        sync_code(jit, 8 * N);
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
