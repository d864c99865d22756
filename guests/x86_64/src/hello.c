/*
 * First guest: the Multiboot hand-over as the runtime recorded it at _start, a line of text,
 * and the long-mode state the runtime set up.
 */
#include "runtime.h"

struct multiboot_info {
    uint32_t flags, mem_lower, mem_upper, boot_device, cmdline, mods_count, mods_addr;
};

int main(void)
{
    printf("hello from x86-64 long mode\n");
    /* Multiboot defines EAX, CR0.PE=1/PG=0 and EFLAGS.IF=VM=0; the arithmetic flags are left
     * from the loader's code (QEMU: PF set), so they are masked here. */
    printf("entry: eax=%08x eflags&~status=%08x cr0=%08x cr4=%08x\n", mb_magic, entry_eflags & ~0x8d5u,
           entry_cr0, entry_cr4);
    printf("entry: cs=%04x ds=%04x es=%04x ss=%04x fs=%04x gs=%04x\n", entry_cs, entry_ds, entry_es,
           entry_ss, entry_fs, entry_gs);
    const struct multiboot_info *mb = (const struct multiboot_info *)(uint64_t)mb_info_addr;
    /* flags bit 0: mem_lower/mem_upper valid (KiB below 1 MiB / above 1 MiB) */
    printf("multiboot: flags bit0=%u mem_lower=%u KiB mem_upper=%u KiB\n", mb->flags & 1, mb->mem_lower,
           mb->mem_upper);
    printf("long mode: cr0=%08lx cr4=%08lx efer=%lx\n", read_cr0(), read_cr4(), rdmsr(MSR_EFER));
    uint16_t cs, ss;
    __asm__ volatile("mov %%cs, %0" : "=r"(cs));
    __asm__ volatile("mov %%ss, %0" : "=r"(ss));
    printf("long mode: cs=%04x ss=%04x rflags&~status=%lx\n", cs, ss, read_rflags() & ~0x8d5UL);
    const char *s = "the quick brown fox jumps over the lazy dog";
    int n = 0;
    for (const char *p = s; *p; p++) {
        n += *p == 'o';
    }
    printf("%d o's in \"%s\"\n", n, s);
    printf("signed %d %ld unsigned %u %lu hex %x %lx\n", -42, -1234567890123L, 3000000000u,
           18446744073709551615UL, 0xdeadbeef, 0x0123456789abcdefUL);
    return 0;
}
