/*
 * Generic single-instruction oracle for Chimera's aarch64 FP/SIMD tests.
 * Build: aarch64-linux-gnu-gcc -O1 -static insn-oracle.c -o insn-oracle
 * Run:   qemu-aarch64 ./insn-oracle < input
 * Input line:  insn fpcr nzcv mem x0..x7 v0lo v0hi ... v7lo v7hi   (hex)
 *   mem=1: x0 is an address in a 512-byte buffer at 0x1000 (Chimera's mock address); the
 *   buffer is filled with byte i = (i * 37 + 11) & 255 and dumped after the instruction.
 * Output line: the input followed by "=>" and x0..x7 v0lo v0hi .. v7lo v7hi nzcv fpsr [mem],
 *   or "=> UNDEF" when the instruction raised SIGILL.
 * The instruction is written into an executable page followed by RET and called.
 */
#include <stdio.h>
#include <stdint.h>
#include <string.h>
#include <signal.h>
#include <setjmp.h>
#include <sys/mman.h>

struct state {
  uint64_t v[8][2];   /* 0 */
  uint64_t x[8];      /* 128 */
  uint64_t nzcv;      /* 192 */
  uint64_t fpcr;      /* 200 */
  uint64_t fpsr;      /* 208 */
};

extern void run_insn(struct state *s, void *code);
__asm__(
  ".global run_insn\n"
  "run_insn:\n"
  "  stp x29, x30, [sp, #-160]!\n"
  "  stp x19, x20, [sp, #16]\n"
  "  stp d8, d9, [sp, #32]\n stp d10, d11, [sp, #48]\n stp d12, d13, [sp, #64]\n stp d14, d15, [sp, #80]\n"
  "  mov x19, x0\n  mov x20, x1\n"
  "  ldr x9, [x19, #200]\n  msr fpcr, x9\n  msr fpsr, xzr\n"
  "  ldr x9, [x19, #192]\n  msr nzcv, x9\n"
  "  ldp q0, q1, [x19, #0]\n ldp q2, q3, [x19, #32]\n ldp q4, q5, [x19, #64]\n ldp q6, q7, [x19, #96]\n"
  "  ldp x0, x1, [x19, #128]\n ldp x2, x3, [x19, #144]\n ldp x4, x5, [x19, #160]\n ldp x6, x7, [x19, #176]\n"
  "  blr x20\n"
  "  stp q0, q1, [x19, #0]\n stp q2, q3, [x19, #32]\n stp q4, q5, [x19, #64]\n stp q6, q7, [x19, #96]\n"
  "  stp x0, x1, [x19, #128]\n stp x2, x3, [x19, #144]\n stp x4, x5, [x19, #160]\n stp x6, x7, [x19, #176]\n"
  "  mrs x9, nzcv\n  str x9, [x19, #192]\n  mrs x9, fpsr\n  str x9, [x19, #208]\n  msr fpcr, xzr\n"
  "  ldp d8, d9, [sp, #32]\n ldp d10, d11, [sp, #48]\n ldp d12, d13, [sp, #64]\n ldp d14, d15, [sp, #80]\n"
  "  ldp x19, x20, [sp, #16]\n  ldp x29, x30, [sp], #160\n  ret\n");

static sigjmp_buf jb;
static void on_ill(int sig) { siglongjmp(jb, sig); }

static uint8_t buf[512] __attribute__((aligned(64)));
#define MOCK_BASE 0x1000

int main(void) {
  uint32_t *code = mmap(0, 4096, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  signal(SIGILL, on_ill);
  signal(SIGSEGV, on_ill);
  signal(SIGBUS, on_ill);
  char line[4096];
  while (fgets(line, sizeof line, stdin)) {
    struct state s;
    unsigned insn, mem;
    uint64_t fpcr, nzcv;
    char *p = line;
    int k;
    line[strcspn(line, "\n")] = 0;
    if (sscanf(p, "%x %lx %lx %x%n", &insn, &fpcr, &nzcv, &mem, &k) != 4) continue;
    p += k;
    for (int i = 0; i < 8; i++) { sscanf(p, "%lx%n", &s.x[i], &k); p += k; }
    for (int i = 0; i < 8; i++) { sscanf(p, "%lx %lx%n", &s.v[i][0], &s.v[i][1], &k); p += k; }
    s.fpcr = fpcr;
    s.nzcv = nzcv << 28;
    s.fpsr = 0;
    for (int i = 0; i < 512; i++) buf[i] = (uint8_t)(i * 37 + 11);
    if (mem) s.x[0] = (uint64_t)(uintptr_t)buf + (s.x[0] - MOCK_BASE);
    code[0] = insn;
    code[1] = 0xd65f03c0; /* ret */
    __builtin___clear_cache((char *)code, (char *)(code + 2));
    int sig = sigsetjmp(jb, 1);
    if (sig) {
      printf("%s => %s\n", line, sig == SIGILL ? "UNDEF" : "FAULT");
      continue;
    }
    run_insn(&s, code);
    if (mem) s.x[0] = s.x[0] - (uint64_t)(uintptr_t)buf + MOCK_BASE;
    printf("%s =>", line);
    for (int i = 0; i < 8; i++) printf(" %lx", s.x[i]);
    for (int i = 0; i < 8; i++) printf(" %lx %lx", s.v[i][0], s.v[i][1]);
    printf(" %lx %lx", s.nzcv >> 28, s.fpsr);
    if (mem) { printf(" "); for (int i = 0; i < 512; i++) printf("%02x", buf[i]); }
    printf("\n");
  }
  return 0;
}
