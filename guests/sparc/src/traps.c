/*
 * Synchronous traps: alignment (tt 7), division by zero (tt 0x2a), illegal instruction
 * (unimp, tt 2), privileged instruction (tt 3), fp disabled (tt 4), software traps (ta, tcc).
 * A handler records tt/pc/npc and skips the trapping instruction; pc is checked against the
 * label of the instruction that should trap.
 */
#include "leon3.h"

extern uint32_t t_ld_unaligned(uint32_t addr);
extern uint32_t t_lduh_unaligned(uint32_t addr);
extern void t_st_unaligned(uint32_t addr, uint32_t v);
extern void t_sth_unaligned(uint32_t addr, uint32_t v);
extern uint32_t t_ldd_unaligned(uint32_t addr);
extern void t_std_unaligned(uint32_t addr);
extern uint32_t t_jmpl_unaligned(uint32_t target);
extern uint32_t t_udiv_zero(uint32_t a);
extern uint32_t t_sdiv_zero(uint32_t a);
extern void t_unimp(void);
extern void t_ta5(void);
extern void t_ta_reg(uint32_t n);
extern void t_tne(uint32_t a, uint32_t b);
extern void t_fp_disabled(void);
extern void t_privileged(void);
extern char t_ld_unaligned_pc[], t_lduh_unaligned_pc[], t_st_unaligned_pc[],
    t_sth_unaligned_pc[], t_ldd_unaligned_pc[], t_std_unaligned_pc[], t_jmpl_unaligned_pc[],
    t_udiv_zero_pc[], t_sdiv_zero_pc[], t_unimp_pc[], t_ta5_pc[], t_fp_disabled_pc[],
    t_privileged_pc[];

extern uint32_t t_ld_expected_npc;

static volatile uint32_t last_tt, last_pc, last_npc, last_psr, trap_count;

static void record(struct trap_frame *f)
{
    last_tt = f->tt;
    last_pc = f->pc;
    last_npc = f->npc;
    last_psr = f->psr;
    trap_count++;
    trap_skip(f);
}

static void privileged_handler(struct trap_frame *f)
{
    record(f);
    f->psr |= PSR_PS;     /* rett restores S from PS: return to supervisor mode */
}

static void report(const char *what, const char *expected_pc)
{
    /* npc is pc + 4 except for a trap in a delay slot, where it is the branch target */
    printf("%-14s tt=0x%02x pc=%s npc=%s\n", what, last_tt,
           expected_pc == 0 ? "-" : (last_pc == (uint32_t)expected_pc ? "ok" : "WRONG"),
           last_npc - last_pc == 4 ? "pc+4"
                                   : (last_npc == t_ld_expected_npc ? "return address" : "WRONG"));
    last_tt = 0xfff;
}

static uint32_t aligned_buf[4] __attribute__((aligned(8))) = { 0x11223344, 0x55667788,
                                                               0x99aabbcc, 0xddeeff00 };

int main(void)
{
    uint32_t base = (uint32_t)aligned_buf;
    printf("traps start\n");
    static const unsigned tts[] = { TT_ILLEGAL_INSN, TT_PRIV_INSN, TT_FP_DISABLED, TT_UNALIGNED,
                                    TT_DIV_ZERO };
    for (unsigned i = 0; i < sizeof(tts) / sizeof(tts[0]); i++) {
        trap_set_handler(tts[i], record);
    }
    for (unsigned n = 0; n < 0x80; n++) {
        trap_set_handler(TT_SOFTWARE(n), record);
    }
    trap_set_handler(TT_PRIV_INSN, privileged_handler);

    /* alignment: aligned accesses must not trap, misaligned ones must */
    printf("ld aligned = %08x traps=%u\n", t_ld_unaligned(base + 4), trap_count);
    printf("ld +1 returns %08x\n", t_ld_unaligned(base + 1) - base);
    report("ld +1", t_ld_unaligned_pc);
    t_ld_unaligned(base + 2);
    report("ld +2", t_ld_unaligned_pc);
    printf("lduh +2 = %08x\n", t_lduh_unaligned(base + 2));
    t_lduh_unaligned(base + 3);
    report("lduh +3", t_lduh_unaligned_pc);
    t_st_unaligned(base + 3, 0xdead);
    report("st +3", t_st_unaligned_pc);
    t_sth_unaligned(base + 1, 0xbeef);
    report("sth +1", t_sth_unaligned_pc);
    printf("ldd aligned = %08x\n", t_ldd_unaligned(base + 8));
    t_ldd_unaligned(base + 4);
    report("ldd +4", t_ldd_unaligned_pc);
    t_std_unaligned(base + 4);
    report("std +4", t_std_unaligned_pc);
    printf("buffer after: %08x %08x %08x %08x\n", aligned_buf[0], aligned_buf[1], aligned_buf[2],
           aligned_buf[3]);
    printf("jmpl +2 returns %u\n", t_jmpl_unaligned((uint32_t)t_jmpl_unaligned_pc + 10));
    report("jmpl +2", t_jmpl_unaligned_pc);

    /* division by zero */
    t_udiv_zero(5);
    report("udiv 0", t_udiv_zero_pc);
    t_sdiv_zero(5);
    report("sdivcc 0", t_sdiv_zero_pc);

    /* illegal, privileged, fp disabled */
    t_unimp();
    report("unimp", t_unimp_pc);
    t_privileged();
    printf("privileged: psr.s after return = %u\n", (read_psr() >> 7) & 1);
    report("rd psr (user)", t_privileged_pc);
    printf("  trapped psr: s=%u ps=%u et=%u\n", (last_psr >> 7) & 1, (last_psr >> 6) & 1,
           (last_psr >> 5) & 1);
    t_fp_disabled();
    report("fp disabled", t_fp_disabled_pc);

    /* software traps */
    t_ta5();
    report("ta 5", t_ta5_pc);
    for (uint32_t n = 0; n < 0x100; n += 0x33) {
        t_ta_reg(n);
        report("ta reg+3", 0);
    }
    uint32_t before = trap_count;
    t_tne(4, 4);
    printf("tne equal: traps %u\n", trap_count - before);
    t_tne(4, 5);
    report("tne unequal", 0);
    printf("traps done count=%u\n", trap_count);
    return 0;
}
