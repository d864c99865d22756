/*
 * flood, aarch64 half: stays out of the stream and ends the run with the x86's error count
 * (sim-control EXIT), once the SPARC and the x86 are done.
 */
#include "hetero-a64.h"
#include "flood.h"

int main(void)
{
    a64_mailbox_irq_init();
    uint32_t errors = a64_wait_word();
    printf("a64: flood x86 -> sparc: %u errors: %s\n", errors, errors == 0 ? "OK" : "FAIL");
    a64_exit(errors);
}
