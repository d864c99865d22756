/*
 * Addressing forms that need particular registers or hand-made encodings, for moves.c.
 * uint64_t addr_modes(uint64_t *out, const uint8_t *table): table = 256 bytes with
 * table[i] = i; each test loads a 64-bit value and stores it to the next out slot.
 * Returns the number of slots written.
 */
    .text
    .code64
    .global addr_modes
addr_modes:
    push    %rbx
    push    %rbp
    push    %r12
    push    %r13
    push    %r14
    push    %r15
    mov     %rdi, %r15              /* out */
    xor     %r14d, %r14d            /* slot */

#define SAVE(reg) mov reg, (%r15,%r14,8); inc %r14

    /* [base] for every base register, base = table + 16 */
    lea     16(%rsi), %rax
    mov     (%rax), %rax
    SAVE(%rax)
    lea     16(%rsi), %rbx
    mov     (%rbx), %rax
    SAVE(%rax)
    lea     16(%rsi), %rcx
    mov     (%rcx), %rax
    SAVE(%rax)
    lea     16(%rsi), %rdx
    mov     (%rdx), %rax
    SAVE(%rax)
    lea     16(%rsi), %rbp
    mov     (%rbp), %rax            /* rbp base: mod=01 disp8=0 */
    SAVE(%rax)
    lea     16(%rsi), %rdi
    mov     (%rdi), %rax
    SAVE(%rax)
    lea     16(%rsi), %r8
    mov     (%r8), %rax
    SAVE(%rax)
    lea     16(%rsi), %r12
    mov     (%r12), %rax            /* r12 base: needs a SIB byte like rsp */
    SAVE(%rax)
    lea     16(%rsi), %r13
    mov     (%r13), %rax            /* r13 base: mod=01 disp8=0 like rbp */
    SAVE(%rax)
    /* rsp base: a value pushed on the stack */
    movabs  $0x1122334455667788, %rax
    push    %rax
    mov     (%rsp), %rbx
    mov     -8+8(%rsp), %rcx
    add     $8, %rsp
    SAVE(%rbx)
    SAVE(%rcx)

    /* displacements: disp8 positive/negative, disp32 positive/negative */
    lea     128(%rsi), %rbx
    mov     5(%rbx), %rax
    SAVE(%rax)
    mov     -128(%rbx), %rax
    SAVE(%rax)
    mov     0x70(%rbx), %rax
    SAVE(%rax)
    .byte 0x48, 0x8b, 0x83          /* mov disp32(%rbx), %rax with disp32 = -100 */
    .long -100
    SAVE(%rax)
    .byte 0x48, 0x8b, 0x43, 0x00    /* mov 0(%rbx), %rax as disp8 */
    SAVE(%rax)

    /* index * scale, scales 1/2/4/8, with rbp/r13 bases and r12 index */
    mov     $3, %rcx
    mov     (%rsi,%rcx,1), %rax
    SAVE(%rax)
    mov     (%rsi,%rcx,2), %rax
    SAVE(%rax)
    mov     (%rsi,%rcx,4), %rax
    SAVE(%rax)
    mov     (%rsi,%rcx,8), %rax
    SAVE(%rax)
    mov     %rsi, %rbp
    mov     $5, %r12
    mov     1(%rbp,%r12,4), %rax
    SAVE(%rax)
    mov     %rsi, %r13
    mov     (%r13,%r12,8), %rax     /* r13 base with index: mod=01 disp8=0 */
    SAVE(%rax)
    mov     $-2, %r9
    mov     100(%rsi,%r9,8), %rax   /* negative index */
    SAVE(%rax)
    mov     %rsi, %r12
    mov     $7, %rbx
    mov     (%r12,%rbx,2), %rax
    SAVE(%rax)

    /* SIB index 100 without REX.X: no index (riz), scale ignored */
    lea     32(%rsi), %rbx
    .byte 0x48, 0x8b, 0x04, 0xa3    /* mov (%rbx,%riz,4), %rax: RSP is not an index */
    SAVE(%rax)
    /* same with REX.X: index = r12 */
    mov     $2, %r12
    .byte 0x4a, 0x8b, 0x04, 0xa3    /* mov (%rbx,%r12,4), %rax */
    SAVE(%rax)

    /* no base: SIB base 101 with mod 00 -> disp32 + index*scale (REX.B set: still no base) */
    mov     %rsi, %rcx
    shr     $3, %rcx
    .byte 0x48, 0x8b, 0x04, 0xcd    /* mov disp32(,%rcx,8), %rax */
    .long 40
    SAVE(%rax)
    mov     %rsi, %rcx
    .byte 0x49, 0x8b, 0x04, 0x0d    /* REX.B: base 101 is still "no base" with mod 00 */
    .long 48
    SAVE(%rax)
    /* absolute disp32 (SIB base 101, index 100) */
    .byte 0x48, 0x8b, 0x04, 0x25
    .long addr_table_abs
    SAVE(%rax)

    /* RIP-relative */
    mov     rip_data(%rip), %rax
    SAVE(%rax)
    lea     rip_data(%rip), %rax
    lea     rip_data+8(%rip), %rbx
    sub     %rax, %rbx
    SAVE(%rbx)
    /* RIP-relative with an immediate after the displacement: RIP is the end of the instruction */
    movq    $0x99, rip_scratch(%rip)
    mov     rip_scratch(%rip), %rax
    SAVE(%rax)
    cmpb    $0x77, rip_data+1(%rip)
    sete    %al
    movzbl  %al, %eax
    SAVE(%rax)

    /* 0x67: 32-bit addressing; the sum wraps at 4 GiB */
    mov     $0xfffffff0, %ebx
    lea     0x20(%rsi), %rcx
    .byte 0x67, 0x48, 0x8b, 0x04, 0x0b  /* mov (%ebx,%ecx), %rax: (table+0x20-0x10) mod 2^32 */
    SAVE(%rax)
    mov     %esi, %ebx
    movabs  $0xdead000000000000, %rcx
    or      %rcx, %rbx                  /* garbage in bits 63:32 is ignored with 0x67 */
    .byte 0x67, 0x48, 0x8b, 0x43, 0x08  /* mov 8(%ebx), %rax */
    SAVE(%rax)
    .byte 0x67, 0x48, 0x8d, 0x04, 0x0b  /* lea (%ebx,%ecx), %rax: 32-bit result zero-extended */
    SAVE(%rax)
    .byte 0x67, 0x48, 0x8b, 0x05        /* mov disp32(%eip), %rax */
    .long rip_data - 1f
