/* Recursion: Ackermann, N-queens, Fibonacci, Towers of Hanoi, mutual recursion (integer only). */
#include "runtime.h"

static __attribute__((noinline)) uint64_t ackermann(uint64_t m, uint64_t n)
{
    if (m == 0) return n + 1;
    if (n == 0) return ackermann(m - 1, 1);
    return ackermann(m - 1, ackermann(m, n - 1));
}

static int queens_count;
static int queens_first[12];
static int cols[12];

static int safe(int row, int col)
{
    for (int r = 0; r < row; r++) {
        int c = cols[r];
        if (c == col || c - col == r - row || c - col == row - r) return 0;
    }
    return 1;
}

static void queens(int row, int n)
{
    if (row == n) {
        if (queens_count++ == 0)
            for (int i = 0; i < n; i++) queens_first[i] = cols[i];
        return;
    }
    for (int c = 0; c < n; c++) {
        if (safe(row, c)) {
            cols[row] = c;
            queens(row + 1, n);
        }
    }
}

static __attribute__((noinline)) uint32_t fib(uint32_t n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

static uint32_t hanoi_moves, hanoi_hash;
static void hanoi(int n, int from, int to, int via)
{
    if (n == 0) return;
    hanoi(n - 1, from, via, to);
    hanoi_moves++;
    hanoi_hash = hanoi_hash * 7 + (uint32_t)(from * 3 + to);
    hanoi(n - 1, via, to, from);
}

static int is_odd(unsigned n);
static __attribute__((noinline)) int is_even(unsigned n) { return n == 0 ? 1 : is_odd(n - 1); }
static __attribute__((noinline)) int is_odd(unsigned n) { return n == 0 ? 0 : is_even(n - 1); }

int main(void)
{
    printf("== recursion\n");
    for (uint64_t m = 0; m <= 2; m++)
        for (uint64_t n = 0; n <= 4; n++) printf("ack(%lu,%lu)=%lu\n", m, n, ackermann(m, n));
    printf("ack(3,5)=%lu\n", ackermann(3, 5));
    for (int n = 4; n <= 9; n++) {
        queens_count = 0;
        queens(0, n);
        printf("queens(%d)=%d first:", n, queens_count);
        for (int i = 0; i < n; i++) printf(" %d", queens_first[i]);
        printf("\n");
    }
    printf("fib(24)=%u\n", fib(24));
    hanoi(12, 1, 3, 2);
    printf("hanoi(12): %u moves, hash %08x\n", hanoi_moves, hanoi_hash);
    printf("even(1001)=%d odd(777)=%d\n", is_even(1001), is_odd(777));
    printf("== recursion done\n");
    return 0;
}
