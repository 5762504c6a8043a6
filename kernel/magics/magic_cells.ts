// Magics, rewritten before Python sees the cell into calls of the kernel's magics helper
// (backend/python/_torchscript_magics.py), line for line so that tracebacks keep their numbers:
//
//   %%name ARGS            ->  __import__('_torchscript_magics').run_cell_magic('name', 'ARGS',
//   BODY...                        'BODY...', 2)
//
//   t = %timeit -o f()     ->  t = __import__('_torchscript_magics').run_line_magic('timeit', ...)
//
//   for i in range(3):         for i in range(3):
//       %time f(i)         ->      __import__('_torchscript_magics').run_line_magic('time', 'f(i)')
//
// A cell magic must be the cell's first line (after blank lines); a line magic may be any line
// that starts a statement. Which magics exist is the helper's business: an unknown name reaches
// it and becomes IPython's UsageError there.

import { moduleCall, magicsModule } from '../backend/python_helpers.js';
import { freshScanState, scanLine, startsStatement } from './logical_lines.js';

/** `%name args`, or `target = %name args` (IPython's assignment from a magic). */
const lineMagic =
  /^(\s*)((?:[A-Za-z_][\w.]*\s*,\s*)*[A-Za-z_][\w.]*\s*=\s*)?%([A-Za-z_%]\w*)(?:\s+(.*))?$/;
const cellMagic = /^%%([A-Za-z_]\w*)(?:\s+(.*))?$/;

/** Whether the cell uses a magic at all (most cells do not, and are left untouched). */
export function hasMagic(cell: string): boolean {
  return cell.split('\n').some((line) => lineMagic.test(line));
}

/** The cell as plain Python, its magics replaced by calls of the helper. */
export function rewriteMagics(cell: string): string {
  if (!hasMagic(cell)) return cell;
  return rewriteCellMagic(cell) ?? rewriteLineMagics(cell);
}

/** The body of a cell that starts with a cell magic (its lines after the magic), else null. */
export function cellMagicBody(cell: string): string | null {
  const lines = cell.split('\n');
  const first = lines.findIndex((line) => line.trim() !== '');
  if (first < 0 || !cellMagic.test(lines[first].trimEnd())) return null;
  return lines.slice(first + 1).join('\n');
}

function rewriteCellMagic(cell: string): string | null {
  const lines = cell.split('\n');
  const first = lines.findIndex((line) => line.trim() !== '');
  const match = first < 0 ? null : cellMagic.exec(lines[first].trimEnd());
  if (match === null) return null;
  const body = lines.slice(first + 1).join('\n');
  const call = moduleCall(
    magicsModule,
    'run_cell_magic',
    match[1],
    match[2] ?? '',
    body,
    first + 2,
  );
  return '\n'.repeat(first) + call;
}

function rewriteLineMagics(cell: string): string {
  const state = freshScanState();
  return cell
    .split('\n')
    .map((line) => {
      const match = startsStatement(state) ? lineMagic.exec(line) : null;
      if (match === null) {
        scanLine(line, state);
        return line;
      }
      const [, indent, target, name, args] = match;
      const call = moduleCall(magicsModule, 'run_line_magic', name, (args ?? '').trimEnd());
      return `${indent}${target ?? ''}${call}`;
    })
    .join('\n');
}
