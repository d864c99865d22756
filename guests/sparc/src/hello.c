/* Smallest guest: console output, CPU identification registers, clean shutdown. */
#include "leon3.h"

int main(void)
{
    uint32_t asr17 = read_asr17();
    uint32_t psr = read_psr();
    printf("hello from leon3\n");
    printf("psr impl=%x ver=%x s=%u et=%u ef=%u\n", psr >> 28, (psr >> 24) & 15, (psr >> 7) & 1,
           (psr >> 5) & 1, (psr >> 12) & 1);
    printf("asr17 cpu=%u nwin=%u\n", asr17 >> 28, (asr17 & 0x1f) + 1);
    return 0;
}
