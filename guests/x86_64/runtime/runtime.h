/*
 * Runtime for x86-64 guests on the pc board (QEMU -M pc, Multiboot v1): serial console,
 * isa-debug-exit, the GDT/IDT/TSS, the interrupt frame, fault catching, CPL3 entry and exit,
 * application processor start-up and small wrappers for privileged instructions.
 */
#ifndef CHIMERA_X86_64_RUNTIME_H
#define CHIMERA_X86_64_RUNTIME_H

#include <stdint.h>
#include "../../common/printf.h"

/* ---- GDT selectors (runtime/boot.S) ---- */
#define SEL_KCODE64 0x08
#define SEL_KDATA   0x10
#define SEL_UCODE32 0x18 /* STAR[63:48]: SYSRET 32-bit CS */
#define SEL_UDATA   0x20 /* SYSRET SS = base + 8 */
#define SEL_UCODE64 0x28 /* SYSRET 64-bit CS = base + 16 */
#define SEL_KCODE32 0x30
#define SEL_TSS     0x38 /* 16-byte descriptor: entries 7 and 8 */
#define SEL_KCODE16 0x48
#define SEL_KDATA16 0x50
#define GDT_FIRST_SPARE 11 /* entries 11..15 are zero, free for tests */
#define GDT_ENTRIES 16

extern uint64_t gdt[GDT_ENTRIES];

/* ---- identity map built by boot.S: 4 GiB in 2 MiB pages, P|W|U everywhere ---- */
extern uint64_t boot_pml4[512];
extern uint64_t boot_pdpt[512];
extern uint64_t boot_pd[4][512];

/* ---- Multiboot values saved at entry ---- */
extern uint32_t mb_magic;      /* EAX at entry */
extern uint32_t mb_info_addr;  /* EBX at entry */
extern uint32_t entry_eflags, entry_cr0, entry_cr4, entry_esp;
extern uint16_t entry_cs, entry_ds, entry_es, entry_ss, entry_fs, entry_gs;

/* ---- exit (isa-debug-exit at port 0xf4: QEMU exits with status (v << 1) | 1) ---- */
void debug_exit(int v) __attribute__((noreturn));
#define EXIT_UNEXPECTED 3 /* unexpected exception: status 7 */

/* ---- interrupt frame (runtime/vectors.S), saved on every vector ---- */
struct frame {
    uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
    uint64_t rdi, rsi, rbp, rbx, rdx, rcx, rax;
    uint64_t vector, error;
    uint64_t rip, cs, rflags, rsp, ss; /* pushed by the CPU */
};

typedef void (*irq_handler_t)(struct frame *f);
/** Installs a C handler for one vector (NULL restores the default). */
void set_handler(int vector, irq_handler_t h);
/** Called for a vector without handler and no armed fault catch: prints and exits (weak). */
void unexpected_interrupt(struct frame *f);

/** Writes an IDT gate. type 0xE = interrupt gate, 0xF = trap gate. */
void idt_set_gate(int vector, uint64_t target, uint16_t selector, int dpl, int ist, int type);
/** Sets or clears a gate's P bit. */
void idt_set_present(int vector, int present);
/** Loads the runtime's IDT (after code that replaced IDTR, e.g. a trip to real mode). */
void load_idt(void);
/** Address of the runtime's entry stub for a vector (to restore a gate). */
uint64_t isr_stub(int vector);
/** Restores the runtime's gate for a vector (interrupt gate, DPL 0, or DPL 3 for 3 and 0x80). */
void idt_reset_gate(int vector);

/*
 * Fault catching. Put FAULT_ARM before and FAULT_END after a faulting instruction inside an
 * extended asm that clobbers "r11": an exception without a handler then resumes at FAULT_END
 * and is recorded in last_fault (vector -1 = nothing happened).
 */
struct fault_record {
    int64_t vector;
    uint64_t error, rip, cr2;
};
extern volatile uint64_t fault_resume;
extern volatile struct fault_record last_fault;
#define FAULT_ARM "lea 88f(%%rip), %%r11\n\tmov %%r11, fault_resume(%%rip)\n\t"
#define FAULT_END "\n88:\n\tmovq $0, fault_resume(%%rip)\n\t"
/** Clears last_fault. */
void fault_clear(void);

/*
 * CPL3. run_user() starts fn at CPL3 (CS 0x2b, SS 0x23) on user_stack with RFLAGS = rflags
 * and returns when user code executes `syscall` (LSTAR is the runtime's), `int $0x80`, or takes
 * an exception without handler. The reason is in user_exit_info.
 */
enum { USER_EXIT_SYSCALL = 1, USER_EXIT_INT80 = 2, USER_EXIT_FAULT = 3 };
struct user_exit {
    uint64_t how, vector, error, rip, cr2, rdi, cs, ss;
};
extern struct user_exit user_exit_info;
uint64_t run_user(void (*fn)(void), uint64_t user_stack, uint64_t rflags);
/** Like run_user with an explicit CS: SEL_UCODE32 | 3 runs fn in 32-bit compatibility mode. */
uint64_t run_user_cs(void (*fn)(void), uint64_t user_stack, uint64_t rflags, uint64_t cs);
/** From kernel context (a handler): abandons the current frame and returns from run_user. */
void user_return(uint64_t value) __attribute__((noreturn));
extern uint8_t user_stack_area[16384];
#define USER_STACK_TOP ((uint64_t)(user_stack_area + sizeof user_stack_area))

