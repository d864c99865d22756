/**
 * Branch condition tables, so a branch costs one table load.
 * ICC_TAKEN[(cond << 4) | icc] with icc = N<<3 | Z<<2 | V<<1 | C.
 * FCC_TAKEN[(cond << 2) | fcc] with fcc 0 =, 1 <, 2 >, 3 unordered.
 */
export const ICC_TAKEN = new Uint8Array(256);
export const FCC_TAKEN = new Uint8Array(64);

function iccCondition(cond: number, icc: number): boolean {
  const n = (icc >> 3) & 1, z = (icc >> 2) & 1, v = (icc >> 1) & 1, c = icc & 1;
  let t: boolean;
  switch (cond & 7) {
    case 0: t = false; break; // BN
    case 1: t = z === 1; break; // BE
    case 2: t = (z | (n ^ v)) === 1; break; // BLE
    case 3: t = (n ^ v) === 1; break; // BL
    case 4: t = (c | z) === 1; break; // BLEU
    case 5: t = c === 1; break; // BCS
    case 6: t = n === 1; break; // BNEG
    default: t = v === 1; break; // BVS
  }
  return cond & 8 ? !t : t;
}

// FBfcc: bit set per fcc value (E, L, G, U) for each cond.
const FCC_MASKS = [0b0000, 0b1110, 0b0110, 0b1010, 0b0010, 0b1100, 0b0100, 0b1000,
  0b1111, 0b0001, 0b1001, 0b0101, 0b1101, 0b0011, 0b1011, 0b0111];

for (let cond = 0; cond < 16; cond++) {
  for (let icc = 0; icc < 16; icc++) ICC_TAKEN[(cond << 4) | icc] = iccCondition(cond, icc) ? 1 : 0;
  for (let fcc = 0; fcc < 4; fcc++) FCC_TAKEN[(cond << 2) | fcc] = (FCC_MASKS[cond] >> fcc) & 1;
}
