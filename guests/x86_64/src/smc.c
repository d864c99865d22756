/*
 * Self-modifying and cross-modifying code (QEMU -smp 2; Chimera --set cpus=2):
 *  - an instruction's immediate rewritten, then executed; the same in a loop of 1000 values;
 *  - a store into the next instruction of the running block (x86 sees the new bytes);
 *  - a loop that rewrites its own ADD immediate every iteration;
 *  - a REP MOVSB that overwrites the instructions right after it;
 *  - code the loader placed in .data, code generated on the stack and in a .bss buffer;
 *  - code written through one virtual alias and executed through another;
 *  - code executed on the BSP many times, then rewritten by the AP, executed again.
 */
#include "runtime.h"

uint32_t smc_imm(void);
extern uint32_t smc_imm_value;
uint32_t smc_next(void);
uint32_t smc_loop(uint32_t n);
uint32_t smc_shared(void);
extern uint32_t smc_shared_value;
uint32_t smc_rep(void);
extern uint8_t data_code[];

static void write32(volatile void *p, uint32_t v) { *(volatile uint32_t *)p = v; }

static uint8_t code_buf[256] __attribute__((aligned(64)));

static void emit_ret_value(uint8_t *p, uint32_t v)
{
    p[0] = 0xb8;
    p[1] = (uint8_t)v;
    p[2] = (uint8_t)(v >> 8);
    p[3] = (uint8_t)(v >> 16);
    p[4] = (uint8_t)(v >> 24);
    p[5] = 0xc3;
}

static volatile int ap_phase, bsp_phase;

static void ap(int cpu)
{
    (void)cpu;
    while (__atomic_load_n(&bsp_phase, __ATOMIC_ACQUIRE) < 1) {
        pause();
    }
    write32(&smc_shared_value, 0xbbbb0001);      /* cross-modifying: the BSP has run it */
    emit_ret_value(code_buf + 64, 0x0badcafe);   /* and new code in a buffer */
    __atomic_store_n(&ap_phase, 1, __ATOMIC_RELEASE);
    while (__atomic_load_n(&bsp_phase, __ATOMIC_ACQUIRE) < 2) {
        pause();
    }
    for (uint32_t i = 0; i < 100; i++) {         /* rewrite while the BSP waits for each */
        write32(&smc_shared_value, 0xcccc0000 + i);
        __atomic_store_n(&ap_phase, (int)(2 + i), __ATOMIC_RELEASE);
        while (__atomic_load_n(&bsp_phase, __ATOMIC_ACQUIRE) < (int)(3 + i)) {
            pause();
        }
    }
}

/* the paging window of paging.c: VA 0x20000000 -> frame (exec alias), 0x20001000 -> same frame (write alias) */
#define WIN 0x20000000UL
static uint64_t pt[512] __attribute__((aligned(4096)));
static uint8_t frame[4096] __attribute__((aligned(4096)));

int main(void)
{
    uint32_t r1 = smc_imm();
    write32(&smc_imm_value, 0x22222222);
    uint32_t r2 = smc_imm();
    printf("patched immediate: %08x -> %08x\n", r1, r2);
    uint64_t sum = 0;
    for (uint32_t i = 0; i < 1000; i++) {
        write32(&smc_imm_value, i * 7);
        sum += smc_imm();
    }
    printf("patched 1000 times: sum %lu (expected %lu)\n", sum, 7UL * 999 * 1000 / 2);
    printf("store into the next instruction: %u %u\n", smc_next(), smc_next());
    printf("loop rewriting its own add: %u %u (expected 45 4950)\n", smc_loop(10), smc_loop(100));
    printf("rep movsb over the following code: %x\n", smc_rep());

    printf("code in .data from the loader: %x\n", ((uint32_t(*)(void))data_code)());
    uint8_t stack_code[16];
    emit_ret_value(stack_code, 0x5757);
    printf("code generated on the stack: %x\n", ((uint32_t(*)(void))stack_code)());
    uint32_t (*buf_fn)(void) = (uint32_t(*)(void))code_buf;
    uint64_t acc = 0;
    for (uint32_t i = 0; i < 50; i++) {
        emit_ret_value(code_buf, i);
        acc = acc * 3 + buf_fn();
    }
    printf("buffer rewritten and run 50 times: %lx\n", acc);
    /* a byte-wise rewrite of one instruction into another of different length */
    code_buf[0] = 0x31;
    code_buf[1] = 0xc0; /* xor %eax,%eax */
    code_buf[2] = 0xff;
    code_buf[3] = 0xc0; /* inc %eax */
    code_buf[4] = 0xc3;
    printf("rewritten to xor/inc/ret: %u\n", buf_fn());

    /* two virtual aliases of one frame */
    for (int i = 0; i < 512; i++) {
        pt[i] = 0;
    }
    pt[0] = (uint64_t)frame | 0x3;
    pt[1] = (uint64_t)frame | 0x3;
    boot_pd[0][256] = (uint64_t)pt | 0x7;
    write_cr3(read_cr3());
    emit_ret_value((uint8_t *)WIN + 0x1000, 0x1111);
    uint32_t (*alias)(void) = (uint32_t(*)(void))WIN;
    uint32_t a1 = alias();
    emit_ret_value((uint8_t *)WIN + 0x1000, 0x2222); /* written through the other alias */
    uint32_t a2 = alias();
    printf("alias: executed %x, rewritten through the other mapping %x\n", a1, a2);

    /* cross-modifying code with a second CPU */
    if (start_ap(1, 1, ap) != 0) {
        printf("AP did not start\n");
        return 1;
    }
    uint64_t warm = 0;
    for (int i = 0; i < 1000; i++) {
        warm += smc_shared();
    }
    __atomic_store_n(&bsp_phase, 1, __ATOMIC_RELEASE);
    while (__atomic_load_n(&ap_phase, __ATOMIC_ACQUIRE) < 1) {
        pause();
    }
    printf("cross-modified: before %lx (x1000), after %x, AP-written buffer %x\n", warm, smc_shared(),
           ((uint32_t(*)(void))(code_buf + 64))());
    __atomic_store_n(&bsp_phase, 2, __ATOMIC_RELEASE);
    uint64_t xsum = 0;
    for (int i = 0; i < 100; i++) {
        while (__atomic_load_n(&ap_phase, __ATOMIC_ACQUIRE) < 2 + i) {
            pause();
        }
        xsum += smc_shared() - 0xcccc0000u;
        __atomic_store_n(&bsp_phase, 3 + i, __ATOMIC_RELEASE);
    }
    printf("100 rewrites by the AP, each executed by the BSP: sum %lu (expected 4950)\n", xsum);
    printf("smc done\n");
    return 0;
}
