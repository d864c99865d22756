/**
 * CPUID as QEMU 7.2 reports it for `-cpu qemu64` under TCG, measured bit for bit on Debian's
 * qemu-system-x86_64 (see docs/arch-x86_64.md): AuthenticAMD, family 15 model 107 stepping 1,
 * SSE3 but no SSSE3/SSE4/POPCNT/XSAVE/MONITOR, NX, SYSCALL, long mode, LAHF in 64-bit mode,
 * SVM advertised, 40 physical and 48 linear address bits. With N > 1 cores (QEMU prefers cores
 * over sockets for -smp N) leaf 1 reports N logical processors and HTT, leaf 0xB the topology,
 * leaf 0x80000001 CmpLegacy and leaf 0x80000008 the core count.
 * @module
 */

/** What CPUID needs of the core: its APIC ID and the number of x86 cores on the board. */
export interface CpuidSource {
  readonly apicId: number;
  readonly coreCount: number;
  /** Optional features beyond qemu64 ({@link CpuFeature} bits), from the `features` option. */
  readonly features: number;
}

/**
 * Features a board may add to qemu64, as QEMU's `-cpu qemu64,+popcnt,+abm` does: each is
 * advertised by CPUID and its instructions decode; without it they are #UD (POPCNT) or the older
 * instruction the encoding falls back to (LZCNT is BSR), as on QEMU.
 */
export const enum CpuFeature {
  /** POPCNT (CPUID.1:ECX bit 23). */
  Popcnt = 1,
  /** LZCNT, "advanced bit manipulation" (CPUID.80000001h:ECX bit 5). */
  Abm = 2,
}

/** Option names of {@link CpuFeature}, as QEMU spells them. */
export const CPU_FEATURE_NAMES: Readonly<Record<string, number>> = { popcnt: CpuFeature.Popcnt, abm: CpuFeature.Abm };

const MAX_BASIC = 0xd;
const MAX_EXT = 0x8000000a;

/** Four 32-bit words as ASCII, little-endian per register. */
function words(s: string): number[] {
  const w: number[] = [];
  for (let i = 0; i < s.length; i += 4) {
    let v = 0;
    for (let k = 3; k >= 0; k--) v = (v << 8) | (s.charCodeAt(i + k) || 0);
    w.push(v >>> 0);
  }
  return w;
}

const VENDOR = words('AuthenticAMD'); // EBX, EDX, ECX order below
const TCG = words('TCGTCGTCGTCG');
const BRAND = words('QEMU Virtual CPU version 2.5+'.padEnd(48, '\0'));

/** Feature words of qemu64 (leaf 1 EDX/ECX, leaf 0x80000001 EDX/ECX). */
export const FEATURES_1_EDX = 0x078bfbfd;
export const FEATURES_1_ECX = 0x80002001;
export const FEATURES_81_EDX = 0x2193fbfd;
export const FEATURES_81_ECX = 0x00000005;

function coreShift(n: number): number {
  let s = 0;
  while (1 << s < n) s++;
  return s;
}

/** The result of the last `cpuidLeaf` call (EAX, EBX, ECX, EDX). */
const out = [0, 0, 0, 0];

function set(a: number, b: number, c: number, d: number): number[] {
  out[0] = a >>> 0;
  out[1] = b >>> 0;
  out[2] = c >>> 0;
  out[3] = d >>> 0;
  return out;
}

/** CPUID leaf `leaf`, subleaf `sub`: [EAX, EBX, ECX, EDX] as unsigned numbers (a shared array). */
export function cpuidLeaf(src: CpuidSource, leaf: number, sub: number): readonly number[] {
  leaf = leaf >>> 0;
  const n = Math.max(1, src.coreCount);
  const id = src.apicId & 0xff;
  // Out-of-range leaves answer as the highest basic leaf (QEMU), which is all zeros here.
  if (leaf >= 0x80000000) {
    if (leaf > MAX_EXT) leaf = MAX_BASIC;
  } else if (leaf >= 0x40000000 && leaf <= 0x40000001) {
    // hypervisor leaves: "TCGTCGTCGTCG"
  } else if (leaf > MAX_BASIC) leaf = MAX_BASIC;
  switch (leaf) {
    case 0:
      return set(MAX_BASIC, VENDOR[0], VENDOR[2], VENDOR[1]);
    case 1:
      return set(
        0x00060fb1,
        ((id << 24) | ((n > 1 ? n : 0) << 16) | 0x0800) >>> 0,
        (FEATURES_1_ECX | (src.features & CpuFeature.Popcnt ? 1 << 23 : 0)) >>> 0,
        (FEATURES_1_EDX | (n > 1 ? 0x10000000 : 0)) >>> 0,
      );
    case 5:
      return set(0, 0, 3, 0);
    case 0xb: {
      const s = sub & 0xff;
      if (s === 0) return set(0, 1, 0x100, id);
      if (s === 1) return set(coreShift(n), n, 0x201, id);
      return set(0, 0, s, id);
    }
    case 0x40000000:
      return set(0x40000001, TCG[0], TCG[1], TCG[2]);
    case 0x80000000:
      return set(MAX_EXT, VENDOR[0], VENDOR[2], VENDOR[1]);
    case 0x80000001:
      return set(0x00060fb1, 0, (FEATURES_81_ECX | (n > 1 ? 2 : 0) | (src.features & CpuFeature.Abm ? 1 << 5 : 0)) >>> 0, FEATURES_81_EDX >>> 0);
    case 0x80000002:
    case 0x80000003:
    case 0x80000004: {
      const i = (leaf - 0x80000002) * 4;
      return set(BRAND[i], BRAND[i + 1], BRAND[i + 2], BRAND[i + 3]);
    }
    case 0x80000005:
      return set(0x01ff01ff, 0x01ff01ff, 0x40020140, 0x40020140);
    case 0x80000006:
      return set(0, 0x42004200, 0x02008140, 0x00808140);
    case 0x80000008:
      return set(0x3028, 0, n > 1 ? ((coreShift(n) << 12) | (n - 1)) >>> 0 : 0, 0);
    case 0x8000000a:
      return set(1, 0x10, 0, 0);
    default:
      return set(0, 0, 0, 0);
  }
}
