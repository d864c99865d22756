/*
 * CPUID as QEMU's default CPU (qemu64) reports it: every basic leaf up to the maximum (with
 * subleaves 0-3 for the leaves that have them), the extended leaves up to their maximum, leaves
 * above the maxima (qemu64 is "AuthenticAMD": zeros, not Intel's highest-basic-leaf answer),
 * the TCG hypervisor leaf, the vendor and brand strings; then MSRs whose values do not depend
 * on firmware (no MTRRs: SeaBIOS programs them) and write/read-back of valid values.
 * Not tested, because QEMU 7.2 TCG departs from the SDM there: rdmsr/wrmsr of an unknown MSR
 * (QEMU reads 0 and ignores writes instead of #GP), reserved EFER bits, a reserved PAT memory
 * type and a non-canonical FS_BASE (all accepted without #GP).
 * Leaf 1 EBX[31:24] is the APIC ID: this runs on the BSP (APIC ID 0).
 */
#include "runtime.h"

static void show(uint32_t leaf, uint32_t sub)
{
    struct cpuid_regs r = cpuid(leaf, sub);
    printf("cpuid %08x.%u: eax %08x ebx %08x ecx %08x edx %08x\n", leaf, sub, r.eax, r.ebx, r.ecx, r.edx);
}

static void put4(uint32_t v)
{
    for (int i = 0; i < 4; i++) {
        char c = (char)(v >> (8 * i));
        guest_putchar(c >= 32 && c < 127 ? c : '.');
    }
}

static int try_rdmsr(uint32_t msr, uint64_t *v)
{
    uint32_t lo = 0, hi = 0;
    fault_clear();
    __asm__ volatile(FAULT_ARM "rdmsr" FAULT_END : "+a"(lo), "+d"(hi) : "c"(msr) : "r11", "memory");
    *v = ((uint64_t)hi << 32) | lo;
    return (int)last_fault.vector;
}

static int try_wrmsr(uint32_t msr, uint64_t v)
{
    fault_clear();
    __asm__ volatile(FAULT_ARM "wrmsr" FAULT_END : : "c"(msr), "a"((uint32_t)v), "d"((uint32_t)(v >> 32))
                     : "r11", "memory");
    return (int)last_fault.vector;
}

int main(void)
{
    struct cpuid_regs r0 = cpuid(0, 0);
    printf("vendor: ");
    put4(r0.ebx);
    put4(r0.edx);
    put4(r0.ecx);
    printf("\n");
    for (uint32_t leaf = 0; leaf <= r0.eax; leaf++) {
        int subs = (leaf == 4 || leaf == 7 || leaf == 0xb || leaf == 0xd) ? 4 : 1;
        for (int s = 0; s < subs; s++) {
            show(leaf, (uint32_t)s);
        }
    }
    struct cpuid_regs x0 = cpuid(0x80000000, 0);
    for (uint32_t leaf = 0x80000000; leaf <= x0.eax; leaf++) {
        show(leaf, 0);
    }
    printf("brand: ");
    for (uint32_t leaf = 0x80000002; leaf <= 0x80000004 && leaf <= x0.eax; leaf++) {
        struct cpuid_regs r = cpuid(leaf, 0);
        put4(r.eax);
        put4(r.ebx);
        put4(r.ecx);
        put4(r.edx);
    }
    printf("\n");
    printf("# above the maxima\n");
    show(r0.eax + 1, 0);
    show(0x1000, 0);
    show(x0.eax + 1, 0);
    show(0x8fffffff, 0);
    printf("# hypervisor range\n");
    show(0x40000000, 0);

    struct cpuid_regs l1 = cpuid(1, 0);
    printf("leaf 1: stepping %u model %u family %u, APIC ID %u, CLFLUSH line %u bytes\n", l1.eax & 0xf,
           (l1.eax >> 4) & 0xf, (l1.eax >> 8) & 0xf, l1.ebx >> 24, ((l1.ebx >> 8) & 0xff) * 8);

    printf("# MSRs\n");
    static const struct {
        uint32_t msr;
        const char *name;
    } msrs[] = {
        { 0x1b, "IA32_APIC_BASE" }, { 0x277, "IA32_PAT" }, { 0x1a0, "IA32_MISC_ENABLE" },
        { 0x179, "IA32_MCG_CAP" }, { 0x17a, "IA32_MCG_STATUS" }, { 0x174, "IA32_SYSENTER_CS" },
        { 0x175, "IA32_SYSENTER_ESP" }, { 0x176, "IA32_SYSENTER_EIP" }, { 0xc0000080, "EFER" },
        { 0xc0000081, "STAR" }, { 0xc0000084, "SFMASK" }, { 0xc0000100, "FS_BASE" },
        { 0xc0000101, "GS_BASE" }, { 0xc0000102, "KERNEL_GS_BASE" },
    };
    for (int i = 0; i < COUNT(msrs); i++) {
        uint64_t v;
        int vec = try_rdmsr(msrs[i].msr, &v);
        if (vec >= 0) {
            printf("rdmsr %08x %-18s #%d error %lx\n", msrs[i].msr, msrs[i].name, vec, last_fault.error);
        } else {
            printf("rdmsr %08x %-18s %016lx\n", msrs[i].msr, msrs[i].name, v);
        }
    }
    static const struct {
        uint32_t msr;
        uint64_t value;
    } writes[] = {
        { 0x277, 0x0007010600070406UL }, { 0x277, 0x0007040600070406UL }, { 0x175, 0xffff800012345678UL },
        { 0x176, 0x0000000000401000UL }, { 0x174, 0x10 }, { MSR_KERNEL_GS_BASE, 0xffffffff80000000UL },
        { MSR_CSTAR, 0x1234 }, { MSR_SFMASK, 0x47700 },
    };
    for (int i = 0; i < COUNT(writes); i++) {
        int vec = try_wrmsr(writes[i].msr, writes[i].value);
        uint64_t back;
        try_rdmsr(writes[i].msr, &back);
        printf("wrmsr %08x %016lx: #%d, reads %016lx\n", writes[i].msr, writes[i].value, vec, back);
    }
    wrmsr(MSR_KERNEL_GS_BASE, 0);
    wrmsr(0x174, 0);
    wrmsr(0x175, 0);
    wrmsr(0x176, 0);
    return 0;
}
