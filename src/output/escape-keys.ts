/** The console escape character: Ctrl-A, as QEMU's `-nographic` / `-serial mon:stdio`. */
export const ESCAPE = 0x01;

/** What a key press means once escapes are taken out. */
export type ConsoleAction = { kind: 'byte'; byte: number } | { kind: 'quit' } | { kind: 'help' } | { kind: 'power-button' };

export const ESCAPE_HELP = `chimera console keys (press Ctrl-A, then):
  x       quit (a writable disk keeps nothing from this run)
  p       press the power button (a clean shutdown request to the guest)
  h       this help
  Ctrl-A  send Ctrl-A to the guest
`;

/**
 * Splits terminal input into guest bytes and console commands: Ctrl-A starts an escape, the
 * next key says which. Unknown escapes are dropped, as QEMU does.
 */
export class EscapeKeys {
  private pending = false;

  feed(byte: number): ConsoleAction | undefined {
    if (this.pending) {
      this.pending = false;
      switch (byte) {
        case 0x78: // x
        case 0x58: // X
          return { kind: 'quit' };
        case 0x70: // p
        case 0x50:
          return { kind: 'power-button' };
        case 0x68: // h
        case 0x3f: // ?
          return { kind: 'help' };
        case ESCAPE:
        case 0x61: // a
          return { kind: 'byte', byte: ESCAPE };
        default:
          return undefined;
      }
    }
    if (byte === ESCAPE) {
      this.pending = true;
      return undefined;
    }
    return { kind: 'byte', byte };
  }
}
