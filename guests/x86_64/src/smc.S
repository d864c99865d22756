/*
 * Code that smc.c rewrites while it runs. The .text pages are writable in the runtime's
 * identity map, as in any simple kernel.
 */
    .text
    .code64

/* uint32_t smc_imm(void): mov $imm32, %eax; ret. smc_imm_value is the imm32. */
    .global smc_imm, smc_imm_value
smc_imm:
    .byte 0xb8
smc_imm_value:
    .long 0x11111111
    ret

/* uint32_t smc_next(void): patches the immediate of the very next instruction, which must
 * execute with the new value (returns 0x05, not 0x01) */
    .global smc_next
smc_next:
    lea     1f(%rip), %rdx
    movb    $0x05, 1(%rdx)
1:  mov     $0x01, %al
    movzbl  %al, %eax
    movb    $0x01, 1(%rdx)          /* restore for the next call */
    ret

/* uint32_t smc_loop(uint32_t n): each iteration rewrites the imm8 of its own "add" to the
 * iteration number: the sum is 0 + 1 + ... + (n-1) */
    .global smc_loop
smc_loop:
    xor     %eax, %eax
    xor     %ecx, %ecx
    lea     2f(%rip), %rdx
1:  movb    %cl, 2(%rdx)            /* add $imm8, %eax is 83 c0 ib */
2:  .byte   0x83, 0xc0, 0x00
    inc     %ecx
    cmp     %edi, %ecx
    jb      1b
    movb    $0, 2(%rdx)
    ret

/* uint32_t smc_shared(void): patched by the other CPU (smc.c) */
    .global smc_shared, smc_shared_value
smc_shared:
    .byte 0xb8
smc_shared_value:
    .long 0xaaaa0000
    ret

/* uint64_t smc_rep(void): a REP STOSB that overwrites the code right after it (a NOP sled)
 * with "mov $0x77, %eax; ret" bytes copied from the source the caller prepared */
    .global smc_rep
smc_rep:
    lea     3f(%rip), %rdi
    lea     smc_rep_src(%rip), %rsi
    mov     $6, %ecx
    rep movsb
3:  mov     $0x33, %eax
    ret
    nop
    nop
    nop
    nop

    .data
    .global smc_rep_src
smc_rep_src: .byte 0xb8, 0x77, 0x00, 0x00, 0x00, 0xc3

/* code the loader placed in .data: mov $0x4242, %eax; ret */
    .global data_code
data_code: .byte 0xb8, 0x42, 0x42, 0x00, 0x00, 0xc3
