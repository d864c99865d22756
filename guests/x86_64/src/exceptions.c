/*
 * Exceptions and privilege: #UD (ud2, UD0/UD1, encodings invalid in 64-bit mode, LOCK on a
 * non-lockable instruction or a register destination, CR1/CR5), #GP (privileged instructions
 * at CPL3, I/O with IOPL 0, non-canonical addresses, bad selector loads, an over-long
 * instruction, gates of the wrong type or selector), #NP (not-present gate or segment),
 * #BP/#DB (int3, TF single-step, DR0 execute and DR1 write breakpoints), INT n against gate DPL, a double fault through
 * IST1, error codes, IRETQ to CPL3, SYSCALL/SYSRET with STAR/LSTAR/SFMASK and SWAPGS, SYSCALL
 * from compatibility mode (CSTAR), SYSENTER, RDTSC with CR4.TSD, and 32-bit compatibility-mode
 * code at CPL0 (far return in and out) and CPL3.
 * Not tested: #TS (every privilege change reads the TSS, so a broken TSS ends in a triple
 * fault) and #AC (QEMU 7.2 does not implement alignment checking). Left out because QEMU 7.2
 * departs from the SDM there: reserved or invalid MOV to CR0/CR3/CR4 (QEMU accepts them, or
 * hangs: reserved CR4 bits take a bogus SVM #VMEXIT), LOCK MOV (no #UD), #SS for
 * non-canonical stack references (QEMU raises #GP), and the RIP of the #GP for a jump to a
 * non-canonical address (QEMU reports the target; hardware the jump) is not printed. INT1
 * (ICEBP, F1) is #UD in QEMU 7.2 (built without WANT_ICEBP), a #DB trap on hardware.
 */
#include "runtime.h"

uint64_t compat_call(uint32_t x);
void user32(void);
extern uint32_t user32_mode;
void sysret_handler(void);
extern uint64_t sys_count, sys_last_r11, sys_last_rax;

static void show(const char *what)
{
    if (last_fault.vector < 0) {
        printf("%-44s no exception\n", what);
    } else {
        printf("%-44s #%ld error %lx\n", what, last_fault.vector, last_fault.error);
    }
}

#define TRY(what, insn) TRY2(what, "", insn, "")
/* before: set-up; insn: may fault; after: runs in both cases (restores what insn changed) */
#define TRY2(what, before, insn, after)                                                       \
    do {                                                                                      \
        fault_clear();                                                                        \
        __asm__ volatile(before "\n\t" FAULT_ARM insn FAULT_END after                          \
                         : : : "r11", "rax", "rcx", "rdx", "memory", "cc");                   \
        show(what);                                                                           \
    } while (0)

static void undefined(void)
{
    TRY("ud2", "ud2");
    TRY("UD0 (0f ff /r)", ".byte 0x0f, 0xff, 0xc0");
    TRY("UD1 (0f b9 /r)", ".byte 0x0f, 0xb9, 0xc0");
    TRY("push es (06, invalid in 64-bit)", ".byte 0x06");
    TRY("daa (27, invalid in 64-bit)", ".byte 0x27");
    TRY("aam (d4 0a, invalid in 64-bit)", ".byte 0xd4, 0x0a");
    TRY("into (ce, invalid in 64-bit)", ".byte 0xce");
    TRY("82 /0 (invalid in 64-bit)", ".byte 0x82, 0xc0, 0x01");
    TRY("lds (c5 /r with mod!=3 is VEX in 64-bit)", ".byte 0xc5, 0x00");
    TRY("lock nop", ".byte 0xf0, 0x90");
    TRY("lock add reg,reg", ".byte 0xf0, 0x01, 0xc0");
    TRY("lock add [mem],reg (valid)", "lock addl $0, (%%rsp)");
    TRY("mov to cs (8e c8)", ".byte 0x8e, 0xc8");
    TRY("lea with register source (8d c0)", ".byte 0x8d, 0xc0");
    TRY("cmpxchg8b with a register (0f c7 c8)", ".byte 0x0f, 0xc7, 0xc8");
    TRY("sysenter in 64-bit mode (vendor AMD)", "sysenter");
    TRY("0f 0b ud2 with a 66 prefix", ".byte 0x66, 0x0f, 0x0b");
    /* an instruction longer than 15 bytes: #GP(0) */
    TRY("16-byte instruction (prefixes)", ".byte 0x66,0x66,0x66,0x66,0x66,0x66,0x66,0x66,0x66,0x66,0x66,0x66,0x66,0x66,0x66,0x90");
}

