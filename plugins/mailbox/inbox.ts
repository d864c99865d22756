import { DEPTH, STATUS_COUNT_SHIFT, STATUS_FULL, STATUS_NOT_EMPTY, STATUS_OVERFLOW, STATUS_UNDERFLOW } from './registers.js';

/** One CPU's inbox: a FIFO of 32-bit words with sticky error flags. */
export class Inbox {
  private readonly words: number[] = [];
  /** Flow ids pairing each word's push and pop on the timeline. */
  private readonly flows: number[] = [];
  /** Slots still held by words popped but not yet released (pop latency). */
  releasing = 0;
  overflow = false;
  underflow = false;
  irqEnable = false;

  get count(): number {
    return this.words.length;
  }

  get full(): boolean {
    return this.words.length + this.releasing >= DEPTH;
  }

  /** Accept a word, or drop it and set OVERFLOW when full. Returns whether it was accepted. */
  push(word: number, flow: number): boolean {
    if (this.full) {
      this.overflow = true;
      return false;
    }
    this.words.push(word >>> 0);
    this.flows.push(flow);
    return true;
  }

  /** The oldest word and its flow id, or undefined (and UNDERFLOW) when empty. */
  pop(): { word: number; flow: number } | undefined {
    if (this.words.length === 0) {
      this.underflow = true;
      return undefined;
    }
    return { word: this.words.shift()!, flow: this.flows.shift()! };
  }

  status(): number {
    return (
      (this.words.length ? STATUS_NOT_EMPTY : 0) |
      (this.full ? STATUS_FULL : 0) |
      (this.overflow ? STATUS_OVERFLOW : 0) |
      (this.underflow ? STATUS_UNDERFLOW : 0) |
      (this.words.length << STATUS_COUNT_SHIFT)
    ) >>> 0;
  }

  reset(): void {
    this.words.length = 0;
    this.flows.length = 0;
    this.releasing = 0;
    this.overflow = this.underflow = this.irqEnable = false;
  }
}
