/*
 * Lots of code: every round writes CODEGEN_FUNCS new small functions (a MOVZ/MOVK pair of
 * constants unique to the round, then RET) to memory no round used before, makes them visible
 * to instruction fetch and calls each of them a few times. A simulator that translates code sees
 * CODEGEN_ROUNDS x CODEGEN_FUNCS distinct functions; its translation caches must stay bounded
 * (codegen-long runs 1000 rounds for the memory measurement in docs/performance.md).
 */
#include "runtime.h"
#include "smc.h"

#ifndef CODEGEN_ROUNDS
#define CODEGEN_ROUNDS 8
#endif
#define CODEGEN_FUNCS 1024

/* Every function of every round has its own 16 bytes: nothing is ever overwritten, so a
   translator cannot free old code because it was replaced; only its cache bound can. */
static uint32_t area[CODEGEN_ROUNDS * CODEGEN_FUNCS * 4] __attribute__((aligned(4096)));

/* MOVK W0, #imm16, LSL #16 */
static inline uint32_t a64_movk_w0_hi(uint32_t imm) { return 0x72a00000u | ((imm & 0xffffu) << 5); }

int main(void)
{
    printf("== codegen: %u rounds of %u functions\n", CODEGEN_ROUNDS, CODEGEN_FUNCS);
    uint32_t total = 0;
    for (uint32_t round = 0; round < CODEGEN_ROUNDS; round++) {
        for (uint32_t f = 0; f < CODEGEN_FUNCS; f++) {
            uint32_t *code = &area[(round * CODEGEN_FUNCS + f) * 4];
            code[0] = a64_movz_w0(f * 31 + round);
            code[1] = a64_movk_w0_hi(round);
            code[2] = A64_RET;
        }
        clean_invalidate_code(&area[round * CODEGEN_FUNCS * 4], CODEGEN_FUNCS * 16);
        isb();
        uint32_t sum = 0;
        for (uint32_t call = 0; call < 3; call++)
            for (uint32_t f = 0; f < CODEGEN_FUNCS; f++) sum += ((fn0_t)&area[(round * CODEGEN_FUNCS + f) * 4])();
        total = total * 31 + sum;
        if (round % 100 == 99 || round == CODEGEN_ROUNDS - 1) printf("round %u: sum %08x total %08x\n", round, sum, total);
    }
    printf("== codegen done\n");
    return 0;
}