static void general_protection(void)
{
    TRY("mov non-canonical", "movabs $0x0000800000000000, %%rax\n\tmov (%%rax), %%rax");
    TRY("mov non-canonical (high)", "movabs $0xffff7fffffffffff, %%rax\n\tmov (%%rax), %%rax");
    TRY("canonical, upper half not mapped", "movabs $0xffff800000000000, %%rax\n\tmov (%%rax), %%rax");
    TRY2("rbp-relative with FS override -> #GP", "mov %%rbp, %%rax\n\tmovabs $0x0000800000000000, %%rbp",
         "mov %%fs:(%%rbp), %%rdx", "mov %%rax, %%rbp");
    TRY("jmp to non-canonical", "movabs $0x0000800000000000, %%rax\n\tjmp *%%rax");
    TRY("mov to cr1", ".byte 0x0f, 0x22, 0xc8");
    TRY("mov from cr5", ".byte 0x0f, 0x20, 0xe8");
    TRY("mov to dr4 with CR4.DE=0 (alias of dr6)", "mov $0xffff0ff0, %%eax\n\tmov %%rax, %%dr4");
    write_cr4(read_cr4() | 8);
    TRY("mov to dr4 with CR4.DE=1", "mov $0xffff0ff0, %%eax\n\tmov %%rax, %%dr4");
    write_cr4(read_cr4() & ~8UL);
    TRY("mov dr7 with bits 63:32 set", "mov $1, %%eax\n\tshl $40, %%rax\n\tmov %%rax, %%dr7");
}

/* GDT entries for selector tests */
#define IDX_NP_DATA 11  /* data segment, not present */
#define IDX_XO_CODE 12  /* execute-only code */
#define IDX_DPL3_DATA 13

