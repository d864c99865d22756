/*
 * MMU on: identity map with 4 KiB granule, 39-bit VA (T0SZ=25, walk starts at level 1).
 *   VA 0x00000000 1 GiB -> L2 table: 2 MiB Device-nGnRnE blocks for the GIC and the UART only
 *   VA 0x40000000 1 GiB -> L2 table: 2 MiB Normal write-back blocks for 128 MiB of RAM, except
 *                          0x44000000 which goes to an L3 table of 4 KiB test pages
 *   VA 0x80000000       -> invalid (level-1 translation fault)
 *   VA 0xC0000000       -> 1 GiB block aliasing RAM (PA 0x40000000)
 *   VA 0x100000000      -> the RAM L2 table again (an alias above 4 GiB)
 * Test pages at VA 0x44000000 + n * 4 KiB: 0 RW, 1 read-only, 2 invalid, 3 access flag 0,
 * 4 execute-never, 5 remappable (TLBI test), 6 code page.
 * The program then checks aliases, faults (translation L0/L1/L2/L3, permission, access flag,
 * alignment with SCTLR.A, unprivileged LDTR, execute-never), AT, DC ZVA, TLBI and
 * self-modifying code. Fault handlers print ESR and FAR and skip the faulting instruction.
 */
#include "runtime.h"

#define PAGE 4096UL
#define BLOCK_2M 0x200000UL
#define TEST_BASE 0x44000000UL

/* descriptor bits */
#define D_VALID   (1UL << 0)
#define D_TABLE   (1UL << 1)  /* table at levels 0-2, page at level 3 */
#define D_BLOCK   0UL
#define D_ATTR(i) ((uint64_t)(i) << 2)
#define D_AP_RO   (2UL << 6)  /* AP[2:1] = 10: read-only at EL1, no EL0 access */
#define D_SH_IS   (3UL << 8)
#define D_AF      (1UL << 10)
#define D_PXN     (1UL << 53)
#define D_UXN     (1UL << 54)

#define ATTR_DEVICE 0
#define ATTR_NORMAL 1
#define NORMAL (D_VALID | D_ATTR(ATTR_NORMAL) | D_SH_IS | D_AF)
#define DEVICE (D_VALID | D_ATTR(ATTR_DEVICE) | D_AF | D_PXN | D_UXN)

static uint64_t l1[512] __attribute__((aligned(4096)));
static uint64_t l2_dev[512] __attribute__((aligned(4096)));
static uint64_t l2_ram[512] __attribute__((aligned(4096)));
static uint64_t l3_test[512] __attribute__((aligned(4096)));

static volatile uint64_t marker = 0x1122334455667788UL;
static volatile int faults;

void exception_handler(struct exc_frame *f, int kind)
{
    uint64_t ec = f->esr >> 26;
    faults++;
    printf("  fault kind=%d esr=%08lx far=%lx\n", kind, f->esr, f->far);
    if (kind == 4 && ec == 0x21) {
        f->elr = f->x[30]; /* instruction abort on a call: return to the caller */
        return;
    }
    if (kind == 4 && ec == 0x25) {
        f->elr += 4;
        return;
    }
    printf("unexpected exception, stopping\n");
    psci_system_off();
}

static void build_tables(void)
{
    l1[0] = (uint64_t)l2_dev | D_VALID | D_TABLE;
    l1[1] = (uint64_t)l2_ram | D_VALID | D_TABLE;
    l1[3] = 0x40000000UL | NORMAL | D_BLOCK;
    l1[4] = (uint64_t)l2_ram | D_VALID | D_TABLE;
    l2_dev[GICD_BASE / BLOCK_2M] = GICD_BASE | DEVICE;
    l2_dev[UART0_BASE / BLOCK_2M] = UART0_BASE | DEVICE;
    for (uint64_t i = 0; i < 64; i++) {
        l2_ram[i] = (0x40000000UL + i * BLOCK_2M) | NORMAL;
    }
    l2_ram[(TEST_BASE - 0x40000000UL) / BLOCK_2M] = (uint64_t)l3_test | D_VALID | D_TABLE;
    for (uint64_t i = 0; i < 512; i++) {
        l3_test[i] = (TEST_BASE + i * PAGE) | NORMAL | D_TABLE;
    }
    l3_test[1] |= D_AP_RO;
    l3_test[2] = 0;
    l3_test[3] &= ~D_AF;
    l3_test[4] |= D_PXN | D_UXN;
}

