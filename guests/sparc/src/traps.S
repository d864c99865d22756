/*
 * Instructions that trap, each at a global label so the C side can check the trapped pc.
 * All are leaf routines (no save); the C handler resumes after the trapping instruction.
 */
    .section .bss
    .align 4
    .globl t_ld_expected_npc
t_ld_expected_npc:          /* the return address of the last t_ld_unaligned call */
    .word 0

    .text
    .align 4

#define LEAF(name) .globl name; .type name, #function; name:

/* ld in the delay slot of retl: the trap's npc is the return address */
LEAF(t_ld_unaligned)
    sethi %hi(t_ld_expected_npc), %o1
    add %o7, 8, %o2
    st %o2, [%o1 + %lo(t_ld_expected_npc)]
    retl
    .globl t_ld_unaligned_pc
t_ld_unaligned_pc:
    ld [%o0], %o0

LEAF(t_lduh_unaligned)
    .globl t_lduh_unaligned_pc
t_lduh_unaligned_pc:
    lduh [%o0], %o0
    retl
    nop

LEAF(t_st_unaligned)
    .globl t_st_unaligned_pc
t_st_unaligned_pc:
    st %o1, [%o0]
    retl
    nop

LEAF(t_sth_unaligned)
    .globl t_sth_unaligned_pc
t_sth_unaligned_pc:
    sth %o1, [%o0]
    retl
    nop

/* ldd/std need 8-byte alignment */
LEAF(t_ldd_unaligned)
    .globl t_ldd_unaligned_pc
t_ldd_unaligned_pc:
    ldd [%o0], %o2
    retl
    mov %o2, %o0

LEAF(t_std_unaligned)
    mov 1, %o2
    mov 2, %o3
    .globl t_std_unaligned_pc
t_std_unaligned_pc:
    std %o2, [%o0]
    retl
    nop

/* jmpl to a misaligned target traps at the jmpl itself */
LEAF(t_jmpl_unaligned)
    .globl t_jmpl_unaligned_pc
t_jmpl_unaligned_pc:
    jmp %o0
    nop
    retl
    mov 77, %o0

LEAF(t_udiv_zero)
    wr %g0, %y
    nop
    nop
    nop
    .globl t_udiv_zero_pc
t_udiv_zero_pc:
    udiv %o0, %g0, %o0
    retl
    nop

LEAF(t_sdiv_zero)
    wr %g0, %y
    nop
    nop
    nop
    .globl t_sdiv_zero_pc
t_sdiv_zero_pc:
    sdivcc %o0, %g0, %o0
    retl
    nop

LEAF(t_unimp)
    .globl t_unimp_pc
t_unimp_pc:
    unimp 0x42
    retl
    nop

LEAF(t_ta5)
    .globl t_ta5_pc
t_ta5_pc:
    ta 5
    retl
    nop

/* ta with register + immediate: tt = 0x80 + ((%o0 + 3) & 0x7f) */
LEAF(t_ta_reg)
    ta %o0 + 3
    retl
    nop

/* tne 6: traps only when %o0 != %o1 */
LEAF(t_tne)
    cmp %o0, %o1
    tne 6
    retl
    nop

/* FP instruction with PSR.EF = 0: fp_disabled (tt 4) */
LEAF(t_fp_disabled)
    rd %psr, %o1
    sethi %hi(0x1000), %o2
    andn %o1, %o2, %o3
    wr %o3, %psr
    nop
    nop
    nop
    .globl t_fp_disabled_pc
t_fp_disabled_pc:
    fmovs %f0, %f1
    wr %o1, %psr
    nop
    nop
    nop
    retl
    nop

/* Drop to user mode (S = 0), then rd %psr is privileged (tt 3). The handler sets PS so
   that rett goes back to supervisor mode. */
LEAF(t_privileged)
    rd %psr, %o1
    andn %o1, 0x80, %o1
    wr %o1, %psr
    nop
    nop
    nop
    .globl t_privileged_pc
t_privileged_pc:
    rd %psr, %o0
    rd %psr, %o0
    retl
    nop
