/*
 * arm64 Linux Image header, so QEMU and Chimera boot the program as a Linux kernel: loaded at
 * RAM + 2 MiB (text_offset 0 is below the boot stub, so both move it up 2 MiB), entered with
 * x0 = the device tree's address and x1-x3 = 0. The registers are saved (in .data, which the
 * runtime does not clear) and the normal runtime start follows.
 */
    .section .head, "ax"
    .global _head
_head:
    b       image_entry         /* code0 */
    .word   0                   /* code1 */
    .quad   0                   /* text_offset */
    .quad   _image_end - _head  /* image_size */
    .quad   0x2                 /* flags: little-endian, 4 KiB pages */
    .quad   0, 0, 0             /* res2-res4 */
    .ascii  "ARM\x64"           /* magic */
    .word   0                   /* res5 */

image_entry:
    ldr     x4, =boot_regs
    stp     x0, x1, [x4]
    stp     x2, x3, [x4, #16]
    b       _start

    .data
    .balign 8
    .global boot_regs
boot_regs:
    .quad   0, 0, 0, 0
