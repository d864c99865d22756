/*
 * endian, SPARC half: when the aarch64 says GO, reads the little-endian table from shared
 * SRAM as raw big-endian loads (every value shows up byte-swapped), converts with its own
 * swap routine, checks against its copy of the table, and writes the answers back in its own
 * (big-endian) order. Then it sends DONE and its error count, and stops with `ta 0`.
 */
#include "hetero-sparc.h"
#include "endian.h"

static inline uint32_t r32(uint32_t a) { return *(volatile uint32_t *)a; }
static inline uint16_t r16(uint32_t a) { return *(volatile uint16_t *)a; }
static inline void w32(uint32_t a, uint32_t v) { *(volatile uint32_t *)a = v; }
static inline void w16(uint32_t a, uint16_t v) { *(volatile uint16_t *)a = v; }

int main(void)
{
    printf("sparc: endian: waiting for the aarch64's table\n");
    sparc_mailbox_irq_init();
    sparc_console_drain();
    mbox_send(CPU_A64, MSG_READY);
    uint32_t errors = sparc_wait_word() != MSG_GO;

    uint32_t magic_raw = r32(EN_REQ_HDR);
    uint32_t magic = sparc_swap32(magic_raw);
    uint32_t n32 = sparc_swap32(r32(EN_REQ_HDR + 4));
    uint32_t n16 = sparc_swap32(r32(EN_REQ_HDR + 8));
    uint32_t len = sparc_swap32(r32(EN_REQ_HDR + 12));
    printf("sparc: magic raw %08x -> %08x %s; n32 %u, n16 %u, length %u\n", magic_raw, magic,
           magic == EN_REQ_MAGIC ? "ok" : "BAD", n32, n16, len);
    errors += magic != EN_REQ_MAGIC || n32 != EN_N32 || n16 != EN_N16 || len != sizeof en_text - 1;

    for (uint32_t i = 0; i < EN_N32; i++) {
        uint32_t raw = r32(EN_REQ_U32 + 4 * i);
        uint32_t v = sparc_swap32(raw);
        /* little endian in memory: the first byte is the least significant one */
        uint8_t first = *(volatile uint8_t *)(EN_REQ_U32 + 4 * i);
        int ok = v == en_u32[i] && first == (en_u32[i] & 0xff);
        errors += !ok;
        printf("sparc: u32[%u] raw %08x -> %08x (first byte %02x) %s\n", i, raw, v, first,
               ok ? "ok" : "BAD");
        w32(EN_REP_U32 + 4 * i, en_answer32(v));
    }
    for (uint32_t i = 0; i < EN_N16; i++) {
        uint16_t raw = r16(EN_REQ_U16 + 2 * i);
        uint16_t h = sparc_swap16(raw);
        int ok = h == en_u16[i];
        errors += !ok;
        printf("sparc: u16[%u] raw %04x -> %04x %s\n", i, raw, h, ok ? "ok" : "BAD");
        w16(EN_REP_U16 + 2 * i, en_answer16(h));
    }
    char text[sizeof en_text];
    uint32_t text_errors = 0;
    for (uint32_t i = 0; i < sizeof en_text; i++) {
        text[i] = *(volatile char *)(EN_REQ_STR + i);
        text_errors += text[i] != en_text[i];
        *(volatile char *)(EN_REP_STR + i) = en_upper(text[i]);
    }
    text[sizeof en_text - 1] = 0;
    errors += text_errors != 0;
    printf("sparc: string \"%s\" %s (bytes need no swapping)\n", text, text_errors ? "BAD" : "ok");

    w32(EN_REP_HDR + 0, EN_REP_MAGIC);
    w32(EN_REP_HDR + 4, EN_N32);
    w32(EN_REP_HDR + 8, EN_N16);
    w32(EN_REP_HDR + 12, errors);
    printf("sparc: answers written big-endian at %08x, errors %u: %s\n", EN_REP_HDR, errors,
           errors == 0 ? "OK" : "FAIL");
    sparc_console_drain();
    mbox_send(CPU_A64, MSG_DONE);
    mbox_send(CPU_A64, errors);
    _exit((int)errors);
}
