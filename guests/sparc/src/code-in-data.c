/*
 * Code placed by the loader in a data section: initialised arrays of instruction words in
 * .data, called through function pointers. Then the same arrays are changed with ordinary
 * stores and FLUSH and called again, and a data word next to the code is updated between calls.
 */
#include "leon3.h"
#include "smc.h"

/* retl; mov 42,%o0 */
static uint32_t answer[16] __attribute__((aligned(64))) = { 0x81c3e008u, 0x9010202au };
/* retl; add %o0,%o1,%o0; then a data word in the same granule */
static uint32_t adder[16] __attribute__((aligned(64))) = { 0x81c3e008u, 0x90020009u, 0, 0, 0x12345678u };

int main(void)
{
    printf("== code-in-data\n");
    printf("answer: %u\n", ((fn0_t)answer)());
    uint32_t sum = 0;
    for (uint32_t i = 0; i < 100; i++) {
        sum += ((fn2_t)adder)(i, 2 * i);
        adder[4] += i;
    }
    printf("adder: sum %u, data word %08x\n", sum, adder[4]);
    answer[1] = v8_mov_o0(4000 + 42);
    flush_code(answer, 8);
    printf("answer rewritten: %u\n", ((fn0_t)answer)());
    adder[1] = V8_SUB_O0_O1;
    flush_code(adder, 8);
    printf("adder rewritten: %u\n", ((fn2_t)adder)(1000, 1));
    printf("== code-in-data done\n");
    return 0;
}
