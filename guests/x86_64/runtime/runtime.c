/*
 * Serial console (16550 at COM1), isa-debug-exit, descriptor tables and interrupt dispatch.
 * Compiled with -mgeneral-regs-only: interrupt handlers never touch SSE or x87 state, which
 * isr_common does not save.
 */
#include "runtime.h"

/* ---- 16550 UART ---- */
#define UART_THR 0 /* DLAB=0 */
#define UART_DLL 0 /* DLAB=1 */
#define UART_IER 1
#define UART_DLM 1 /* DLAB=1 */
#define UART_FCR 2
#define UART_LCR 3
#define UART_MCR 4
#define UART_LSR 5
#define LSR_THRE 0x20

static void serial_init(void)
{
    outb(COM1 + UART_IER, 0x00);      /* no interrupts */
    outb(COM1 + UART_LCR, 0x80);      /* DLAB */
    outb(COM1 + UART_DLL, 0x01);      /* divisor 1: 115200 baud */
    outb(COM1 + UART_DLM, 0x00);
    outb(COM1 + UART_LCR, 0x03);      /* 8N1, DLAB off */
    outb(COM1 + UART_FCR, 0xC7);      /* FIFO on, clear both, 14-byte trigger */
    outb(COM1 + UART_MCR, 0x03);      /* DTR, RTS (OUT2 off: no IRQ to the PIC) */
}

void guest_putchar(int c)
{
    while (!(inb(COM1 + UART_LSR) & LSR_THRE)) {
    }
    outb(COM1 + UART_THR, (uint8_t)c);
}

void debug_exit(int v)
{
    outb(DEBUG_EXIT_PORT, (uint8_t)v);
    halt_forever();
}

/* ---- GDT/TSS/IDT ---- */
struct tss64 tss __attribute__((aligned(16)));
static uint8_t df_stack[8192] __attribute__((aligned(16)));
uint8_t user_stack_area[16384] __attribute__((aligned(16)));

struct idt_gate {
    uint16_t off0, sel;
    uint8_t ist, type_attr;
    uint16_t off1;
    uint32_t off2, zero;
};
static struct idt_gate idt[256] __attribute__((aligned(16)));
static struct {
    uint16_t limit;
    uint64_t base;
} __attribute__((packed)) idt_ptr = { sizeof idt - 1, (uint64_t)idt };

extern char isr_stubs[];
extern char syscall_entry[];

uint64_t isr_stub(int vector) { return (uint64_t)isr_stubs + 16 * (uint64_t)vector; }

void idt_set_gate(int vector, uint64_t target, uint16_t selector, int dpl, int ist, int type)
{
    struct idt_gate *g = &idt[vector];
    g->off0 = (uint16_t)target;
    g->sel = selector;
    g->ist = (uint8_t)ist;
    g->type_attr = (uint8_t)(0x80 | (dpl << 5) | type);
    g->off1 = (uint16_t)(target >> 16);
    g->off2 = (uint32_t)(target >> 32);
    g->zero = 0;
}

void idt_set_present(int vector, int present)
{
    if (present) {
        idt[vector].type_attr |= 0x80;
    } else {
        idt[vector].type_attr &= 0x7f;
    }
}

void idt_reset_gate(int vector)
{
    int dpl = (vector == 3 || vector == 0x80) ? 3 : 0;
    idt_set_gate(vector, isr_stub(vector), SEL_KCODE64, dpl, vector == 8 ? 1 : 0, 0xE);
}

static void load_tss(void)
{
    uint64_t base = (uint64_t)&tss, limit = sizeof tss - 1;
    gdt[SEL_TSS / 8] = (limit & 0xffff) | ((base & 0xffffff) << 16) | (0x89ULL << 40) |
                       (((limit >> 16) & 0xf) << 48) | (((base >> 24) & 0xff) << 56);
    gdt[SEL_TSS / 8 + 1] = base >> 32;
    tss.ist[0] = (uint64_t)(df_stack + sizeof df_stack);
    tss.iomap_base = sizeof tss; /* no I/O bitmap */
    __asm__ volatile("ltr %w0" : : "r"(SEL_TSS));
}

