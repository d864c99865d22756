/* Constants shared by the assembly runtime and C (no C declarations in here). */
#ifndef CHIMERA_LEON3_ASM_H
#define CHIMERA_LEON3_ASM_H

#define NWINDOWS      8
#define WIM_MASK      0xff

#define PSR_CWP_MASK  0x1f
#define PSR_ET        0x20
#define PSR_PS        0x40
#define PSR_S         0x80
#define PSR_PIL_MASK  0xf00
#define PSR_EF        0x1000
#define PSR_ICC_MASK  0x00f00000

#define APBUART_BASE        0x80000100
#define APBUART_DATA        0x0
#define APBUART_STATUS      0x4
#define APBUART_STATUS_TS   0x2     /* transmitter shift register empty */
#define APBUART_STATUS_TE   0x4     /* transmitter FIFO empty */

/* struct trap_frame offsets (see leon3.h) */
#define TF_PSR   0
#define TF_PC    4
#define TF_NPC   8
#define TF_Y     12
#define TF_G1    16
#define TF_TT    44
#define TF_SIZE  48

/* Store / load one window's locals and ins to / from the save area at its %sp. */
#define SPILL_WINDOW \
    std %l0, [%sp + 0]; std %l2, [%sp + 8]; std %l4, [%sp + 16]; std %l6, [%sp + 24]; \
    std %i0, [%sp + 32]; std %i2, [%sp + 40]; std %i4, [%sp + 48]; std %i6, [%sp + 56]
#define FILL_WINDOW \
    ldd [%sp + 0], %l0; ldd [%sp + 8], %l2; ldd [%sp + 16], %l4; ldd [%sp + 24], %l6; \
    ldd [%sp + 32], %i0; ldd [%sp + 40], %i2; ldd [%sp + 48], %i4; ldd [%sp + 56], %i6

#endif
