/**
 * Interrupt messages: what interrupt controllers send each other over a system bus rather than
 * along a wire. x86 uses them (IOAPIC and local APICs, the 8259's acknowledge cycle); so does
 * anything that signals interrupts by message (PCI MSI). Delivery is synchronous, to listeners
 * in the order they started listening, so it is deterministic.
 *
 * Kinds in use (see docs/devices.md for each producer and consumer):
 * - `msi`: an interrupt request as a write of `data` to `address` would carry it (Intel SDM
 *   vol. 3 §11.11: address 0xFEEx_xxxx with the destination, data with vector and delivery mode).
 *   Every local APIC sees it and accepts it when it is a destination. Also used for IPIs, which
 *   carry the ICR's destination shorthand in address bits 1:0 (0 none, 1 self, 2 all including
 *   self, 3 all excluding self; the sender is `source`); other senders leave them 0, as an MSI's
 *   dword-aligned address does.
 * - `eoi`: a local APIC finished a level-triggered interrupt; `data` is the vector.
 * - `inta`: a CPU's interrupt-acknowledge cycle; the answer is the vector (8259 PIC).
 */
export interface InterruptMessage {
  readonly kind: string;
  readonly address: number;
  readonly data: number;
  /** Id of the CPU or device that sent it. */
  readonly source: string;
}

/** Returns an answer for request kinds such as `inta`, otherwise undefined. */
export type InterruptMessageListener = (message: InterruptMessage) => number | undefined;

export interface InterruptMessageBus {
  /** Deliver to every listener; the first defined answer is returned. */
  send(message: InterruptMessage): number | undefined;
  /** Listen for messages; returns a function that stops listening. */
  listen(listener: InterruptMessageListener): () => void;
}

/** The bus a Machine owns. Not the hot path: interrupts, not instructions, cross it. */
export class SimpleInterruptMessageBus implements InterruptMessageBus {
  private listeners: InterruptMessageListener[] = [];

  send(message: InterruptMessage): number | undefined {
    let answer: number | undefined;
    for (const l of this.listeners) {
      const a = l(message);
      if (answer === undefined && a !== undefined) answer = a;
    }
    return answer;
  }

  listen(listener: InterruptMessageListener): () => void {
    this.listeners.push(listener);
    return () => {
      this.listeners = this.listeners.filter((l) => l !== listener);
    };
  }
}
