/*
 * Boot code. QEMU virt and Chimera start the primary core at _start in EL1 with the MMU off.
 * Secondary cores enter at _secondary_start through PSCI CPU_ON with x0 = their core index
 * (the context ID the primary passes), which selects their stack.
 */
    .section .text.boot, "ax"
    .global _start
_start:
    mov     x0, #0
    bl      setup_core
    /* zero .bss: bounds are 16-byte aligned, so aligned 8-byte stores suffice */
    ldr     x1, =__bss_start
    ldr     x2, =__bss_end
1:  cmp     x1, x2
    b.hs    2f
    str     xzr, [x1], #8
    b       1b
2:  bl      main
    bl      psci_system_off
3:  wfi
    b       3b

    .global _secondary_start
_secondary_start:
    mov     x19, x0
    bl      setup_core
    mov     x0, x19
    bl      secondary_main
    bl      psci_cpu_off
4:  wfi
    b       4b

/* setup_core(x0 = core index): stack, FP/SIMD access, vector table. Preserves x19. */
setup_core:
    ldr     x1, =__stacks_top
    mov     x2, #0x10000
    msub    x1, x0, x2, x1
    mov     sp, x1
    /* CPACR_EL1.FPEN = 0b11: FP/SIMD instructions do not trap at EL0/EL1 */
    mov     x1, #(3 << 20)
    msr     cpacr_el1, x1
    ldr     x1, =vectors
    msr     vbar_el1, x1
    isb
    ret

    .weak   secondary_main
secondary_main:
    ret