static void segments(void)
{
    gdt[IDX_NP_DATA] = 0x00CF12000000FFFFUL;   /* P=0 */
    gdt[IDX_XO_CODE] = 0x00CF98000000FFFFUL;   /* code, not readable */
    gdt[IDX_DPL3_DATA] = 0x00CFF2000000FFFFUL; /* DPL 3 */
    static const struct {
        const char *what;
        uint16_t sel;
        int ss;
    } loads[] = {
        { "mov ds, 0x10 (data)", 0x10, 0 },
        { "mov ds, 0 (null)", 0x0, 0 },
        { "mov ds, 0x3 (null, RPL 3)", 0x3, 0 },
        { "mov ds, beyond the GDT limit", 0x80, 0 },
        { "mov ds, not present", IDX_NP_DATA * 8, 0 },
        { "mov ds, execute-only code", IDX_XO_CODE * 8, 0 },
        { "mov ds, readable code 0x08", 0x08, 0 },
        { "mov ds, TSS (system descriptor)", SEL_TSS, 0 },
        { "mov ds, LDT-relative (TI=1), null LDT", 0x14, 0 },
        { "mov ds, DPL3 data at CPL0", IDX_DPL3_DATA * 8 + 3, 0 },
        { "mov ss, DPL3 data at CPL0", IDX_DPL3_DATA * 8 + 3, 1 },
        { "mov ss, 0 at CPL0 (allowed in 64-bit)", 0, 1 },
        { "mov ss, not present", IDX_NP_DATA * 8, 1 },
        { "mov ss, code", 0x08, 1 },
    };
    /* LDTR's cache after firmware is not architectural: load the null LDT first */
    __asm__ volatile("lldt %w0" : : "r"(0));
    for (int i = 0; i < COUNT(loads); i++) {
        fault_clear();
        if (loads[i].ss) {
            __asm__ volatile("mov %%ss, %%ecx\n\t" FAULT_ARM "mov %0, %%ss" FAULT_END "mov %%ecx, %%ss"
                             : : "r"((uint32_t)loads[i].sel) : "r11", "rcx", "memory");
        } else {
            __asm__ volatile(FAULT_ARM "mov %0, %%ds" FAULT_END : : "r"((uint32_t)loads[i].sel) : "r11", "memory");
        }
        show(loads[i].what);
    }
    __asm__ volatile("mov %0, %%ds" : : "r"(SEL_KDATA));
    fault_clear();
    __asm__ volatile(FAULT_ARM "ltr %w0" FAULT_END : : "r"(SEL_TSS) : "r11", "memory");
    show("ltr of the busy TSS");
    fault_clear();
    __asm__ volatile(FAULT_ARM "lldt %w0" FAULT_END : : "r"(0) : "r11", "memory");
    show("lldt 0 (null LDT)");
    uint16_t tr;
    __asm__ volatile("str %0" : "=r"(tr));
    printf("str -> %x\n", tr);
    /* verr/verw/lar/lsl report through ZF, no faults */
    static const uint16_t sels[] = { 0x08, 0x10, 0x1b, 0x23, SEL_TSS, IDX_NP_DATA * 8, IDX_XO_CODE * 8, 0x80, 0 };
    for (int i = 0; i < COUNT(sels); i++) {
        uint64_t ar = 0xaaaa, lim = 0xbbbb, f1, f2, f3, f4;
        __asm__ volatile("verr %w4\n\tpushfq\n\tpop %0\n\tverw %w4\n\tpushfq\n\tpop %1\n\t"
                         "lar %q4, %2\n\tpushfq\n\tpop %3"
                         : "=r"(f1), "=r"(f2), "+r"(ar), "=r"(f3) : "r"((uint64_t)sels[i]) : "cc");
        __asm__ volatile("lsl %q2, %0\n\tpushfq\n\tpop %1" : "+r"(lim), "=r"(f4) : "r"((uint64_t)sels[i]) : "cc");
        printf("sel %04x: verr %lu verw %lu lar %lu %lx lsl %lu %lx\n", sels[i], (f1 >> 6) & 1, (f2 >> 6) & 1,
               (f3 >> 6) & 1, ar, (f4 >> 6) & 1, lim);
    }
}

static void not_present_gate_and_double_fault(void)
{
    /* a gate with P=0: #NP with error code vector*8+2 (IDT, EXT=0) */
    idt_set_gate(0x41, isr_stub(0x41), SEL_KCODE64, 0, 0, 0xE);
    fault_clear();
    idt_set_present(0x41, 0);
    __asm__ volatile(FAULT_ARM "int $0x41" FAULT_END : : : "r11", "memory");
    show("int 0x41, gate not present");
    idt_reset_gate(0x41);
    /* #GP while the #GP gate is not present: #NP during delivery of #GP -> #DF (IST1) */
    idt_set_present(13, 0);
    fault_clear();
    __asm__ volatile(FAULT_ARM "movabs $0x0000800000000000, %%rax\n\tmov (%%rax), %%rax" FAULT_END
                     : : : "r11", "rax", "memory");
    idt_reset_gate(13);
    show("#GP with the #GP gate not present -> #DF");
    /* a gate whose selector is a data segment: #GP(selector) during delivery */
    idt_set_gate(0x42, isr_stub(0x42), SEL_KDATA, 0, 0, 0xE);
    fault_clear();
    __asm__ volatile(FAULT_ARM "int $0x42" FAULT_END : : : "r11", "memory");
    show("int 0x42, gate selector is a data segment");
    idt_reset_gate(0x42);
    /* a 32-bit gate type in long mode (0xC = call gate... 0x6 = 16-bit interrupt gate): #GP */
    idt_set_gate(0x43, isr_stub(0x43), SEL_KCODE64, 0, 0, 0x6);
    fault_clear();
    __asm__ volatile(FAULT_ARM "int $0x43" FAULT_END : : : "r11", "memory");
    show("int 0x43, 16-bit interrupt gate type");
    idt_reset_gate(0x43);
}

