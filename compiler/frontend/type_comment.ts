// Signatures in `# type: (int, Tensor) -> Tensor` comments (PEP 484's Python 2 syntax), found
// and merged into a def the way torch.jit's frontend does it: any line of the function's source
// holding `# type:` counts, and several make a multi-line annotation.

import { CompileError } from './errors.js';
import type * as P from './tree.js';
import { parseTypeSignature } from './parser.js';
import { Source, SourceRange } from './source.js';

const marker = '# type:';
const pep484 =
  'https://www.python.org/dev/peps/pep-0484/#suggested-syntax-for-python-2-7-and-straddling-code';

function fail(message: string): never {
  throw CompileError.direct(message);
}

/** The function's signature comment, one line, or null when it has none. */
export function typeLine(functionSource: string): string | null {
  const lines = functionSource.split('\n');
  const typeLines = lines
    .map((line, number) => ({ line, number }))
    .filter(({ line }) => line.includes(marker) && !/# type: ignore(\[[a-zA-Z-]+\])?$/.test(line));
  if (typeLines.length === 0) {
    const typo = lines.findIndex((l) => /#[\t ]*type[\t ]*(?!: ignore(\[.*\])?$):/.test(l));
    if (typo >= 0) {
      fail(
        `The annotation prefix in line ${typo} is probably invalid.\nIt must be '# type:'\nSee PEP 484 (${pep484})\nfor examples`,
      );
    }
    return null;
  }
  if (typeLines.length === 1) return typeLines[0].line.trim();
  const returnIndex = typeLines.findIndex(({ line }) => line.includes('# type: (...) -> '));
  if (returnIndex < 0) {
    fail(
      `Return type line '# type: (...) -> ...' not found on multiline type annotation\nfor type lines:\n${typeLines.map((t) => t.line).join('\n')}\n(See PEP 484 ${pep484})`,
    );
  }
  const params = typeLines
    .slice(0, returnIndex)
    .map(({ line }) => line.slice(line.indexOf(marker) + marker.length).trim());
  return typeLines[returnIndex].line.replace('...', params.join(', '));
}

export interface TypeComment {
  readonly source: Source;
  readonly params: readonly P.Expr[];
  readonly returns: P.Expr | null;
}

/** The parameter and return annotations of a type line. */
export function parseTypeComment(line: string): TypeComment {
  const source = new Source(line, null);
  if (!line.startsWith(marker)) {
    const word = /^(?:[A-Za-z_]\w*|[0-9][\w.]*)/.exec(line)?.[0];
    const found = word === undefined ? line[0] : /^[0-9]/.test(word) ? 'number' : 'ident';
    throw CompileError.direct(
      `expected type comment but found '${found}' here`,
      new SourceRange(source, 0, word?.length ?? 1),
    );
  }
  return { source, ...parseTypeSignature(source, marker.length) };
}
