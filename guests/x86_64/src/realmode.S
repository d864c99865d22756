/*
 * A round trip from long mode to real mode and back on the BSP (for realmode.c).
 * realmode_run() (64-bit, in place) far-returns into the blob, which install_blob() copied
 * to BLOB (0x1000, below 64 KiB): compatibility mode -> paging off, EFER.LME off (32-bit
 * protected mode) -> FS loaded with the flat 4 GiB data segment (kept for "unreal mode")
 * -> 16-bit protected mode -> PE off -> real mode at 0000:xxxx. The real-mode tests store
 * their results at RES (absolute, DS = 0); then PE on, 32-bit code, EFER.LME and CR0.PG on
 * (compatibility mode) and a far jump back to 64-bit code.
 */
#define BLOB 0x1000
#define RES 0x7800
#define RSTACK 0x7000
#define T(s) (BLOB + (s) - blob_start)

    .text
    .code64
    .global realmode_run
realmode_run:
    push    %rbx
    push    %rbp
    push    %r12
    push    %r13
    push    %r14
    push    %r15
    mov     %rsp, saved_rsp(%rip)
    pushq   $0x30
    pushq   $T(c32_down)
    lretq
back64:
    mov     $0x10, %eax
    mov     %eax, %ds
    mov     %eax, %es
    mov     %eax, %ss
    xor     %eax, %eax
    mov     %eax, %fs
    mov     %eax, %gs
    mov     saved_rsp(%rip), %rsp
    call    load_idt
    pop     %r15
    pop     %r14
    pop     %r13
    pop     %r12
    pop     %rbp
    pop     %rbx
    ret

    .data
    .balign 8
saved_rsp: .quad 0

/* ---------------- the blob: copied to BLOB, addresses through T() ---------------- */
    .section .rodata.realblob, "a"
    .global blob_start, blob_end, blob_gdt_desc
blob_start:
    .code32
c32_down:
    mov     $0x10, %eax
    mov     %eax, %ds
    mov     %eax, %es
    mov     %eax, %ss
    mov     %cr0, %eax
    and     $0x7fffffff, %eax       /* paging off: leaves IA-32e mode (LMA = 0) */
    mov     %eax, %cr0
    mov     $0xc0000080, %ecx
    rdmsr
    and     $~0x100, %eax           /* EFER.LME = 0 */
    wrmsr
    mov     $0x10, %eax
    mov     %eax, %fs               /* flat, 4 GiB limit: survives into real mode */
    ljmp    $0x48, $T(p16)

    .code16
p16:
    mov     $0x50, %ax              /* 16-bit data, 64 KiB limit */
    mov     %ax, %ds
    mov     %ax, %es
    mov     %ax, %ss
    mov     %ax, %gs
    mov     %cr0, %eax
    and     $~1, %eax
    mov     %eax, %cr0
    ljmp    $0, $T(real)

