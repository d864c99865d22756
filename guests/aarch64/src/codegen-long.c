/* codegen with 1000 rounds (1 024 000 distinct functions): the long run of docs/performance.md. */
#define CODEGEN_ROUNDS 1000
#include "codegen.c"
