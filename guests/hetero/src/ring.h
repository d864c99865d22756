/*
 * ring protocol: a token goes round cpu0 (aarch64, little endian) -> cpu1 (SPARC, big endian)
 * -> cpu2 (x86-64, little endian) -> cpu0 for RING_LAPS laps through the mailboxes. Before each
 * hop the sender stores a record of mixed widths (u8, u16, u32, u64, derived from the token)
 * at its own slot in shared SRAM with its native stores, in its own byte order; the receiver
 * prints the 16 raw bytes, what its own loads make of them, and the values decoded in the
 * sender's byte order, and checks those against the token it got. After the last hop the
 * error counts go round once more (RING_REPORT) and the aarch64 ends the run with the total.
 *
 * Waiting: the x86 takes its mailbox interrupt (IOAPIC pin 16 -> LAPIC -> IDT vector 0x40);
 * the aarch64 sleeps in WFI on its masked GIC interrupt, the SPARC in power-down. Only the
 * token holder prints, and it drains its UART before passing the token on.
 *
 * Portable C shared by the three programs; each defines RING_ME (its CPU number) first.
 */
#ifndef CHIMERA_RING_H
#define CHIMERA_RING_H

#include "soc.h"
#include "printf.h"

#define RING_CPUS 3u
#define RING_LAPS 4u
#define RING_HOPS (RING_CPUS * RING_LAPS)
#define RING_SEED 0x7e3a19c5u
/** Announces the error-count lap; the next word is the running error total. */
#define RING_REPORT 0x52505254u /* "RPRT" */

/** Hop n is sent by CPU n % 3 to CPU (n + 1) % 3; its sender writes here first. */
#define RING_SLOT(cpu) (SOC_SRAM_BASE + 0x3000u + 0x40u * (cpu))
#define RING_RECORD_BYTES 16u

static const char *const ring_name[RING_CPUS] = { "a64", "sparc", "x86" };
static const int ring_big_endian[RING_CPUS] = { 0, 1, 0 };

/** The token of hop n + 1, from the token of hop n. */
static inline uint32_t ring_next(uint32_t t, uint32_t n)
{
    return (t * 0x9e3779b1u) ^ (0x01000193u * (n + 1u));
}

/** The record carried with token t: fields at offsets 0 (u8), 1 (hop, u8), 2 (u16), 4 (u32), 8 (u64). */
struct ring_record {
    uint8_t u8;
    uint8_t hop;
    uint16_t u16;
    uint32_t u32;
    uint64_t u64;
};

static inline struct ring_record ring_values(uint32_t t, uint32_t n)
{
    struct ring_record r;
    r.u8 = (uint8_t)(t >> 24);
    r.hop = (uint8_t)n;
    r.u16 = (uint16_t)(t >> 4);
    r.u32 = t;
    r.u64 = ((uint64_t)(t ^ 0xffffffffu) << 32) | (uint32_t)(t * 0x01000193u);
    return r;
}

/** The sender's side of hop n: stores the record with native stores of each width. */
static inline void ring_write(uint32_t me, uint32_t t, uint32_t n)
{
    struct ring_record r = ring_values(t, n);
    uint32_t a = RING_SLOT(me);
    *(volatile uint8_t *)(uintptr_t)a = r.u8;
    *(volatile uint8_t *)(uintptr_t)(a + 1) = r.hop;
    *(volatile uint16_t *)(uintptr_t)(a + 2) = r.u16;
    *(volatile uint32_t *)(uintptr_t)(a + 4) = r.u32;
    *(volatile uint64_t *)(uintptr_t)(a + 8) = r.u64;
}

/** Bytes [at, at + size) as a number, most significant byte first when big endian. */
static inline uint64_t ring_decode(const uint8_t *b, uint32_t at, uint32_t size, int big_endian)
{
    uint64_t v = 0;
    for (uint32_t i = 0; i < size; i++) {
        v = (v << 8) | b[big_endian ? at + i : at + size - 1 - i];
    }
    return v;
}

/** The token hop n carries when nothing went wrong: RING_SEED, then ring_next at each hop. */
static inline uint32_t ring_token(uint32_t n)
{
    uint32_t t = RING_SEED;
    for (uint32_t k = 0; k < n; k++) {
        t = ring_next(t, k);
    }
    return t;
}

/** The sender's log line for hop n (printed after ring_write, before the console drain). */
static inline void ring_pass(uint32_t me, uint32_t t, uint32_t n)
{
    printf("%s: token %08x -> %s (hop %u), record at %08x\n", ring_name[me], t,
           ring_name[(me + 1) % RING_CPUS], n, RING_SLOT(me));
}

/**
 * The receiver's side of hop n (token t, from the previous CPU of the ring): prints the raw
 * bytes, its own loads and the sender's values, and returns the number of mismatches with
 * the token it expected and that token's record.
 */
static inline uint32_t ring_read(uint32_t me, uint32_t t, uint32_t n, uint32_t expected)
{
    uint32_t from = (me + RING_CPUS - 1) % RING_CPUS;
    uint32_t a = RING_SLOT(from);
    uint8_t b[RING_RECORD_BYTES];
    for (uint32_t i = 0; i < RING_RECORD_BYTES; i++) {
        b[i] = *(volatile uint8_t *)(uintptr_t)(a + i);
    }
    uint8_t n8 = *(volatile uint8_t *)(uintptr_t)a;
    uint16_t n16 = *(volatile uint16_t *)(uintptr_t)(a + 2);
    uint32_t n32 = *(volatile uint32_t *)(uintptr_t)(a + 4);
    uint64_t n64 = *(volatile uint64_t *)(uintptr_t)(a + 8);
    int be = ring_big_endian[from];
    uint64_t s8 = ring_decode(b, 0, 1, be), s16 = ring_decode(b, 2, 2, be);
    uint64_t s32 = ring_decode(b, 4, 4, be), s64 = ring_decode(b, 8, 8, be);
    struct ring_record want = ring_values(expected, n);
    uint32_t bad = (t != expected) + (b[1] != want.hop) + (s8 != want.u8) + (s16 != want.u16) +
                   (s32 != want.u32) + (s64 != want.u64);
    const char *me_name = ring_name[me];
    printf("%s: hop %u (lap %u) from %s: token %08x %s\n", me_name, n, n / RING_CPUS + 1,
           ring_name[from], t, t == expected ? "ok" : "BAD");
    /* Labels padded to one width: "my reading  " and "<sender> meant " are both 12 characters. */
    printf("%s:   bytes at %08x         %02x | %02x | %02x %02x | %02x %02x %02x %02x | %02x %02x %02x %02x %02x %02x %02x %02x\n",
           me_name, a, b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12],
           b[13], b[14], b[15]);
    printf("%s:   my reading  %-13s u8 %02x u16 %04x u32 %08x u64 %016llx\n", me_name,
           ring_big_endian[me] ? "big-endian" : "little-endian", n8, n16, n32, (unsigned long long)n64);
    printf("%s:   %-5s meant %-13s u8 %02x u16 %04x u32 %08x u64 %016llx %s\n", me_name, ring_name[from],
           be ? "big-endian" : "little-endian", (unsigned)s8, (unsigned)s16, (unsigned)s32,
           (unsigned long long)s64, bad ? "BAD" : "ok");
    return bad;
}

#endif