1:  SAVE(%rax)

    /* xlat: AL = [RBX + AL] */
    lea     64(%rsi), %rbx
    movabs  $0x1111111111111105, %rax
    xlat
    SAVE(%rax)

    /* moffs forms (A0-A3) with a 64-bit absolute address */
    movabs  addr_table_abs, %al
    movzbq  %al, %rax
    SAVE(%rax)
    movabs  addr_table_abs, %rax
    SAVE(%rax)
    movabs  $0x0123456789abcdef, %rax
    movabs  %eax, moffs_scratch
    movabs  %ax, moffs_scratch+4
    mov     moffs_scratch(%rip), %rax
    SAVE(%rax)

    mov     %r14, %rax
    pop     %r15
    pop     %r14
    pop     %r13
    pop     %r12
    pop     %rbp
    pop     %rbx
    ret

/*
 * void byte_regs(uint64_t *out): the same ModRM register numbers 4-7 name AH/CH/DH/BH without
 * REX and SPL/BPL/SIL/DIL with any REX prefix (even REX 0x40).
 */
    .global byte_regs
byte_regs:
    push    %rbx
    push    %rbp
    mov     %rsp, %r11
    movabs  $0x1111111111111188, %rax
    movabs  $0x2222222222222277, %rcx
    movabs  $0x3333333333333366, %rdx
    movabs  $0x4444444444444455, %rbx
    movabs  $0x5555555555555544, %rsi
    .byte 0x88, 0xe0                /* mov %ah, %al */
    .byte 0x88, 0xcd                /* mov %cl, %ch */
    .byte 0x88, 0xf2                /* mov %dh, %dl */
    .byte 0x88, 0xdf                /* mov %bl, %bh */
    mov     %rax, 0(%rdi)
    mov     %rcx, 8(%rdi)
    mov     %rdx, 16(%rdi)
    mov     %rbx, 24(%rdi)
    movabs  $0x1111111111111188, %rax
    movabs  $0x6666666666666633, %rbp
    .byte 0x40, 0x88, 0xe8          /* REX: mov %bpl, %al */
    .byte 0x40, 0x88, 0xc6          /* REX: mov %al, %sil */
    mov     %rax, 32(%rdi)
    mov     %rsi, 40(%rdi)
    movabs  $0x7777777777777722, %rbp
    .byte 0x40, 0x86, 0xe8          /* REX: xchg %bpl, %al (86 /r, reg 101 = BPL) */
    mov     %rax, 48(%rdi)
    mov     %rbp, 56(%rdi)
    mov     %rsp, %rax
    .byte 0x40, 0xfe, 0xc4          /* inc %spl (changes rsp's low byte!) */
    mov     %rsp, %rbx
    mov     %rax, %rsp
    sub     %rax, %rbx              /* 1, or -255 if the low byte wrapped */
    mov     %rbx, 64(%rdi)
    movabs  $0x0123456789abcdef, %rax
    movzbl  %ah, %ebx               /* movzx from AH */
    mov     %rbx, 72(%rdi)
    movsbl  %ah, %ebx               /* movsx from AH (no REX allowed) */
    mov     %rbx, 80(%rdi)
    mov     %r11, %rsp
    pop     %rbp
    pop     %rbx
    ret

    .data
    .balign 8
rip_data:    .byte 0x66, 0x77, 0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff
    .balign 8
rip_scratch: .quad 0
moffs_scratch: .quad 0xffffffffffffffff
    .global addr_table_abs
    .balign 8
addr_table_abs: .quad 0x8877665544332211
