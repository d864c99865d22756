/*
 * x86exit protocol: isa-debug-exit on chimera-soc powers off cpu2 only. The x86 routes its
 * mailbox interrupt, enables interrupts, announces itself to the aarch64 and writes
 * X86EXIT_VALUE to port 0xF4; everything after that write would print "STILL RUNNING" and send
 * X86EXIT_ALIVE words. Then the aarch64 and the SPARC play X86EXIT_ROUNDS rounds of ping-pong,
 * and the aarch64 pushes a word into the x86's inbox, whose interrupt must not wake the powered
 * off core: at the end that word is still there and nothing came from the x86.
 */
#ifndef CHIMERA_X86EXIT_H
#define CHIMERA_X86EXIT_H

#include "soc.h"

#define X86EXIT_VALUE  0x10u        /* QEMU's status would be 0x21; here it stops cpu2 */
#define X86EXIT_ALIVE  0xa11fe000u  /* sent only by an x86 that kept running */
#define X86EXIT_POKE   0x90c0ffeeu  /* left in the x86's inbox by the aarch64 */
#define X86EXIT_ROUNDS 20u

#endif
