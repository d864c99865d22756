/*
 * Differential-test oracle for Chimera's aarch64 IEEE library.
 * Build: aarch64-linux-gnu-gcc -O1 -static fp-oracle.c -o fp-oracle
 * Run:   qemu-aarch64 ./fp-oracle < vectors.txt
 * Input lines: "<op> <fpcr-hex> <a-hex> <b-hex> <c-hex>" (operand bit patterns, 64-bit hex).
 * Output lines: "<op> <fpcr> <a> <b> <c> <result-hex> <fpsr-hex>" (compares: result = NZCV>>28).
 */
#include <stdio.h>
#include <string.h>
#include <stdint.h>

typedef uint64_t u64;
static u64 fpsr;

#define PRE "msr fpcr, %[fpcr]\n msr fpsr, xzr\n "
#define POST "\n mrs %[fpsr], fpsr\n msr fpcr, xzr\n"

#define BIN(NAME, INSN, T, R)                                                          \
  if (!strcmp(op, NAME)) {                                                            \
    T x, y, r; memcpy(&x, &A, sizeof x); memcpy(&y, &B, sizeof y);                    \
    asm volatile(PRE INSN " %" R "[r], %" R "[x], %" R "[y]" POST                       \
                 : [r] "=&w"(r), [fpsr] "=&r"(fpsr) : [x] "w"(x), [y] "w"(y), [fpcr] "r"(fpcr)); \
    res = 0; memcpy(&res, &r, sizeof r); goto out; }
#define UN(NAME, INSN, T, U, RD, RN)                                                   \
  if (!strcmp(op, NAME)) {                                                            \
    T x; U r; memcpy(&x, &A, sizeof x);                                               \
    asm volatile(PRE INSN " %" RD "[r], %" RN "[x]" POST                              \
                 : [r] "=&w"(r), [fpsr] "=&r"(fpsr) : [x] "w"(x), [fpcr] "r"(fpcr));   \
    res = 0; memcpy(&res, &r, sizeof r); goto out; }
#define TOI(NAME, INSN, T, U, RD, RN)                                                  \
  if (!strcmp(op, NAME)) {                                                            \
    T x; U r; memcpy(&x, &A, sizeof x);                                               \
    asm volatile(PRE INSN " %" RD "[r], %" RN "[x]" POST                              \
                 : [r] "=&r"(r), [fpsr] "=&r"(fpsr) : [x] "w"(x), [fpcr] "r"(fpcr));   \
    res = 0; memcpy(&res, &r, sizeof r); goto out; }
#define FROMI(NAME, INSN, T, U, RD, RN)                                                \
  if (!strcmp(op, NAME)) {                                                            \
    T x; U r; memcpy(&x, &A, sizeof x);                                               \
    asm volatile(PRE INSN " %" RD "[r], %" RN "[x]" POST                              \
                 : [r] "=&w"(r), [fpsr] "=&r"(fpsr) : [x] "r"(x), [fpcr] "r"(fpcr));   \
    res = 0; memcpy(&res, &r, sizeof r); goto out; }
#define TER(NAME, INSN, T, R)                                                          \
  if (!strcmp(op, NAME)) {                                                            \
    T x, y, z, r; memcpy(&x, &A, sizeof x); memcpy(&y, &B, sizeof y); memcpy(&z, &C, sizeof z); \
    asm volatile(PRE INSN " %" R "[r], %" R "[x], %" R "[y], %" R "[z]" POST              \
                 : [r] "=&w"(r), [fpsr] "=&r"(fpsr) : [x] "w"(x), [y] "w"(y), [z] "w"(z), [fpcr] "r"(fpcr)); \
    res = 0; memcpy(&res, &r, sizeof r); goto out; }
#define TOIF(NAME, INSN, T, U, RD, RN, FB)                                            \
  if (!strcmp(op, NAME)) {                                                            \
    T x; U r; memcpy(&x, &A, sizeof x);                                               \
    asm volatile(PRE INSN " %" RD "[r], %" RN "[x], #" FB POST                        \
                 : [r] "=&r"(r), [fpsr] "=&r"(fpsr) : [x] "w"(x), [fpcr] "r"(fpcr));   \
    res = 0; memcpy(&res, &r, sizeof r); goto out; }
#define FROMIF(NAME, INSN, T, U, RD, RN, FB)                                          \
  if (!strcmp(op, NAME)) {                                                            \
    T x; U r; memcpy(&x, &A, sizeof x);                                               \
    asm volatile(PRE INSN " %" RD "[r], %" RN "[x], #" FB POST                        \
                 : [r] "=&w"(r), [fpsr] "=&r"(fpsr) : [x] "r"(x), [fpcr] "r"(fpcr));   \
    res = 0; memcpy(&res, &r, sizeof r); goto out; }
#define CMP(NAME, INSN, T, R)                                                          \
  if (!strcmp(op, NAME)) {                                                            \
    T x, y; u64 f; memcpy(&x, &A, sizeof x); memcpy(&y, &B, sizeof y);                \
    asm volatile(PRE INSN " %" R "[x], %" R "[y]\n mrs %[f], nzcv" POST                   \
                 : [f] "=&r"(f), [fpsr] "=&r"(fpsr) : [x] "w"(x), [y] "w"(y), [fpcr] "r"(fpcr)); \
    res = f >> 28; goto out; }

