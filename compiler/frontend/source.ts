// Source text and ranges in it. Every syntax node and IR value points back here, so errors can
// show the offending code the way PyTorch does:
//
//     File "case.py", line 5
//   def fn(x: int):
//       return torch.matmul(x, x)
//              ~~~~~~~~~~~~ <--- HERE

export class Source {
  private lineStarts: number[] | undefined;

  constructor(
    readonly text: string,
    /** The file the text came from, as error messages and graph comments name it. */
    readonly filename: string = '<string>',
    /** The file line of the text's first line minus one: a function's source starts mid-file. */
    readonly lineOffset: number = 0,
  ) {}

  private starts(): number[] {
    if (this.lineStarts === undefined) {
      this.lineStarts = [0];
      for (let i = 0; i < this.text.length; i++)
        if (this.text[i] === '\n') this.lineStarts.push(i + 1);
    }
    return this.lineStarts;
  }

  /** The 0-based line index within the text of an offset. */
  lineIndex(offset: number): number {
    const starts = this.starts();
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  lineStart(index: number): number {
    return this.starts()[index];
  }

  lineEnd(index: number): number {
    const starts = this.starts();
    return index + 1 < starts.length ? starts[index + 1] - 1 : this.text.length;
  }

  lineCount(): number {
    return this.starts().length;
  }

  /** 1-based file line and 0-based column of an offset, as graph comments print them. */
  position(offset: number): { line: number; column: number } {
    const index = this.lineIndex(offset);
    return { line: index + 1 + this.lineOffset, column: offset - this.lineStart(index) };
  }
}

const contextLines = 2;

export class SourceRange {
  constructor(
    readonly source: Source,
    readonly start: number,
    readonly end: number,
  ) {}

  get text(): string {
    return this.source.text.slice(this.start, this.end);
  }

  /** The smallest range covering this one and `other`. */
  union(other: SourceRange): SourceRange {
    return new SourceRange(
      this.source,
      Math.min(this.start, other.start),
      Math.max(this.end, other.end),
    );
  }

  /** `case.py:6:11`, as graph comments print a position. */
  toString(): string {
    const { line, column } = this.source.position(this.start);
    return `${this.source.filename}:${line}:${column}`;
  }

  /** The excerpt PyTorch prints under an error: the lines around the range, the range underlined. */
  highlight(): string {
    const src = this.source;
    const first = src.lineIndex(this.start);
    const last = src.lineIndex(Math.max(this.start, this.end - 1));
    const out = [`  File "${src.filename}", line ${first + 1 + src.lineOffset}`];
    for (let i = Math.max(0, first - contextLines); i < first; i++) out.push(lineText(src, i));
    for (let i = first; i <= last; i++) {
      out.push(lineText(src, i));
      const lineStart = src.lineStart(i);
      const from = Math.max(this.start, lineStart) - lineStart;
      const to = Math.min(this.end, src.lineEnd(i)) - lineStart;
      const marks = ' '.repeat(from) + '~'.repeat(Math.max(to - from, 1));
      out.push(i === first ? `${marks} <--- HERE` : marks);
    }
    for (let i = last + 1; i < Math.min(src.lineCount(), last + 1 + contextLines); i++) {
      out.push(lineText(src, i));
    }
    return out.join('\n') + '\n';
  }
}

function lineText(src: Source, index: number): string {
  return src.text.slice(src.lineStart(index), src.lineEnd(index));
}
