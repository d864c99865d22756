/*
 * Interrupt entry for all 256 vectors, the SYSCALL entry and the CPL3 round trip.
 * Every stub pushes a zero error code when the CPU does not push one, then the vector number,
 * and jumps to isr_common, which saves the general registers as a struct frame (runtime.h)
 * and calls interrupt_dispatch(frame). The handler may change the frame; it is restored
 * before iretq.
 */
    .text
    .code64

/* Vectors for which the CPU pushes an error code: #DF #TS #NP #SS #GP #PF #AC #CP #VC #SX */
#define HAS_ERROR(v) ((v) == 8 || ((v) >= 10 && (v) <= 14) || (v) == 17 || (v) == 21 || (v) == 29 || (v) == 30)

    .balign 16
    .global isr_stubs
isr_stubs:
    .set vec, 0
    .rept 256
    .balign 16
    .if HAS_ERROR(vec)
    nop
    nop
    .else
    pushq   $0
    .endif
    pushq   $vec
    jmp     isr_common
    .set vec, vec + 1
    .endr

isr_common:
    push    %rax
    push    %rcx
    push    %rdx
    push    %rbx
    push    %rbp
    push    %rsi
    push    %rdi
    push    %r8
    push    %r9
    push    %r10
    push    %r11
    push    %r12
    push    %r13
    push    %r14
    push    %r15
    cld
    mov     %rsp, %rdi
    call    interrupt_dispatch
    pop     %r15
    pop     %r14
    pop     %r13
    pop     %r12
    pop     %r11
    pop     %r10
    pop     %r9
    pop     %r8
    pop     %rdi
    pop     %rsi
    pop     %rbp
    pop     %rbx
    pop     %rdx
    pop     %rcx
    pop     %rax
    add     $16, %rsp
    iretq

/*
 * uint64_t run_user(void (*fn)(void), uint64_t user_stack, uint64_t rflags)
 * uint64_t run_user_cs(void (*fn)(void), uint64_t user_stack, uint64_t rflags, uint64_t cs)
 * Saves the callee-saved registers and RSP, points TSS.RSP0 just below them and irets to
 * fn at CPL3 (CS 0x2b, or cs: 0x1b runs fn as 32-bit compatibility-mode code).
 * user_return(value) comes back here with RAX = value.
 */
    .global run_user, run_user_cs
run_user:
    mov     $0x2b, %ecx
run_user_cs:
    push    %rbx
    push    %rbp
    push    %r12
    push    %r13
    push    %r14
    push    %r15
    mov     %rsp, user_saved_rsp(%rip)
    mov     %rsp, %rax
    and     $-16, %rax
    mov     %rax, tss+4(%rip)            /* TSS.RSP0 */
    pushq   $0x23                        /* SS: user data, RPL 3 */
    push    %rsi                         /* RSP */
    push    %rdx                         /* RFLAGS */
    push    %rcx                         /* CS: user code, RPL 3 */
    push    %rdi                         /* RIP */
    iretq

    .global user_return
user_return:
    mov     user_saved_rsp(%rip), %rsp
    mov     $0x10, %eax
    mov     %eax, %ds
    mov     %eax, %es
    mov     %eax, %ss
    mov     %rdi, %rax
    pop     %r15
    pop     %r14
    pop     %r13
    pop     %r12
    pop     %rbp
    pop     %rbx
    ret

/* LSTAR target: RCX = user RIP, R11 = user RFLAGS, RSP still the user stack. Leaves CPL3 for
 * good: records the call and returns from run_user with RDI. */
    .global syscall_entry
syscall_entry:
    mov     user_saved_rsp(%rip), %rsp
    mov     %rdi, user_exit_info+40(%rip)     /* .rdi */
    mov     %rcx, user_exit_info+24(%rip)     /* .rip */
    movq    $1, user_exit_info(%rip)          /* .how = USER_EXIT_SYSCALL */
    jmp     user_return

    .bss
    .balign 8
    .global user_saved_rsp
user_saved_rsp: .quad 0
