/**
 * The decoders of the core's FP modules (`./sse/`, `./x87/`). Tests may swap them out (to check
 * the class checks of an absent module); when one is undefined its opcodes still go through the
 * class checks (#UD/#NM) and are then undefined (#UD).
 * @module
 */
import type { FpDecoder } from './fp-contract.js';
import { decodeSse } from './sse/index.js';
import { decodeX87 } from './x87/index.js';

export const fpModules: { sse: FpDecoder | undefined; x87: FpDecoder | undefined } = { sse: decodeSse, x87: decodeX87 };

/** Replace the SSE and x87 decoders (tests). */
export function registerFpModules(sse: FpDecoder | undefined, x87: FpDecoder | undefined): void {
  fpModules.sse = sse;
  fpModules.x87 = x87;
}
