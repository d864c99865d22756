/*
 * Starting application processors: the trampoline is copied below 1 MiB and each AP is woken
 * with INIT-SIPI-SIPI through the local APIC's ICR, one at a time.
 */
#include "runtime.h"

extern char trampoline_start[], trampoline_end[];
extern char t_gdt_ptr[], t_cr3[], t_efer[], t_stack[];
extern char gdt_ptr[];
extern uint32_t efer_value;
extern void (*volatile ap_fn)(int cpu);
extern volatile int ap_cpu_index;
extern volatile int ap_started;

#define AP_STACK_SIZE 16384
static uint8_t ap_stacks[MAX_CPUS][AP_STACK_SIZE] __attribute__((aligned(16)));

/* Address of a trampoline field in the copy at TRAMPOLINE_ADDR. */
#define TCOPY(sym) ((uint8_t *)(uint64_t)TRAMPOLINE_ADDR + ((sym) - trampoline_start))

void install_trampoline(void)
{
    uint8_t *dst = (uint8_t *)(uint64_t)TRAMPOLINE_ADDR;
    for (char *p = trampoline_start; p < trampoline_end; p++) {
        *dst++ = (uint8_t)*p;
    }
    for (int i = 0; i < 6; i++) {
        TCOPY(t_gdt_ptr)[i] = (uint8_t)gdt_ptr[i];
    }
    *(uint32_t *)TCOPY(t_cr3) = (uint32_t)read_cr3();
    *(uint32_t *)TCOPY(t_efer) = efer_value;
}

static void icr_send(uint32_t apic_id, uint32_t low)
{
    lapic_write(0x310, apic_id << 24);
    lapic_write(0x300, low);
    while (lapic_read(0x300) & (1u << 12)) { /* delivery status: send pending */
        pause();
    }
}

static int wait_started(long spins)
{
    for (long i = 0; i < spins; i++) {
        if (__atomic_load_n(&ap_started, __ATOMIC_ACQUIRE)) {
            return 1;
        }
        pause();
    }
    return 0;
}

int start_ap(uint32_t apic_id, int cpu_index, void (*fn)(int cpu))
{
    install_trampoline();
    lapic_write(0xf0, lapic_read(0xf0) | 0x100); /* SVR: software-enable the BSP's APIC */
    ap_fn = fn;
    ap_cpu_index = cpu_index;
    *(uint64_t *)TCOPY(t_stack) = (uint64_t)(ap_stacks[cpu_index] + AP_STACK_SIZE);
    __atomic_store_n(&ap_started, 0, __ATOMIC_RELEASE);

    icr_send(apic_id, 0x4500); /* INIT, level assert */
    for (volatile int i = 0; i < 10000; i++) {
    }
    uint32_t sipi = 0x4600 | (TRAMPOLINE_ADDR >> 12);
    icr_send(apic_id, sipi);
    if (!wait_started(200000)) {
        icr_send(apic_id, sipi); /* the second SIPI of the protocol, if the first was missed */
        if (!wait_started(200000000L)) {
            return -1;
        }
    }
    return 0;
}
