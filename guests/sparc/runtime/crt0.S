/*
 * Start-up code, trap table and window trap handlers for LEON3 (SPARC V8) guests.
 *
 * Boot on QEMU leon3_generic (7.2): the CPU resets to pc = 0 in PROM, where QEMU's stub sets
 * UART CTRL = 3, GPTIMER scaler reload = 39, timer 0 reload = 0xfffffffe and CTRL = 3, then
 * jumps here (the ELF entry) with PSR = S|PS, ET = 0, CWP = 0, WIM = 1, TBR = 0.
 * QEMU 7.2 allows only one CPU on this machine; newer QEMU and Chimera may start more CPUs at
 * this same entry, so each CPU picks its stack from %asr17[31:28] (the CPU index) and only
 * CPU 0 clears .bss and runs main().
 *
 * Window scheme: NWINDOWS = 8, one invalid window marked in WIM. save/restore into the
 * invalid window trap to _window_overflow / _window_underflow, which spill or fill one window
 * to/from the 64-byte save area at that window's %sp and count the event.
 */
#include "leon3-asm.h"

/* A trap table slot: %l0 = PSR, %l3 = TBR (tt in bits 11:4); %l1/%l2 = pc/npc from the trap. */
#define TRAP(handler) \
    rd %psr, %l0; sethi %hi(handler), %l4; jmp %l4 + %lo(handler); rd %tbr, %l3
#define TRAP4(h) TRAP(h); TRAP(h); TRAP(h); TRAP(h)
#define TRAP16(h) TRAP4(h); TRAP4(h); TRAP4(h); TRAP4(h)

    .section .text.traptable, "ax"
    .align 4096
    .globl _start
_start:
    /* tt 0x00: reset; also the ELF entry */
    sethi %hi(_reset), %g1
    jmp %g1 + %lo(_reset)
    nop
    nop
    TRAP(_trap_entry)           /* 0x01 instruction access exception */
    TRAP(_trap_entry)           /* 0x02 illegal instruction */
    TRAP(_trap_entry)           /* 0x03 privileged instruction */
    TRAP(_trap_entry)           /* 0x04 fp disabled */
    TRAP(_window_overflow)      /* 0x05 */
    TRAP(_window_underflow)     /* 0x06 */
    TRAP(_trap_entry)           /* 0x07 mem address not aligned */
    TRAP4(_trap_entry)          /* 0x08 - 0x0b */
    TRAP4(_trap_entry)          /* 0x0c - 0x0f */
    TRAP16(_trap_entry)         /* 0x10 - 0x1f: interrupts */
    TRAP16(_trap_entry)         /* 0x20 - 0x2f */
    TRAP16(_trap_entry)         /* 0x30 */
    TRAP16(_trap_entry)         /* 0x40 */
    TRAP16(_trap_entry)         /* 0x50 */
    TRAP16(_trap_entry)         /* 0x60 */
    TRAP16(_trap_entry)         /* 0x70 */
    TRAP16(_trap_entry)         /* 0x80 - 0x8f: ta 0 .. ta 15 */
    TRAP16(_trap_entry)         /* 0x90 */
    TRAP16(_trap_entry)         /* 0xa0 */
    TRAP16(_trap_entry)         /* 0xb0 */
    TRAP16(_trap_entry)         /* 0xc0 */
    TRAP16(_trap_entry)         /* 0xd0 */
    TRAP16(_trap_entry)         /* 0xe0 */
    TRAP16(_trap_entry)         /* 0xf0 */

    .section .text.start, "ax"
    .align 4
_reset:
    /* Supervisor, traps off, PIL 15, FPU on, CWP 0; window 1 is the invalid one. */
    set PSR_EF | PSR_PIL_MASK | PSR_S | PSR_PS, %g1
    wr %g1, %psr
    wr %g0, 2, %wim
    set _start, %g1
    wr %g1, %tbr
    nop
    nop
    nop

    /* Per-CPU stack: __stack_top - index * STACK_SIZE. */
    rd %asr17, %g2
    srl %g2, 28, %g2
    set __stack_top, %g3
    set STACK_SIZE, %g4
    umul %g2, %g4, %g5
    sub %g3, %g5, %fp
    sub %fp, 96, %sp

    /* Clear the FSR when an FPU is present (EF only sticks if it is). */
    rd %psr, %g1
    set PSR_EF, %g5
    andcc %g1, %g5, %g0
    be 1f
    nop
    st %g0, [%sp + 64]
    ld [%sp + 64], %fsr
