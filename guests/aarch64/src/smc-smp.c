/*
 * Code written by another core (QEMU -smp 2, Chimera --set cpus=2). Core 1 writes a small
 * function into a shared buffer, cleans and invalidates it (DC CVAU, DSB, IC IVAU, DSB) and
 * publishes the round number with a store-release. Core 0 waits for it with load-acquire,
 * executes ISB and calls the function, which it has already run (translated) in the rounds
 * before with other instructions. Both cores take turns through an acknowledge word, so the
 * output is the same whatever the interleaving.
 */
#include "runtime.h"
#include "smc.h"

#define ROUNDS 24
static uint32_t shared_code[16] __attribute__((aligned(64)));
static volatile uint64_t published, acknowledged;

static inline uint64_t load_acquire(volatile uint64_t *p)
{
    uint64_t v;
    __asm__ volatile("ldar %0, [%1]" : "=r"(v) : "r"(p) : "memory");
    return v;
}

static inline void store_release(volatile uint64_t *p, uint64_t v)
{
    __asm__ volatile("stlr %0, [%1]" : : "r"(v), "r"(p) : "memory");
}

void secondary_main(uint64_t core)
{
    if (core != 1) return;
    for (uint64_t round = 1; round <= ROUNDS; round++) {
        /* movz w0,#base; add w0,w0,w1 (x1 = argument); then `round % 3` extra adds of #round. */
        uint32_t n = 0;
        shared_code[n++] = a64_movz_w0((uint32_t)(round * 100));
        shared_code[n++] = 0x0b010000u; /* add w0, w0, w1 */
        for (uint64_t k = 0; k < round % 3; k++) shared_code[n++] = a64_add_w0((uint32_t)round);
        shared_code[n++] = A64_RET;
        clean_invalidate_code(shared_code, 4 * n);
        store_release(&published, round);
        while (load_acquire(&acknowledged) != round) {
        }
    }
}

typedef uint32_t (*fn_t)(uint32_t, uint32_t);

int main(void)
{
    printf("== smc-smp\n");
    int64_t rc = psci_call(PSCI_CPU_ON, 1, (uint64_t)_secondary_start, 1);
    printf("CPU_ON core 1: %d\n", (int)rc);
    uint32_t total = 0;
    for (uint64_t round = 1; round <= ROUNDS; round++) {
        while (load_acquire(&published) != round) {
        }
        isb();
        uint32_t r = ((fn_t)shared_code)(0, (uint32_t)round);
        printf("round %u: %u\n", (unsigned)round, r);
        total += r;
        store_release(&acknowledged, round);
    }
    printf("total %u\n", total);
    printf("== smc-smp done\n");
    return 0;
}
