/*
 * Four cores (QEMU -smp 4, Chimera --set cpus=4). Core 0 starts cores 1-3 with PSCI CPU_ON
 * (context ID = core index), checks PSCI error returns, then every core adds to shared
 * counters with LDXR/STXR, LDAXR/STLXR under a spinlock, and LSE LDADD when the CPU has it.
 * Secondaries record their MPIDR, signal completion with a store-release and call CPU_OFF;
 * core 0 waits for every flag and for AFFINITY_INFO to report OFF, then prints the totals.
 * Only core 0 prints, and only after all others have checked in, so the output is fixed.
 */
#include "runtime.h"

#define CORES 4
#define ITERATIONS 20000

#define PSCI_SUCCESS 0
static volatile uint64_t counter_excl;
static volatile uint64_t counter_lse;
static volatile uint64_t counter_locked;
static volatile uint32_t lock;
static volatile uint64_t arrived[CORES];
static volatile uint64_t done[CORES];
static volatile uint64_t mpidr_seen[CORES];
static volatile uint64_t go;
static int have_lse;

static void add_exclusive(volatile uint64_t *p, uint64_t v)
{
    uint64_t tmp;
    uint32_t fail;
    __asm__ volatile("1: ldxr %0, [%2]\n\tadd %0, %0, %3\n\tstxr %w1, %0, [%2]\n\tcbnz %w1, 1b"
                     : "=&r"(tmp), "=&r"(fail) : "r"(p), "r"(v) : "memory");
}

static void add_lse(volatile uint64_t *p, uint64_t v)
{
    __asm__ volatile(".arch armv8.1-a\n\tstadd %0, [%1]" : : "r"(v), "r"(p) : "memory");
}

static void spin_lock(volatile uint32_t *l)
{
    uint32_t tmp, fail;
    __asm__ volatile("sevl\n"
                     "1: wfe\n"
                     "2: ldaxr %w0, [%2]\n\tcbnz %w0, 1b\n\tstxr %w1, %w3, [%2]\n\tcbnz %w1, 2b"
                     : "=&r"(tmp), "=&r"(fail) : "r"(l), "r"(1) : "memory");
}

static void spin_unlock(volatile uint32_t *l)
{
    __asm__ volatile("stlr wzr, [%0]" : : "r"(l) : "memory");
}

static void work(uint64_t core)
{
    for (int i = 0; i < ITERATIONS; i++) {
        add_exclusive(&counter_excl, core + 1);
        if (have_lse) {
            add_lse(&counter_lse, 1);
        }
        if ((i & 15) == 0) {
            spin_lock(&lock);
            counter_locked = counter_locked + 1; /* plain read-modify-write, protected */
            spin_unlock(&lock);
        }
    }
}

static void release_store(volatile uint64_t *p, uint64_t v)
{
    __asm__ volatile("stlr %0, [%1]" : : "r"(v), "r"(p) : "memory");
}

static uint64_t acquire_load(volatile uint64_t *p)
{
    uint64_t v;
    __asm__ volatile("ldar %0, [%1]" : "=r"(v) : "r"(p) : "memory");
    return v;
}

void secondary_main(uint64_t core)
{
    mpidr_seen[core] = read_sysreg(mpidr_el1);
    release_store(&arrived[core], 1);
    while (!acquire_load(&go)) {
        __asm__ volatile("wfe");
    }
    work(core);
    dsb(ish);
    release_store(&done[core], 1);
    __asm__ volatile("sev");
    /* returning makes crt0 call PSCI CPU_OFF */
}

int main(void)
{
    printf("== smp\n");
    have_lse = ((read_sysreg(id_aa64isar0_el1) >> 20) & 15) >= 2;
    printf("LSE: %s\n", have_lse ? "present" : "absent");
    printf("psci version %lx\n", (uint64_t)psci_call(PSCI_VERSION, 0, 0, 0));
    mpidr_seen[0] = read_sysreg(mpidr_el1);
    for (uint64_t c = 1; c < CORES; c++) {
        printf("affinity_info(%lu) before: %ld\n", c, psci_call(PSCI_AFFINITY_INFO, c, 0, 0));
    }
    for (uint64_t c = 1; c < CORES; c++) {
        int64_t rc = psci_call(PSCI_CPU_ON, c, (uint64_t)_secondary_start, c);
        printf("cpu_on(%lu) = %ld\n", c, rc);
    }
    for (uint64_t c = 1; c < CORES; c++) {
        while (!acquire_load(&arrived[c])) {
        }
    }
    printf("all cores arrived\n");
    printf("cpu_on(1) again = %ld (ALREADY_ON is -4)\n",
           psci_call(PSCI_CPU_ON, 1, (uint64_t)_secondary_start, 1));
    printf("cpu_on(0x100) = %ld (INVALID_PARAMETERS is -2)\n",
           psci_call(PSCI_CPU_ON, 0x100, (uint64_t)_secondary_start, 1));
    printf("affinity_info(2) while running: %ld\n", psci_call(PSCI_AFFINITY_INFO, 2, 0, 0));

    release_store(&go, 1);
    dsb(ish);
    __asm__ volatile("sev");
    work(0);

    for (uint64_t c = 1; c < CORES; c++) {
        while (!acquire_load(&done[c])) {
            __asm__ volatile("wfe");
        }
    }
    for (uint64_t c = 1; c < CORES; c++) {
        while (psci_call(PSCI_AFFINITY_INFO, c, 0, 0) != 1) {
        }
    }
    printf("all secondaries off\n");
    for (int c = 0; c < CORES; c++) {
        printf("core %d mpidr %lx\n", c, mpidr_seen[c]);
    }
    uint64_t expect_excl = 0;
    for (int c = 0; c < CORES; c++) {
        expect_excl += (uint64_t)(c + 1) * ITERATIONS;
    }
    printf("exclusive counter %lu (expected %lu)\n", counter_excl, expect_excl);
    printf("locked counter %lu (expected %d)\n", counter_locked, CORES * ((ITERATIONS + 15) / 16));
    if (have_lse) {
        printf("lse counter %lu (expected %d)\n", counter_lse, CORES * ITERATIONS);
    }
    printf("== smp done\n");
    return 0;
}
