/*
 * Multi-core: CPU 0 reads the CPU count from IRQMP MPSTAT[31:28] and starts the other CPUs by
 * writing their bits to MPSTAT. Every CPU then adds to two shared counters, one with a CASA
 * retry loop and one under an LDSTUB spinlock, and reports in. Only CPU 0 prints, after all
 * have reported, so the output is deterministic.
 *
 * Secondary start (see crt0.S): a started CPU begins at the ELF entry (QEMU >= 9 reaches it
 * through its PROM stub, which branches to the entry when %asr17[31:28] != 0), takes the
 * stack __stack_top - index * STACK_SIZE, waits until CPU 0 has cleared .bss, and calls
 * secondary_main(index). QEMU 7.2's leon3_generic accepts only -smp 1, so under QEMU 7.2 this
 * program runs on CPU 0 alone; expected/smp-2cpu.out is derived from this program, not QEMU.
 */
#include "leon3.h"

#define ITERATIONS 2000
#define MAX_CPUS 4

static volatile uint32_t counter_casa;
static volatile uint32_t counter_locked;
static volatile uint8_t lock;
static volatile uint32_t arrived;
static volatile uint32_t reported_index[MAX_CPUS];
static volatile uint32_t reported_stack_ok[MAX_CPUS];

extern char __stack_top[];
extern char STACK_SIZE[];       /* runtime/link.ld symbol: its address is the size */

static void spin_lock(volatile uint8_t *l)
{
    while (ldstub(l) != 0) {
        while (*l != 0) {
        }
    }
}

static void spin_unlock(volatile uint8_t *l)
{
    __asm__ volatile("stbar" : : : "memory");
    *l = 0;
}

static void atomic_add(volatile uint32_t *p, uint32_t v)
{
    uint32_t old = *p;
    for (;;) {
        uint32_t seen = casa32(p, old, old + v);
        if (seen == old) {
            return;
        }
        old = seen;
    }
}

static void work(unsigned cpu)
{
    for (unsigned i = 0; i < ITERATIONS; i++) {
        atomic_add(&counter_casa, 1);
        spin_lock(&lock);
        counter_locked = counter_locked + 1;   /* plain read-modify-write, protected */
        spin_unlock(&lock);
    }
    /* check that this CPU runs on its own stack slice */
    uint32_t here = (uint32_t)__builtin_frame_address(0);
    uint32_t size = (uint32_t)STACK_SIZE;
    uint32_t top = (uint32_t)__stack_top - cpu * size;
    reported_stack_ok[cpu] = here < top && here >= top - size;
    reported_index[cpu] = cpu_index();
    atomic_add(&arrived, 1);
}

void secondary_main(unsigned cpu)
{
    if (cpu < MAX_CPUS) {
        work(cpu);
    }
}

int main(void)
{
    uint32_t mpstat = mmio_read32(IRQMP_BASE + IRQMP_MPSTAT);
    unsigned ncpus = (mpstat >> 28) + 1;
    printf("smp start\n");
    printf("cpus: %u\n", ncpus);
    if (ncpus > MAX_CPUS) {
        ncpus = MAX_CPUS;
    }
    uint32_t start_mask = 0;
    for (unsigned i = 1; i < ncpus; i++) {
        start_mask |= 1u << i;
    }
    if (start_mask) {
        mmio_write32(IRQMP_BASE + IRQMP_MPSTAT, start_mask);
    }
    work(0);
    /* bounded wait so that a CPU that never starts cannot hang the run */
    uint32_t spins = 0;
    while (arrived < ncpus && spins < 200000000u) {
        spins++;
    }
    printf("arrived: %u of %u\n", arrived, ncpus);
    for (unsigned i = 0; i < ncpus; i++) {
        printf("cpu%u: asr17 index=%u own stack=%s\n", i, reported_index[i],
               reported_stack_ok[i] ? "yes" : "no");
    }
    printf("casa counter: %u (expected %u)\n", counter_casa, ncpus * ITERATIONS);
    printf("locked counter: %u (expected %u)\n", counter_locked, ncpus * ITERATIONS);
    printf("smp done\n");
    return 0;
}
