/*
 * A bytecode interpreter for a tiny stack language (switch dispatch, integer only), running a
 * few programs: primes, GCD, Collatz, recursive Fibonacci via CALL/RET, factorial.
 */
#include "runtime.h"

enum {
    HALT, PUSH, ADD, SUB, MUL, DIV, MOD, DUP, SWAP, OVER, DROP, JMP, JZ, JNZ,
    LOAD, STORE, LT, EQ, CALL, RET, PRINT, NEG, ROT,
};

struct vm {
    int64_t stack[256];
    int64_t vars[16];
    int32_t rstack[64];
    int sp, rsp;
    uint64_t steps;
};

static int64_t run(struct vm *vm, const int32_t *code)
{
    int pc = 0;
    vm->sp = 0;
    vm->rsp = 0;
    for (;;) {
        int32_t op = code[pc++];
        int64_t a, b;
        vm->steps++;
        switch (op) {
        case HALT: return vm->sp ? vm->stack[vm->sp - 1] : 0;
        case PUSH: vm->stack[vm->sp++] = code[pc++]; break;
        case ADD: b = vm->stack[--vm->sp]; vm->stack[vm->sp - 1] += b; break;
        case SUB: b = vm->stack[--vm->sp]; vm->stack[vm->sp - 1] -= b; break;
        case MUL: b = vm->stack[--vm->sp]; vm->stack[vm->sp - 1] *= b; break;
        case DIV: b = vm->stack[--vm->sp]; vm->stack[vm->sp - 1] = b ? vm->stack[vm->sp - 1] / b : 0; break;
        case MOD: b = vm->stack[--vm->sp]; vm->stack[vm->sp - 1] = b ? vm->stack[vm->sp - 1] % b : 0; break;
        case DUP: vm->stack[vm->sp] = vm->stack[vm->sp - 1]; vm->sp++; break;
        case SWAP: a = vm->stack[vm->sp - 1]; vm->stack[vm->sp - 1] = vm->stack[vm->sp - 2]; vm->stack[vm->sp - 2] = a; break;
        case OVER: vm->stack[vm->sp] = vm->stack[vm->sp - 2]; vm->sp++; break;
        case DROP: vm->sp--; break;
        case JMP: pc = code[pc]; break;
        case JZ: a = vm->stack[--vm->sp]; pc = a == 0 ? code[pc] : pc + 1; break;
        case JNZ: a = vm->stack[--vm->sp]; pc = a != 0 ? code[pc] : pc + 1; break;
        case LOAD: vm->stack[vm->sp++] = vm->vars[code[pc++]]; break;
        case STORE: vm->vars[code[pc++]] = vm->stack[--vm->sp]; break;
        case LT: b = vm->stack[--vm->sp]; vm->stack[vm->sp - 1] = vm->stack[vm->sp - 1] < b; break;
        case EQ: b = vm->stack[--vm->sp]; vm->stack[vm->sp - 1] = vm->stack[vm->sp - 1] == b; break;
        case CALL: vm->rstack[vm->rsp++] = pc + 1; pc = code[pc]; break;
        case RET: pc = vm->rstack[--vm->rsp]; break;
        case PRINT: printf("  out %ld\n", vm->stack[--vm->sp]); break;
        case NEG: vm->stack[vm->sp - 1] = -vm->stack[vm->sp - 1]; break;
        case ROT: a = vm->stack[vm->sp - 3]; vm->stack[vm->sp - 3] = vm->stack[vm->sp - 2];
                  vm->stack[vm->sp - 2] = vm->stack[vm->sp - 1]; vm->stack[vm->sp - 1] = a; break;
        default: printf("bad opcode %d at %d\n", op, pc - 1); return -1;
        }
    }
}


static int32_t prog[256];
static int plen;
static void emit(int32_t v) { prog[plen++] = v; }
static int here(void) { return plen; }