real:
    xor     %ax, %ax
    mov     %ax, %ds
    mov     %ax, %es
    mov     %ax, %ss
    mov     %ax, %gs
    mov     $RSTACK, %sp
    lidt    T(ivt_desc)
    movw    $T(h80), 0x80*4         /* IVT entry 0x80 -> 0000:h80 */
    movw    $0, 0x80*4+2

    /* 16-bit arithmetic with flags */
    mov     $0x7fff, %ax
    add     $1, %ax
    pushf
    pop     %dx
    mov     %ax, RES+0
    mov     %dx, RES+2
    stc
    mov     $0xffff, %ax
    adc     $0, %ax
    pushf
    pop     %dx
    mov     %ax, RES+4
    mov     %dx, RES+6
    mov     $0xf0, %al
    mov     $0x10, %bl
    mul     %bl
    pushf
    pop     %dx
    mov     %ax, RES+8
    mov     %dx, RES+10
    mov     $1, %dx
    xor     %ax, %ax
    mov     $3, %bx
    div     %bx
    mov     %ax, RES+12
    mov     %dx, RES+14
    mov     $0x1000, %bx
    imul    $-3, %bx, %ax
    pushf
    pop     %dx
    mov     %ax, RES+16
    mov     %dx, RES+18
    stc
    mov     $0xffff, %cx
    .byte   0x41                    /* inc %cx: one byte in 16-bit mode; CF kept */
    pushf
    pop     %dx
    mov     %cx, RES+20
    mov     %dx, RES+22

    /* BCD */
    mov     $0x38, %al
    add     $0x45, %al
    daa
    pushf
    pop     %dx
    mov     %ax, RES+24
    mov     %dx, RES+26
    mov     $0x83, %al
    sub     $0x38, %al
    das
    mov     %ax, RES+28
    mov     $0x0009, %ax
    add     $0x08, %al
    aaa
    mov     %ax, RES+30
    mov     $0x0102, %ax
    sub     $0x05, %al
    aas
    mov     %ax, RES+32
    mov     $99, %ax
    aam
    mov     %ax, RES+34
    aad
    mov     %ax, RES+36
    mov     $0x3f, %ax
    aam     $16
    mov     %ax, RES+38
    mov     $0x99, %al
    add     $0x01, %al
    daa
    pushf
    pop     %dx
    mov     %ax, RES+40
    mov     %dx, RES+42

    /* 32-bit operands and addresses in real mode */
    mov     $0x12345678, %eax
    mov     $0x0fedcba9, %ebx
    add     %ebx, %eax
    mov     %eax, RES+44
    shl     $4, %eax
    mov     %eax, RES+48
    mov     $0x10000, %ecx
    imul    %ecx, %ebx
    mov     %ebx, RES+52
    mov     $0x5678, %esi
    addr32 mov T(data32)-0x5678(%esi), %eax
    mov     %eax, RES+56

    /* segments: ES:0x10 with ES = 0x1234 is linear 0x12350, read back as 0x1235:0 */
    mov     $0x1234, %ax
    mov     %ax, %es
    movw    $0xbeef, %es:0x10
    mov     $0x1235, %ax
    mov     %ax, %gs
    mov     %gs:0, %ax
    mov     %ax, RES+60
    /* FFFF:0010 is linear 0x100000 (A20 on): the kernel's first dword, the Multiboot magic */
    mov     $0xffff, %ax
    mov     %ax, %gs
    mov     %gs:0x10, %eax
    mov     %eax, RES+64
    /* unreal mode: FS kept the 4 GiB limit, base 0 */
    mov     $0x100000, %esi
    addr32 mov %fs:(%esi), %eax
    mov     %eax, RES+68
    addr32 mov %fs:4(%esi), %eax
    mov     %eax, RES+72

    /* strings: DS:SI from the blob, ES:DI into segment 0x0600 */
    mov     $0x0600, %ax
    mov     %ax, %es
    cld
    mov     $T(msg), %si
    xor     %di, %di
    mov     $12, %cx
    rep movsb
    mov     %di, RES+76
    mov     %cx, RES+78
    mov     %es:0, %eax
    mov     %eax, RES+80
    mov     %es:8, %eax
    mov     %eax, RES+84
    std
    mov     $T(msg)+11, %si
    mov     $0x20+11, %di
    mov     $12, %cx
    rep movsb
    cld
    mov     %es:0x20, %eax
    mov     %eax, RES+88
    mov     $0x40, %di
    mov     $0xa55a, %ax
    mov     $3, %cx
    rep stosw
    mov     %es:0x40, %eax
    mov     %eax, RES+92
    mov     %di, RES+96
    xor     %di, %di
    mov     $'w', %al
    mov     $12, %cx
    repne scasb
    mov     %di, RES+98
    mov     %cx, RES+100
    mov     $T(msg), %si
    xor     %di, %di
    mov     $12, %cx
    repe cmpsb
    mov     %cx, RES+102
    /* 0x67: 32-bit ESI/EDI/ECX */
    mov     $T(msg), %esi
    mov     $0x60, %edi
    mov     $3, %ecx
    addr32 rep movsw
    mov     %edi, RES+104
    mov     %ecx, RES+108
    mov     %es:0x60, %eax
    mov     %eax, RES+112

    /* pusha/popa, segment pushes, far call, int via the IVT, lds/les, xlat, loop, enter */
    mov     %sp, %bp
    mov     $1, %ax
    mov     $2, %cx
    mov     $3, %dx
    mov     $4, %bx
    mov     $6, %si
    mov     $7, %di
    pusha
    mov     %sp, %dx
    sub     %bp, %dx                /* -16 */
    mov     %dx, RES+116
    xor     %ax, %ax
    xor     %cx, %cx
    xor     %bx, %bx
    popa
    add     %cx, %ax
    add     %bx, %ax
    add     %si, %ax
    add     %di, %ax
    mov     %ax, RES+118            /* 1+2+4+6+7 = 20 */
    push    %cs
    pop     %ax
    mov     %ax, RES+120
    xor     %cx, %cx
    lcall   $0, $T(farfn)
    mov     %cx, RES+122
    mov     $5, %ax
    int     $0x80
    mov     %ax, RES+124
    pushf
    pop     %ax
    mov     %ax, RES+126            /* flags after iret: as before the int */
    les     T(farptr), %bx
    mov     %bx, RES+128
    mov     %es, %ax
    mov     %ax, RES+130
    mov     $T(xtab), %bx
    mov     $3, %al
    xlat
    mov     %al, RES+132
    mov     $10, %cx
    xor     %ax, %ax
