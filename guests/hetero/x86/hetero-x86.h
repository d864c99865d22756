/*
 * x86-64 side of the chimera-soc program sets (cpu2): the mailbox interrupt through IOAPIC pin
 * 16 and the local APIC to an IDT handler, waiting for mailbox words, console drain.
 * Builds on guests/x86_64/runtime (Multiboot entry, long mode, IDT with set_handler, COM1
 * printf, debug_exit). On chimera-soc COM1 is uart2 and isa-debug-exit powers off cpu2 only,
 * so returning from main stops this core and lets the others run on.
 */
#ifndef CHIMERA_HETERO_X86_H
#define CHIMERA_HETERO_X86_H

#include "runtime.h"
#include "soc.h"

/** IDT vector of the mailbox interrupt (above the 32 exceptions and the 8259's 0x20..0x2f). */
#define MBOX_X86_VECTOR 0x40

#define LAPIC_ID   0x20
#define LAPIC_EOI  0xb0
#define LAPIC_SVR  0xf0
#define LAPIC_LVT_LINT0 0x350
#define LAPIC_LVT_LINT1 0x360
/** IOAPIC redirection entry n: low word at register 0x10 + 2n, high word at 0x11 + 2n. */
#define IOAPIC_REDIR_LO(n) (0x10u + 2u * (n))
#define IOAPIC_REDIR_HI(n) (0x11u + 2u * (n))
#define IOAPIC_LEVEL  (1u << 15)
#define IOAPIC_MASKED (1u << 16)

/**
 * Routes inbox 2 to this core: IOAPIC pin 16 level-triggered, active high, fixed delivery of
 * MBOX_X86_VECTOR to this LAPIC's ID, and mailbox IRQ_ENABLE. The handler pops every word of
 * the inbox into a queue (a level-triggered line stays high while the inbox holds a word) and
 * writes the LAPIC EOI, whose broadcast clears the entry's remote IRR. RFLAGS.IF stays clear.
 */
void x86_mailbox_irq_init(void);

/** Sleeps (`sti; hlt; cli`: no lost wake-up) until the handler queued a word; returns it. */
uint32_t x86_wait_word(void);

/** Mailbox interrupts taken so far. */
uint32_t x86_mailbox_interrupts(void);

/** Waits until the 16550 has sent every byte (LSR.TEMT), so another CPU may print next. */
void x86_console_drain(void);

#endif
