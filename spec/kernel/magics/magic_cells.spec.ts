// Magic lines rewritten into calls of the magics helper, before Python sees the cell: only where
// a statement starts, line for line.

import assert from 'node:assert/strict';
import { hasMagic, rewriteMagics } from '../../../kernel/magics/magic_cells.js';

const line = (name: string, args: string) =>
  `__import__("_torchscript_magics").run_line_magic(${JSON.stringify(name)}, ${JSON.stringify(args)})`;

describe('magic cells', () => {
  it('leaves cells without magics as they are', () => {
    for (const cell of ['x = 1', 'a = 7 % 3', 'print("%d" % 2)', '']) {
      assert.equal(hasMagic(cell), false);
      assert.equal(rewriteMagics(cell), cell);
    }
  });

  it('rewrites line magics, keeping indentation and line numbers', () => {
    const cell = 'x = 1\n%time f(x)\nfor i in range(2):\n    %timeit -n 3 g(i)  \ny = 2';
    assert.equal(
      rewriteMagics(cell),
      `x = 1\n${line('time', 'f(x)')}\nfor i in range(2):\n    ${line('timeit', '-n 3 g(i)')}\ny = 2`,
    );
    assert.equal(rewriteMagics('%lsmagic'), line('lsmagic', ''));
    assert.equal(rewriteMagics('%graph f --inlined'), line('graph', 'f --inlined'));
    assert.equal(rewriteMagics('t = %timeit -o f()'), `t = ${line('timeit', '-o f()')}`);
    assert.equal(rewriteMagics('a.b, c =%time g()'), `a.b, c =${line('time', 'g()')}`);
    assert.equal(rewriteMagics('x == %time g()'), 'x == %time g()');
  });

  it('keeps a % that continues an expression, a string or a backslash line', () => {
    const cells = [
      'x = (10\n     % 3)',
      'x = [1,\n% 2]',
      's = """\n%time not a magic\n"""',
      "s = '''a\n%b'''",
      'x = 10 \\\n% 3',
      'x = "(" # (\n%time y',
    ];
    const expected = [...cells.slice(0, 5), `x = "(" # (\n${line('time', 'y')}`];
    assert.deepEqual(cells.map(rewriteMagics), expected);
  });

  it('passes quotes and backslashes in arguments as Python string literals', () => {
    assert.equal(rewriteMagics(`%time print("a\\n", 'b')`), line('time', `print("a\\n", 'b')`));
  });

  it('rewrites a cell magic into one call holding the body and where it starts', () => {
    const call = (name: string, args: string, body: string, bodyLine: number) =>
      `__import__("_torchscript_magics").run_cell_magic(${JSON.stringify(name)}, ${JSON.stringify(args)}, ${JSON.stringify(body)}, ${bodyLine})`;
    assert.equal(
      rewriteMagics('%%script\ndef f(x):\n    return x'),
      call('script', '', 'def f(x):\n    return x', 2),
    );
    assert.equal(
      rewriteMagics('\n\n%%timeit -n 2 x = 1\ny = x'),
      `\n\n${call('timeit', '-n 2 x = 1', 'y = x', 4)}`,
    );
  });

  it('passes unknown names and misplaced cell magics on, for the helper to refuse', () => {
    assert.equal(rewriteMagics('%foo 1'), line('foo', '1'));
    assert.equal(rewriteMagics('x = 1\n%%time'), `x = 1\n${line('%time', '')}`);
  });
});
