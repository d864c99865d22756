/*
 * Four CPUs (QEMU -smp 4; Chimera --set cpus=4). The BSP copies the real-mode trampoline
 * below 1 MiB and starts each AP with INIT-SIPI-SIPI through its local APIC; APs go real ->
 * protected -> long mode (runtime/trampoline.S) and check in. Then all four CPUs hammer
 * shared counters with LOCK XADD, LOCK CMPXCHG loops, LOCK INC, XCHG-based and CMPXCHG-based
 * spinlocks around plain increments; the BSP sends each AP a fixed IPI and then one
 * all-excluding-self IPI. Only the BSP prints, after every AP has reported.
 */
#include "runtime.h"

#define NCPU 4
#define ROUNDS 20000
#define IPI_VECTOR 0x60

static volatile uint64_t xadd_counter, cmpxchg_counter, inc_counter, lock_counter, lock2_counter;
static volatile uint32_t spin1, spin2;
static volatile int go;
static volatile int done[NCPU];
static volatile uint32_t apic_ids[NCPU], cpuid_ids[NCPU], checked_in[NCPU];
static volatile int ipis[NCPU], ipi_order[3 * NCPU], ipi_seq;
static volatile int ap_stop;

static uint32_t my_apic_id(void) { return lapic_read(0x20) >> 24; }

static void work(int cpu)
{
    for (int i = 0; i < ROUNDS; i++) {
        uint64_t one = 1;
        __asm__ volatile("lock xaddq %0, %1" : "+r"(one), "+m"(xadd_counter) : : "memory", "cc");
        uint64_t old = cmpxchg_counter, nv;
        do {
            nv = old + 2;
        } while (!__atomic_compare_exchange_n(&cmpxchg_counter, &old, nv, 0, __ATOMIC_SEQ_CST, __ATOMIC_RELAXED));
        __asm__ volatile("lock incq %0" : "+m"(inc_counter) : : "memory", "cc");
        /* XCHG spinlock around a plain read-modify-write */
        uint32_t v = 1;
        do {
            v = 1;
            __asm__ volatile("xchgl %0, %1" : "+r"(v), "+m"(spin1) : : "memory");
            while (v && spin1) {
                pause();
            }
        } while (v);
        lock_counter = lock_counter + 3;
        __atomic_store_n(&spin1, 0, __ATOMIC_RELEASE);
        /* CMPXCHG spinlock */
        for (;;) {
            uint32_t expected = 0;
            if (__atomic_compare_exchange_n(&spin2, &expected, 1, 0, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED)) {
                break;
            }
            pause();
        }
        lock2_counter = lock2_counter + (uint64_t)cpu + 1;
        __atomic_store_n(&spin2, 0, __ATOMIC_RELEASE);
    }
}

static void ipi_handler(struct frame *f)
{
    (void)f;
    uint32_t id = my_apic_id();
    if (id < NCPU) {
        ipis[id]++;
    }
    int slot = __atomic_fetch_add(&ipi_seq, 1, __ATOMIC_SEQ_CST);
    if (slot < 3 * NCPU) {
        ipi_order[slot] = (int)id;
    }
    lapic_write(0xb0, 0);
}

static void ap_main(int cpu)
{
    lapic_write(0xf0, 0x1ff); /* software-enable this CPU's APIC */
    apic_ids[cpu] = my_apic_id();
    cpuid_ids[cpu] = cpuid(1, 0).ebx >> 24;
    __atomic_store_n(&checked_in[cpu], 1, __ATOMIC_RELEASE);
    while (!__atomic_load_n(&go, __ATOMIC_ACQUIRE)) {
        pause();
    }
    work(cpu);
    __atomic_store_n(&done[cpu], 1, __ATOMIC_RELEASE);
    /* wait for IPIs with interrupts on */
    while (!__atomic_load_n(&ap_stop, __ATOMIC_ACQUIRE)) {
        __asm__ volatile("sti\n\thlt\n\tcli" ::: "memory");
    }
}

static void send_ipi(uint32_t dest, uint32_t low)
{
    lapic_write(0x310, dest << 24);
    lapic_write(0x300, low);
    while (lapic_read(0x300) & (1u << 12)) {
        pause();
    }
}

int main(void)
{
    set_handler(IPI_VECTOR, ipi_handler);
    outb(0x21, 0xff); /* the 8259 stays quiet: only IPIs here */
    outb(0xa1, 0xff);
    lapic_write(0xf0, 0x1ff);
    printf("BSP APIC ID %u, CPUID.1 logical count %u\n", my_apic_id(), (cpuid(1, 0).ebx >> 16) & 0xff);
    for (int cpu = 1; cpu < NCPU; cpu++) {
        int r = start_ap((uint32_t)cpu, cpu, ap_main);
        while (r == 0 && !__atomic_load_n(&checked_in[cpu], __ATOMIC_ACQUIRE)) {
            pause();
        }
        printf("AP %d: start_ap %s\n", cpu, r == 0 ? "ok" : "timed out");
    }
    for (int cpu = 1; cpu < NCPU; cpu++) {
        printf("AP %d checked in: LAPIC ID %u, CPUID APIC ID %u\n", cpu, apic_ids[cpu], cpuid_ids[cpu]);
    }
    __atomic_store_n(&go, 1, __ATOMIC_RELEASE);
    work(0);
    for (int cpu = 1; cpu < NCPU; cpu++) {
        while (!__atomic_load_n(&done[cpu], __ATOMIC_ACQUIRE)) {
            pause();
        }
    }
    uint64_t n = (uint64_t)NCPU * ROUNDS;
    printf("lock xadd   %lu (expected %lu)\n", xadd_counter, n);
    printf("lock cmpxchg %lu (expected %lu)\n", cmpxchg_counter, 2 * n);
    printf("lock inc    %lu (expected %lu)\n", inc_counter, n);
    printf("xchg lock   %lu (expected %lu)\n", lock_counter, 3 * n);
    printf("cmpxchg lock %lu (expected %lu)\n", lock2_counter, (uint64_t)ROUNDS * (1 + 2 + 3 + 4));
    /* one fixed IPI to each AP in turn, waiting for each */
    for (int cpu = 1; cpu < NCPU; cpu++) {
        send_ipi((uint32_t)cpu, 0x4000 | IPI_VECTOR); /* fixed, assert, physical */
        while (__atomic_load_n(&ipis[cpu], __ATOMIC_ACQUIRE) == 0) {
            pause();
        }
    }
    /* then all excluding self: each AP once more; the BSP none */
    send_ipi(0, 0xc4000 | IPI_VECTOR);
    for (int cpu = 1; cpu < NCPU; cpu++) {
        while (__atomic_load_n(&ipis[cpu], __ATOMIC_ACQUIRE) < 2) {
            pause();
        }
    }
    printf("IPIs: first round order %d %d %d; per CPU", ipi_order[0], ipi_order[1], ipi_order[2]);
    for (int cpu = 0; cpu < NCPU; cpu++) {
        printf(" %d", ipis[cpu]);
    }
    printf("\n");
    /* self IPI through the shorthand */
    send_ipi(0, 0x44000 | IPI_VECTOR);
    for (long i = 0; i < 100000000L && !(lapic_read(0x230) & 1); i++) { /* IRR bit of vector 0x60 */
        pause();
    }
    __asm__ volatile("sti\n\tnop\n\tcli" ::: "memory");
    printf("self IPI: BSP count %d\n", ipis[0]);
    __atomic_store_n(&ap_stop, 1, __ATOMIC_RELEASE);
    printf("smp done\n");
    return 0;
}