/* ---- INT n, #BP, #DB ---- */
static volatile uint64_t seen_rip, seen_rflags, seen_vec, seen_cs, steps;
static void record(struct frame *f)
{
    seen_rip = f->rip;
    seen_rflags = f->rflags;
    seen_vec = f->vector;
    seen_cs = f->cs;
}
/* instruction breakpoints are faults: set RF in the saved RFLAGS so the return does not re-trigger */
static void bp_handler(struct frame *f)
{
    record(f);
    f->rflags |= 0x10000;
}
static void read_if(struct frame *f)
{
    (void)f;
    seen_rflags = read_rflags();
}
static void count_step(struct frame *f)
{
    steps++;
    if (steps > 100) {
        f->rflags &= ~0x100UL;
    }
}

extern char after_int3[], after_int3b[];

static void breakpoints(void)
{
    set_handler(3, record);
    __asm__ volatile("int3\n\t.global after_int3\nafter_int3:" ::: "memory");
    printf("int3: vector %lu, rip is after the int3: %d\n", seen_vec, seen_rip == (uint64_t)after_int3);
    __asm__ volatile("int $3\n\t.global after_int3b\nafter_int3b:" ::: "memory");
    printf("int $3 (cd 03): vector %lu, rip after: %d\n", seen_vec, seen_rip == (uint64_t)after_int3b);
    set_handler(3, 0);
    /* TF: a #DB after each instruction; the instruction that sets TF (popf) is not trapped */
    set_handler(1, count_step);
    steps = 0;
    uint64_t dr6;
    __asm__ volatile("mov %0, %%dr6" : : "r"(0xffff0ff0UL));
    __asm__ volatile("pushfq\n\torq $0x100, (%%rsp)\n\tpopfq\n\tnop\n\tnop\n\tmov $1, %%eax\n\tadd %%eax, %%eax\n\t"
                     "pushfq\n\tandq $~0x100, (%%rsp)\n\tpopfq\n\tnop"
                     : : : "rax", "memory", "cc");
    __asm__ volatile("mov %%dr6, %0" : "=r"(dr6));
    printf("single-step: %lu #DB traps, DR6 %lx\n", steps, dr6);
    /* a REP string instruction traps after each iteration */
    steps = 0;
    __asm__ volatile("mov %0, %%dr6" : : "r"(0xffff0ff0UL));
    static uint8_t a[16], b[16];
    __asm__ volatile("pushfq\n\torq $0x100, (%%rsp)\n\tpopfq\n\trep movsb\n\tpushfq\n\tandq $~0x100, (%%rsp)\n\tpopfq"
                     : : "S"(a), "D"(b), "c"(5UL) : "memory", "cc");
    printf("single-step over rep movsb x5 (+ pushf): %lu traps\n", steps);
    set_handler(1, 0);
    /* hardware execute breakpoint in DR0 */
    set_handler(1, bp_handler);
    __asm__ volatile("mov %0, %%dr6" : : "r"(0xffff0ff0UL));
    extern char bp_target[];
    __asm__ volatile("mov %0, %%dr0\n\tmov $0x1, %%eax\n\tmov %%rax, %%dr7\n\t"
                     "nop\n\t.global bp_target\nbp_target:\tnop\n\tnop\n\txor %%eax, %%eax\n\tmov %%rax, %%dr7"
                     : : "r"(bp_target) : "rax", "memory");
    __asm__ volatile("mov %%dr6, %0" : "=r"(dr6));
    printf("DR0 execute breakpoint: vector %lu at the target %d, DR6 %lx\n", seen_vec, seen_rip == (uint64_t)bp_target,
           dr6);
    /* data write breakpoint on a variable (DR1: L1, RW1 = 01 write, LEN1 = 10 eight bytes) */
    static volatile uint64_t watched;
    seen_vec = 0;
    set_handler(1, record);
    __asm__ volatile("mov %0, %%dr6" : : "r"(0xffff0ff0UL));
    extern char after_store[];
    __asm__ volatile("mov %0, %%dr1\n\tmov $0x00900004, %%eax\n\tmov %%rax, %%dr7\n\t"
                     "movq $5, (%0)\n\t.global after_store\nafter_store:\tnop\n\txor %%eax, %%eax\n\tmov %%rax, %%dr7"
                     : : "r"(&watched) : "rax", "memory");
    __asm__ volatile("mov %%dr6, %0" : "=r"(dr6));
    printf("DR1 write watchpoint: vector %lu, trap after the store %d, DR6 %lx\n", seen_vec,
           seen_rip == (uint64_t)after_store, dr6);
    set_handler(1, 0);
    __asm__ volatile("mov %0, %%dr6" : : "r"(0xffff0ff0UL));
}