struct tss64 {
    uint32_t reserved0;
    uint64_t rsp[3];
    uint64_t reserved1;
    uint64_t ist[7];
    uint64_t reserved2;
    uint16_t reserved3, iomap_base;
} __attribute__((packed));
extern struct tss64 tss;

/* ---- application processors (runtime/trampoline.S + smp.c) ---- */
#define TRAMPOLINE_ADDR 0x8000 /* SIPI vector 0x08 */
#define MAX_CPUS 8
/** Starts the AP with this APIC ID (INIT-SIPI-SIPI); it runs fn(cpu_index) on its own stack in
 *  long mode, then halts with interrupts off. Returns 0 once the AP checked in, -1 on timeout. */
int start_ap(uint32_t apic_id, int cpu_index, void (*fn)(int cpu));
/** Copies the real-mode trampoline to TRAMPOLINE_ADDR (start_ap does it). */
void install_trampoline(void);

/* ---- devices ---- */
#define COM1 0x3f8
#define LAPIC_BASE 0xfee00000UL
#define IOAPIC_BASE 0xfec00000UL
#define DEBUG_EXIT_PORT 0xf4

static inline void outb(uint16_t port, uint8_t v) { __asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port)); }
static inline void outw(uint16_t port, uint16_t v) { __asm__ volatile("outw %0, %1" : : "a"(v), "Nd"(port)); }
static inline void outl(uint16_t port, uint32_t v) { __asm__ volatile("outl %0, %1" : : "a"(v), "Nd"(port)); }
static inline uint8_t inb(uint16_t port) { uint8_t v; __asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port)); return v; }
static inline uint16_t inw(uint16_t port) { uint16_t v; __asm__ volatile("inw %1, %0" : "=a"(v) : "Nd"(port)); return v; }
static inline uint32_t inl(uint16_t port) { uint32_t v; __asm__ volatile("inl %1, %0" : "=a"(v) : "Nd"(port)); return v; }

static inline void mmio_write32(uint64_t a, uint32_t v) { *(volatile uint32_t *)a = v; }
static inline uint32_t mmio_read32(uint64_t a) { return *(volatile uint32_t *)a; }
static inline uint32_t lapic_read(uint32_t reg) { return mmio_read32(LAPIC_BASE + reg); }
static inline void lapic_write(uint32_t reg, uint32_t v) { mmio_write32(LAPIC_BASE + reg, v); }
static inline uint32_t ioapic_read(uint32_t reg)
{
    mmio_write32(IOAPIC_BASE, reg);
    return mmio_read32(IOAPIC_BASE + 0x10);
}
static inline void ioapic_write(uint32_t reg, uint32_t v)
{
    mmio_write32(IOAPIC_BASE, reg);
    mmio_write32(IOAPIC_BASE + 0x10, v);
}

/* ---- CPU ---- */
static inline uint64_t rdmsr(uint32_t msr)
{
    uint32_t lo, hi;
    __asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
    return ((uint64_t)hi << 32) | lo;
}
static inline void wrmsr(uint32_t msr, uint64_t v)
{
    __asm__ volatile("wrmsr" : : "c"(msr), "a"((uint32_t)v), "d"((uint32_t)(v >> 32)) : "memory");
}
struct cpuid_regs { uint32_t eax, ebx, ecx, edx; };
static inline struct cpuid_regs cpuid(uint32_t leaf, uint32_t subleaf)
{
    struct cpuid_regs r;
    __asm__ volatile("cpuid" : "=a"(r.eax), "=b"(r.ebx), "=c"(r.ecx), "=d"(r.edx) : "a"(leaf), "c"(subleaf));
    return r;
}
#define DEF_CR(n)                                                                              \
    static inline uint64_t read_cr##n(void) { uint64_t v; __asm__ volatile("mov %%cr" #n ", %0" : "=r"(v)); return v; } \
    static inline void write_cr##n(uint64_t v) { __asm__ volatile("mov %0, %%cr" #n : : "r"(v) : "memory"); }
DEF_CR(0)
DEF_CR(2)
DEF_CR(3)
DEF_CR(4)
#undef DEF_CR
static inline uint64_t read_rflags(void) { uint64_t v; __asm__ volatile("pushfq; popq %0" : "=r"(v)); return v; }
static inline void cli(void) { __asm__ volatile("cli" : : : "memory"); }
static inline void sti(void) { __asm__ volatile("sti" : : : "memory"); }
static inline void invlpg(uint64_t va) { __asm__ volatile("invlpg (%0)" : : "r"(va) : "memory"); }
static inline void pause(void) { __asm__ volatile("pause"); }
__attribute__((noreturn)) static inline void halt_forever(void) { for (;;) __asm__ volatile("cli; hlt"); }

#define MSR_APIC_BASE 0x1b
#define MSR_EFER      0xc0000080
#define MSR_STAR      0xc0000081
#define MSR_LSTAR     0xc0000082
#define MSR_CSTAR     0xc0000083
#define MSR_SFMASK    0xc0000084
#define MSR_FS_BASE   0xc0000100
#define MSR_GS_BASE   0xc0000101
#define MSR_KERNEL_GS_BASE 0xc0000102

#define COUNT(a) ((int)(sizeof(a) / sizeof((a)[0])))

int main(void);

#endif
