/*
 * One routine per Bicc condition, plain and annulled: uint32_t br_<c>(uint32_t nzvc).
 * Result bit 0 = the delay slot ran, bit 1 = the fall-through instruction ran.
 * Taken: 1 (annulled ba,a: 0). Not taken: 3 (annulled: 2).
 */
    .text
    .align 4

#define SET_ICC \
    rd %psr, %o2; sethi %hi(0x00f00000), %o3; andn %o2, %o3, %o2; and %o0, 15, %o0; \
    sll %o0, 20, %o0; or %o2, %o0, %o2; wr %o2, %psr; nop; nop; nop

#define BR(c) \
    .globl br_##c; .type br_##c, #function; br_##c: SET_ICC; \
    mov 0, %o0; b##c 1f; or %o0, 1, %o0; or %o0, 2, %o0; 1: retl; nop; \
    .globl bra_##c; .type bra_##c, #function; bra_##c: SET_ICC; \
    mov 0, %o0; b##c,a 1f; or %o0, 1, %o0; or %o0, 2, %o0; 1: retl; nop

    BR(a)
    BR(n)
    BR(ne)
    BR(e)
    BR(g)
    BR(le)
    BR(ge)
    BR(l)
    BR(gu)
    BR(leu)
    BR(cc)
    BR(cs)
    BR(pos)
    BR(neg)
    BR(vc)
    BR(vs)

/* call: %o7 holds the address of the call; the delay slot runs before the target. */
    .globl call_link
    .type call_link, #function
call_link:
    mov %o7, %g1
    mov 0, %o0
    .globl call_link_site
call_link_site:
    call 1f
    add %o0, 5, %o0         /* delay slot, runs before the target */
    add %o0, 100, %o0       /* skipped: target returns past it */
1:  sub %o7, %g1, %o1       /* irrelevant; keep %o7 */
    mov %o7, %o2
    mov %g1, %o7
    sethi %hi(call_link_site), %o3
    or %o3, %lo(call_link_site), %o3
    cmp %o2, %o3
    be 2f
    nop
    or %o0, 0x1000, %o0     /* %o7 was wrong */
2:  retl
    nop

/* jmpl: rd gets the address of the jmpl itself; target computed from rs1 + simm13 */
    .globl jmpl_link
    .type jmpl_link, #function
jmpl_link:
    sethi %hi(3f - 8), %o1
    or %o1, %lo(3f - 8), %o1
    mov 0, %o0
    .globl jmpl_link_site
jmpl_link_site:
    jmpl %o1 + 8, %g1
    add %o0, 7, %o0         /* delay slot */
    add %o0, 100, %o0       /* skipped */
3:  sethi %hi(jmpl_link_site), %o3
    or %o3, %lo(jmpl_link_site), %o3
    cmp %g1, %o3
    be 4f
    nop
    or %o0, 0x1000, %o0
4:  retl
    nop

/* A backward bne loop with the decrement in the delay slot: counts %o0 down. */
    .globl loop_delay
    .type loop_delay, #function
loop_delay:
    mov 0, %o1
5:  subcc %o0, 1, %o0
    bne 5b
    add %o1, 3, %o1         /* runs every iteration, including the last */
    retl
    mov %o1, %o0

/* ba,a skips its delay slot; a taken annulled conditional runs it. */
    .globl annul_mix
    .type annul_mix, #function
annul_mix:
    mov 0, %o1
    ba,a 6f
    or %o1, 1, %o1          /* annulled */
6:  cmp %o0, 0
    bne,a 7f
    or %o1, 2, %o1          /* runs only if taken */
    or %o1, 4, %o1          /* fall-through when %o0 == 0 */
7:  retl
    mov %o1, %o0
