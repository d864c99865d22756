/*
 * Real mode on the BSP: the long-mode -> real-mode -> long-mode round trip of realmode.S, and
 * what the real-mode code computed: 16-bit arithmetic and flags, one-byte INC (0x41), BCD
 * (daa/das/aaa/aas/aam/aad), 32-bit operand and address prefixes, segment:offset arithmetic
 * incl. FFFF:0010 above 1 MiB, "unreal mode" through a cached 4 GiB FS limit, string
 * instructions with 16-bit and 32-bit addressing, pusha/popa, a far call, INT through the
 * real-mode IVT, les, xlat, loop, enter/leave, cbw/cwd, bswap, cpuid and rdmsr.
 */
#include "runtime.h"

#define BLOB 0x1000
#define RES 0x7800

extern char blob_start[], blob_end[], blob_gdt_desc[];
extern char gdt_ptr[];
void realmode_run(void);

static uint16_t w(int off) { return *(volatile uint16_t *)(uint64_t)(RES + off); }
static uint32_t d(int off) { return *(volatile uint32_t *)(uint64_t)(RES + off); }

int main(void)
{
    uint8_t *dst = (uint8_t *)(uint64_t)BLOB;
    for (char *p = blob_start; p < blob_end; p++) {
        *dst++ = (uint8_t)*p;
    }
    uint8_t *desc = (uint8_t *)(uint64_t)BLOB + (blob_gdt_desc - blob_start);
    for (int i = 0; i < 6; i++) {
        desc[i] = (uint8_t)gdt_ptr[i];
    }
    for (int i = 0; i < 256; i++) {
        *(volatile uint8_t *)(uint64_t)(RES + i) = 0xee;
    }
    printf("blob: %ld bytes at %x\n", (long)(blob_end - blob_start), BLOB);
    realmode_run();
    printf("back in long mode: cr0 %lx efer %lx, marker %04x\n", read_cr0(), rdmsr(MSR_EFER), w(160));
    /* flags: arithmetic ones only (OSZAPC) */
#define FL(x) ((x) & 0x8d5)
    printf("add 7fff+1: %04x flags %03x\n", w(0), FL(w(2)));
    printf("stc; adc ffff+0: %04x flags %03x\n", w(4), FL(w(6)));
    printf("mul f0*10: %04x CF/OF %03x\n", w(8), w(10) & 0x801);
    printf("div 10000/3: q %04x r %04x\n", w(12), w(14));
    printf("imul 1000*-3: %04x CF/OF %03x\n", w(16), w(18) & 0x801);
    printf("inc cx (0x41) ffff: %04x flags %03x\n", w(20), FL(w(22)));
    printf("daa 38+45: %02x CF/AF %03x\n", w(24) & 0xff, w(26) & 0x11);
    printf("das 83-38: %02x\n", w(28) & 0xff);
    printf("aaa 9+8: %04x\n", w(30));
    printf("aas 0102-5: %04x\n", w(32));
    printf("aam 99: %04x, aad: %04x, aam 16 of 3f: %04x\n", w(34), w(36), w(38));
    printf("daa 99+1: %02x CF/ZF %03x\n", w(40) & 0xff, w(42) & 0x41);
    printf("32-bit add %08x shl4 %08x imul %08x a32 load %08x\n", d(44), d(48), d(52), d(56));
    printf("1234:0010 written, read as 1235:0000: %04x\n", w(60));
    printf("FFFF:0010 (linear 0x100000): %08x\n", d(64));
    printf("unreal FS:[0x100000] %08x FS:[0x100004] %08x\n", d(68), d(72));
    printf("rep movsb: di %u cx %u, dest %08x %08x\n", w(76), w(78), d(80), d(84));
    printf("std rep movsb: dest %08x\n", d(88));
    printf("rep stosw: %08x di %u\n", d(92), w(96));
    printf("repne scasb 'w': di %u cx %u; repe cmpsb: cx %u\n", w(98), w(100), w(102));
    printf("a32 rep movsw: edi %08x ecx %08x data %08x\n", d(104), d(108), d(112));
    printf("pusha: sp %d, popa sum %u, cs %04x, far call cx %04x\n", (int16_t)w(116), w(118), w(120), w(122));
    printf("int 0x80 via IVT: ax %u, flags after iret %03x\n", w(124), w(126) & 0x200);
    printf("les: bx %04x es %04x, xlat %u, loop sum %u\n", w(128), w(130), w(132) & 0xff, w(134));
    printf("enter 6,0: sp %d bp %d\n", (int16_t)w(136), (int16_t)w(138));
    printf("cbw/cwd of 80: ax %04x dx %04x\n", w(140), w(142));
    printf("rol 8001,1: %04x CF %u\n", w(144), w(146) & 1);
    printf("bswap %08x, cpuid.0 eax %08x, APIC_BASE low %08x\n", d(148), d(152), d(156));
    printf("realmode done\n");
    return 0;
}
