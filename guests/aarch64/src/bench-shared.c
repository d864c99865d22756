/*
 * The `bench` workload linked with runtime/link-packed.ld: the kernels' code ends in the page
 * where the xorshift state, the CRC table and the sieve start, so the hot loops store into
 * pages that hold their own code. `npm run bench` runs both layouts; a simulator that tracks
 * code per page (not per block) pays for every such store.
 */
#include "../../common/programs/bench.c"
