/*
 * String instructions: movs/stos/lods/scas/cmps in b/w/d/q sizes, without and with rep/repe/
 * repne, DF = 0 and DF = 1, count 0, overlapping moves in both directions, termination of
 * repe/repne on the condition and on RCX, the 0x67 prefix (ESI/EDI/ECX), and an FS override of
 * the source. Printed: RSI/RDI as offsets into the buffer, RCX, RAX, flags (scas/cmps define
 * OSZAPC; the others change none, printed from alternating incoming states) and the bytes
 * that changed.
 */
#include "optest.h"

#define BUF 512
static uint8_t buf[BUF] __attribute__((aligned(16)));
static uint8_t ref[BUF];

struct sregs {
    uint64_t rsi, rdi, rcx, rax, flags;
};

#define DEFSTR(name, insn)                                                                    \
    static void name(struct sregs *r)                                                         \
    {                                                                                         \
        __asm__ volatile("push %[f]\n\tpopfq\n\t" insn "\n\tpushfq\n\tpop %[f]\n\tcld"         \
                         : "+S"(r->rsi), "+D"(r->rdi), "+c"(r->rcx), "+a"(r->rax), [f] "+r"(r->flags) \
                         : : "cc", "memory");                                                 \
    }
#define SIZES(X, op)                                                                           \
    X(op##b) X(op##w) X(op##l) X(op##q)
#define PLAIN(n) DEFSTR(n, #n)
#define REP(n) DEFSTR(rep_##n, "rep " #n)
#define REPE(n) DEFSTR(repe_##n, "repe " #n)
#define REPNE(n) DEFSTR(repne_##n, "repne " #n)

SIZES(PLAIN, movs)
SIZES(PLAIN, stos)
SIZES(PLAIN, lods)
SIZES(PLAIN, scas)
SIZES(PLAIN, cmps)
SIZES(REP, movs)
SIZES(REP, stos)
SIZES(REP, lods)
SIZES(REPE, scas)
SIZES(REPNE, scas)
SIZES(REPE, cmps)
SIZES(REPNE, cmps)
DEFSTR(a32_rep_movsb, "addr32 rep movsb")
DEFSTR(a32_rep_stosl, "addr32 rep stosl")
DEFSTR(a32_repne_scasb, "addr32 repne scasb")
DEFSTR(fs_rep_movsb, "rep movsb %%fs:(%%rsi), %%es:(%%rdi)")
DEFSTR(fs_lodsq, "lodsq %%fs:(%%rsi), %%rax")
DEFSTR(fs_cmpsb, "repe cmpsb %%es:(%%rdi), %%fs:(%%rsi)")

typedef void (*str_fn)(struct sregs *);

static void reset_buf(void)
{
    for (int i = 0; i < BUF; i++) {
        buf[i] = (uint8_t)(i * 7 + 3);
        ref[i] = buf[i];
    }
}

static void print_changes(void)
{
    int shown = 0;
    for (int i = 0; i < BUF && shown < 48; i++) {
        if (buf[i] != ref[i]) {
            int j = i;
            while (j < BUF && buf[j] != ref[j] && shown < 48) {
                j++;
                shown++;
            }
            printf(" [%d..%d]", i, j - 1);
            for (int k = i; k < j; k++) {
                printf("%02x", buf[k]);
            }
            i = j;
        }
    }
    if (shown == 48) {
        printf(" ...");
    }
}

/* Runs one case: si/di are buffer offsets (si < 0: no source), df = direction flag. */
static void run(const char *name, str_fn fn, int si, int di, uint64_t rcx, uint64_t rax, int df, int k,
                uint32_t defined)
{
    struct sregs r;
    r.rsi = (uint64_t)(buf + si);
    r.rdi = (uint64_t)(buf + di);
    r.rcx = rcx;
    r.rax = rax;
    r.flags = fin_for(FIN_ALTERNATE, k) | (df ? F_DF : 0);
    fn(&r);
    printf("%-14s df%d si %3d di %3d cnt %3lx -> si %+4ld di %+4ld rcx %lx rax %016lx %s", name, df, si, di, rcx,
           (int64_t)(r.rsi - (uint64_t)buf), (int64_t)(r.rdi - (uint64_t)buf), r.rcx, r.rax,
           flag_str(r.flags, defined));
    if (((r.flags & F_DF) != 0) != (df != 0)) {
        printf(" DF-CHANGED");
    }
    print_changes();
    printf("\n");
}

struct sop {
    const char *name;
    str_fn fn;
    int size;
};
#define S4(op) { #op "b", op##b, 1 }, { #op "w", op##w, 2 }, { #op "l", op##l, 4 }, { #op "q", op##q, 8 }
#define R4(p, op) { #p " " #op "b", p##_##op##b, 1 }, { #p " " #op "w", p##_##op##w, 2 }, \
                  { #p " " #op "l", p##_##op##l, 4 }, { #p " " #op "q", p##_##op##q, 8 }

static void moves_and_stores(void)
{
    static const struct sop ops[] = { S4(movs), R4(rep, movs), S4(stos), R4(rep, stos), S4(lods), R4(rep, lods) };
    static const uint64_t counts[] = { 0, 1, 3, 9 };
    for (int k = 0; k < COUNT(ops); k++) {
        int rep = ops[k].name[0] == 'r';
        for (int c = 0; c < (rep ? COUNT(counts) : 1); c++) {
            for (int df = 0; df < 2; df++) {
                reset_buf();
                /* DF=1 walks down: start near the top */
                int si = df ? 200 : 16, di = df ? 400 : 300;
                run(ops[k].name, ops[k].fn, si, di, rep ? counts[c] : 0x55, 0x1122334455667788UL ^ (uint64_t)k, df,
                    c + df, F_ALL);
            }
        }
    }
    printf("# overlapping rep movs\n");
    static const struct sop ov[] = { R4(rep, movs) };
    for (int k = 0; k < 4; k++) {
        reset_buf();
        run(ov[k].name, ov[k].fn, 32, 32 + ov[k].size, 8, 0, 0, k, F_ALL); /* replicates the first element */
        reset_buf();
        run(ov[k].name, ov[k].fn, 40 + ov[k].size, 40, 8, 0, 0, k, F_ALL); /* shifts down */
        reset_buf();
        run(ov[k].name, ov[k].fn, 64, 64 + ov[k].size, 8, 0, 1, k, F_ALL); /* DF=1, backwards: shifts up */
        reset_buf();
        run(ov[k].name, ov[k].fn, 64 + ov[k].size, 64, 8, 0, 1, k, F_ALL); /* DF=1 replicates */
    }
}

static void fill_text(int at, const char *s)
{
    for (int i = 0; s[i]; i++) {
        buf[at + i] = (uint8_t)s[i];
        ref[at + i] = (uint8_t)s[i];
    }
}

static void scans_and_compares(void)
{
    static const struct sop sc[] = { S4(scas), R4(repe, scas), R4(repne, scas) };
    static const struct sop cm[] = { S4(cmps), R4(repe, cmps), R4(repne, cmps) };
    printf("# scas: buffer 100.. = \"aaaaaaaabbbbbbbbaaaa\\0...\"\n");
    for (int k = 0; k < COUNT(sc); k++) {
        static const uint64_t keys[] = { 0x6161616161616161UL, 0x6262626262626262UL, 0 };
        static const uint64_t counts[] = { 0, 5, 40 };
        for (int key = 0; key < 3; key++) {
            for (int c = 0; c < 3; c++) {
                for (int df = 0; df < 2; df++) {
                    reset_buf();
                    fill_text(100, "aaaaaaaabbbbbbbbaaaa");
                    buf[120] = ref[120] = 0;
                    run(sc[k].name, sc[k].fn, 0, df ? 116 : 100, counts[c], keys[key] | 0x7700000000000000UL, df,
                        key + c, F_ALL);
                }
            }
        }
    }
    printf("# cmps: 100.. \"hello world, hello!\" vs 300.. \"hello world! hello?\"\n");
    for (int k = 0; k < COUNT(cm); k++) {
        static const uint64_t counts[] = { 0, 4, 11, 12, 20 };
        for (int c = 0; c < COUNT(counts); c++) {
            for (int df = 0; df < 2; df++) {
                reset_buf();
                fill_text(100, "hello world, hello!.");
                fill_text(300, "hello world! hello?.");
                run(cm[k].name, cm[k].fn, df ? 116 : 100, df ? 316 : 300, counts[c], 0, df, c, F_ALL);
            }
        }
    }
}

static void prefixes(void)
{
    printf("# 0x67: ESI/EDI/ECX, upper halves of RCX ignored and cleared\n");
    reset_buf();
    run("a32 rep movsb", a32_rep_movsb, 10, 20, 0xffffffff00000004UL, 0, 0, 0, F_ALL);
    reset_buf();
    run("a32 rep stosl", a32_rep_stosl, 0, 20, 0x1234567800000003UL, 0xabcdef0199887766UL, 0, 1, F_ALL);
    reset_buf();
    fill_text(50, "xyz!");
    run("a32 repne scasb", a32_repne_scasb, 0, 50, 0x100000010UL, '!', 0, 0, F_ALL);
    printf("# FS override on the source (FS_BASE = 64); the destination is always ES\n");
    wrmsr(MSR_FS_BASE, 64);
    reset_buf();
    run("fs rep movsb", fs_rep_movsb, 0, 300, 6, 0, 0, 0, F_ALL);
    reset_buf();
    run("fs lodsq", fs_lodsq, 8, 0, 0, 0, 0, 1, F_ALL);
    reset_buf();
    fill_text(64 + 10, "abcdef");
    fill_text(210, "abcxef");
    run("fs repe cmpsb", fs_cmpsb, 10, 210, 6, 0, 0, 0, F_ALL);
    wrmsr(MSR_FS_BASE, 0);
}

int main(void)
{
    moves_and_stores();
    scans_and_compares();
    prefixes();
    printf("strings done\n");
    return 0;
}
