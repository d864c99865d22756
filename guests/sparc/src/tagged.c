/*
 * Tagged arithmetic: taddcc/tsubcc set V when either operand has a nonzero tag (low two
 * bits) or the add/sub overflows; taddcctv/tsubcctv trap instead (tt 0x0a) and leave rd
 * and icc unchanged.
 */
#include "optest.h"

static volatile unsigned traps_seen;

static void tag_overflow_handler(struct trap_frame *f)
{
    traps_seen++;
    printf("  trap tt=0x%02x\n", f->tt);
    trap_skip(f);
}

static const uint32_t tag_values[] = {
    0x00000000, 0x00000004, 0x00000001, 0x00000002, 0x7ffffffc, 0x80000000, 0xfffffffc, 0x00000103,
};

int main(void)
{
    char icc[5];
    printf("tagged start\n");
    for (unsigned i = 0; i < 8; i++) {
        for (unsigned j = 0; j < 8; j++) {
            uint32_t a = tag_values[i], b = tag_values[j], r, psr;
            OP_RR("taddcc", a, b, r, psr);
            icc_str(psr, icc);
            printf("taddcc %08x %08x = %08x %s\n", a, b, r, icc);
            OP_RR("tsubcc", a, b, r, psr);
            icc_str(psr, icc);
            printf("tsubcc %08x %08x = %08x %s\n", a, b, r, icc);
        }
    }
    trap_set_handler(TT_TAG_OVERFLOW, tag_overflow_handler);
    for (unsigned i = 0; i < 8; i += 1) {
        uint32_t a = tag_values[i], b = tag_values[(i * 3 + 1) & 7], r = 0x5a5a5a5a, psr;
        set_icc(0x5);
        __asm__ volatile("taddcctv %2, %3, %0\n\trd %%psr, %1"
                         : "+r"(r), "=r"(psr) : "r"(a), "r"(b) : "cc");
        icc_str(psr, icc);
        printf("taddcctv %08x %08x = %08x %s traps=%u\n", a, b, r, icc, traps_seen);
        r = 0x5a5a5a5a;
        set_icc(0x5);
        __asm__ volatile("tsubcctv %2, %3, %0\n\trd %%psr, %1"
                         : "+r"(r), "=r"(psr) : "r"(a), "r"(b) : "cc");
        icc_str(psr, icc);
        printf("tsubcctv %08x %08x = %08x %s traps=%u\n", a, b, r, icc, traps_seen);
    }
    printf("tagged done traps=%u\n", traps_seen);
    return 0;
}
