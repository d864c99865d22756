/**
 * Where strict JSON text first goes wrong, as a character offset, or undefined if it is valid.
 * JSON.parse in Node 20 names the offending token but not its place; a board author needs the
 * line. Only called after JSON.parse failed, so speed does not matter; nesting is walked with an
 * explicit stack, so hostile depth cannot overflow it.
 */
export function jsonErrorOffset(text: string): number | undefined {
  let i = 0;
  const ws = (): void => {
    while (i < text.length && ' \t\n\r'.includes(text[i])) i++;
  };
  const literal = (): boolean => {
    if (text[i] === '"') {
      i++;
      while (i < text.length && text[i] !== '"') {
        if (text.charCodeAt(i) < 0x20) return false;
        if (text[i] === '\\') {
          i++;
          if (text[i] === 'u') {
            if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) return false;
            i += 4;
          } else if (!'"\\/bfnrt'.includes(text[i] ?? 'x')) return false;
        }
        i++;
      }
      if (i >= text.length) return false;
      i++;
      return true;
    }
    const m = /^(?:true|false|null|-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?)/.exec(text.slice(i, i + 400));
    if (!m) return false;
    i += m[0].length;
    return true;
  };
  // Each open container: its closing bracket and whether a value is expected next.
  const stack: { close: string; object: boolean }[] = [];
  let expectValue = true;
  ws();
  for (;;) {
    if (expectValue) {
      const c = text[i];
      if (c === '{' || c === '[') {
        stack.push({ close: c === '{' ? '}' : ']', object: c === '{' });
        i++;
        ws();
        if (text[i] === stack[stack.length - 1].close) {
          stack.pop();
          i++;
          expectValue = false;
        } else if (c === '{' && !key()) return i;
        ws();
        continue;
      }
      if (!literal()) return i;
      expectValue = false;
      ws();
      continue;
    }
    if (stack.length === 0) return i < text.length ? i : undefined;
    const top = stack[stack.length - 1];
    if (text[i] === ',') {
      i++;
      ws();
      if (top.object && !key()) return i;
      ws();
      expectValue = true;
      continue;
    }
    if (text[i] === top.close) {
      stack.pop();
      i++;
      ws();
      continue;
    }
    return i;
  }

  /** `"name" :` at i, leaving i at the value. */
  function key(): boolean {
    if (text[i] !== '"' || !literal()) return false;
    ws();
    if (text[i] !== ':') return false;
    i++;
    ws();
    return true;
  }
}

/** "line L column C" of an offset, both from 1. */
export function lineAndColumn(text: string, offset: number): string {
  const before = text.slice(0, offset);
  return `line ${before.split('\n').length} column ${offset - before.lastIndexOf('\n')}`;
}
