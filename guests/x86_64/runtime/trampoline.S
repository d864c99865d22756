/*
 * Real-mode start-up code for application processors. install_trampoline() copies
 * trampoline_start..trampoline_end to TRAMPOLINE_ADDR (0x8000) and fills in its data block;
 * a SIPI with vector 0x08 starts the AP at CS:IP = 0800:0000. The AP loads the runtime's
 * GDT, enters protected mode, then long mode with the BSP's CR3, and jumps to ap_long_entry
 * on the stack the BSP put in t_stack.
 */
#define TRAMPOLINE_ADDR 0x8000
#define T(sym) (TRAMPOLINE_ADDR + (sym) - trampoline_start)

    .section .rodata.trampoline, "a"
    .global trampoline_start, trampoline_end
    .global t_gdt_ptr, t_cr3, t_efer, t_stack
    .code16
trampoline_start:
    cli
    cld
    mov     %cs, %ax
    mov     %ax, %ds
    lgdtl   t_gdt_ptr - trampoline_start
    mov     %cr0, %eax
    or      $1, %eax
    mov     %eax, %cr0
    ljmpl   $0x30, $T(t_pm32)

    .code32
t_pm32:
    mov     $0x10, %eax
    mov     %eax, %ds
    mov     %eax, %es
    mov     %eax, %ss
    mov     %cr4, %eax
    or      $0x620, %eax                 /* PAE, OSFXSR, OSXMMEXCPT */
    mov     %eax, %cr4
    mov     T(t_cr3), %eax
    mov     %eax, %cr3
    mov     $0xC0000080, %ecx
    rdmsr
    or      T(t_efer), %eax
    wrmsr
    mov     %cr0, %eax
    and     $~0x4, %eax                  /* EM off */
    or      $0x80000033, %eax            /* PG, NE, ET, MP, PE */
    mov     %eax, %cr0
    ljmp    $0x08, $T(t_lm64)

    .code64
t_lm64:
    mov     T(t_stack), %rsp
    movabs  $ap_long_entry, %rax
    jmp     *%rax

    .balign 8
t_gdt_ptr:  .word 0
            .long 0
            .word 0
t_cr3:      .long 0
t_efer:     .long 0
t_stack:    .quad 0
trampoline_end:
