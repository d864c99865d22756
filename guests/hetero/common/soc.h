/*
 * The chimera-soc shared map, identical for all CPUs: SRAM, mailbox and sim-control.
 * Portable C (no architecture runtime header needed); included by the aarch64, SPARC and
 * x86-64 programs of every set.
 *
 * Byte order: SRAM holds bytes as they are, so a word stored by the little-endian aarch64 or
 * x86-64 reads byte-swapped on the big-endian SPARC. Device registers (mailbox, sim-control)
 * are 32-bit values and read the same number on every CPU.
 */
#ifndef CHIMERA_SOC_H
#define CHIMERA_SOC_H

#include <stdint.h>

#define SOC_SRAM_BASE   0x20000000u
#define SOC_SRAM_SIZE   0x00100000u
#define SOC_MBOX_BASE   0x20100000u
#define SOC_SIMCTL_BASE 0x20200000u
#define SOC_SIMCTL_EXIT 0x0

/* Mailbox: CPU i's inbox is the window at SOC_MBOX_BASE + i * 0x100. */
#define CPU_A64   0u
#define CPU_SPARC 1u
#define CPU_X86   2u
#define MBOX_WINDOW(cpu) (SOC_MBOX_BASE + 0x100u * (cpu))
#define MBOX_DATA   0x00
#define MBOX_STATUS 0x04
#define MBOX_CTRL   0x08

#define MBOX_STATUS_NOT_EMPTY 0x1u
#define MBOX_STATUS_FULL      0x2u
#define MBOX_STATUS_OVERFLOW  0x4u
#define MBOX_STATUS_UNDERFLOW 0x8u
#define MBOX_STATUS_COUNT(s)  ((s) >> 16)
#define MBOX_CTRL_IRQ_ENABLE     0x1u
#define MBOX_CTRL_CLEAR_OVERFLOW 0x4u
#define MBOX_CTRL_CLEAR_UNDERFLOW 0x8u
#define MBOX_DEPTH 16u

/* Interrupt of inbox 0 on the aarch64 GIC (SPI 8), of inbox 1 on the SPARC IRQMP and of
   inbox 2 on the x86's IOAPIC (pin 16, the first pin above the ISA IRQs 0..15). */
#define MBOX_A64_INTID   40u
#define MBOX_SPARC_IRQ   10u
#define MBOX_X86_IOAPIC_PIN 16u

static inline uint32_t soc_read32(uint32_t a) { return *(volatile uint32_t *)(uintptr_t)a; }
static inline void soc_write32(uint32_t a, uint32_t v) { *(volatile uint32_t *)(uintptr_t)a = v; }

/** Pushes `word` into CPU `to`'s inbox (lands 100 ns later; dropped if the inbox is full). */
static inline void mbox_send(uint32_t to, uint32_t word) { soc_write32(MBOX_WINDOW(to) + MBOX_DATA, word); }
static inline uint32_t mbox_status(uint32_t cpu) { return soc_read32(MBOX_WINDOW(cpu) + MBOX_STATUS); }
/** Pops the oldest word of CPU `cpu`'s inbox (0 and UNDERFLOW when empty). */
static inline uint32_t mbox_pop(uint32_t cpu) { return soc_read32(MBOX_WINDOW(cpu) + MBOX_DATA); }
static inline void mbox_ctrl(uint32_t cpu, uint32_t v) { soc_write32(MBOX_WINDOW(cpu) + MBOX_CTRL, v); }

/** Ends the whole run with exit status `status`. */
static inline void soc_exit(uint32_t status) { soc_write32(SOC_SIMCTL_BASE + SOC_SIMCTL_EXIT, status); }

/* Words exchanged by the pairs besides data (all pairs use the same values). */
#define MSG_READY 0x52454459u   /* "REDY": the sender is set up and has printed its banner */
#define MSG_GO    0x21474f21u   /* "!GO!" */
#define MSG_DONE  0x444f4e45u   /* "DONE" */

#endif