void load_idt(void) { __asm__ volatile("lidt %0" : : "m"(idt_ptr)); }

/* ---- interrupt dispatch ---- */
static irq_handler_t handlers[256];
volatile uint64_t fault_resume;
volatile struct fault_record last_fault = { -1, 0, 0, 0 };
struct user_exit user_exit_info;

void set_handler(int vector, irq_handler_t h) { handlers[vector] = h; }

void fault_clear(void)
{
    last_fault.vector = -1;
    last_fault.error = last_fault.rip = last_fault.cr2 = 0;
}

__attribute__((weak)) void unexpected_interrupt(struct frame *f)
{
    printf("UNEXPECTED INTERRUPT vector=%lu error=%lx rip=%lx cs=%lx rflags=%lx rsp=%lx cr2=%lx\n",
           f->vector, f->error, f->rip, f->cs, f->rflags, f->rsp, read_cr2());
    debug_exit(EXIT_UNEXPECTED);
}

void interrupt_dispatch(struct frame *f)
{
    irq_handler_t h = handlers[f->vector];
    if (h) {
        h(f);
        return;
    }
    if (f->vector < 32 && fault_resume != 0) {
        last_fault.vector = (int64_t)f->vector;
        last_fault.error = f->error;
        last_fault.rip = f->rip;
        last_fault.cr2 = f->vector == 14 ? read_cr2() : 0;
        f->rip = fault_resume;
        fault_resume = 0;
        return;
    }
    if ((f->cs & 3) == 3 && (f->vector < 32 || f->vector == 0x80)) {
        user_exit_info.how = f->vector == 0x80 ? USER_EXIT_INT80 : USER_EXIT_FAULT;
        user_exit_info.vector = f->vector;
        user_exit_info.error = f->error;
        user_exit_info.rip = f->rip;
        user_exit_info.cr2 = f->vector == 14 ? read_cr2() : 0;
        user_exit_info.rdi = f->rdi;
        user_exit_info.cs = f->cs;
        user_exit_info.ss = f->ss;
        user_return(f->rdi);
    }
    unexpected_interrupt(f);
}

/* ---- start-up ---- */
static void cpu_setup_common(void)
{
    load_idt();
    /* x87 and SSE in their reset state: FCW 0x37F, MXCSR 0x1F80 */
    uint32_t mxcsr = 0x1f80;
    __asm__ volatile("fninit; ldmxcsr %0" : : "m"(mxcsr));
}

void runtime_start(void)
{
    /* Mask both 8259s: the firmware's timer set-up (IRQ0 at vector 8 after SeaBIOS) must not
     * reach a guest that enables interrupts; guests that use the 8259 re-initialise it. */
    outb(0x21, 0xff);
    outb(0xa1, 0xff);
    for (int v = 0; v < 256; v++) {
        idt_reset_gate(v);
    }
    load_tss();
    cpu_setup_common();
    wrmsr(MSR_STAR, ((uint64_t)SEL_UCODE32 << 48) | ((uint64_t)SEL_KCODE64 << 32));
    wrmsr(MSR_LSTAR, (uint64_t)syscall_entry);
    wrmsr(MSR_CSTAR, (uint64_t)syscall_entry); /* SYSCALL from compatibility mode (AMD) */
    wrmsr(MSR_SFMASK, 0x47700); /* TF, IF, DF, IOPL, NT, AC cleared on SYSCALL */
    serial_init();
    debug_exit(main());
}

/* ---- application processors ---- */
void (*volatile ap_fn)(int cpu);
volatile int ap_cpu_index;
volatile int ap_started;

void ap_start_c(void)
{
    cpu_setup_common();
    int cpu = ap_cpu_index;
    void (*fn)(int) = ap_fn;
    __atomic_store_n(&ap_started, 1, __ATOMIC_RELEASE);
    fn(cpu);
}