1:  add     %cx, %ax
    loop    1b
    mov     %ax, RES+134
    mov     %sp, %si
    enter   $6, $0
    mov     %sp, %dx
    mov     %bp, %cx
    leave
    sub     %si, %dx
    sub     %si, %cx
    mov     %dx, RES+136            /* -8: bp pushed (2) + 6 */
    mov     %cx, RES+138            /* -2 */
    mov     $0x80, %al
    cbw
    cwd
    mov     %ax, RES+140
    mov     %dx, RES+142
    mov     $0x8001, %ax
    rol     $1, %ax
    pushf
    pop     %dx
    mov     %ax, RES+144
    mov     %dx, RES+146
    mov     $0x11223344, %eax
    bswap   %eax
    mov     %eax, RES+148
    xor     %eax, %eax
    cpuid
    mov     %eax, RES+152
    mov     $0x1b, %ecx
    rdmsr
    mov     %eax, RES+156
    movw    $0x5a5a, RES+160

    /* back to long mode */
    cli
    lgdtl   T(blob_gdt_desc)
    mov     %cr0, %eax
    or      $1, %eax
    mov     %eax, %cr0
    ljmpl   $0x30, $T(p32_up)

    .code32
p32_up:
    mov     $0x10, %eax
    mov     %eax, %ds
    mov     %eax, %es
    mov     %eax, %ss
    mov     %eax, %fs
    mov     %eax, %gs
    mov     $0xc0000080, %ecx
    rdmsr
    or      $0x100, %eax            /* EFER.LME */
    wrmsr
    mov     %cr0, %eax
    or      $0x80000000, %eax       /* paging on: IA-32e, compatibility mode */
    mov     %eax, %cr0
    ljmp    $0x08, $back64

    .code16
h80:
    inc     %ax
    iret
farfn:
    mov     $0x77, %cx
    lret

    .balign 4
data32:  .long 0xcafef00d
farptr:  .word 0x5678, 0x1234
xtab:    .byte 10, 11, 12, 13, 14, 15
msg:     .ascii "hello, world"
    .balign 4
ivt_desc: .word 0x3ff
          .long 0
    .balign 4
blob_gdt_desc: .word 0
               .long 0
blob_end:
