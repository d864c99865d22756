/*
 * Helpers for the SPARC self-modifying-code guests: V8 encodings built at run time and FLUSH,
 * which makes stored instructions visible to instruction fetch (LEON3: flushes the I-cache).
 */
#ifndef SMC_H
#define SMC_H
#include <stdint.h>

#define V8_RETL 0x81c3e008u          /* jmpl %o7 + 8, %g0 */
#define V8_NOP 0x01000000u
#define V8_ADD_O0_O1 0x90020009u     /* add %o0, %o1, %o0 */
#define V8_SUB_O0_O1 0x90220009u     /* sub %o0, %o1, %o0 */
/* or %g0, simm13, %o0 (mov k, %o0) */
static inline uint32_t v8_mov_o0(uint32_t k) { return 0x90102000u | (k & 0xfffu); }
/* add %o0, simm13, %o0 */
static inline uint32_t v8_add_o0(uint32_t k) { return 0x90022000u | (k & 0xfffu); }

typedef uint32_t (*fn0_t)(void);
typedef uint32_t (*fn2_t)(uint32_t, uint32_t);

static inline void flush_code(const void *start, uint32_t bytes)
{
    for (uint32_t a = (uint32_t)start & ~7u; a < (uint32_t)start + bytes; a += 8)
        __asm__ volatile("flush %0" : : "r"(a) : "memory");
}
#endif
