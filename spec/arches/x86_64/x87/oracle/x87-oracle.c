/*
 * x87 oracle: runs one x87 instruction per input line on a state loaded with FRSTOR and prints
 * the state FNSAVE stores afterwards. Built static for x86-64 Linux and run both under
 * qemu-x86_64 (QEMU 7.2, the reference) and natively; see generate.mjs.
 *
 * Input line:  id cw sw tags st0 .. st7 mem eflags
 *   cw, sw (TOP in bits 13:11), tags (bit i set = ST(i) in use): hex;
 *   st0..st7: 20 hex digits each (sign/exponent then significand); mem: 64 hex digits (32 bytes
 *   at the 16-byte aligned operand address, which the instruction finds in RSI); eflags: hex.
 * Output line: cw sw tw st0 .. st7 mem eflags ax
 *
 * The instruction bytes come from insns.h (generated): X(id, "bytes", kind), kind 0 = plain,
 * 1 = EFLAGS loaded before and read after (FCMOVcc, FCOMI), 2 = AX read after (FNSTSW AX).
 * Build with -mno-red-zone: the EFLAGS variants push and pop.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

struct fsave {
  uint32_t cw, sw, tw, ip, cs, dp, ds;
  uint8_t st[80];
} __attribute__((packed));

static struct fsave in, out;
static uint8_t mem[32] __attribute__((aligned(16)));
static uint64_t eflags_in, eflags_out;
static uint64_t ax_out;

#define RUN0(BYTES) \
  asm volatile("frstor (%[i])\n\t" BYTES "\n\tfnsave (%[o])" ::[i] "r"(&in), [o] "r"(&out), "S"(mem) : "memory", "cc")
#define RUN1(BYTES)                                                                                    \
  asm volatile("push %[f]\n\tpopfq\n\tfrstor (%[i])\n\t" BYTES "\n\tpushfq\n\tpop %[fo]\n\tfnsave (%[o])" \
               : [fo] "=&r"(eflags_out)                                                                 \
               : [i] "r"(&in), [o] "r"(&out), "S"(mem), [f] "r"(eflags_in)                             \
               : "memory", "cc")
#define RUN2(BYTES)                                                                          \
  asm volatile("xor %%eax, %%eax\n\tfrstor (%[i])\n\t" BYTES "\n\tfnsave (%[o])"             \
               : "=&a"(ax_out)                                                                \
               : [i] "r"(&in), [o] "r"(&out), "S"(mem)                                        \
               : "memory", "cc")

static int hexval(int c) { return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10; }

static void parse_bytes(const char *s, uint8_t *dst, int n) {
  /* Big-endian hex text to little-endian bytes (a number). */
  for (int i = 0; i < n; i++) dst[n - 1 - i] = (uint8_t)(hexval(s[2 * i]) << 4 | hexval(s[2 * i + 1]));
}

static void print_bytes(const uint8_t *src, int n) {
  for (int i = n - 1; i >= 0; i--) printf("%02x", src[i]);
}

int main(void) {
  char st[8][24], memhex[80];
  unsigned id, cw, sw, tags;
  unsigned long long fl;
  while (scanf("%u %x %x %x %22s %22s %22s %22s %22s %22s %22s %22s %70s %llx", &id, &cw, &sw, &tags, st[0], st[1],
               st[2], st[3], st[4], st[5], st[6], st[7], memhex, &fl) == 14) {
    memset(&in, 0, sizeof in);
    in.cw = cw;
    in.sw = sw;
    unsigned top = (sw >> 11) & 7, tw = 0;
    for (int i = 0; i < 8; i++) {
      unsigned p = (top + i) & 7;
      if (!(tags >> i & 1)) tw |= 3u << (2 * p);
      parse_bytes(st[i], in.st + 10 * i, 10);
    }
    in.tw = tw;
    /* mem text is byte 0 first. */
    for (int i = 0; i < 32; i++) mem[i] = (uint8_t)(hexval(memhex[2 * i]) << 4 | hexval(memhex[2 * i + 1]));
    eflags_in = fl;
    eflags_out = 0;
    ax_out = 0;
    switch (id) {
#define X(n, bytes, kind) \
  case n:                 \
    RUN##kind(bytes);     \
    break;
#include "insns.h"
#undef X
      default:
        fprintf(stderr, "unknown id %u\n", id);
        return 1;
    }
    printf("%04x %04x %04x", out.cw & 0xffff, out.sw & 0xffff, out.tw & 0xffff);
    for (int i = 0; i < 8; i++) {
      putchar(' ');
      print_bytes(out.st + 10 * i, 10);
    }
    putchar(' ');
    for (int i = 0; i < 32; i++) printf("%02x", mem[i]);
    printf(" %llx %04llx\n", (unsigned long long)eflags_out, (unsigned long long)(ax_out & 0xffff));
  }
  return 0;
}
