/*
 * Arm semihosting (HLT #0xF000, operation in w0, argument pointer in x1): SYS_WRITE0,
 * SYS_WRITEC, then SYS_EXIT with ADP_Stopped_ApplicationExit. Needs QEMU -semihosting; the
 * output goes to the semihosting console, not the PL011, and the run ends through SYS_EXIT
 * instead of PSCI.
 */
#include "runtime.h"

#define SYS_WRITEC 0x03
#define SYS_WRITE0 0x04
#define SYS_EXIT   0x18
#define ADP_Stopped_ApplicationExit 0x20026

static uint64_t semihost(uint64_t op, const void *arg)
{
    register uint64_t x0 __asm__("x0") = op;
    register const void *x1 __asm__("x1") = arg;
    __asm__ volatile("hlt #0xf000" : "+r"(x0) : "r"(x1) : "memory");
    return x0;
}

static void sh_puts(const char *s) { semihost(SYS_WRITE0, s); }
static void sh_putc(char c) { semihost(SYS_WRITEC, &c); }

static void sh_hex(uint64_t v)
{
    for (int shift = 60; shift >= 0; shift -= 4) sh_putc("0123456789abcdef"[(v >> shift) & 15]);
}

int main(void)
{
    sh_puts("== semihosting\n");
    sh_puts("SYS_WRITE0 prints a whole string\n");
    const char *msg = "SYS_WRITEC, one character at a time\n";
    for (const char *p = msg; *p; p++) sh_putc(*p);
    uint64_t sum = 0;
    for (uint64_t i = 1; i <= 1000; i++) sum += i * i;
    sh_puts("sum of squares 1..1000 = 0x");
    sh_hex(sum);
    sh_putc('\n');
    sh_puts("== semihosting done\n");
    static const uint64_t block[2] = { ADP_Stopped_ApplicationExit, 0 };
    semihost(SYS_EXIT, block);
    sh_puts("not reached: SYS_EXIT returned\n");
    return 1;
}
