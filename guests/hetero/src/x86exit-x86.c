/*
 * x86exit, x86-64 half: announces itself, then writes to isa-debug-exit with interrupts enabled
 * and its mailbox interrupt routed. Nothing after the write may run.
 */
#include "hetero-x86.h"
#include "x86exit.h"

int main(void)
{
    x86_mailbox_irq_init();
    printf("x86: x86exit: writing 0x%x to isa-debug-exit (port 0xf4): cpu2 stops, the others go on\n",
           X86EXIT_VALUE);
    x86_console_drain();
    mbox_send(CPU_A64, MSG_READY);
    __asm__ volatile("sti" ::: "memory");
    outb(DEBUG_EXIT_PORT, X86EXIT_VALUE);
    for (uint32_t n = 0;; n++) {
        printf("x86: STILL RUNNING after the debug exit (%u)\n", n);
        mbox_send(CPU_A64, X86EXIT_ALIVE + (n & 0xfff));
        __asm__ volatile("hlt");
    }
}