static void build_primes(void)
{
    plen = 0;
    emit(PUSH); emit(2); emit(STORE); emit(0); emit(PUSH); emit(0); emit(STORE); emit(2);
    int outer = here();
    emit(LOAD); emit(0); emit(PUSH); emit(500); emit(LT); emit(JZ); int fix_end = here(); emit(0);
    emit(PUSH); emit(2); emit(STORE); emit(1);
    int inner = here();
    emit(LOAD); emit(1); emit(LOAD); emit(1); emit(MUL); emit(LOAD); emit(0); emit(SWAP); emit(LT);
    emit(JNZ); int fix_prime = here(); emit(0);
    emit(LOAD); emit(0); emit(LOAD); emit(1); emit(MOD); emit(JZ); int fix_next = here(); emit(0);
    emit(LOAD); emit(1); emit(PUSH); emit(1); emit(ADD); emit(STORE); emit(1); emit(JMP); emit(inner);
    prog[fix_prime] = here();
    emit(LOAD); emit(2); emit(PUSH); emit(1); emit(ADD); emit(STORE); emit(2);
    prog[fix_next] = here();
    emit(LOAD); emit(0); emit(PUSH); emit(1); emit(ADD); emit(STORE); emit(0); emit(JMP); emit(outer);
    prog[fix_end] = here();
    emit(LOAD); emit(2); emit(DUP); emit(PRINT); emit(HALT);
}

/* gcd(a, b) by Euclid, then Collatz steps of 27, then print */
static void build_gcd_collatz(void)
{
    plen = 0;
    emit(PUSH); emit(1071 * 977); emit(PUSH); emit(462 * 977);
    int loop = here();
    emit(DUP); emit(JZ); int fix_done = here(); emit(0);
    emit(SWAP); emit(OVER); emit(MOD); emit(JMP); emit(loop);
    prog[fix_done] = here();
    emit(DROP); emit(PRINT);
    /* collatz: v0 = n, v1 = steps */
    emit(PUSH); emit(27); emit(STORE); emit(0); emit(PUSH); emit(0); emit(STORE); emit(1);
    int cl = here();
    emit(LOAD); emit(0); emit(PUSH); emit(1); emit(EQ); emit(JNZ); int fix_cdone = here(); emit(0);
    emit(LOAD); emit(1); emit(PUSH); emit(1); emit(ADD); emit(STORE); emit(1);
    emit(LOAD); emit(0); emit(PUSH); emit(2); emit(MOD); emit(JZ); int fix_even = here(); emit(0);
    emit(LOAD); emit(0); emit(PUSH); emit(3); emit(MUL); emit(PUSH); emit(1); emit(ADD); emit(STORE); emit(0);
    emit(JMP); emit(cl);
    prog[fix_even] = here();
    emit(LOAD); emit(0); emit(PUSH); emit(2); emit(DIV); emit(STORE); emit(0); emit(JMP); emit(cl);
    prog[fix_cdone] = here();
    emit(LOAD); emit(1); emit(DUP); emit(PRINT); emit(HALT);
}

/* recursive fib(n) with CALL/RET: ( n -- fib(n) ) */
static void build_fib(int n)
{
    plen = 0;
    emit(PUSH); emit(n); emit(CALL); int fix_fn = here(); emit(0);
    emit(DUP); emit(PRINT); emit(HALT);
    int fn = here();
    prog[fix_fn] = fn;
    emit(DUP); emit(PUSH); emit(2); emit(LT); emit(JZ); int fix_rec = here(); emit(0);
    emit(RET);
    prog[fix_rec] = here();
    emit(DUP); emit(PUSH); emit(1); emit(SUB); emit(CALL); emit(fn);
    emit(SWAP); emit(PUSH); emit(2); emit(SUB); emit(CALL); emit(fn);
    emit(ADD); emit(RET);
}

/* 20! overflow-free in int64, plus negative arithmetic through NEG and ROT */
static void build_fact(void)
{
    plen = 0;
    emit(PUSH); emit(1); emit(PUSH); emit(20);
    int loop = here();
    emit(DUP); emit(JZ); int fix_done = here(); emit(0);
    emit(DUP); emit(ROT); emit(MUL); emit(SWAP); emit(PUSH); emit(1); emit(SUB); emit(JMP); emit(loop);
    prog[fix_done] = here();
    emit(DROP); emit(DUP); emit(PRINT); emit(NEG); emit(PUSH); emit(1000003); emit(MOD); emit(PRINT);
    emit(PUSH); emit(-7); emit(PUSH); emit(2); emit(DIV); emit(PRINT); emit(PUSH); 
    emit(0); emit(HALT);
}

int main(void)
{
    static struct vm vm;
    printf("== interp\n");
    build_primes();
    printf("primes<500: result %ld\n", run(&vm, prog));
    build_gcd_collatz();
    printf("gcd/collatz: result %ld\n", run(&vm, prog));
    build_fib(18);
    printf("fib: result %ld\n", run(&vm, prog));
    build_fact();
    printf("fact: result %ld\n", run(&vm, prog));
    printf("steps %lu\n", vm.steps);
    printf("== interp done\n");
    return 0;
}
