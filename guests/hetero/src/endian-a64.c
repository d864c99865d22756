/*
 * endian, aarch64 half: writes a table of 32-bit and 16-bit values and a string into shared
 * SRAM in its own (little-endian) byte order, tells the SPARC through the mailbox, and checks
 * the SPARC's big-endian answers: read as raw little-endian words they come back byte-swapped,
 * so they are converted with REV / REV16 before comparing. Exit status = total errors.
 */
#include "hetero-a64.h"
#include "endian.h"

static inline void w32(uint32_t a, uint32_t v) { *(volatile uint32_t *)(uintptr_t)a = v; }
static inline void w16(uint32_t a, uint16_t v) { *(volatile uint16_t *)(uintptr_t)a = v; }
static inline uint32_t r32(uint32_t a) { return *(volatile uint32_t *)(uintptr_t)a; }
static inline uint16_t r16(uint32_t a) { return *(volatile uint16_t *)(uintptr_t)a; }
static inline uint8_t r8(uint32_t a) { return *(volatile uint8_t *)(uintptr_t)a; }

int main(void)
{
    a64_mailbox_irq_init();
    uint32_t errors = a64_wait_word() != MSG_READY;
    printf("a64: endian: writing %u words, %u halfwords and a %u-byte string at %08x\n", EN_N32,
           EN_N16, (uint32_t)(sizeof en_text - 1), SOC_SRAM_BASE);

    w32(EN_REQ_HDR + 0, EN_REQ_MAGIC);
    w32(EN_REQ_HDR + 4, EN_N32);
    w32(EN_REQ_HDR + 8, EN_N16);
    w32(EN_REQ_HDR + 12, sizeof en_text - 1);
    for (uint32_t i = 0; i < EN_N32; i++) {
        w32(EN_REQ_U32 + 4 * i, en_u32[i]);
    }
    for (uint32_t i = 0; i < EN_N16; i++) {
        w16(EN_REQ_U16 + 2 * i, en_u16[i]);
    }
    for (uint32_t i = 0; i < sizeof en_text; i++) {
        *(volatile char *)(uintptr_t)(EN_REQ_STR + i) = en_text[i];
    }
    /* Little endian: the first byte in memory is the least significant one. */
    printf("a64: magic %08x is stored as bytes %02x %02x %02x %02x\n", EN_REQ_MAGIC,
           r8(EN_REQ_HDR), r8(EN_REQ_HDR + 1), r8(EN_REQ_HDR + 2), r8(EN_REQ_HDR + 3));
    a64_console_drain();
    dsb(sy);
    mbox_send(CPU_SPARC, MSG_GO);

    /* The SPARC prints, answers, and then sends DONE and its own error count. */
    uint32_t done = a64_wait_word();
    uint32_t sparc_errors = a64_wait_word();
    errors += done != MSG_DONE;
    printf("a64: sparc says %s, sparc errors %u\n", done == MSG_DONE ? "DONE" : "something else",
           sparc_errors);

    uint32_t magic_raw = r32(EN_REP_HDR);
    uint32_t magic = __builtin_bswap32(magic_raw);
    printf("a64: reply magic raw %08x -> %08x %s\n", magic_raw, magic,
           magic == EN_REP_MAGIC ? "ok" : "BAD");
    errors += magic != EN_REP_MAGIC;
    uint32_t n32 = __builtin_bswap32(r32(EN_REP_HDR + 4));
    uint32_t n16 = __builtin_bswap32(r32(EN_REP_HDR + 8));
    uint32_t hdr_errors = __builtin_bswap32(r32(EN_REP_HDR + 12));
    errors += n32 != EN_N32 || n16 != EN_N16 || hdr_errors != sparc_errors;
    printf("a64: reply header: n32 %u, n16 %u, errors %u\n", n32, n16, hdr_errors);

    for (uint32_t i = 0; i < EN_N32; i++) {
        uint32_t a = EN_REP_U32 + 4 * i;
        uint32_t raw = r32(a);
        uint32_t v = __builtin_bswap32(raw);
        uint32_t want = en_answer32(en_u32[i]);
        /* Big endian: the first byte is the most significant one. */
        int bytes_ok = r8(a) == (want >> 24) && r8(a + 3) == (want & 0xff);
        int ok = v == want && bytes_ok;
        errors += !ok;
        printf("a64: u32[%u] raw %08x -> %08x (want %08x, first byte %02x) %s\n", i, raw, v, want,
               r8(a), ok ? "ok" : "BAD");
    }
    for (uint32_t i = 0; i < EN_N16; i++) {
        uint16_t raw = r16(EN_REP_U16 + 2 * i);
        uint16_t h = __builtin_bswap16(raw);
        uint16_t want = en_answer16(en_u16[i]);
        errors += h != want;
        printf("a64: u16[%u] raw %04x -> %04x (want %04x) %s\n", i, raw, h, want,
               h == want ? "ok" : "BAD");
    }
    uint32_t text_errors = 0;
    char upper[sizeof en_text];
    for (uint32_t i = 0; i < sizeof en_text; i++) {
        upper[i] = (char)r8(EN_REP_STR + i);
        text_errors += upper[i] != en_upper(en_text[i]);
    }
    upper[sizeof en_text - 1] = 0;
    errors += text_errors != 0;
    printf("a64: string \"%s\" %s\n", upper, text_errors == 0 ? "ok" : "BAD");

    errors += sparc_errors;
    printf("a64: endian done: errors %u: %s\n", errors, errors == 0 ? "OK" : "FAIL");
    a64_exit(errors);
}