1:
    tst %g2
    bne _secondary_entry
    nop

    /* CPU 0: clear .bss (8-byte aligned by the linker script) */
    set __bss_start, %g1
    set __bss_end, %g3
2:  cmp %g1, %g3
    bgeu 3f
    nop
    st %g0, [%g1]
    st %g0, [%g1 + 4]
    ba 2b
    add %g1, 8, %g1
3:
    /* release secondaries that were started early (see _secondary_entry) */
    set __cpu0_ready, %g1
    mov 1, %g3
    st %g3, [%g1]
    /* Traps on, PIL 0 */
    rd %psr, %g1
    andn %g1, PSR_PIL_MASK, %g1
    wr %g1, PSR_ET, %psr
    nop
    nop
    nop
    call main
    nop
    call _exit
    nop

_secondary_entry:
    /* A CPU started before CPU 0 cleared .bss (a board that starts every core at once)
       waits here, so the clearing cannot wipe what it writes. */
    set __cpu0_ready, %g1
7:  ld [%g1], %g3
    tst %g3
    be 7b
    nop
    rd %psr, %g1
    andn %g1, PSR_PIL_MASK, %g1
    wr %g1, PSR_ET, %psr
    nop
    nop
    nop
    call secondary_main
    mov %g2, %o0
    /* Secondary done: traps off and power down for good (no interrupt can wake it). */
    rd %psr, %g1
    andn %g1, PSR_ET, %g1
    wr %g1, %psr
    nop
    nop
    nop
4:  wr %g0, %asr19
    ba 4b
    nop

/*
 * void _exit(int status): wait until the UART has sent everything, then `ta 0` with traps
 * disabled. LEON3 takes that as shutdown (QEMU: CPU_FEATURE_TA0_SHUTDOWN); the status is
 * not passed on (QEMU exits with 0).
 */
    .globl _exit
_exit:
    set APBUART_BASE, %g1
5:  ld [%g1 + APBUART_STATUS], %g2
    andcc %g2, APBUART_STATUS_TS, %g0
    be 5b
    nop
    rd %psr, %g2
    andn %g2, PSR_ET, %g2
    wr %g2, %psr
    nop
    nop
    nop
    ta 0
    nop
6:  ba 6b
    nop

/*
 * Window overflow (tt 5): the save at window c wanted c-1, the invalid window; we run in
 * c-1. Spill the oldest window (c-2) to its stack and make it the invalid one.
 */
_window_overflow:
    rd %wim, %l3
    srl %l3, 1, %l4
    sll %l3, NWINDOWS - 1, %l5
    or %l4, %l5, %l3
    and %l3, WIM_MASK, %l3
    wr %g0, %wim            /* lets the save below enter the oldest window */
    nop
    nop
    nop
    save
    SPILL_WINDOW
    restore
    wr %l3, %wim
    sethi %hi(__window_overflows), %l4
    ld [%l4 + %lo(__window_overflows)], %l5
    add %l5, 1, %l5
    st %l5, [%l4 + %lo(__window_overflows)]
    jmp %l1                 /* re-execute the save */
    rett %l2

/*
 * Window underflow (tt 6): the restore at window c wanted c+1, the invalid window; we run in
 * c-1. Fill c+1 from its stack and make c+2 the invalid one.
 */
_window_underflow:
    rd %wim, %l3
    sll %l3, 1, %l4
    srl %l3, NWINDOWS - 1, %l5
    or %l4, %l5, %l3
    and %l3, WIM_MASK, %l3
    wr %g0, %wim
    nop
    nop
    nop
    restore                 /* c-1 -> c */
    restore                 /* c -> c+1 */
    FILL_WINDOW
    save
    save
    wr %l3, %wim
    sethi %hi(__window_underflows), %l4
    ld [%l4 + %lo(__window_underflows)], %l5
    add %l5, 1, %l5
    st %l5, [%l4 + %lo(__window_underflows)]
    jmp %l1                 /* re-execute the restore */
    rett %l2

/*
 * Every other trap: build a struct trap_frame below the interrupted %sp, call
 * trap_dispatch(tt, frame) with traps enabled at PIL 15 (so C may take window traps but no
 * interrupt nests), then return to frame->pc / frame->npc with frame->psr.
 */
