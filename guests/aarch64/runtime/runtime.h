/*
 * Runtime for aarch64 guests on virt-aarch64: console, PSCI, system-register helpers and the
 * exception frame passed to exception_handler().
 */
#ifndef CHIMERA_AARCH64_RUNTIME_H
#define CHIMERA_AARCH64_RUNTIME_H

#include <stdint.h>
#include "../../common/printf.h"

#define UART0_BASE 0x09000000UL
#define GICD_BASE  0x08000000UL
#define GICC_BASE  0x08010000UL

/* PSCI function IDs (SMC32/SMC64 calling convention, issued with HVC #0). */
#define PSCI_VERSION        0x84000000U
#define PSCI_CPU_OFF        0x84000002U
#define PSCI_CPU_ON         0xC4000003U
#define PSCI_AFFINITY_INFO  0xC4000004U
#define PSCI_SYSTEM_OFF     0x84000008U

/** Saved state of an exception; field order matches vectors.S. */
struct exc_frame {
    uint64_t x[31];
    uint64_t elr;
    uint64_t spsr;
    uint64_t esr;
    uint64_t far;
    uint64_t pad;
};

/** Vector-table group + type: kind = 4 * group + type. */
enum { EXC_SYNC = 0, EXC_IRQ = 1, EXC_FIQ = 2, EXC_SERROR = 3 };

/** Called by vectors.S; the runtime's weak default reports and powers off. */
void exception_handler(struct exc_frame *f, int kind);

int64_t psci_call(uint64_t fn, uint64_t a1, uint64_t a2, uint64_t a3);
void psci_system_off(void) __attribute__((noreturn));
void psci_cpu_off(void) __attribute__((noreturn));
/** Entry point for cores started with PSCI CPU_ON; x0 = context = core index. */
void _secondary_start(void);
/** Run by secondary cores after set-up (weak default returns at once). */
void secondary_main(uint64_t core);

#define read_sysreg(name) ({ uint64_t _v; __asm__ volatile("mrs %0, " #name : "=r"(_v)); _v; })
#define write_sysreg(name, v) __asm__ volatile("msr " #name ", %0" : : "r"((uint64_t)(v)) : "memory")
#define isb() __asm__ volatile("isb" : : : "memory")
#define dsb(opt) __asm__ volatile("dsb " #opt : : : "memory")
#define dmb(opt) __asm__ volatile("dmb " #opt : : : "memory")

static inline void mmio_write32(uintptr_t a, uint32_t v) { *(volatile uint32_t *)a = v; }
static inline uint32_t mmio_read32(uintptr_t a) { return *(volatile uint32_t *)a; }
static inline void mmio_write8(uintptr_t a, uint8_t v) { *(volatile uint8_t *)a = v; }
static inline uint8_t mmio_read8(uintptr_t a) { return *(volatile uint8_t *)a; }

#endif
