/*
 * patchme(w0): a function in .text that smc.c rewrites: its first instruction is replaced by
 * `add w0, w0, #k` for several k. granule_code: code that shares one 64-byte granule with the
 * counter granule_counter (written on every call), so every store lands beside code.
 */
    .text
    .balign 64
    .global patchme
patchme:
    add     w0, w0, #1
    ret

    .balign 64
    .global granule_code, granule_counter
granule_code:
    mov     w0, #77
    ret
granule_counter:
    .word   0
    .word   0
