/*
 * Helpers for the self-modifying-code guests: A64 encodings built at run time, and the cache
 * maintenance the architecture requires before executing instructions written as data
 * (DC CVAU to the point of unification, DSB, IC IVAU, DSB, then ISB on the executing core).
 */
#ifndef SMC_H
#define SMC_H
#include <stdint.h>

#define A64_RET 0xd65f03c0u
/* MOVZ W0, #imm16 */
static inline uint32_t a64_movz_w0(uint32_t imm) { return 0x52800000u | ((imm & 0xffffu) << 5); }
/* ADD W0, W0, #imm12 */
static inline uint32_t a64_add_w0(uint32_t imm) { return 0x11000000u | ((imm & 0xfffu) << 10); }
/* ADD W0, W0, W1 */
#define A64_ADD_W0_W1 0x0b010000u

typedef uint32_t (*fn0_t)(void);
typedef uint32_t (*fn1_t)(uint32_t);

/* Make [start, start+bytes) visible to instruction fetch (on the writing core). */
static inline void clean_invalidate_code(const void *start, uint64_t bytes)
{
    uint64_t a = (uint64_t)start & ~63UL, end = (uint64_t)start + bytes;
    for (uint64_t p = a; p < end; p += 64) __asm__ volatile("dc cvau, %0" : : "r"(p) : "memory");
    __asm__ volatile("dsb ish" : : : "memory");
    for (uint64_t p = a; p < end; p += 64) __asm__ volatile("ic ivau, %0" : : "r"(p) : "memory");
    __asm__ volatile("dsb ish" : : : "memory");
}

static inline void sync_code(const void *start, uint64_t bytes)
{
    clean_invalidate_code(start, bytes);
    __asm__ volatile("isb" : : : "memory");
}
#endif
