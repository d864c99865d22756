/*
 * Code placed by the loader in a data section: initialised arrays of instruction words in
 * .data, called through function pointers. The bytes come from the ELF's loadable segment, so
 * nothing but the loader wrote them and no cache maintenance is needed. Then the same arrays
 * are changed with ordinary stores (with the required maintenance) and called again, and a
 * data word next to the code is updated between calls.
 */
#include "runtime.h"
#include "smc.h"

/* movz w0,#42; ret */
static uint32_t answer[16] __attribute__((aligned(64))) = { 0x52800540u, 0xd65f03c0u };
/* add w0,w0,w1; ret, followed by a data word in the same granule */
static uint32_t adder[16] __attribute__((aligned(64))) = { 0x0b010000u, 0xd65f03c0u, 0, 0, 0x12345678u };

typedef uint32_t (*fn2_t)(uint32_t, uint32_t);

int main(void)
{
    printf("== code-in-data\n");
    printf("answer: %u\n", ((fn0_t)answer)());
    uint32_t sum = 0;
    for (uint32_t i = 0; i < 100; i++) {
        sum += ((fn2_t)adder)(i, 2 * i);
        adder[4] += i; /* data beside the code */
    }
    printf("adder: sum %u, data word %08x\n", sum, adder[4]);
    answer[0] = a64_movz_w0(4242);
    sync_code(answer, 4);
    printf("answer rewritten: %u\n", ((fn0_t)answer)());
    adder[0] = 0x4b010000u; /* sub w0, w0, w1 */
    sync_code(adder, 4);
    printf("adder rewritten: %u\n", ((fn2_t)adder)(1000, 1));
    printf("== code-in-data done\n");
    return 0;
}