static void mmu_on(void)
{
    write_sysreg(mair_el1, 0x00UL << (8 * ATTR_DEVICE) | 0xffUL << (8 * ATTR_NORMAL));
    /* T0SZ=25, IRGN0=ORGN0=WBWA, SH0=inner, TG0=4K, EPD1 (no TTBR1 walks), IPS=36 bits */
    write_sysreg(tcr_el1, 25UL | 1UL << 8 | 1UL << 10 | 3UL << 12 | 1UL << 23 | 1UL << 32);
    write_sysreg(ttbr0_el1, (uint64_t)l1);
    dsb(ish);
    __asm__ volatile("tlbi vmalle1" ::: "memory");
    dsb(ish);
    isb();
    uint64_t sctlr = read_sysreg(sctlr_el1);
    sctlr |= 1UL << 0 | 1UL << 2 | 1UL << 12; /* M, C, I */
    sctlr &= ~(1UL << 1);                      /* A: no alignment checking yet */
    write_sysreg(sctlr_el1, sctlr);
    isb();
}

static uint64_t load64(uint64_t va)
{
    uint64_t v;
    __asm__ volatile("mov %0, #0xdead\n\tldr %0, [%1]" : "=&r"(v) : "r"(va) : "memory");
    return v;
}

static void store64(uint64_t va, uint64_t v)
{
    __asm__ volatile("str %1, [%0]" : : "r"(va), "r"(v) : "memory");
}

static uint64_t at_s1e1r(uint64_t va)
{
    __asm__ volatile("at s1e1r, %0\n\tisb" : : "r"(va) : "memory");
    uint64_t par = read_sysreg(par_el1);
    /* F=1: fault status only; F=0: output address only (attribute fields not compared) */
    return par & 1 ? par & 0x7f : par & 0x0000fffffffff000UL;
}

static void tlb_flush_page(uint64_t va)
{
    dsb(ishst);
    __asm__ volatile("tlbi vaae1is, %0" : : "r"(va >> 12) : "memory");
    dsb(ish);
    isb();
}

static void sync_code(uint64_t va)
{
    __asm__ volatile("dc cvau, %0\n\tdsb ish\n\tic ivau, %0\n\tdsb ish\n\tisb" : : "r"(va) : "memory");
}

