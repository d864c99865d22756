/*
 * Deep recursion: Ackermann, naive Fibonacci, Towers of Hanoi and a recursive-descent
 * expression evaluator. Depths far beyond 8 windows make the window traps run constantly;
 * their counts are printed (deterministic for this ELF and crt0's handlers).
 */
#include "leon3.h"

__attribute__((noipa)) static uint32_t ackermann(uint32_t m, uint32_t n)
{
    if (m == 0) return n + 1;
    if (n == 0) return ackermann(m - 1, 1);
    return ackermann(m - 1, ackermann(m, n - 1));
}

__attribute__((noipa)) static uint32_t fib(uint32_t n)
{
    return n < 2 ? n : fib(n - 1) + fib(n - 2);
}

static uint32_t hanoi_moves, hanoi_hash;

__attribute__((noipa)) static void hanoi(uint32_t n, uint32_t from, uint32_t to, uint32_t via)
{
    if (n == 0) return;
    hanoi(n - 1, from, via, to);
    hanoi_moves++;
    hanoi_hash = (hanoi_hash * 31) ^ (from * 4 + to);
    hanoi(n - 1, via, to, from);
}

/* expr := term (('+'|'-') term)* ; term := factor (('*'|'/') factor)* ; factor := num | (expr) */
static const char *cursor;
static int32_t expr(void);

static int32_t factor(void)
{
    if (*cursor == '(') {
        cursor++;
        int32_t v = expr();
        cursor++;   /* ')' */
        return v;
    }
    if (*cursor == '-') {
        cursor++;
        return -factor();
    }
    int32_t v = 0;
    while (*cursor >= '0' && *cursor <= '9') v = v * 10 + (*cursor++ - '0');
    return v;
}

static int32_t term(void)
{
    int32_t v = factor();
    while (*cursor == '*' || *cursor == '/') {
        char op = *cursor++;
        int32_t r = factor();
        v = op == '*' ? v * r : v / r;
    }
    return v;
}

static int32_t expr(void)
{
    int32_t v = term();
    while (*cursor == '+' || *cursor == '-') {
        char op = *cursor++;
        int32_t r = term();
        v = op == '+' ? v + r : v - r;
    }
    return v;
}

static char nested[1024];

static void window_delta(const char *what, uint32_t o0, uint32_t u0)
{
    printf("  %s: overflows=%u underflows=%u\n", what, __window_overflows - o0,
           __window_underflows - u0);
}

int main(void)
{
    printf("recursion start\n");
    uint32_t o = __window_overflows, u = __window_underflows;
    for (uint32_t m = 0; m <= 3; m++) {
        for (uint32_t n = 0; n <= (m == 3 ? 5 : 6); n++) {
            printf("ack(%u,%u)=%u ", m, n, ackermann(m, n));
        }
        printf("\n");
    }
    window_delta("ackermann", o, u);

    o = __window_overflows, u = __window_underflows;
    for (uint32_t n = 0; n <= 24; n += 4) printf("fib(%u)=%u ", n, fib(n));
    printf("\n");
    window_delta("fib", o, u);

    o = __window_overflows, u = __window_underflows;
    hanoi(16, 1, 3, 2);
    printf("hanoi(16): moves=%u hash=%08x\n", hanoi_moves, hanoi_hash);
    window_delta("hanoi", o, u);

    o = __window_overflows, u = __window_underflows;
    static const char *exprs[] = { "1+2*3", "(1+2)*3", "100/7-3*(2-5)", "-(4*(3+-2))*-5" };
    for (int i = 0; i < 4; i++) {
        cursor = exprs[i];
        printf("%s = %d\n", exprs[i], expr());
    }
    /* 160 levels of parentheses: "((((...1+1...)*2..." */
    int k = 0;
    for (int i = 0; i < 160; i++) nested[k++] = '(';
    nested[k++] = '1';
    for (int i = 0; i < 160; i++) {
        nested[k++] = '+';
        nested[k++] = (char)('0' + i % 10);
        nested[k++] = ')';
    }
    nested[k] = 0;
    cursor = nested;
    printf("nested(160) = %d\n", expr());
    window_delta("parser", o, u);
    printf("recursion done\n");
    return 0;
}