int main(void) {
  char op[32];
  u64 fpcr, A, B, C, res;
  while (scanf("%31s %lx %lx %lx %lx", op, &fpcr, &A, &B, &C) == 5) {
    BIN("fadd_d", "fadd", double, "d") BIN("fsub_d", "fsub", double, "d")
    BIN("fmul_d", "fmul", double, "d") BIN("fdiv_d", "fdiv", double, "d")
    BIN("fnmul_d", "fnmul", double, "d") BIN("fmax_d", "fmax", double, "d")
    BIN("fmin_d", "fmin", double, "d") BIN("fmaxnm_d", "fmaxnm", double, "d")
    BIN("fminnm_d", "fminnm", double, "d")
    BIN("fadd_s", "fadd", float, "s") BIN("fsub_s", "fsub", float, "s")
    BIN("fmul_s", "fmul", float, "s") BIN("fdiv_s", "fdiv", float, "s")
    BIN("fnmul_s", "fnmul", float, "s") BIN("fmax_s", "fmax", float, "s")
    BIN("fmin_s", "fmin", float, "s") BIN("fmaxnm_s", "fmaxnm", float, "s")
    BIN("fminnm_s", "fminnm", float, "s")
    TER("fmadd_d", "fmadd", double, "d") TER("fmsub_d", "fmsub", double, "d")
    TER("fnmadd_d", "fnmadd", double, "d") TER("fnmsub_d", "fnmsub", double, "d")
    TER("fmadd_s", "fmadd", float, "s") TER("fmsub_s", "fmsub", float, "s")
    TER("fnmadd_s", "fnmadd", float, "s") TER("fnmsub_s", "fnmsub", float, "s")
    UN("fsqrt_d", "fsqrt", double, double, "d", "d") UN("fsqrt_s", "fsqrt", float, float, "s", "s")
    UN("fabs_d", "fabs", double, double, "d", "d") UN("fneg_s", "fneg", float, float, "s", "s")
    UN("fcvt_sd", "fcvt", double, float, "s", "d") UN("fcvt_ds", "fcvt", float, double, "d", "s")
    UN("fcvt_hs", "fcvt", float, uint16_t, "h", "s") UN("fcvt_hd", "fcvt", double, uint16_t, "h", "d")
    UN("fcvt_sh", "fcvt", uint16_t, float, "s", "h") UN("fcvt_dh", "fcvt", uint16_t, double, "d", "h")
    UN("frintn_d", "frintn", double, double, "d", "d") UN("frinta_d", "frinta", double, double, "d", "d")
    UN("frintp_d", "frintp", double, double, "d", "d") UN("frintm_d", "frintm", double, double, "d", "d")
    UN("frintz_d", "frintz", double, double, "d", "d") UN("frintx_d", "frintx", double, double, "d", "d")
    UN("frinti_d", "frinti", double, double, "d", "d")
    UN("frintn_s", "frintn", float, float, "s", "s") UN("frinta_s", "frinta", float, float, "s", "s")
    UN("frintx_s", "frintx", float, float, "s", "s") UN("frinti_s", "frinti", float, float, "s", "s")
    TOI("fcvtzs_wd", "fcvtzs", double, uint32_t, "w", "d") TOI("fcvtzu_wd", "fcvtzu", double, uint32_t, "w", "d")
    TOI("fcvtzs_xd", "fcvtzs", double, u64, "x", "d") TOI("fcvtzu_xd", "fcvtzu", double, u64, "x", "d")
    TOI("fcvtns_xd", "fcvtns", double, u64, "x", "d") TOI("fcvtas_wd", "fcvtas", double, uint32_t, "w", "d")
    TOI("fcvtps_xd", "fcvtps", double, u64, "x", "d") TOI("fcvtmu_xd", "fcvtmu", double, u64, "x", "d")
    TOI("fcvtzs_ws", "fcvtzs", float, uint32_t, "w", "s") TOI("fcvtzu_xs", "fcvtzu", float, u64, "x", "s")
    TOI("fcvtau_ws", "fcvtau", float, uint32_t, "w", "s") TOI("fcvtns_ws", "fcvtns", float, uint32_t, "w", "s")
    FROMI("scvtf_dx", "scvtf", u64, double, "d", "x") FROMI("ucvtf_dx", "ucvtf", u64, double, "d", "x")
    FROMI("scvtf_sx", "scvtf", u64, float, "s", "x") FROMI("ucvtf_sx", "ucvtf", u64, float, "s", "x")
    FROMI("scvtf_sw", "scvtf", uint32_t, float, "s", "w") FROMI("ucvtf_sw", "ucvtf", uint32_t, float, "s", "w")
    FROMI("scvtf_dw", "scvtf", uint32_t, double, "d", "w")
    TOIF("fcvtzs_xd_8", "fcvtzs", double, u64, "x", "d", "8") TOIF("fcvtzu_wd_16", "fcvtzu", double, uint32_t, "w", "d", "16")
    TOIF("fcvtzs_ws_32", "fcvtzs", float, uint32_t, "w", "s", "32") TOIF("fcvtzu_xs_64", "fcvtzu", float, u64, "x", "s", "64")
    FROMIF("scvtf_dx_8", "scvtf", u64, double, "d", "x", "8") FROMIF("ucvtf_sw_16", "ucvtf", uint32_t, float, "s", "w", "16")
    FROMIF("scvtf_sx_64", "scvtf", u64, float, "s", "x", "64") FROMIF("ucvtf_dw_32", "ucvtf", uint32_t, double, "d", "w", "32")
    CMP("fcmp_d", "fcmp", double, "d") CMP("fcmpe_d", "fcmpe", double, "d")
    CMP("fcmp_s", "fcmp", float, "s") CMP("fcmpe_s", "fcmpe", float, "s")
    printf("unknown %s\n", op);
    continue;
  out:
    printf("%s %lx %lx %lx %lx %lx %lx\n", op, fpcr, A, B, C, res, fpsr);
  }
  return 0;
}
