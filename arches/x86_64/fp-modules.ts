/**
 * Where the core finds the decoders of its FP modules (`./sse/`, `./x87/`). The arch's
 * `index.ts` registers them; until a module is registered, its opcodes still go through the
 * class checks (#UD/#NM) and are then undefined (#UD).
 * @module
 */
import type { FpDecoder } from './fp-contract.js';

export const fpModules: { sse: FpDecoder | undefined; x87: FpDecoder | undefined } = { sse: undefined, x87: undefined };

/** Register the SSE and x87 decoders. */
export function registerFpModules(sse: FpDecoder | undefined, x87: FpDecoder | undefined): void {
  fpModules.sse = sse;
  fpModules.x87 = x87;
}
