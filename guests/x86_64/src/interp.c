/*
 * A bytecode interpreter for a tiny stack language (integer only), running a few programs:
 * primes, GCD, Collatz, recursive Fibonacci via CALL/RET, factorial. Each program runs twice:
 * with switch dispatch (a bounds check and a jump table) and with threaded dispatch through
 * GCC's computed goto (an indirect jmp per bytecode), which must agree.
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

/* The same machine with direct threading: one indirect jump per bytecode. */
static int64_t run_threaded(struct vm *vm, const int32_t *code)
{
    static void *const labels[] = {
        &&l_halt, &&l_push, &&l_add, &&l_sub, &&l_mul, &&l_div, &&l_mod, &&l_dup, &&l_swap, &&l_over,
        &&l_drop, &&l_jmp, &&l_jz, &&l_jnz, &&l_load, &&l_store, &&l_lt, &&l_eq, &&l_call, &&l_ret,
        &&l_print, &&l_neg, &&l_rot,
    };
    int pc = 0;
    int64_t a, b;
    vm->sp = 0;
    vm->rsp = 0;
#define NEXT                                                                                  \
    do {                                                                                      \
        vm->steps++;                                                                          \
        int32_t op_ = code[pc++];                                                             \
        if ((uint32_t)op_ >= sizeof labels / sizeof labels[0]) {                              \
            printf("bad opcode %d at %d\n", op_, pc - 1);                                     \
            return -1;                                                                        \
        }                                                                                     \
        goto *labels[op_];                                                                    \
    } while (0)
    NEXT;
l_halt: return vm->sp ? vm->stack[vm->sp - 1] : 0;
l_push: vm->stack[vm->sp++] = code[pc++]; NEXT;
l_add: b = vm->stack[--vm->sp]; vm->stack[vm->sp - 1] += b; NEXT;
l_sub: b = vm->stack[--vm->sp]; vm->stack[vm->sp - 1] -= b; NEXT;
l_mul: b = vm->stack[--vm->sp]; vm->stack[vm->sp - 1] *= b; NEXT;
l_div: b = vm->stack[--vm->sp]; vm->stack[vm->sp - 1] = b ? vm->stack[vm->sp - 1] / b : 0; NEXT;
l_mod: b = vm->stack[--vm->sp]; vm->stack[vm->sp - 1] = b ? vm->stack[vm->sp - 1] % b : 0; NEXT;
l_dup: vm->stack[vm->sp] = vm->stack[vm->sp - 1]; vm->sp++; NEXT;
l_swap: a = vm->stack[vm->sp - 1]; vm->stack[vm->sp - 1] = vm->stack[vm->sp - 2]; vm->stack[vm->sp - 2] = a; NEXT;
l_over: vm->stack[vm->sp] = vm->stack[vm->sp - 2]; vm->sp++; NEXT;
l_drop: vm->sp--; NEXT;
l_jmp: pc = code[pc]; NEXT;
l_jz: a = vm->stack[--vm->sp]; pc = a == 0 ? code[pc] : pc + 1; NEXT;
l_jnz: a = vm->stack[--vm->sp]; pc = a != 0 ? code[pc] : pc + 1; NEXT;
l_load: vm->stack[vm->sp++] = vm->vars[code[pc++]]; NEXT;
l_store: vm->vars[code[pc++]] = vm->stack[--vm->sp]; NEXT;
l_lt: b = vm->stack[--vm->sp]; vm->stack[vm->sp - 1] = vm->stack[vm->sp - 1] < b; NEXT;
l_eq: b = vm->stack[--vm->sp]; vm->stack[vm->sp - 1] = vm->stack[vm->sp - 1] == b; NEXT;
l_call: vm->rstack[vm->rsp++] = pc + 1; pc = code[pc]; NEXT;
l_ret: pc = vm->rstack[--vm->rsp]; NEXT;
l_print: printf("  out %ld\n", vm->stack[--vm->sp]); NEXT;
l_neg: vm->stack[vm->sp - 1] = -vm->stack[vm->sp - 1]; NEXT;
l_rot: a = vm->stack[vm->sp - 3]; vm->stack[vm->sp - 3] = vm->stack[vm->sp - 2];
       vm->stack[vm->sp - 2] = vm->stack[vm->sp - 1]; vm->stack[vm->sp - 1] = a; NEXT;
#undef NEXT
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
    for (int threaded = 0; threaded < 2; threaded++) {
        int64_t (*exec)(struct vm *, const int32_t *) = threaded ? run_threaded : run;
        printf("-- %s dispatch\n", threaded ? "threaded" : "switch");
        vm.steps = 0;
        build_primes();
        printf("primes<500: result %ld\n", exec(&vm, prog));
        build_gcd_collatz();
        printf("gcd/collatz: result %ld\n", exec(&vm, prog));
        build_fib(18);
        printf("fib: result %ld\n", exec(&vm, prog));
        build_fact();
        printf("fact: result %ld\n", exec(&vm, prog));
        printf("steps %lu\n", vm.steps);
    }
    printf("== interp done\n");
    return 0;
}
