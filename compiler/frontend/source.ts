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
    readonly filename: string | null = '<string>',
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

/**
 * The Python stack a traced node was recorded at (`file.py(12): forward`, a line per frame):
 * its ranges cover it whole and print as the stack itself, as PyTorch prints traced nodes.
 */
export class StackSource extends Source {}

/** Lines of context printed around a highlighted range, counting the range's own line. */
const context = 3;

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

  /**
   * The excerpt PyTorch prints under an error: a `File` line, up to two lines before, the range's
   * lines each underlined with `~`, `<--- HERE` after the last, and up to two lines after.
   */
  highlight(functionName: string | null = null): string {
    if (this.source instanceof StackSource) return this.source.text;
    const str = this.source.text;
    const rangeEnd = Math.min(this.end, str.length);
    let beginLine = this.start;
    while (beginLine > 0 && str[beginLine - 1] !== '\n') beginLine--;
    let endLine = rangeEnd;
    while (endLine < str.length && str[endLine] !== '\n') endLine++;
    let beginContext = beginLine;
    for (let newlines = 0; beginContext > 0; beginContext--) {
      if (str[beginContext - 1] === '\n') newlines++;
      if (newlines >= context) break;
    }
    let endContext = endLine;
    for (let newlines = 0; endContext < str.length; endContext++) {
      if (str[endContext] === '\n') newlines++;
      if (newlines >= context) break;
    }
    const { line } = this.source.position(this.start);
    let out =
      this.source.filename === null
        ? ''
        : `  File "${this.source.filename}", line ${line}${functionName === null ? '' : `, in ${functionName}`}\n`;
    out += str.slice(beginContext, this.start);
    let lineStart = this.start;
    let lineEnd = this.start;
    while (lineStart < rangeEnd) {
      while (lineEnd < str.length && str[lineEnd] !== '\n') lineEnd++;
      const actual = str.slice(lineStart, lineEnd + 1);
      out += actual.endsWith('\n') ? actual : actual + '\n';
      let highlightBegin = lineStart;
      while (highlightBegin > 0 && str[highlightBegin - 1] !== '\n') highlightBegin--;
      let highlightEnd = lineStart;
      while (highlightEnd < rangeEnd && str[highlightEnd] !== '\n') highlightEnd++;
      let empty = 0;
      for (let i = highlightBegin; i < highlightEnd; i++) {
        if (str[i] === ' ' || i < this.start) empty++;
        else break;
      }
      const marked = highlightEnd - highlightBegin - empty;
      if (marked > 0) {
        // Ranges may end in blank space on later lines, which gets no line of its own.
        let moreLines = false;
        for (let i = lineEnd; i <= rangeEnd; i++) {
          if (i < str.length && str[i] !== '\n' && str[i] !== ' ') moreLines = true;
        }
        out += ' '.repeat(empty) + '~'.repeat(marked);
        out += moreLines && lineEnd !== rangeEnd ? '\n' : ' <--- HERE\n';
      }
      lineEnd++;
      lineStart = lineEnd;
    }
    if (lineEnd <= str.length) {
      const tail = str.slice(lineEnd, endContext);
      out += tail.length > 0 && !tail.endsWith('\n') ? tail + '\n' : tail;
    }
    return out;
  }
}
