/* Console output and C-side trap dispatch for LEON3 guests. */
#include "leon3.h"

void guest_putchar(int c)
{
    /* wait for room in the transmitter FIFO (TE = FIFO empty) */
    while (!(mmio_read32(APBUART_BASE + APBUART_STATUS) & APBUART_STATUS_TE)) {
    }
    mmio_write32(APBUART_BASE + APBUART_DATA, (uint32_t)(uint8_t)c);
}

static trap_handler_t handlers[256];

void trap_set_handler(unsigned tt, trap_handler_t h)
{
    handlers[tt & 0xff] = h;
}

void trap_dispatch(unsigned tt, struct trap_frame *f)
{
    trap_handler_t h = handlers[tt & 0xff];
    if (h) {
        h(f);
        return;
    }
    printf("unexpected trap tt=0x%02x pc=0x%08x npc=0x%08x psr=0x%08x\n", tt, f->pc, f->npc,
           f->psr);
    _exit(1);
}

__attribute__((weak)) void secondary_main(unsigned cpu)
{
    (void)cpu;
}
