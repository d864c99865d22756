/*
 * Lots of code: every round writes CODEGEN_FUNCS new small functions (SETHI and an OR in the
 * delay slot of RETL, a constant unique to the round) to memory no round used before, FLUSHes
 * them and calls each a few times. A simulator that translates code sees CODEGEN_ROUNDS x
 * CODEGEN_FUNCS distinct functions; its caches must stay bounded (codegen-long runs 1000
 * rounds for the memory measurement in docs/performance.md).
 */
#include "leon3.h"
#include "smc.h"

#ifndef CODEGEN_ROUNDS
#define CODEGEN_ROUNDS 8
#endif
#define CODEGEN_FUNCS 1024

/* Every function of every round has its own 16 bytes: nothing is ever overwritten, so a
   translator cannot free old code because it was replaced; only its cache bound can. */
static uint32_t area[CODEGEN_ROUNDS * CODEGEN_FUNCS * 4] __attribute__((aligned(4096)));

int main(void)
{
    printf("== codegen: %u rounds of %u functions\n", CODEGEN_ROUNDS, CODEGEN_FUNCS);
    uint32_t total = 0;
    for (uint32_t round = 0; round < CODEGEN_ROUNDS; round++) {
        for (uint32_t f = 0; f < CODEGEN_FUNCS; f++) {
            uint32_t *code = &area[(round * CODEGEN_FUNCS + f) * 4];
            code[0] = 0x11000000u | (round << 2);         /* sethi %hi(round << 12), %o0 */
            code[1] = V8_RETL;
            code[2] = 0x90122000u | (f & 0x3ffu);         /* or %o0, f, %o0 */
            flush_code(code, 12);
        }
        uint32_t sum = 0;
        for (uint32_t call = 0; call < 3; call++)
            for (uint32_t f = 0; f < CODEGEN_FUNCS; f++) sum += ((fn0_t)&area[(round * CODEGEN_FUNCS + f) * 4])();
        total = total * 31 + sum;
        if (round % 100 == 99 || round == CODEGEN_ROUNDS - 1) printf("round %u: sum %08x total %08x\n", round, sum, total);
    }
    printf("== codegen done\n");
    return 0;
}
