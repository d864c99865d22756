/**
 * A 256-bit APIC vector register (IRR, ISR, TMR) as eight 32-bit words, word i holding vectors
 * 32i..32i+31, as the registers at 0x100/0x180/0x200 + 0x10·i read.
 */
export class VectorSet {
  readonly words = new Uint32Array(8);

  has(vector: number): boolean {
    return (this.words[vector >>> 5] & (1 << (vector & 31))) !== 0;
  }

  set(vector: number): void {
    this.words[vector >>> 5] |= 1 << (vector & 31);
  }

  clear(vector: number): void {
    this.words[vector >>> 5] &= ~(1 << (vector & 31));
  }

  assign(vector: number, on: boolean): void {
    if (on) this.set(vector);
    else this.clear(vector);
  }

  /** The highest vector set, or -1. */
  highest(): number {
    for (let i = 7; i >= 0; i--) {
      const w = this.words[i];
      if (w !== 0) return i * 32 + 31 - Math.clz32(w);
    }
    return -1;
  }

  reset(): void {
    this.words.fill(0);
  }
}
