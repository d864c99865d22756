/*
 * A stack-machine bytecode interpreter (switch dispatch) running small programs: a counted
 * sum, a prime sieve, iterative Fibonacci, GCD via a subroutine, and Collatz lengths.
 * Prints each program's result and the number of bytecodes executed.
 */
#include "leon3.h"

enum op {
    PUSH, POP, DUP, SWAP, OVER, ADD, SUB, MUL, DIV, MOD, AND, SHL, SHR,
    LOAD, STORE,            /* globals */
    LDM, STM,               /* memory[pop] */
    JMP, JZ, JNZ, JLT,      /* JLT: a < b (pops b, a) */
    CALL, RET, PRINT, HALT,
};

#define MEMSIZE 2048
static int32_t memory[MEMSIZE];
static int32_t globals[16];
static uint32_t executed;

static int32_t run(const int32_t *code)
{
    int32_t stack[64], calls[32];
    int sp = 0, csp = 0, pc = 0;
    executed = 0;
    for (;;) {
        executed++;
        int32_t a, b;
        switch ((enum op)code[pc++]) {
        case PUSH: stack[sp++] = code[pc++]; break;
        case POP: sp--; break;
        case DUP: stack[sp] = stack[sp - 1]; sp++; break;
        case SWAP: a = stack[sp - 1]; stack[sp - 1] = stack[sp - 2]; stack[sp - 2] = a; break;
        case OVER: stack[sp] = stack[sp - 2]; sp++; break;
        case ADD: b = stack[--sp]; stack[sp - 1] += b; break;
        case SUB: b = stack[--sp]; stack[sp - 1] -= b; break;
        case MUL: b = stack[--sp]; stack[sp - 1] *= b; break;
        case DIV: b = stack[--sp]; stack[sp - 1] /= b; break;
        case MOD: b = stack[--sp]; stack[sp - 1] %= b; break;
        case AND: b = stack[--sp]; stack[sp - 1] &= b; break;
        case SHL: b = stack[--sp]; stack[sp - 1] <<= b; break;
        case SHR: b = stack[--sp]; stack[sp - 1] = (int32_t)((uint32_t)stack[sp - 1] >> b); break;
        case LOAD: stack[sp++] = globals[code[pc++]]; break;
        case STORE: globals[code[pc++]] = stack[--sp]; break;
        case LDM: stack[sp - 1] = memory[stack[sp - 1] & (MEMSIZE - 1)]; break;
        case STM: a = stack[--sp]; b = stack[--sp]; memory[a & (MEMSIZE - 1)] = b; break;
        case JMP: pc = code[pc]; break;
        case JZ: pc = stack[--sp] == 0 ? code[pc] : pc + 1; break;
        case JNZ: pc = stack[--sp] != 0 ? code[pc] : pc + 1; break;
        case JLT: b = stack[--sp]; a = stack[--sp]; pc = a < b ? code[pc] : pc + 1; break;
        case CALL: calls[csp++] = pc + 1; pc = code[pc]; break;
        case RET: pc = calls[--csp]; break;
        case PRINT: printf("  out %d\n", stack[--sp]); break;
        case HALT: return sp > 0 ? stack[sp - 1] : 0;
        }
    }
}

/* sum of i*i for i in 0..999 (g0 = i, g1 = sum) */
static const int32_t prog_sum[] = {
    PUSH, 0, STORE, 0, PUSH, 0, STORE, 1,
    /* 8 */ LOAD, 0, PUSH, 1000, JLT, 16, JMP, 34,
    /* 16 */ LOAD, 1, LOAD, 0, DUP, MUL, ADD, STORE, 1,
    LOAD, 0, PUSH, 1, ADD, STORE, 0,
    JMP, 8,
    /* 34 */ LOAD, 1, HALT,
};

/* sieve of Eratosthenes below 2000; returns the prime count (g0 = i, g1 = j, g2 = count) */
static const int32_t prog_sieve[] = {
    PUSH, 2, STORE, 0, PUSH, 0, STORE, 2,
    /* 8: outer */ LOAD, 0, PUSH, 2000, JLT, 16, JMP, 65,
    /* 16 */ LOAD, 0, LDM, JNZ, 56,
    /* 21: prime */ LOAD, 2, PUSH, 1, ADD, STORE, 2,
    LOAD, 0, DUP, ADD, STORE, 1,
    /* 34: inner */ LOAD, 1, PUSH, 2000, JLT, 42, JMP, 56,
    /* 42 */ PUSH, 1, LOAD, 1, STM,
    LOAD, 1, LOAD, 0, ADD, STORE, 1, JMP, 34,
    /* 56 */ LOAD, 0, PUSH, 1, ADD, STORE, 0, JMP, 8,
    /* 65 */ LOAD, 2, HALT,
};

