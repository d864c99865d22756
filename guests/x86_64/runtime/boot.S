/*
 * Multiboot v1 entry. QEMU's loader (and Chimera's pc board) enter _start in 32-bit protected
 * mode, paging off, interrupts off, EAX = 0x2BADB002, EBX = the Multiboot information.
 * This code records the entry state, loads the runtime's GDT, zeroes .bss, identity-maps the
 * first 4 GiB with 2 MiB pages and enters long mode; runtime_start() (C) does the rest.
 * ap_long_entry is where the trampoline (trampoline.S) brings application processors.
 */
#define MB_MAGIC 0x1BADB002
#define MB_FLAGS 0x00000003 /* page-align modules, provide memory information */

#define CR0_PE 0x1
#define CR0_MP 0x2
#define CR0_EM 0x4
#define CR0_ET 0x10
#define CR0_NE 0x20
#define CR0_PG 0x80000000
#define CR4_PAE 0x20
#define CR4_OSFXSR 0x200
#define CR4_OSXMMEXCPT 0x400
#define EFER_SCE 0x1
#define EFER_LME 0x100
#define EFER_NXE 0x800

    .section .multiboot, "a"
    .balign 4
    .long MB_MAGIC, MB_FLAGS, -(MB_MAGIC + MB_FLAGS)

    .section .text.boot, "ax"
    .code32
    .global _start
_start:
    mov     %eax, mb_magic
    mov     %ebx, mb_info_addr
    mov     %esp, entry_esp
    mov     $boot_stack_top, %esp
    pushfl
    popl    entry_eflags
    mov     %cr0, %eax
    mov     %eax, entry_cr0
    mov     %cr4, %eax
    mov     %eax, entry_cr4
    mov     %cs, entry_cs
    mov     %ds, entry_ds
    mov     %es, entry_es
    mov     %ss, entry_ss
    mov     %fs, entry_fs
    mov     %gs, entry_gs
    cld

    lgdt    gdt_ptr
    ljmp    $0x30, $1f
1:  mov     $0x10, %eax
    mov     %eax, %ds
    mov     %eax, %es
    mov     %eax, %ss
    mov     %eax, %fs
    mov     %eax, %gs

    /* zero .bss (page tables and stacks live there) */
    mov     $__bss_start, %edi
    mov     $__bss_end, %ecx
    sub     %edi, %ecx
    shr     $2, %ecx
    xor     %eax, %eax
    rep stosl

    /* PML4[0] -> PDPT; PDPT[0..3] -> PD 0..3; PD entries: 2 MiB pages P|W|U|PS */
    mov     $boot_pdpt + 7, %eax
    mov     %eax, boot_pml4
    mov     $boot_pd + 7, %eax
    xor     %ecx, %ecx
2:  mov     %eax, boot_pdpt(,%ecx,8)
    add     $4096, %eax
    inc     %ecx
    cmp     $4, %ecx
    jb      2b
    xor     %ecx, %ecx
3:  mov     %ecx, %eax
    shl     $21, %eax
    or      $0x87, %eax
    mov     %eax, boot_pd(,%ecx,8)
    mov     %ecx, %eax
    shr     $11, %eax               /* bits 32+ of the page address (entries 2048+ would need it) */
    mov     %eax, boot_pd+4(,%ecx,8)
    inc     %ecx
    cmp     $2048, %ecx
    jb      3b

    call    enter_long_mode_regs
    ljmp    $0x08, $long_entry

/* CR4, CR3, EFER and CR0 for long mode; shared with the AP path through the trampoline's
 * copy of the same steps (trampoline.S). NXE only when CPUID says NX exists. */
enter_long_mode_regs:
    mov     %cr4, %eax
    or      $(CR4_PAE | CR4_OSFXSR | CR4_OSXMMEXCPT), %eax
    mov     %eax, %cr4
    mov     $boot_pml4, %eax
    mov     %eax, %cr3
    mov     $0x80000001, %eax
    cpuid
    mov     $(EFER_LME | EFER_SCE), %ebx
    bt      $20, %edx
    jnc     4f
    or      $EFER_NXE, %ebx
4:  mov     %ebx, efer_value
    mov     $0xC0000080, %ecx
    rdmsr
    or      %ebx, %eax
    wrmsr
    mov     %cr0, %eax
    and     $~CR0_EM, %eax
    or      $(CR0_PG | CR0_PE | CR0_MP | CR0_NE | CR0_ET), %eax
    mov     %eax, %cr0
    ret

    .code64
long_entry:
    mov     $0x10, %eax
    mov     %eax, %ds
    mov     %eax, %es
    mov     %eax, %ss
    xor     %eax, %eax
    mov     %eax, %fs
    mov     %eax, %gs
    lea     boot_stack_top(%rip), %rsp
    xor     %ebp, %ebp
    call    runtime_start
5:  cli
    hlt
    jmp     5b

/* Application processors arrive here from the trampoline, in long mode, with RSP = their stack
 * and EDI = their cpu index (set by the trampoline from its data area). */
    .global ap_long_entry
ap_long_entry:
    mov     $0x10, %eax
    mov     %eax, %ds
    mov     %eax, %es
    mov     %eax, %ss
    xor     %eax, %eax
    mov     %eax, %fs
    mov     %eax, %gs
    xor     %ebp, %ebp
    call    ap_start_c
6:  cli
    hlt
    jmp     6b

    .data
    .balign 16
    .global gdt
gdt:
    .quad 0                          /* 0x00 null */
    .quad 0x00AF9A000000FFFF         /* 0x08 kernel code, 64-bit */
    .quad 0x00CF92000000FFFF         /* 0x10 kernel data */
    .quad 0x00CFFA000000FFFF         /* 0x18 user code, 32-bit (SYSRET base) */
    .quad 0x00CFF2000000FFFF         /* 0x20 user data */
    .quad 0x00AFFA000000FFFF         /* 0x28 user code, 64-bit */
    .quad 0x00CF9A000000FFFF         /* 0x30 kernel code, 32-bit */
    .quad 0, 0                       /* 0x38 TSS (filled in by runtime_start) */
    .quad 0x00009A000000FFFF         /* 0x48 kernel code, 16-bit, base 0 limit 64 KiB */
    .quad 0x000092000000FFFF         /* 0x50 kernel data, 16-bit */
    .quad 0, 0, 0, 0, 0              /* 0x58..0x78 free for tests */
gdt_end:
    .global gdt_ptr
gdt_ptr:
    .word gdt_end - gdt - 1
    .quad gdt

    .global mb_magic, mb_info_addr, entry_eflags, entry_cr0, entry_cr4, entry_esp
    .global entry_cs, entry_ds, entry_es, entry_ss, entry_fs, entry_gs, efer_value
    .balign 4
mb_magic:     .long 0
mb_info_addr: .long 0
entry_eflags: .long 0
entry_cr0:    .long 0
entry_cr4:    .long 0
entry_esp:    .long 0
efer_value:   .long 0
entry_cs:     .word 0
entry_ds:     .word 0
entry_es:     .word 0
entry_ss:     .word 0
entry_fs:     .word 0
entry_gs:     .word 0

    .section .bss.pagetables, "aw", @nobits
    .balign 4096
    .global boot_pml4, boot_pdpt, boot_pd
boot_pml4: .skip 4096
boot_pdpt: .skip 4096
boot_pd:   .skip 4 * 4096

    .section .bss.stack, "aw", @nobits
    .balign 16
    .skip 65536
    .global boot_stack_top
boot_stack_top:
