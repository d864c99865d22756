/*
 * Branches: all 16 Bicc conditions against all 16 icc values, plain and annulled, showing
 * whether the delay slot and the fall-through ran; call/jmpl link registers; delay slots in
 * loops.
 */
#include "leon3.h"

typedef uint32_t (*br_fn)(uint32_t nzvc);

#define DECL(c) extern uint32_t br_##c(uint32_t); extern uint32_t bra_##c(uint32_t);
DECL(a) DECL(n) DECL(ne) DECL(e) DECL(g) DECL(le) DECL(ge) DECL(l)
DECL(gu) DECL(leu) DECL(cc) DECL(cs) DECL(pos) DECL(neg) DECL(vc) DECL(vs)
extern uint32_t call_link(void);
extern uint32_t jmpl_link(void);
extern uint32_t loop_delay(uint32_t n);
extern uint32_t annul_mix(uint32_t x);

#define ENTRY(c) { #c, br_##c, bra_##c }
static const struct { const char *name; br_fn plain, annulled; } conds[] = {
    ENTRY(a), ENTRY(n), ENTRY(ne), ENTRY(e), ENTRY(g), ENTRY(le), ENTRY(ge), ENTRY(l),
    ENTRY(gu), ENTRY(leu), ENTRY(cc), ENTRY(cs), ENTRY(pos), ENTRY(neg), ENTRY(vc), ENTRY(vs),
};

int main(void)
{
    printf("branch start\n");
    printf("icc nzvc:   0123456789abcdef\n");
    for (unsigned i = 0; i < 16; i++) {
        char plain[17], annul[17];
        for (uint32_t nzvc = 0; nzvc < 16; nzvc++) {
            plain[nzvc] = (char)('0' + conds[i].plain(nzvc));
            annul[nzvc] = (char)('0' + conds[i].annulled(nzvc));
        }
        plain[16] = annul[16] = 0;
        char annulled_name[8] = "b";
        unsigned n = 1;
        for (const char *c = conds[i].name; *c; c++) {
            annulled_name[n++] = *c;
        }
        annulled_name[n++] = ',';
        annulled_name[n++] = 'a';
        annulled_name[n] = 0;
        printf("b%-10s %s\n%-11s %s\n", conds[i].name, plain, annulled_name, annul);
    }
    printf("call: %x\n", call_link());
    printf("jmpl: %x\n", jmpl_link());
    printf("loop 10: %u\n", loop_delay(10));
    printf("annul_mix 0: %x, 1: %x\n", annul_mix(0), annul_mix(1));
    printf("branch done\n");
    return 0;
}
