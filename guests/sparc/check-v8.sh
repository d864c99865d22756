#!/bin/sh
# Fails if an ELF contains instructions that a LEON3 (SPARC V8 + CASA) cannot execute:
# SPARC V9 / VIS opcodes, quad-precision FP, fsmuld (not in QEMU's LEON3 model), or
# LEON-optional umac/smac. CASA (ASI 0x0a/0x0b) is allowed: LEON3 implements it.
# usage: check-v8.sh file.elf...
OBJDUMP=${OBJDUMP:-sparc64-linux-gnu-objdump}
status=0
for elf in "$@"; do
    bad=$($OBJDUMP -d "$elf" | awk -F'\t' 'NF >= 3 { split($3, m, " "); print m[1], $0 }' |
        grep -E '^(ldx|stx|ldxa|stxa|ldsw|lduw|ldswa|casx|casxa|sllx|srlx|srax|mulx|sdivx|udivx|popc|mov(r|[a-z]+)|movr[a-z]*|fmovd|fnegd|fabsd|fmov[a-z]+[sdq]?|br[a-z]+(,a)?(,p[nt])?|b[a-z]*,p[nt]|fb[a-z]*,p[nt]|prefetch|prefetcha|membar|flushw|saved|restored|done|retry|return|rdpr|wrpr|rdhpr|wrhpr|fsmuld|f[a-z]+q|ldq|stq|ldqa|stqa|ldqf|stqf|umac|smac|sir|ldfsr.*xfsr|ldxfsr|stxfsr|fxtos|fxtod|fstox|fdtox) ' |
        grep -vE '^(mov|fmovs) ')
    # conditional branches on %icc / %xcc / %fccN are V9 forms
    bad2=$($OBJDUMP -d "$elf" | grep -E '\s(%icc|%xcc|%fcc[0-3]),' )
    if [ -n "$bad$bad2" ]; then
        echo "$elf: non-V8 instructions:"
        printf '%s\n%s\n' "$bad" "$bad2" | grep -v '^$' | head -20
        status=1
    fi
done
exit $status
