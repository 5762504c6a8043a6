// The scanner: Python source text to tokens. It knows tokens only (names, numbers, strings,
// operators, NEWLINE / INDENT / DEDENT from indentation, `# type:` comments); the parser gives
// them meaning.

import { Source, SourceRange } from './source.js';

export const enum TokenKind {
  Name,
  Int,
  Float,
  String,
  /** An operator or delimiter: its text is the operator. */
  Op,
  Newline,
  Indent,
  Dedent,
  /** A `# type: ...` comment, kept for signatures annotated that way. */
  TypeComment,
  EOF,
}

export interface Token {
  readonly kind: TokenKind;
  /** Names and operators: the text; numbers: the literal; strings: the decoded value. */
  readonly value: string;
  readonly range: SourceRange;
  /** String tokens: the prefix letters (r, b, f, u) in lower case. */
  readonly prefix?: string;
  /** f-strings: the source offset of each character of the value, to parse what `{}` holds. */
  readonly offsets?: readonly number[];
}

export class SyntaxError extends Error {
  constructor(
    message: string,
    readonly range: SourceRange,
  ) {
    super(message);
  }
}

// Longest first, so `**=` wins over `**` and `*`.
const operators = [
  '**=',
  '//=',
  '>>=',
  '<<=',
  '...',
  '->',
  ':=',
  '**',
  '//',
  '<<',
  '>>',
  '<=',
  '>=',
  '==',
  '!=',
  '+=',
  '-=',
  '*=',
  '/=',
  '%=',
  '@=',
  '&=',
  '|=',
  '^=',
  '+',
  '-',
  '*',
  '/',
  '%',
  '@',
  '&',
  '|',
  '^',
  '~',
  '<',
  '>',
  '(',
  ')',
  '[',
  ']',
  '{',
  '}',
  ',',
  ':',
  '.',
  ';',
  '=',
  '!',
];

const openers: Record<string, string> = { '(': ')', '[': ']', '{': '}' };

/** The tokens of `source`, or of its text from offset `from` on (a `# type:` comment's types). */
export function tokenize(source: Source, from = 0, to = source.text.length): Token[] {
  return new Scanner(source, from, to).scan();
}

class Scanner {
  private readonly tokens: Token[] = [];
  private readonly indents: number[];
  private readonly brackets: string[] = [];
  private atLineStart: boolean;

  constructor(
    private readonly source: Source,
    private pos: number,
    private readonly end: number,
  ) {
    this.atLineStart = pos === 0;
    // A method's source starts indented: its first line sets the base level.
    const first = /^(?:[ \t]*(?:#[^\n]*)?\n)*([ \t]*)/.exec(source.text)!;
    this.indents = [first[1].replace(/\t/g, '        ').length];
  }

  scan(): Token[] {
    const text = this.source.text;
    while (this.pos < this.end) {
      if (this.atLineStart && this.brackets.length === 0) {
        if (this.indentation()) continue;
      }
      const c = text[this.pos];
      if (c === ' ' || c === '\t' || c === '\f') {
        this.pos++;
      } else if (c === '\\' && text[this.pos + 1] === '\n') {
        this.pos += 2;
      } else if (c === '\n' || c === '\r') {
        const start = this.pos;
        this.pos += c === '\r' && text[this.pos + 1] === '\n' ? 2 : 1;
        if (this.brackets.length === 0) {
          this.push(TokenKind.Newline, '\n', start, start + 1);
          this.atLineStart = true;
        }
      } else if (c === '#') {
        this.comment();
      } else if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(text[this.pos + 1] ?? ''))) {
        this.number();
      } else if (/[A-Za-z_\u0080-\uffff]/.test(c)) {
        this.nameOrString();
      } else if (c === '"' || c === "'") {
        this.string('');
      } else {
        this.operator();
      }
    }
    const end = this.end;
    const last = this.tokens[this.tokens.length - 1];
    if (last !== undefined && last.kind !== TokenKind.Newline && last.kind !== TokenKind.Dedent) {
      this.push(TokenKind.Newline, '\n', end, end);
    }
    while (this.indents.length > 1) {
      this.indents.pop();
      this.push(TokenKind.Dedent, '', end, end);
    }
    this.push(TokenKind.EOF, '', end, end);
    return this.tokens;
  }

  /** Measures a logical line's indentation; returns true when the line was blank or a comment. */
  private indentation(): boolean {
    const text = this.source.text;
    let col = 0;
    let p = this.pos;
    for (; p < text.length; p++) {
      if (text[p] === ' ') col++;
      else if (text[p] === '\t') col = (Math.floor(col / 8) + 1) * 8;
      else if (text[p] === '\f') col = 0;
      else break;
    }
    const next = text[p];
    if (next === undefined || next === '\n' || next === '\r' || next === '#') {
      // Blank and comment-only lines do not count, except a type comment on its own line.
      if (next === '#') {
        this.pos = p;
        this.comment();
      }
      while (this.pos < text.length && text[this.pos] !== '\n') this.pos++;
      this.pos = Math.min(this.pos + 1, text.length);
      if (p >= text.length) this.pos = text.length;
      return true;
    }
    this.pos = p;
    this.atLineStart = false;
    const current = this.indents[this.indents.length - 1];
    if (col > current) {
      this.indents.push(col);
      this.push(TokenKind.Indent, '', p, p);
    } else {
      while (col < this.indents[this.indents.length - 1]) {
        this.indents.pop();
        this.push(TokenKind.Dedent, '', p, p);
      }
      if (col !== this.indents[this.indents.length - 1]) {
        throw new SyntaxError(
          'unindent does not match any outer indentation level',
          this.range(p, p + 1),
        );
      }
    }
    return false;
  }

