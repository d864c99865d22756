/**
 * DecodeBitMasks from the Arm ARM (logical immediates and bitfield moves), done once at
 * translation time with BigInt.
 */
export interface BitMasks {
  wmask: bigint;
  tmask: bigint;
}

function ones(n: number): bigint {
  return (1n << BigInt(n)) - 1n;
}

function ror(v: bigint, r: number, esize: number): bigint {
  if (r === 0) return v;
  const m = ones(esize);
  return ((v >> BigInt(r)) | (v << BigInt(esize - r))) & m;
}

function replicate(v: bigint, esize: number, width: number): bigint {
  let out = 0n;
  for (let i = 0; i < width; i += esize) out |= v << BigInt(i);
  return out;
}

/** Returns undefined for reserved encodings. */
export function decodeBitMasks(n: number, imms: number, immr: number, immediate: boolean, width: number): BitMasks | undefined {
  const combined = (n << 6) | (~imms & 0x3f);
  let len = -1;
  for (let i = 6; i >= 0; i--) {
    if (combined & (1 << i)) {
      len = i;
      break;
    }
  }
  if (len < 1) return undefined;
  const esize = 1 << len;
  if (esize > width) return undefined;
  const levels = esize - 1;
  if (immediate && (imms & levels) === levels) return undefined;
  const s = imms & levels;
  const r = immr & levels;
  const d = (s - r) & levels;
  const welem = ones(s + 1);
  const telem = ones(d + 1);
  return {
    wmask: replicate(ror(welem, r, esize), esize, width),
    tmask: replicate(telem, esize, width),
  };
}
