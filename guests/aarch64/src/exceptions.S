/*
 * run_el0(fn, user_sp): runs fn at EL0t with SP_EL0 = user_sp and IRQs masked. When fn
 * returns it lands in el0_return_trampoline, whose SVC #0xFFFF makes the C handler resume
 * EL1 at run_el0_resume (see exceptions.c).
 */
    .text
    .global run_el0
run_el0:
    stp     x29, x30, [sp, #-96]!
    stp     x19, x20, [sp, #16]
    stp     x21, x22, [sp, #32]
    stp     x23, x24, [sp, #48]
    stp     x25, x26, [sp, #64]
    stp     x27, x28, [sp, #80]
    msr     sp_el0, x1
    msr     elr_el1, x0
    mov     x2, #0x3c0          /* EL0t, DAIF masked */
    msr     spsr_el1, x2
    adr     x30, el0_return_trampoline
    eret

    .global el0_return_trampoline
el0_return_trampoline:
    svc     #0xffff
    b       .

    .global run_el0_resume
run_el0_resume:
    ldp     x19, x20, [sp, #16]
    ldp     x21, x22, [sp, #32]
    ldp     x23, x24, [sp, #48]
    ldp     x25, x26, [sp, #64]
    ldp     x27, x28, [sp, #80]
    ldp     x29, x30, [sp], #96
    ret
