/*
 * The `bench` workload linked with runtime/link-packed.ld: each object's data follows its code
 * in the same pages, so the kernels store into pages that hold code (their own and the
 * runtime's window handlers). `npm run bench` runs both layouts; a simulator that tracks code
 * per page (not per instruction or block) pays for every such store.
 */
#include "bench.c"
