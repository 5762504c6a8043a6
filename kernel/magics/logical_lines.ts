// Which physical lines of Python source start a statement: those not inside brackets, a string
// or a backslash continuation. Magics are recognised only there, so that a `%` that continues an
// expression (`x = (a\n    % b)`) stays Python's modulo.

/** The scanner's state between lines. */
interface ScanState {
  /** Open ( [ { not yet closed. */
  depth: number;
  /** The quotes of the string still open at the line's end (''' or """), or null. */
  openString: string | null;
  /** The previous line ended with a backslash outside a string. */
  continued: boolean;
}

export function freshScanState(): ScanState {
  return { depth: 0, openString: null, continued: false };
}

/** Whether a line scanned in `state` starts a statement. */
export function startsStatement(state: ScanState): boolean {
  return state.depth === 0 && state.openString === null && !state.continued;
}

/** Advances `state` over one physical line (without its newline). */
export function scanLine(line: string, state: ScanState): void {
  let i = 0;
  state.continued = false;
  while (i < line.length) {
    if (state.openString !== null) {
      i = skipStringBody(line, i, state);
      continue;
    }
    const char = line[i];
    if (char === '#') return;
    if (char === '"' || char === "'") {
      const triple = line.startsWith(char.repeat(3), i);
      state.openString = triple ? char.repeat(3) : char;
      i += triple ? 3 : 1;
    } else {
      if ('([{'.includes(char)) state.depth++;
      else if (')]}'.includes(char)) state.depth = Math.max(0, state.depth - 1);
      else if (char === '\\' && i === line.length - 1) state.continued = true;
      i++;
    }
  }
  // A one-quote string cannot span lines (without a backslash): it ended, wrongly, here.
  if (state.openString !== null && state.openString.length === 1 && !line.endsWith('\\'))
    state.openString = null;
}

/** Moves past string content from `i`, closing the string when its quotes come. */
function skipStringBody(line: string, i: number, state: ScanState): number {
  const quotes = state.openString!;
  if (line[i] === '\\') return i + 2;
  if (line.startsWith(quotes, i)) {
    state.openString = null;
    return i + quotes.length;
  }
  return i + 1;
}
