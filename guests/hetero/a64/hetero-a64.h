/*
 * aarch64 side of the chimera-soc pairs: GIC set-up for the mailbox interrupt (INTID 40),
 * waiting for mailbox words, console drain and exit. Builds on guests/aarch64/runtime.
 */
#ifndef CHIMERA_HETERO_A64_H
#define CHIMERA_HETERO_A64_H

#include "runtime.h"
#include "soc.h"

#define GICD_CTLR       0x000
#define GICD_ISENABLER  0x100
#define GICD_IPRIORITYR 0x400
#define GICD_ITARGETSR  0x800
#define GICD_ICFGR      0xc00
#define GICC_CTLR       0x000
#define GICC_PMR        0x004
#define GICC_IAR        0x00c
#define GICC_EOIR       0x010
#define GIC_SPURIOUS    1023u

/** Exception vector kind of an IRQ taken at EL1 on SP_EL1 (see vectors.S). */
#define KIND_IRQ_EL1H 5

static inline void irq_mask(void) { __asm__ volatile("msr daifset, #2" ::: "memory"); }
static inline void irq_unmask(void) { __asm__ volatile("msr daifclr, #2" ::: "memory"); }
static inline void wfi(void) { __asm__ volatile("wfi" ::: "memory"); }

/**
 * Routes inbox 0 to this core: mailbox IRQ_ENABLE, GIC distributor and CPU interface on,
 * INTID 40 enabled, level-sensitive, priority 0x80. PSTATE.I stays as it is: with I set, WFI
 * still wakes when the interrupt is pending.
 */
void a64_mailbox_irq_init(void);

/** Sleeps (WFI, IRQs masked) until inbox 0 holds a word; pops and returns it. */
uint32_t a64_wait_word(void);

/** Waits until the PL011 has sent every byte, so the SPARC may print next. */
void a64_console_drain(void);

/** Prints nothing more: drains the console and ends the run with exit status `status`. */
void a64_exit(uint32_t status) __attribute__((noreturn));

#endif
