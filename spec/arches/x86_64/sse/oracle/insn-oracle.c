/*
 * Single-instruction oracle for Chimera's x86-64 SSE/MMX tests.
 * Build: gcc -O1 -static insn-oracle.c -o insn-oracle
 * Run:   qemu-x86_64 -cpu qemu64 ./insn-oracle < input   (QEMU 7.2, the reference)
 *        ./insn-oracle < input                           (the host CPU, for comparison)
 * Input line (hex fields):  id bytes ptrmask fx gpr0..gpr15 rflags mem
 *   bytes   the instruction (it is copied into an executable page and followed by RET);
 *   ptrmask GPRs (bit n = register n) that hold an address in the 512-byte mock buffer at
 *           0x1000: they are relocated into the real buffer and back;
 *   fx      the 512-byte FXSAVE image loaded with FXRSTOR64 (x87/MMX, MXCSR, XMM0-15);
 *   mem     the buffer's 512 bytes.
 * Output line: the id, "=>", an outcome (OK, UD, GP, XM, BUS, SEGV), then the same state
 * fields after the instruction (taken from the signal context when it faulted).
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdint.h>
#include <string.h>
#include <stdlib.h>
#include <signal.h>
#include <setjmp.h>
#include <ucontext.h>
#include <sys/mman.h>

struct state {
  uint8_t fx[512];   /* 0 */
  uint64_t gpr[16];  /* 512 */
  uint64_t rflags;   /* 640 */
} __attribute__((aligned(64)));

static struct state st;
void *g_state, *g_code, *g_rsp;

extern void run_insn(void);
__asm__(
  ".global run_insn\n"
  "run_insn:\n"
  "  push %rbx\n push %rbp\n push %r12\n push %r13\n push %r14\n push %r15\n"
  "  mov %rsp, g_rsp(%rip)\n"
  "  mov g_state(%rip), %rdi\n"
  "  fxrstor64 (%rdi)\n"
  "  pushq 640(%rdi)\n popfq\n"
  "  mov 512(%rdi), %rax\n mov 520(%rdi), %rcx\n mov 528(%rdi), %rdx\n mov 536(%rdi), %rbx\n"
  "  mov 552(%rdi), %rbp\n mov 560(%rdi), %rsi\n"
  "  mov 576(%rdi), %r8\n mov 584(%rdi), %r9\n mov 592(%rdi), %r10\n mov 600(%rdi), %r11\n"
  "  mov 608(%rdi), %r12\n mov 616(%rdi), %r13\n mov 624(%rdi), %r14\n mov 632(%rdi), %r15\n"
  "  mov 568(%rdi), %rdi\n"
  "  call *g_code(%rip)\n"
  "  push %rdi\n"
  "  mov g_state(%rip), %rdi\n"
  "  mov %rax, 512(%rdi)\n mov %rcx, 520(%rdi)\n mov %rdx, 528(%rdi)\n mov %rbx, 536(%rdi)\n"
  "  mov %rbp, 552(%rdi)\n mov %rsi, 560(%rdi)\n"
  "  mov %r8, 576(%rdi)\n mov %r9, 584(%rdi)\n mov %r10, 592(%rdi)\n mov %r11, 600(%rdi)\n"
  "  mov %r12, 608(%rdi)\n mov %r13, 616(%rdi)\n mov %r14, 624(%rdi)\n mov %r15, 632(%rdi)\n"
  "  pop %rax\n mov %rax, 568(%rdi)\n"
  "  pushfq\n pop %rax\n mov %rax, 640(%rdi)\n"
  "  fxsave64 (%rdi)\n"
  "  fninit\n"
  "  mov $0x1f80, %eax\n push %rax\n ldmxcsr (%rsp)\n pop %rax\n"
  "  pop %r15\n pop %r14\n pop %r13\n pop %r12\n pop %rbp\n pop %rbx\n"
  "  ret\n");

static sigjmp_buf jb;
static const char *outcome;

static void on_signal(int sig, siginfo_t *si, void *ctx) {
  ucontext_t *uc = ctx;
  static const int map[16] = {REG_RAX, REG_RCX, REG_RDX, REG_RBX, REG_RSP, REG_RBP, REG_RSI, REG_RDI,
                              REG_R8, REG_R9, REG_R10, REG_R11, REG_R12, REG_R13, REG_R14, REG_R15};
  for (int i = 0; i < 16; i++) if (i != 4) st.gpr[i] = uc->uc_mcontext.gregs[map[i]];
  st.rflags = uc->uc_mcontext.gregs[REG_EFL];
  memcpy(st.fx, uc->uc_mcontext.fpregs, 512);
  switch (sig) {
    case SIGILL: outcome = "UD"; break;
    case SIGFPE: outcome = "XM"; break;
    case SIGBUS: outcome = "BUS"; break;
    default:
      /* #GP arrives as SIGSEGV with SI_KERNEL (a page fault would carry an address code). */
      outcome = si->si_code == SI_KERNEL ? "GP" : "SEGV";
  }
  siglongjmp(jb, 1);
}

static uint8_t buf[512] __attribute__((aligned(64)));
#define MOCK_BASE 0x1000

static int hexbytes(const char *s, uint8_t *out, int max) {
  int n = 0;
  while (s[0] && s[1] && n < max) {
    unsigned v;
    if (sscanf(s, "%2x", &v) != 1) break;
    out[n++] = (uint8_t)v;
    s += 2;
  }
  return n;
}

static void puthex(const uint8_t *p, int n) {
  for (int i = 0; i < n; i++) printf("%02x", p[i]);
}

int main(void) {
  uint8_t *code = mmap(0, 4096, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = on_signal;
  sa.sa_flags = SA_SIGINFO | SA_NODEFER;
  sigaction(SIGILL, &sa, 0);
  sigaction(SIGSEGV, &sa, 0);
  sigaction(SIGBUS, &sa, 0);
  sigaction(SIGFPE, &sa, 0);
  static char line[1 << 16];
  static char id[256], bytes[128], fx[1100], mem[1100];
  g_state = &st;
  g_code = code;
  while (fgets(line, sizeof line, stdin)) {
    unsigned ptrmask;
    int k;
    line[strcspn(line, "\n")] = 0;
    char *p = line;
    if (sscanf(p, "%255s %127s %x %1099s%n", id, bytes, &ptrmask, fx, &k) != 4) continue;
    p += k;
    memset(&st, 0, sizeof st);
    hexbytes(fx, st.fx, 512);
    for (int i = 0; i < 16; i++) { sscanf(p, "%lx%n", &st.gpr[i], &k); p += k; }
    sscanf(p, "%lx %1099s", &st.rflags, mem);
    hexbytes(mem, buf, 512);
    for (int i = 0; i < 16; i++)
      if (ptrmask & (1u << i)) st.gpr[i] = st.gpr[i] - MOCK_BASE + (uint64_t)(uintptr_t)buf;
    int n = hexbytes(bytes, code, 64);
    code[n] = 0xc3;
    outcome = "OK";
    if (sigsetjmp(jb, 1) == 0) run_insn();
    for (int i = 0; i < 16; i++)
      if (ptrmask & (1u << i)) st.gpr[i] = st.gpr[i] - (uint64_t)(uintptr_t)buf + MOCK_BASE;
    printf("%s => %s ", id, outcome);
    puthex(st.fx, 512);
    for (int i = 0; i < 16; i++) printf(" %lx", i == 4 ? 0 : st.gpr[i]);
    printf(" %lx ", st.rflags & 0x8d5);
    puthex(buf, 512);
    printf("\n");
  }
  return 0;
}
