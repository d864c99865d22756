/*
 * Code written by another CPU. With two CPUs (Chimera --set cpus=2), CPU 1 writes a small
 * function into a shared buffer, FLUSHes it and publishes the round number; CPU 0 waits for
 * it, FLUSHes, and calls the function, which it already ran (translated) in the rounds before
 * with other instructions. CPU 1 waits for an acknowledge word before the next round.
 * QEMU 7.2's leon3_generic has one CPU only: there CPU 0 writes each round's code itself, so
 * QEMU's output is the reference for the values and Chimera must print the same with the
 * code coming from the other CPU.
 */
#include "leon3.h"
#include "smc.h"

#define ROUNDS 24
static uint32_t shared_code[16] __attribute__((aligned(64)));
static volatile uint32_t published, acknowledged;

static void write_round(uint32_t round)
{
    /* mov round*10,%o0; add %o0,%o1,%o0; (round % 3) x add %o0,round,%o0; retl; nop */
    uint32_t n = 0;
    shared_code[n++] = v8_mov_o0(round * 10);
    shared_code[n++] = V8_ADD_O0_O1;
    for (uint32_t k = 0; k < round % 3; k++) shared_code[n++] = v8_add_o0(round);
    shared_code[n++] = V8_RETL;
    shared_code[n++] = V8_NOP;
    flush_code(shared_code, 4 * n);
}

void secondary_main(unsigned cpu)
{
    if (cpu != 1) return;
    for (uint32_t round = 1; round <= ROUNDS; round++) {
        write_round(round);
        __asm__ volatile("stbar" : : : "memory");
        published = round;
        while (acknowledged != round) {
        }
    }
}

int main(void)
{
    printf("== smc-smp\n");
    unsigned ncpus = (mmio_read32(IRQMP_BASE + IRQMP_MPSTAT) >> 28) + 1;
    int other = ncpus >= 2;
    if (other) mmio_write32(IRQMP_BASE + IRQMP_MPSTAT, 1u << 1);
    uint32_t total = 0;
    for (uint32_t round = 1; round <= ROUNDS; round++) {
        if (other) {
            while (published != round) {
            }
        } else {
            write_round(round);
        }
        flush_code(shared_code, sizeof shared_code);
        uint32_t r = ((fn2_t)shared_code)(0, round);
        printf("round %u: %u\n", round, r);
        total += r;
        acknowledged = round;
    }
    printf("total %u\n", total);
    printf("== smc-smp done\n");
    return 0;
}
