/*
 * Code for exceptions.c that must be assembled for a particular mode or register use:
 * 32-bit compatibility-mode code (kernel and user), and a SYSCALL handler that returns with
 * SYSRET after SWAPGS.
 */
    .text

/* uint64_t compat_call(uint32_t x): far-returns into 32-bit code (CS 0x30), which computes
 * with 32-bit-only encodings (0x40-0x4f are inc/dec there, not REX) and far-returns to 64-bit
 * code with a 32-bit LRET. Returns EAX * 0x10000 + ECX from the 32-bit side. */
    .code64
    .global compat_call
compat_call:
    push    %rbx
    push    %rbp
    mov     %rsp, %rbp
    mov     %edi, %eax
    pushq   $0x30
    lea     compat32(%rip), %rcx
    push    %rcx
    lretq
back64:
    mov     %rbp, %rsp
    pop     %rbp
    pop     %rbx
    ret

    .code32
compat32:
    /* 32-bit stack ops and 0x40-0x4f as inc/dec */
    .byte 0x40                      /* inc %eax */
    .byte 0x40                      /* inc %eax */
    .byte 0x49                      /* dec %ecx (ecx = low half of the code address) */
    mov     $5, %ecx
    .byte 0x41                      /* inc %ecx */
    push    %eax
    push    %ecx
    pop     %edx
    pop     %ebx
    imul    $3, %ebx, %eax          /* eax = 3 * (x + 2) */
    shl     $16, %eax
    add     %edx, %eax              /* + 6 */
    mov     %eax, %ecx
    /* the upper halves of 64-bit registers are undefined after compatibility mode: return via
     * EAX only */
    push    $0x08
    push    $back64
    lret

/* 32-bit user code: run with run_user_cs(user32, stack, flags, 0x1b). Computes a value with
 * 32-bit encodings and leaves through INT 0x80 with EDI = result, or SYSCALL (CSTAR) when
 * entered with user32_mode = 1. */
    .global user32
user32:
    mov     $0x10, %eax
    .byte 0x48                      /* dec %eax -> 0xf */
    mov     %eax, %edi
    shl     $8, %edi
    mov     %esp, %esi
    push    $0x12345678
    pop     %edx
    sub     %esp, %esi              /* 0: push/pop balanced */
    add     %edx, %edi
    add     %esi, %edi
    cmpl    $1, user32_mode
    je      1f
    int     $0x80
1:  syscall

    .data
    .global user32_mode
user32_mode: .long 0

/* ---- SYSCALL/SYSRET: LSTAR = sysret_handler while the test runs. ---- */
    .text
    .code64
    .global sysret_handler, sys_count, sys_last_r11, sys_last_rax, sys_kstack_top
sysret_handler:
    pushfq                          /* RFLAGS on entry: SFMASK applied (user stack, 8 bytes) */
    pop     %r10
    swapgs
    mov     %rsp, %gs:0             /* user RSP into the kernel's per-CPU area */
    mov     %gs:8, %rsp             /* kernel stack */
    push    %rcx
    push    %r11
    add     %rax, sys_count(%rip)
    mov     %r11, sys_last_r11(%rip)
    mov     %r10, sys_last_rax(%rip)
    pop     %r11
    pop     %rcx
    mov     %gs:0, %rsp
    swapgs
    sysretq

    .data
    .balign 8
sys_count:    .quad 0
sys_last_r11: .quad 0
sys_last_rax: .quad 0