/* iterative fib(40) mod 2^32 printing every 10th, using the stack only */
static const int32_t prog_fib[] = {
    PUSH, 0, PUSH, 1, PUSH, 0, STORE, 0,
    /* 8 */ LOAD, 0, PUSH, 40, JLT, 16, JMP, 45,
    /* 16 */ SWAP, OVER, ADD,
    LOAD, 0, PUSH, 1, ADD, STORE, 0,
    LOAD, 0, PUSH, 10, MOD, JNZ, 8,
    OVER, PRINT, JMP, 8,
    /* 37 unused */ HALT, HALT, HALT, HALT, HALT, HALT, HALT, HALT,
    /* 45 */ POP, HALT,
};

/* gcd subroutine (a b -- gcd) called on several pairs, results summed */
static const int32_t prog_gcd[] = {
    PUSH, 1071, PUSH, 462, CALL, 30,
    PUSH, 123456, PUSH, 7890, CALL, 30, ADD,
    PUSH, 1000000007, PUSH, 998244353, CALL, 30, ADD,
    PUSH, 2147483646, PUSH, 1610612733, CALL, 30, ADD,
    DUP, PRINT, HALT,
    /* 30: gcd: while b != 0: (a, b) = (b, a % b) */
    DUP, JZ, 39, SWAP, OVER, MOD, JMP, 30, HALT,
    /* 39 */ POP, RET,
};

/* longest Collatz chain start below 3000 (g0 = n, g1 = best len, g2 = best n, g3 = len,
   g4 = x); built at run time so the jump targets are computed, not hand-counted */
static int32_t collatz_code[128];

static void build_collatz(void)
{
    int n = 0;
    int32_t *c = collatz_code;
#define E(x) c[n++] = (x)
    E(PUSH); E(1); E(STORE); E(0); E(PUSH); E(0); E(STORE); E(1);
    int outer = n;
    E(LOAD); E(0); E(PUSH); E(3000); E(JLT); int to_body = n; E(0); E(JMP); int to_end = n; E(0);
    c[to_body] = n;
    E(PUSH); E(1); E(STORE); E(3); E(LOAD); E(0); E(STORE); E(4);
    int loop = n;
    E(LOAD); E(4); E(PUSH); E(1); E(SUB); E(JZ); int to_done = n; E(0);
    E(LOAD); E(4); E(PUSH); E(1); E(AND); E(JZ); int to_even = n; E(0);
    E(LOAD); E(4); E(PUSH); E(3); E(MUL); E(PUSH); E(1); E(ADD); E(JMP); int to_store = n; E(0);
    c[to_even] = n;
    E(LOAD); E(4); E(PUSH); E(1); E(SHR);
    c[to_store] = n;
    E(STORE); E(4); E(LOAD); E(3); E(PUSH); E(1); E(ADD); E(STORE); E(3); E(JMP); E(loop);
    c[to_done] = n;
    E(LOAD); E(1); E(LOAD); E(3); E(JLT); int to_better = n; E(0);
    int next = n;
    E(LOAD); E(0); E(PUSH); E(1); E(ADD); E(STORE); E(0); E(JMP); E(outer);
    c[to_better] = n;
    E(LOAD); E(3); E(STORE); E(1); E(LOAD); E(0); E(STORE); E(2); E(JMP); E(next);
    c[to_end] = n;
    E(LOAD); E(2); E(PRINT); E(LOAD); E(1); E(HALT);
#undef E
}

int main(void)
{
    printf("interp start\n");
    int32_t r = run(prog_sum);
    printf("sum of squares: %d (%u ops)\n", r, executed);
    r = run(prog_sieve);
    printf("primes below 2000: %d (%u ops)\n", r, executed);
    r = run(prog_fib);
    printf("fib: %d (%u ops)\n", r, executed);
    r = run(prog_gcd);
    printf("gcd sum: %d (%u ops)\n", r, executed);
    build_collatz();
    r = run(collatz_code);
    printf("collatz best length: %d (%u ops)\n", r, executed);
    printf("interp done\n");
    return 0;
}