  private comment(): void {
    const text = this.source.text;
    const start = this.pos;
    while (this.pos < text.length && text[this.pos] !== '\n' && text[this.pos] !== '\r') this.pos++;
    const body = text.slice(start + 1, this.pos).trim();
    const m = /^type:\s*(.*)$/.exec(body);
    if (m !== null && !/^ignore\b/.test(m[1]))
      this.push(TokenKind.TypeComment, m[1], start, this.pos);
  }

  private number(): void {
    const text = this.source.text;
    const start = this.pos;
    const rest = text.slice(start);
    const m =
      /^0[xX](?:_?[0-9a-fA-F])+|^0[oO](?:_?[0-7])+|^0[bB](?:_?[01])+/.exec(rest) ??
      /^(?:[0-9](?:_?[0-9])*)?(?:\.(?:[0-9](?:_?[0-9])*)?)?(?:[eE][-+]?[0-9](?:_?[0-9])*)?[jJ]?/.exec(
        rest,
      )!;
    this.pos += m[0].length;
    const literal = m[0].replace(/_/g, '');
    if (/[jJ]$/.test(literal)) {
      throw new SyntaxError('complex literals are not supported', this.range(start, this.pos));
    }
    const isFloat = !/^0[xXoObB]/.test(literal) && /[.eE]/.test(literal);
    if (!isFloat && /^0[0-9]+$/.test(literal) && /[1-9]/.test(literal)) {
      throw new SyntaxError(
        'leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers',
        this.range(start, this.pos),
      );
    }
    this.push(isFloat ? TokenKind.Float : TokenKind.Int, literal, start, this.pos);
  }

  private nameOrString(): void {
    const text = this.source.text;
    const m = /^[A-Za-z_\u0080-\uffff][A-Za-z0-9_\u0080-\uffff]*/.exec(
      text.slice(this.pos, this.pos + 256),
    )!;
    const word = m[0];
    const after = text[this.pos + word.length];
    if ((after === '"' || after === "'") && /^(?:[rRbBuUfF]|[rR][bBfF]|[bBfF][rR])$/.test(word)) {
      this.pos += word.length;
      this.string(word.toLowerCase(), this.pos - word.length);
      return;
    }
    this.push(TokenKind.Name, word, this.pos, this.pos + word.length);
    this.pos += word.length;
  }

  private string(prefix: string, start = this.pos): void {
    const text = this.source.text;
    const quote = text.startsWith(text[this.pos].repeat(3), this.pos)
      ? text[this.pos].repeat(3)
      : text[this.pos];
    this.pos += quote.length;
    const raw = prefix.includes('r');
    const offsets: number[] | undefined = prefix.includes('f') ? [] : undefined;
    let value = '';
    for (;;) {
      const before = value.length;
      const at = this.pos;
      if (this.pos >= text.length || (quote.length === 1 && text[this.pos] === '\n')) {
        throw new SyntaxError(
          quote.length === 3
            ? 'unterminated triple-quoted string literal'
            : 'unterminated string literal',
          this.range(start, this.pos),
        );
      }
      if (text.startsWith(quote, this.pos)) break;
      const c = text[this.pos];
      if (c === '\\') {
        const next = text[this.pos + 1];
        if (raw) {
          value += c + next;
          this.pos += 2;
        } else {
          this.pos += 2;
          value += this.escape(next);
        }
      } else {
        value += c;
        this.pos++;
      }
      for (let i = before; i < value.length; i++) offsets?.push(at + (i - before));
    }
    this.pos += quote.length;
    const range = this.range(start, this.pos);
    this.tokens.push({ kind: TokenKind.String, value, range, prefix, offsets });
  }

  private escape(c: string): string {
    const text = this.source.text;
    const simple: Record<string, string> = {
      '\n': '',
      '\\': '\\',
      "'": "'",
      '"': '"',
      a: '\x07',
      b: '\b',
      f: '\f',
      n: '\n',
      r: '\r',
      t: '\t',
      v: '\v',
    };
    if (c in simple) return simple[c];
    const hex = (len: number) => {
      const digits = text.slice(this.pos, this.pos + len);
      this.pos += len;
      return String.fromCodePoint(parseInt(digits, 16));
    };
    if (c === 'x') return hex(2);
    if (c === 'u') return hex(4);
    if (c === 'U') return hex(8);
    if (/[0-7]/.test(c)) {
      const m = /^[0-7]{0,2}/.exec(text.slice(this.pos, this.pos + 2))!;
      this.pos += m[0].length;
      return String.fromCharCode(parseInt(c + m[0], 8));
    }
    return '\\' + c;
  }

  private operator(): void {
    const text = this.source.text;
    const op = operators.find((o) => text.startsWith(o, this.pos));
    if (op === undefined) {
      throw new SyntaxError(
        `invalid character '${text[this.pos]}'`,
        this.range(this.pos, this.pos + 1),
      );
    }
    if (op in openers) this.brackets.push(openers[op]);
    else if (op === ')' || op === ']' || op === '}') {
      const expected = this.brackets.pop();
      if (expected !== op) {
        throw new SyntaxError(
          expected === undefined
            ? `unmatched '${op}'`
            : `closing parenthesis '${op}' does not match`,
          this.range(this.pos, this.pos + 1),
        );
      }
    }
    this.push(TokenKind.Op, op, this.pos, this.pos + op.length);
    this.pos += op.length;
  }

  private push(kind: TokenKind, value: string, start: number, end: number): void {
    this.tokens.push({ kind, value, range: this.range(start, end) });
  }

  private range(start: number, end: number): SourceRange {
    return new SourceRange(this.source, start, end);
  }
}
