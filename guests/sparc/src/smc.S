/*
 * patchme(%o0): a function in .text that smc.c rewrites (its add in the delay slot of retl).
 * granule_code: code sharing one 64-byte granule with granule_counter, written on every call.
 */
    .text
    .align 64
    .global patchme
patchme:
    retl
    add     %o0, 1, %o0

    .align 64
    .global granule_code, granule_counter
granule_code:
    retl
    mov     77, %o0
granule_counter:
    .word   0
    .word   0
