// Compile errors as TorchScript reports them: the message, the offending source excerpt, and when
// the failing function was compiled because another called it, the chain of calls:
//
//   <message>:
//     File "case.py", line 6
//   def helper(x: int) -> int:
//       return x + "a"
//              ~~~~~~ <--- HERE
//   'helper' is being compiled since it was called from 'fn2'
//     File "case.py", line 13
//   ...

import type { SourceRange } from './source.js';

/** One function being compiled, and where the compilation of its caller reached it. */
export interface CallFrame {
  readonly name: string;
  /** The call site in the caller, set when the caller compiles this function. */
  range: SourceRange | null;
}

/** The functions being compiled, innermost last: error reports name the chain. */
export const callStack: CallFrame[] = [];

export type CompileErrorKind =
  'RuntimeError' | 'UnsupportedNodeError' | 'NotSupportedError' | 'FrontendError';

export class CompileError extends Error {
  constructor(
    /** The message without the excerpt. */
    readonly detail: string,
    /** The excerpts under the message, each with the text that leads it. */
    readonly parts: readonly { readonly range: SourceRange; readonly lead: string }[],
    readonly pythonType: CompileErrorKind = 'RuntimeError',
    /** The call chain when the error happened, outermost first. */
    readonly frames: readonly {
      readonly name: string;
      readonly range: SourceRange | null;
    }[] = snapshot(),
    /** Raised directly rather than through ErrorReport, whose text starts with a newline. */
    private readonly direct = false,
  ) {
    super();
    this.name = pythonType;
    this.message = this.render();
  }

  /** A RuntimeError the parser or Python frontend raises: no leading newline, no call chain. */
  static direct(message: string, range: SourceRange | null = null): CompileError {
    const parts = range === null ? [] : [{ range, lead: '' }];
    return new CompileError(message, parts, 'RuntimeError', [], true);
  }

  static at(
    range: SourceRange,
    message: string,
    kind: CompileErrorKind = 'RuntimeError',
  ): CompileError {
    return new CompileError(message, [{ range, lead: '' }], kind);
  }

  /** PyTorch's text: frontend errors start with the message, the others with a newline. */
  private render(): string {
    let out = this.detail;
    for (const p of this.parts) out += `${p.lead}:\n${p.range.highlight()}`;
    for (let i = this.frames.length - 1; i > 0; i--) {
      const callee = this.frames[i];
      const caller = this.frames[i - 1];
      out += `'${callee.name}' is being compiled since it was called from '${caller.name}'\n`;
      if (caller.range !== null) out += caller.range.highlight();
    }
    return this.pythonType === 'RuntimeError' && !this.direct ? `\n${out}` : out;
  }
}

function snapshot(): { name: string; range: SourceRange | null }[] {
  return callStack.map((f) => ({ name: f.name, range: f.range }));
}

/** Runs `fn` with `name` on the call stack, so errors inside name the chain of calls. */
export function withFrame<T>(name: string, fn: () => T): T {
  callStack.push({ name, range: null });
  try {
    return fn();
  } finally {
    callStack.pop();
  }
}

/** Records where the current function calls the one about to be compiled. */
export function setPendingCallRange(range: SourceRange): void {
  if (callStack.length > 0) callStack[callStack.length - 1].range = range;
}
