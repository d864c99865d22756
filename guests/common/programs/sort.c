/* Quicksort and mergesort of pseudo-random data, checked against each other (integer only). */
#include "runtime.h"

#define N 4096
static uint32_t a[N], b[N], tmp[N];
static int64_t s[N];

static uint64_t rng = 0x9e3779b97f4a7c15UL;
static uint64_t next(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

static void quicksort(uint32_t *v, int lo, int hi)
{
    while (lo < hi) {
        uint32_t pivot = v[lo + (hi - lo) / 2];
        int i = lo, j = hi;
        while (i <= j) {
            while (v[i] < pivot) i++;
            while (v[j] > pivot) j--;
            if (i <= j) {
                uint32_t t = v[i];
                v[i] = v[j];
                v[j] = t;
                i++;
                j--;
            }
        }
        /* recurse into the smaller half to bound the stack */
        if (j - lo < hi - i) {
            quicksort(v, lo, j);
            lo = i;
        } else {
            quicksort(v, i, hi);
            hi = j;
        }
    }
}

static void mergesort(uint32_t *v, int n)
{
    for (int width = 1; width < n; width *= 2) {
        for (int lo = 0; lo < n; lo += 2 * width) {
            int mid = lo + width < n ? lo + width : n;
            int hi = lo + 2 * width < n ? lo + 2 * width : n;
            int i = lo, j = mid, k = lo;
            while (i < mid && j < hi) tmp[k++] = v[i] <= v[j] ? v[i++] : v[j++];
            while (i < mid) tmp[k++] = v[i++];
            while (j < hi) tmp[k++] = v[j++];
        }
        for (int k = 0; k < n; k++) v[k] = tmp[k];
    }
}

/* insertion sort on signed 64-bit keys, to exercise signed compares */
static void insertion_sort(int64_t *v, int n)
{
    for (int i = 1; i < n; i++) {
        int64_t key = v[i];
        int j = i - 1;
        while (j >= 0 && v[j] > key) {
            v[j + 1] = v[j];
            j--;
        }
        v[j + 1] = key;
    }
}

static uint32_t checksum(const uint32_t *v, int n)
{
    uint32_t h = 0;
    for (int i = 0; i < n; i++) h = (h * 31) ^ v[i];
    return h;
}

int main(void)
{
    printf("== sort\n");
    for (int round = 0; round < 3; round++) {
        int n = N >> round;
        for (int i = 0; i < n; i++) {
            uint32_t r = (uint32_t)next();
            a[i] = b[i] = round == 2 ? r % 100 : r; /* many duplicates in the last round */
        }
        quicksort(a, 0, n - 1);
        mergesort(b, n);
        int sorted = 1, same = 1;
        for (int i = 1; i < n; i++) sorted &= a[i - 1] <= a[i];
        for (int i = 0; i < n; i++) same &= a[i] == b[i];
        printf("n=%d sorted=%d same=%d min=%08x med=%08x max=%08x sum=%08x\n", n, sorted, same,
               a[0], a[n / 2], a[n - 1], checksum(a, n));
    }
    for (int i = 0; i < 512; i++) s[i] = (int64_t)next() >> (i % 40);
    insertion_sort(s, 512);
    printf("signed: %ld %ld %ld\n", s[0], s[255], s[511]);
    printf("== sort done\n");
    return 0;
}
