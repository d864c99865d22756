import { DEPTH, STATUS_COUNT_SHIFT, STATUS_FULL, STATUS_NOT_EMPTY, STATUS_OVERFLOW, STATUS_UNDERFLOW } from './registers.js';

/**
 * One CPU's inbox: a FIFO of 32-bit words with sticky error flags. Capacity is counted from
 * the writer's side: a word takes its slot when it is written (while it is in flight towards the
 * inbox) and gives it back only when its pop has taken effect, so FULL is exact for a writer and
 * a writer that respects FULL never loses a word.
 */
export class Inbox {
  private readonly words: number[] = [];
  /** Flow ids pairing each word's push and pop on the timeline. */
  private readonly flows: number[] = [];
  /** Slots held by words written but not yet arrived (push latency). */
  inFlight = 0;
  /** Slots still held by words popped but not yet released (pop latency). */
  releasing = 0;
  overflow = false;
  underflow = false;
  irqEnable = false;

  get count(): number {
    return this.words.length;
  }

  get full(): boolean {
    return this.words.length + this.inFlight + this.releasing >= DEPTH;
  }

  /** A write to DATA: take a slot for the word, or refuse it and set OVERFLOW when full. */
  reserve(): boolean {
    if (this.full) {
      this.overflow = true;
      return false;
    }
    this.inFlight++;
    return true;
  }

  /** A reserved word arrives after the push latency. */
  arrive(word: number, flow: number): void {
    this.inFlight--;
    this.words.push(word >>> 0);
    this.flows.push(flow);
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
    this.inFlight = 0;
    this.releasing = 0;
    this.overflow = this.underflow = this.irqEnable = false;
  }
}
