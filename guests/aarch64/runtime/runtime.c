/*
 * PL011 console, PSCI calls and the default exception handler.
 * Compiled with -mgeneral-regs-only: exception handlers must not touch FP/SIMD registers,
 * which vectors.S does not save.
 */
#include "runtime.h"

#define UART_DR 0x00
#define UART_FR 0x18
#define UART_FR_TXFF 0x20

void guest_putchar(int c)
{
    while (mmio_read32(UART0_BASE + UART_FR) & UART_FR_TXFF) {
    }
    mmio_write32(UART0_BASE + UART_DR, (uint32_t)(uint8_t)c);
}

int64_t psci_call(uint64_t fn, uint64_t a1, uint64_t a2, uint64_t a3)
{
    register uint64_t x0 __asm__("x0") = fn;
    register uint64_t x1 __asm__("x1") = a1;
    register uint64_t x2 __asm__("x2") = a2;
    register uint64_t x3 __asm__("x3") = a3;
    __asm__ volatile("hvc #0" : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3) : : "memory");
    return (int64_t)x0;
}

void psci_system_off(void)
{
    psci_call(PSCI_SYSTEM_OFF, 0, 0, 0);
    for (;;) {
        __asm__ volatile("wfi");
    }
}

void psci_cpu_off(void)
{
    psci_call(PSCI_CPU_OFF, 0, 0, 0);
    for (;;) {
        __asm__ volatile("wfi");
    }
}

__attribute__((weak)) void exception_handler(struct exc_frame *f, int kind)
{
    printf("UNEXPECTED EXCEPTION kind=%d esr=%lx elr=%lx far=%lx\n", kind, f->esr, f->elr, f->far);
    psci_system_off();
}
