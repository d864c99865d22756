/*
 * Sorting: quicksort, merge sort, heap sort, insertion sort and shell sort over the same
 * pseudo-random data; each result is checked for order and summarised by a checksum.
 */
#include "leon3.h"

#define N 3000

static int32_t original[N], work[N], tmp[N];
static uint32_t rng = 12345;

static uint32_t lcg(void)
{
    rng = rng * 1103515245u + 12345u;
    return rng;
}

static void swap_i(int32_t *a, int32_t *b)
{
    int32_t t = *a;
    *a = *b;
    *b = t;
}

static void quicksort(int32_t *a, int lo, int hi)
{
    while (lo < hi) {
        int32_t pivot = a[lo + (hi - lo) / 2];
        int i = lo, j = hi;
        while (i <= j) {
            while (a[i] < pivot) i++;
            while (a[j] > pivot) j--;
            if (i <= j) {
                swap_i(&a[i], &a[j]);
                i++;
                j--;
            }
        }
        /* recurse into the smaller half, loop on the larger */
        if (j - lo < hi - i) {
            quicksort(a, lo, j);
            lo = i;
        } else {
            quicksort(a, i, hi);
            hi = j;
        }
    }
}

static void merge_sort(int32_t *a, int32_t *t, int n)
{
    if (n < 2) {
        return;
    }
    int m = n / 2;
    merge_sort(a, t, m);
    merge_sort(a + m, t, n - m);
    int i = 0, j = m, k = 0;
    while (i < m && j < n) t[k++] = a[i] <= a[j] ? a[i++] : a[j++];
    while (i < m) t[k++] = a[i++];
    while (j < n) t[k++] = a[j++];
    for (k = 0; k < n; k++) a[k] = t[k];
}

static void sift_down(int32_t *a, int start, int end)
{
    int root = start;
    while (2 * root + 1 <= end) {
        int child = 2 * root + 1, sw = root;
        if (a[sw] < a[child]) sw = child;
        if (child + 1 <= end && a[sw] < a[child + 1]) sw = child + 1;
        if (sw == root) return;
        swap_i(&a[root], &a[sw]);
        root = sw;
    }
}

static void heap_sort(int32_t *a, int n)
{
    for (int s = (n - 2) / 2; s >= 0; s--) sift_down(a, s, n - 1);
    for (int e = n - 1; e > 0; e--) {
        swap_i(&a[e], &a[0]);
        sift_down(a, 0, e - 1);
    }
}

static void insertion_sort(int32_t *a, int n)
{
    for (int i = 1; i < n; i++) {
        int32_t v = a[i];
        int j = i - 1;
        while (j >= 0 && a[j] > v) {
            a[j + 1] = a[j];
            j--;
        }
        a[j + 1] = v;
    }
}

static void shell_sort(int32_t *a, int n)
{
    static const int gaps[] = { 701, 301, 132, 57, 23, 10, 4, 1 };
    for (int g = 0; g < 8; g++) {
        int gap = gaps[g];
        for (int i = gap; i < n; i++) {
            int32_t v = a[i];
            int j = i;
            for (; j >= gap && a[j - gap] > v; j -= gap) a[j] = a[j - gap];
            a[j] = v;
        }
    }
}

static void report(const char *name, int n)
{
    uint32_t h = 2166136261u;
    int sorted = 1;
    for (int i = 0; i < n; i++) {
        if (i > 0 && work[i - 1] > work[i]) sorted = 0;
        h = (h ^ (uint32_t)work[i]) * 16777619u;
    }
    printf("%-10s n=%d sorted=%s min=%d max=%d median=%d hash=%08x\n", name, n,
           sorted ? "yes" : "NO", work[0], work[n - 1], work[n / 2], h);
}

static void reset(int n)
{
    for (int i = 0; i < n; i++) work[i] = original[i];
}

int main(void)
{
    printf("sort start\n");
    for (int i = 0; i < N; i++) {
        original[i] = (int32_t)(lcg() >> 1) % 100000 - 50000;
    }
    reset(N); quicksort(work, 0, N - 1); report("quicksort", N);
    reset(N); merge_sort(work, tmp, N); report("mergesort", N);
    reset(N); heap_sort(work, N); report("heapsort", N);
    reset(N); shell_sort(work, N); report("shellsort", N);
    reset(500); insertion_sort(work, 500); report("insertion", 500);
    /* already sorted and reversed inputs */
    for (int i = 0; i < N; i++) work[i] = N - i;
    quicksort(work, 0, N - 1); report("qs-reverse", N);
    heap_sort(work, N); report("hs-sorted", N);
    printf("sort done\n");
    return 0;
}
