/*
 * Runtime for SPARC V8 (LEON3) guests on leon3_generic: console, traps, CPU helpers and the
 * device register map (APBUART, IRQMP, GPTIMER).
 */
#ifndef CHIMERA_LEON3_H
#define CHIMERA_LEON3_H

#include <stdint.h>
#include "leon3-asm.h"
#include "../../common/printf.h"

/* ../common/string.c */
void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);

#define IRQMP_BASE       0x80000200u
#define IRQMP_LEVEL      0x00
#define IRQMP_PENDING    0x04
#define IRQMP_FORCE0     0x08
#define IRQMP_CLEAR      0x0c
#define IRQMP_MPSTAT     0x10
#define IRQMP_BROADCAST  0x14
#define IRQMP_MASK(cpu)  (0x40 + 4 * (cpu))
#define IRQMP_FORCE(cpu) (0x80 + 4 * (cpu))

#define GPTIMER_BASE          0x80000300u
#define GPTIMER_SCALER        0x00
#define GPTIMER_SCALER_RELOAD 0x04
#define GPTIMER_CONFIG        0x08
#define GPTIMER_COUNTER(n)    (0x10 * ((n) + 1) + 0x0)
#define GPTIMER_RELOAD(n)     (0x10 * ((n) + 1) + 0x4)
#define GPTIMER_CTRL(n)       (0x10 * ((n) + 1) + 0x8)
#define GPTIMER_CTRL_EN 0x01
#define GPTIMER_CTRL_RS 0x02
#define GPTIMER_CTRL_LD 0x04
#define GPTIMER_CTRL_IE 0x08
#define GPTIMER_CTRL_IP 0x10

/* Trap types used by the guests. */
#define TT_ILLEGAL_INSN   0x02
#define TT_PRIV_INSN      0x03
#define TT_FP_DISABLED    0x04
#define TT_UNALIGNED      0x07
#define TT_FP_EXCEPTION   0x08
#define TT_TAG_OVERFLOW   0x0a
#define TT_INTERRUPT(n)   (0x10 + (n))
#define TT_DIV_ZERO       0x2a
#define TT_SOFTWARE(n)    (0x80 + (n))

/** State saved by crt0's _trap_entry; handlers may change any field. */
struct trap_frame {
    uint32_t psr, pc, npc, y;
    uint32_t g[7];          /* %g1 .. %g7 */
    uint32_t tt;
};

typedef void (*trap_handler_t)(struct trap_frame *f);

/** Installs a C handler for trap type tt (0 = none: report and shut down). */
void trap_set_handler(unsigned tt, trap_handler_t h);
/** Called by crt0 for every trap other than reset and window traps. */
void trap_dispatch(unsigned tt, struct trap_frame *f);
/** Resume after the trapping instruction (for exceptions and `ta`). */
static inline void trap_skip(struct trap_frame *f) { f->pc = f->npc; f->npc += 4; }

/** Shuts the machine down (`ta 0` with traps disabled). */
void _exit(int status) __attribute__((noreturn));
/** Entry for CPUs other than 0 (weak default returns, and the CPU powers down). */
void secondary_main(unsigned cpu);

/** Window trap counters kept by crt0 (tt 5, tt 6, and the spill/fill done by the generic
    trap entry/exit when the trap or return window was invalid). */
extern volatile uint32_t __window_overflows, __window_underflows;
extern volatile uint32_t __trap_entry_spills, __trap_return_fills;

static inline void mmio_write32(uint32_t a, uint32_t v) { *(volatile uint32_t *)a = v; }
static inline uint32_t mmio_read32(uint32_t a) { return *(volatile uint32_t *)a; }

static inline uint32_t read_psr(void)
{
    uint32_t v;
    __asm__ volatile("rd %%psr, %0" : "=r"(v));
    return v;
}
/* wr %psr has up to 3 delayed instructions: pad them. */
static inline void write_psr(uint32_t v)
{
    __asm__ volatile("wr %0, %%psr; nop; nop; nop" : : "r"(v) : "memory", "cc");
}
static inline uint32_t read_y(void)
{
    uint32_t v;
    __asm__ volatile("rd %%y, %0" : "=r"(v));
    return v;
}
static inline void write_y(uint32_t v)
{
    __asm__ volatile("wr %0, %%y; nop; nop; nop" : : "r"(v));
}
static inline uint32_t read_asr17(void)
{
    uint32_t v;
    __asm__ volatile("rd %%asr17, %0" : "=r"(v));
    return v;
}
static inline unsigned cpu_index(void) { return read_asr17() >> 28; }
/** LEON3 power-down: sleeps until an interrupt (above PIL, with ET = 1) arrives. */
static inline void cpu_powerdown(void) { __asm__ volatile("wr %%g0, %%asr19" : : : "memory"); }

/** Raises PIL to 15 (masks interrupts); returns the old PSR for irq_restore. */
static inline uint32_t irq_save(void)
{
    uint32_t psr = read_psr();
    write_psr(psr | PSR_PIL_MASK);
    return psr;
}
static inline void irq_restore(uint32_t psr)
{
    write_psr((read_psr() & ~PSR_PIL_MASK) | (psr & PSR_PIL_MASK));
}
static inline void irq_set_pil(unsigned pil)
{
    write_psr((read_psr() & ~PSR_PIL_MASK) | ((pil & 15) << 8));
}

/** ldstub: returns the old byte and sets it to 0xff, atomically. */
static inline uint32_t ldstub(volatile uint8_t *p)
{
    uint32_t v;
    __asm__ volatile("ldstub [%1], %0" : "=r"(v) : "r"(p) : "memory");
    return v;
}
/** swap: exchanges *p and v, atomically. */
static inline uint32_t swap32(volatile uint32_t *p, uint32_t v)
{
    __asm__ volatile("swap [%1], %0" : "+r"(v) : "r"(p) : "memory");
    return v;
}
/**
 * LEON3 CASA with ASI 0x0b (supervisor data): if *p == cmp then *p = v; returns the old
 * value. Encoded by hand (op=3 op3=0x3c, rd=%o2 rs1=%o0 rs2=%o1) so the build stays -Av8.
 */
static inline uint32_t casa32(volatile uint32_t *p, uint32_t cmp, uint32_t v)
{
    register volatile uint32_t *o0 __asm__("o0") = p;
    register uint32_t o1 __asm__("o1") = cmp;
    register uint32_t o2 __asm__("o2") = v;
    __asm__ volatile(".word 0xd5e20169  ! casa [%%o0] 0xb, %%o1, %%o2"
                     : "+r"(o2) : "r"(o0), "r"(o1) : "memory");
    return o2;
}

#endif