_trap_entry:
    /* 1. If the trap window itself is the invalid one, spill the oldest window first. */
    rd %wim, %l4
    and %l0, PSR_CWP_MASK, %l5
    srl %l4, %l5, %l5
    andcc %l5, 1, %g0
    be 1f
    nop
    srl %l4, 1, %l5
    sll %l4, NWINDOWS - 1, %l6
    or %l5, %l6, %l4
    and %l4, WIM_MASK, %l4
    wr %g0, %wim
    nop
    nop
    nop
    save
    SPILL_WINDOW
    restore
    wr %l4, %wim
    sethi %hi(__trap_entry_spills), %l5
    ld [%l5 + %lo(__trap_entry_spills)], %l6
    add %l6, 1, %l6
    st %l6, [%l5 + %lo(__trap_entry_spills)]
1:
    /* 2. Save state. The interrupted %sp is our %fp; leave its 64-byte save area alone. */
    sub %fp, TF_SIZE + 96, %sp
    add %sp, 96, %l7
    st %l0, [%l7 + TF_PSR]
    st %l1, [%l7 + TF_PC]
    st %l2, [%l7 + TF_NPC]
    rd %y, %l4
    st %l4, [%l7 + TF_Y]
    st %g1, [%l7 + TF_G1]
    st %g2, [%l7 + TF_G1 + 4]
    st %g3, [%l7 + TF_G1 + 8]
    st %g4, [%l7 + TF_G1 + 12]
    st %g5, [%l7 + TF_G1 + 16]
    st %g6, [%l7 + TF_G1 + 20]
    st %g7, [%l7 + TF_G1 + 24]
    srl %l3, 4, %o0
    and %o0, 0xff, %o0
    st %o0, [%l7 + TF_TT]

    /* 3. Traps on at PIL 15 and call C. */
    or %l0, PSR_PIL_MASK, %l4
    wr %l4, PSR_ET, %psr
    nop
    nop
    nop
    call trap_dispatch
    mov %l7, %o1
    wr %l0, %psr            /* traps off again (ET was 0 in the saved PSR) */
    nop
    nop
    nop

    /* 4. Reload what the handler may have changed. */
    ld [%l7 + TF_Y], %l4
    wr %l4, %y
    ld [%l7 + TF_G1], %g1
    ld [%l7 + TF_G1 + 4], %g2
    ld [%l7 + TF_G1 + 8], %g3
    ld [%l7 + TF_G1 + 12], %g4
    ld [%l7 + TF_G1 + 16], %g5
    ld [%l7 + TF_G1 + 20], %g6
    ld [%l7 + TF_G1 + 24], %g7
    ld [%l7 + TF_PC], %l1
    ld [%l7 + TF_NPC], %l2
    ld [%l7 + TF_PSR], %l0

    /* 5. rett goes to window T+1: if C spilled it, fill it back now (rett would not trap). */
    rd %wim, %l4
    and %l0, PSR_CWP_MASK, %l5
    add %l5, 1, %l5
    and %l5, NWINDOWS - 1, %l5
    srl %l4, %l5, %l5
    andcc %l5, 1, %g0
    be 2f
    nop
    sll %l4, 1, %l5
    srl %l4, NWINDOWS - 1, %l6
    or %l5, %l6, %l4
    and %l4, WIM_MASK, %l4
    wr %g0, %wim
    nop
    nop
    nop
    restore
    FILL_WINDOW
    save
    wr %l4, %wim
    sethi %hi(__trap_return_fills), %l5
    ld [%l5 + %lo(__trap_return_fills)], %l6
    add %l6, 1, %l6
    st %l6, [%l5 + %lo(__trap_return_fills)]
2:
    /* 6. Saved PSR (icc, PIL, ET = 0) and return. */
    wr %l0, %psr
    nop
    nop
    nop
    jmp %l1
    rett %l2

    .section .data
    .align 4
__cpu0_ready:
    .word 0

    .section .bss
    .align 4
    .globl __window_overflows, __window_underflows, __trap_entry_spills, __trap_return_fills
__window_overflows:         /* tt 5 traps */
    .word 0
__window_underflows:        /* tt 6 traps */
    .word 0
__trap_entry_spills:        /* _trap_entry found its trap window invalid */
    .word 0
__trap_return_fills:        /* _trap_entry refilled the window rett returns to */
    .word 0
