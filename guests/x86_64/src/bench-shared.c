/*
 * Benchmark of stores next to code: linked with runtime/link-shared.ld, so .data and .bss
 * share 4 KiB pages with .text and the hot variables below (.data.hot) lie inside .text,
 * right after this file's functions. Every inner loop stores to them: a histogram, a ring
 * buffer, a small insertion-sorted window, a state machine and a byte-code VM whose registers
 * live there. An emulator that tracks code per page (not finer) pays for every one of these
 * stores (QEMU itself does: this small workload takes it about 1-2 s of CPU). Prints
 * checksums only.
 */
#include "runtime.h"

#define ROUNDS 2
#define HOT __attribute__((section(".data.hot"), aligned(64)))

static uint32_t hist[64] HOT;
static uint32_t ring[64] HOT;
static uint32_t ring_head HOT, ring_tail HOT;
static uint32_t window[32] HOT;
static struct {
    uint32_t state, count[8], acc;
} fsm HOT;
static uint32_t vm_regs[8] HOT;
static uint64_t rng HOT = 0x9e3779b97f4a7c15UL;

static uint32_t next32(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (uint32_t)(rng >> 11);
}

static uint32_t mix(uint32_t h, uint32_t v) { return (h ^ v) * 0x01000193u; }

static uint32_t kernel_hist(void)
{
    for (int i = 0; i < 64; i++) hist[i] = 0;
    for (int i = 0; i < 200000; i++) hist[next32() & 63]++;
    uint32_t h = 0x811c9dc5u;
    for (int i = 0; i < 64; i++) h = mix(h, hist[i]);
    return h;
}

static uint32_t kernel_ring(void)
{
    uint32_t sum = 0;
    ring_head = ring_tail = 0;
    for (int i = 0; i < 150000; i++) {
        ring[ring_head++ & 63] = next32();
        if ((i & 3) == 3) {
            for (int k = 0; k < 3; k++) sum = mix(sum, ring[ring_tail++ & 63]);
        }
    }
    return sum ^ ring_head ^ ring_tail;
}

static uint32_t kernel_window(void)
{
    int n = 0;
    uint32_t h = 0;
    for (int i = 0; i < 30000; i++) {
        uint32_t v = next32();
        int j = n < 32 ? n++ : 31;
        while (j > 0 && window[j - 1] > v) {
            window[j] = window[j - 1];
            j--;
        }
        window[j] = v;
        h = mix(h, window[i & 31]);
    }
    return h;
}

static uint32_t kernel_fsm(void)
{
    fsm.state = 0;
    fsm.acc = 1;
    for (int i = 0; i < 8; i++) fsm.count[i] = 0;
    for (int i = 0; i < 250000; i++) {
        uint32_t in = next32();
        fsm.count[fsm.state]++;
        switch (fsm.state) {
        case 0: fsm.state = in & 1 ? 1 : 2; break;
        case 1: fsm.acc += in; fsm.state = 3; break;
        case 2: fsm.acc ^= in; fsm.state = (in >> 3) & 7; break;
        case 3: fsm.acc *= 3; fsm.state = 4; break;
        case 4: fsm.state = in & 2 ? 0 : 5; break;
        case 5: fsm.acc -= in >> 5; fsm.state = 6; break;
        case 6: fsm.state = 7; break;
        default: fsm.state = 0; break;
        }
    }
    uint32_t h = fsm.acc;
    for (int i = 0; i < 8; i++) h = mix(h, fsm.count[i]);
    return h;
}

static uint32_t kernel_vm(void)
{
    enum { LI, ADD, MUL, XOR, SHR, DEC, JNZ, END };
    static const struct { uint8_t op, a, b, c; int32_t imm; } prog[] = {
        { LI, 0, 0, 0, 75000 }, { LI, 1, 0, 0, 7 }, { LI, 2, 0, 0, 1103515245 }, { LI, 3, 0, 0, 12345 },
        { MUL, 1, 1, 2, 0 }, { ADD, 1, 1, 3, 0 }, { SHR, 4, 1, 0, 16 }, { XOR, 5, 5, 4, 0 },
        { ADD, 5, 5, 1, 0 }, { DEC, 0, 0, 0, 0 }, { JNZ, 0, 0, 0, 4 }, { END, 0, 0, 0, 0 },
    };
    for (int i = 0; i < 8; i++) vm_regs[i] = 0;
    int pc = 0;
    for (;;) {
        int op = prog[pc].op, a = prog[pc].a, b = prog[pc].b, c = prog[pc].c;
        int32_t imm = prog[pc].imm;
        pc++;
        switch (op) {
        case LI: vm_regs[a] = (uint32_t)imm; break;
        case ADD: vm_regs[a] = vm_regs[b] + vm_regs[c]; break;
        case MUL: vm_regs[a] = vm_regs[b] * vm_regs[c]; break;
        case XOR: vm_regs[a] = vm_regs[b] ^ vm_regs[c]; break;
        case SHR: vm_regs[a] = vm_regs[b] >> imm; break;
        case DEC: vm_regs[a]--; break;
        case JNZ: if (vm_regs[a]) pc = imm; break;
        default: return vm_regs[5] ^ vm_regs[1];
        }
    }
}

int main(void)
{
    printf("== bench-shared (%d rounds); hot data shares a page with code: %d\n", ROUNDS,
           ((uint64_t)hist >> 12) == ((uint64_t)kernel_vm >> 12) || ((uint64_t)hist >> 12) == ((uint64_t)main >> 12));
    uint32_t total = 0;
    for (int r = 0; r < ROUNDS; r++) {
        uint32_t a = kernel_hist(), b = kernel_ring(), c = kernel_window(), d = kernel_fsm(), e = kernel_vm();
        printf("round %d: hist %08x ring %08x window %08x fsm %08x vm %08x\n", r, a, b, c, d, e);
        total = mix(mix(mix(mix(mix(total, a), b), c), d), e);
    }
    printf("checksum %08x\n", total);
    printf("== bench-shared done\n");
    return 0;
}