/* ---- CPL3 ---- */
static volatile uint64_t user_arg;
static void u_hlt(void) { __asm__ volatile("hlt"); }
static void u_cli(void) { __asm__ volatile("cli"); }
static void u_out(void) { __asm__ volatile("outb %%al, $0x80\n\txor %%edi, %%edi\n\tsyscall" : : "a"(0) : "rdi", "rcx", "r11"); }
static void u_in(void) { __asm__ volatile("inb $0x80, %%al\n\txor %%edi, %%edi\n\tsyscall" : : : "rax", "rdi", "rcx", "r11"); }
static void u_wrmsr(void) { __asm__ volatile("wrmsr" : : "c"(0x1b), "a"(0), "d"(0)); }
static void u_movcr(void) { uint64_t v; __asm__ volatile("mov %%cr0, %0" : "=r"(v)); }
static void u_lgdt(void) { static char d[10]; __asm__ volatile("lgdt %0" : : "m"(d)); }
static void u_int40(void) { __asm__ volatile("int $0x40"); }
static void u_int80(void) { __asm__ volatile("mov $0x80, %%edi\n\tint $0x80" : : : "rdi"); }
static void u_int3(void) { __asm__ volatile("int3"); }
static void u_ud2(void) { __asm__ volatile("ud2"); }
static void u_rdtsc(void) { __asm__ volatile("rdtsc\n\txor %%edi, %%edi\n\tsyscall" : : : "rax", "rdx", "rdi", "rcx", "r11"); }
static void u_cpuid(void)
{
    __asm__ volatile("xor %%eax, %%eax\n\tcpuid\n\tmov %%eax, %%edi\n\tsyscall" : : : "rax", "rbx", "rcx", "rdx", "rdi", "r11");
}
static void u_pushf(void)
{
    __asm__ volatile("pushfq\n\tpop %%rdi\n\tsyscall" : : : "rdi", "rcx", "r11");
}
static void u_popf_if(void)
{
    /* POPF at CPL3 with IOPL 0 cannot change IF or IOPL (no fault) */
    __asm__ volatile("pushq $0x3202\n\tpopfq\n\tpushfq\n\tpop %%rdi\n\tsyscall" : : : "rdi", "rcx", "r11");
}
static void u_iret_kernel(void)
{
    /* IRETQ at CPL3 to a CPL0 code selector: #GP(selector) */
    __asm__ volatile("mov %%rsp, %%rax\n\tpushq $0x23\n\tpush %%rax\n\tpushq $2\n\tpushq $0x08\n\tlea 1f(%%rip), %%rax\n\t"
                     "push %%rax\n\tiretq\n1:" : : : "rax", "memory");
}
static void u_noncanon(void) { __asm__ volatile("movabs $0x0000800000000000, %%rax\n\tmov (%%rax), %%rax" : : : "rax"); }
static void u_sysenter(void) { __asm__ volatile("sysenter"); }
static void u_swapgs(void) { __asm__ volatile("swapgs"); }