int main(void)
{
    printf("== mmu\n");
    build_tables();
    mmu_on();
    printf("mmu on: sctlr.m=%lu\n", read_sysreg(sctlr_el1) & 1);

    uint64_t pa = (uint64_t)&marker;
    printf("aliases: %lx %lx %lx\n", load64(pa), load64(pa - 0x40000000UL + 0xC0000000UL),
           load64(pa - 0x40000000UL + 0x100000000UL));
    store64(pa + 0x100000000UL - 0x40000000UL, 0xcafe);
    printf("write through alias: %lx\n", marker);

    printf("translation fault level 1 (0x80000000)\n");
    load64(0x80000000UL);
    printf("translation fault level 2 (0x0a000000)\n");
    load64(0x0a000000UL);
    printf("translation fault level 3 (page 2)\n");
    load64(TEST_BASE + 2 * PAGE + 8);
    printf("VA above T0SZ range (1 << 40)\n");
    load64(1UL << 40);
    printf("TTBR1 range with EPD1 (0xffffff8000000000)\n");
    load64(0xffffff8000000000UL);

    /* fill the read-only page through its writable 1 GiB alias */
    store64(TEST_BASE + PAGE + 16 - 0x40000000UL + 0xC0000000UL, 0x5a5a);
    printf("permission fault: store to read-only page\n");
    store64(TEST_BASE + PAGE + 16, 1);
    printf("read-only page read: %lx\n", load64(TEST_BASE + PAGE + 16));
    printf("access flag fault (page 3)\n");
    load64(TEST_BASE + 3 * PAGE);
    printf("unprivileged ldtr from EL1-only page\n");
    uint64_t v = 0;
    __asm__ volatile("ldtr %0, [%1]" : "+r"(v) : "r"(TEST_BASE) : "memory");

    printf("unaligned load on Normal memory, SCTLR.A=0\n");
    store64(TEST_BASE, 0x0706050403020100UL);
    store64(TEST_BASE + 8, 0x0f0e0d0c0b0a0908UL);
    uint64_t un;
    __asm__ volatile("ldr %0, [%1]" : "=r"(un) : "r"(TEST_BASE + 3) : "memory");
    printf("  value %lx\n", un);
    printf("unaligned load with SCTLR.A=1\n");
    write_sysreg(sctlr_el1, read_sysreg(sctlr_el1) | 2);
    isb();
    load64(TEST_BASE + 4);
    write_sysreg(sctlr_el1, read_sysreg(sctlr_el1) & ~2UL);
    isb();

    printf("AT S1E1R: %lx %lx %lx %lx\n", at_s1e1r(TEST_BASE + 0x123), at_s1e1r(0xC0001000UL),
           at_s1e1r(TEST_BASE + 2 * PAGE), at_s1e1r(0x80000000UL));

    printf("DC ZVA (block of %lu bytes)\n", 4UL << (read_sysreg(dczid_el0) & 15));
    for (int i = 0; i < 16; i++) store64(TEST_BASE + 0x100 + 8 * i, 0x1111111111111111UL * (i + 1));
    __asm__ volatile("dc zva, %0" : : "r"(TEST_BASE + 0x100 + 8) : "memory");
    printf("  words:");
    for (int i = 0; i < 16; i++) printf(" %lx", load64(TEST_BASE + 0x100 + 8 * i) & 0xff);
    printf("\n");

    printf("TLBI after remap\n");
    store64(TEST_BASE + 5 * PAGE, 0x55555);
    store64(TEST_BASE + 7 * PAGE, 0x77777);
    printf("  before %lx\n", load64(TEST_BASE + 5 * PAGE));
    l3_test[5] = (TEST_BASE + 7 * PAGE) | NORMAL | D_TABLE;
    tlb_flush_page(TEST_BASE + 5 * PAGE);
    printf("  after  %lx\n", load64(TEST_BASE + 5 * PAGE));

    printf("execute from page 6 (written at run time), then patched\n");
    volatile uint32_t *code = (volatile uint32_t *)(TEST_BASE + 6 * PAGE);
    code[0] = 0xd2800540; /* mov x0, #42 */
    code[1] = 0xd65f03c0; /* ret */
    sync_code((uint64_t)code);
    uint64_t (*fn)(void) = (uint64_t (*)(void))(TEST_BASE + 6 * PAGE);
    printf("  first call %lu\n", fn());
    code[0] = 0xd2800560; /* mov x0, #43 */
    sync_code((uint64_t)code);
    printf("  second call %lu\n", fn());
    printf("execute-never page 4\n");
    volatile uint32_t *xn = (volatile uint32_t *)(TEST_BASE + 4 * PAGE);
    xn[0] = 0xd65f03c0;
    sync_code((uint64_t)xn);
    ((void (*)(void))(TEST_BASE + 4 * PAGE))();

    printf("faults taken: %d\n", faults);
    printf("== mmu done\n");
    return 0;
}
