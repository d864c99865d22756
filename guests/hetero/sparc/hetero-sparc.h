/*
 * SPARC (LEON3) side of the chimera-soc pairs: mailbox interrupt routing through IRQMP line
 * 10, waiting for mailbox words in power-down, console drain and byte swapping.
 * Builds on guests/sparc/runtime (crt0 trap table, trap_set_handler, _exit = `ta 0`).
 */
#ifndef CHIMERA_HETERO_SPARC_H
#define CHIMERA_HETERO_SPARC_H

#include "leon3.h"
#include "soc.h"

/**
 * Lets inbox 1 raise IRQMP line 10 for processor 0: mailbox IRQ_ENABLE, pending bit cleared,
 * MASK[0] bit 10 set. PIL decides whether the trap (tt 0x1a) is taken; power-down wakes on
 * the request whatever PIL is (LEON3 / QEMU behaviour), so waiting at PIL 15 has no race.
 */
void sparc_mailbox_irq_init(void);

/** Sleeps in power-down at PIL 15 until inbox 1 holds a word; pops and returns it. */
uint32_t sparc_wait_word(void);

/** Waits until the APBUART shift register is empty, so the aarch64 may print next. */
void sparc_console_drain(void);

/** Byte swap written out with shifts and masks (SPARC V8 has no byte-reversing load). */
static inline uint32_t sparc_swap32(uint32_t v)
{
    return (v >> 24) | ((v >> 8) & 0x0000ff00u) | ((v << 8) & 0x00ff0000u) | (v << 24);
}

static inline uint16_t sparc_swap16(uint16_t v)
{
    return (uint16_t)((v >> 8) | (v << 8));
}

#endif