static void show_user(const char *what, uint64_t r)
{
    const struct user_exit *u = &user_exit_info;
    if (u->how == USER_EXIT_SYSCALL) {
        printf("%-44s returned through syscall, value %lx\n", what, r);
    } else if (u->how == USER_EXIT_INT80) {
        printf("%-44s int 0x80, value %lx, frame cs %lx ss %lx\n", what, r, u->cs, u->ss);
    } else {
        printf("%-44s #%lu error %lx (cs %lx)\n", what, u->vector, u->error, u->cs);
    }
}

static void user_tests(void)
{
    static const struct {
        const char *what;
        void (*fn)(void);
        uint64_t rflags;
    } t[] = {
        { "CPL3 hlt", u_hlt, 0x2 }, { "CPL3 cli", u_cli, 0x2 }, { "CPL3 out 0x80, IOPL 0", u_out, 0x2 },
        { "CPL3 in 0x80, IOPL 0", u_in, 0x2 }, { "CPL3 wrmsr", u_wrmsr, 0x2 }, { "CPL3 mov cr0", u_movcr, 0x2 },
        { "CPL3 lgdt", u_lgdt, 0x2 }, { "CPL3 int 0x40 (gate DPL 0)", u_int40, 0x2 },
        { "CPL3 int 0x80 (gate DPL 3)", u_int80, 0x2 }, { "CPL3 int3 (gate DPL 3)", u_int3, 0x2 },
{ "CPL3 ud2", u_ud2, 0x2 }, { "CPL3 cpuid", u_cpuid, 0x2 },
        { "CPL3 pushf", u_pushf, 0x2 | 0x4 | 0x40 }, { "CPL3 popf IF/IOPL (kept)", u_popf_if, 0x2 },
        { "CPL3 iretq to a CPL0 selector", u_iret_kernel, 0x2 }, { "CPL3 non-canonical load", u_noncanon, 0x2 },
        { "CPL3 sysenter", u_sysenter, 0x2 }, { "CPL3 swapgs", u_swapgs, 0x2 },
    };
    for (int i = 0; i < COUNT(t); i++) {
        uint64_t r = run_user(t[i].fn, USER_STACK_TOP, t[i].rflags);
        show_user(t[i].what, r);
    }
    /* IOPL 3 allows I/O and CLI at CPL3 */
    show_user("CPL3 out 0x80, IOPL 3", run_user(u_out, USER_STACK_TOP, 0x3002));
    /* RDTSC with CR4.TSD = 1 is privileged */
    write_cr4(read_cr4() | 4);
    show_user("CPL3 rdtsc, CR4.TSD=1", run_user(u_rdtsc, USER_STACK_TOP, 0x2));
    write_cr4(read_cr4() & ~4UL);
    show_user("CPL3 rdtsc, CR4.TSD=0 (value not shown)", run_user(u_rdtsc, USER_STACK_TOP, 0x2) & 0);
    /* 32-bit compatibility mode at CPL3 (the upper halves of registers written there are
     * undefined: only the low 32 bits of the result are shown) */
    user32_mode = 0;
    show_user("compat mode (CS 0x1b), int 0x80",
              run_user_cs(user32, USER_STACK_TOP, 0x2, SEL_UCODE32 | 3) & 0xffffffffUL);
    user32_mode = 1;
    show_user("compat mode, syscall via CSTAR", run_user_cs(user32, USER_STACK_TOP, 0x2, SEL_UCODE32 | 3) & 0xffffffffUL);
}

/* ---- SYSCALL/SYSRET round trips ---- */
static uint64_t kernel_area[2];
static uint8_t sys_stack[4096] __attribute__((aligned(16)));
static void u_syscalls(void)
{
    /* three syscalls with RAX = 1, 2, 3; the kernel adds them; then flags that SFMASK clears */
    __asm__ volatile("mov $1, %%eax\n\tsyscall\n\tmov $2, %%eax\n\tsyscall\n\tmov $3, %%eax\n\tstd\n\tsyscall\n\tcld\n\t"
                     "mov %%r11, %%rdi\n\tint $0x80"
                     : : : "rax", "rcx", "r11", "rdi", "memory");
}

static void syscall_sysret(void)
{
    kernel_area[1] = (uint64_t)(sys_stack + sizeof sys_stack);
    uint64_t gs_before = rdmsr(MSR_GS_BASE);
    wrmsr(MSR_KERNEL_GS_BASE, (uint64_t)kernel_area);
    wrmsr(MSR_LSTAR, (uint64_t)sysret_handler);
    sys_count = 0;
    uint64_t r = run_user(u_syscalls, USER_STACK_TOP, 0x2 | 0x10 | 0x80 | 0x40000);
    /* kernel RFLAGS: only the bits SFMASK (0x47700) covers are shown; QEMU 7.2 also loses the
     * arithmetic flags across SYSCALL, which the SDM keeps */
    printf("syscall/sysret x3: sum %lu, R11 in the last call %lx, SFMASK bits in the kernel %lx, back in user R11 %lx\n",
           sys_count, sys_last_r11 & 0x44fd5, sys_last_rax & 0x47700, r & 0x44fd5);
    printf("GS_BASE after the calls unchanged: %d\n", rdmsr(MSR_GS_BASE) == gs_before);
    extern char syscall_entry[];
    wrmsr(MSR_LSTAR, (uint64_t)syscall_entry);
    wrmsr(MSR_KERNEL_GS_BASE, 0);
    /* SYSCALL with EFER.SCE = 0: #UD */
    uint64_t efer = rdmsr(MSR_EFER);
    wrmsr(MSR_EFER, efer & ~1UL);
    show_user("syscall with EFER.SCE=0", run_user(u_rdtsc, USER_STACK_TOP, 0x2));
    wrmsr(MSR_EFER, efer);
}

static void compat_kernel(void)
{
    for (uint32_t x = 0; x < 3; x++) {
        uint64_t r = compat_call(x);
        printf("compat-mode CPL0 call(%u): %lx\n", x, r & 0xffffffffUL);
    }
}

static void iret_frames(void)
{
    /* IRETQ at CPL0 to CPL0 with a different RSP and RFLAGS; and an exception frame's layout */
    set_handler(0x44, record);
    uint64_t rsp_in;
    __asm__ volatile("mov %%rsp, %0\n\tint $0x44" : "=r"(rsp_in) : : "memory");
    printf("int 0x44 from CPL0: cs %lx rflags %lx rip is ours %d\n", seen_cs, seen_rflags & 0xfd5, seen_rip != 0);
    set_handler(0x44, 0);
    /* an interrupt gate clears IF; a trap gate keeps it: checked with IF set and the PIC masked */
    outb(0x21, 0xff);
    outb(0xa1, 0xff);
    static volatile uint64_t if_in_handler[2];
    set_handler(0x45, read_if);
    idt_set_gate(0x46, isr_stub(0x46), SEL_KCODE64, 0, 0, 0xF); /* trap gate */
    set_handler(0x46, read_if);
    __asm__ volatile("sti\n\tint $0x45\n\tcli" ::: "memory");
    if_in_handler[0] = seen_rflags;
    __asm__ volatile("sti\n\tint $0x46\n\tcli" ::: "memory");
    if_in_handler[1] = seen_rflags;
    printf("IF inside the handler: interrupt gate %lu, trap gate %lu\n", (if_in_handler[0] >> 9) & 1,
           (if_in_handler[1] >> 9) & 1);
    set_handler(0x45, 0);
    set_handler(0x46, 0);
    idt_reset_gate(0x46);
}

int main(void)
{
    undefined();
    general_protection();
    segments();
    not_present_gate_and_double_fault();
    breakpoints();
    user_tests();
    syscall_sysret();
    compat_kernel();
    iret_frames();
    printf("exceptions done\n");
    return 0;
}
