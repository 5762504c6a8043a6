// What a cell defines, reads and deletes, as backend/python/_torchscript_reactive.py tells it
// from the cell's syntax tree and from the namespace before and after the run, in Pyodide.

import assert from 'node:assert/strict';
import type { CellAnalysis } from '../../../kernel/backend/backend.js';
import {
  installHelpersCode,
  moduleCall,
  reactiveModule,
} from '../../../kernel/backend/python_helpers.js';
import { rewriteMagics } from '../../../kernel/magics/magic_cells.js';
import { PythonHost } from '../../../runtime/python/host.js';

describe('reactive cells: what a cell defines and reads', function () {
  this.timeout(60_000);
  let host: PythonHost;

  before(async () => {
    host = await PythonHost.create({ backends: false });
    const installed = host.run(installHelpersCode(), '<kernel-helpers>');
    assert.ok(installed.ok, JSON.stringify(installed));
  });
  after(() => host.dispose());

  /** Runs the cell as the kernel does, and the analysis around it. */
  function analysed(code: string): CellAnalysis {
    host.run(moduleCall(reactiveModule, 'before'), '<k>');
    host.run(
      rewriteMagics(code),
      undefined,
      () => undefined,
      () => undefined,
    );
    const answer = host.run(moduleCall(reactiveModule, 'after', rewriteMagics(code)), '<k>');
    assert.ok(answer.ok && answer.value !== null, JSON.stringify(answer));
    return JSON.parse(answer.value) as CellAnalysis;
  }

  const check = (code: string, expected: Partial<CellAnalysis>) => {
    const got = analysed(code);
    const wanted = { defines: [], reads: [], deleted: [], ...expected };
    assert.deepEqual(got, wanted, code);
  };

  it('defines what the run bound to new objects; reads what it used first', () => {
    check('import fractions\nbase = 2.0', { defines: ['base', 'fractions'] });
    check('scaled = base * 3\nscaled + 1', { defines: ['scaled'], reads: ['base'] });
    check('total = 0\nfor i in range(3):\n    total = total + i', { defines: ['i', 'total'] });
    check('print(len([scaled]))', { reads: ['scaled'] });
  });

  it('does not count a rebinding to the same object: importing again defines nothing', () => {
    check('import fractions\nbase = base', { reads: ['base'] });
  });

  it('counts an augmented assignment as a definition, even in place', () => {
    check('items = [1]', { defines: ['items'] });
    check('items += [2]', { defines: ['items'], reads: ['items'] });
  });

  it("reads functions' and classes' free globals, and defines their global writes", () => {
    check('width, cap = 3, 1', { defines: ['cap', 'width'] });
    check(
      'def f(a):\n    global g\n    g = a + helper(a)\n    return [v for v in a if v > limit]\n' +
        'h = lambda t: t + shift\nclass C:\n    k = width\n    def m(self):\n        return f(depth)',
      { defines: ['C', 'f', 'h'], reads: ['depth', 'helper', 'limit', 'shift', 'width'] },
    );
  });

  it('scopes comprehension variables, and binds := in the module', () => {
    check('pairs = [(a, b) for a in range(2) for b in range(a) if b < cap]', {
      defines: ['pairs'],
      reads: ['cap'],
    });
    check('[last := k for k in range(3)]', { defines: ['last'] });
  });

  it('sees deletions and writes through globals()', () => {
    check('del last', { deleted: ['last'] });
    check('globals()["made"] = 1', { defines: ['made'] });
  });

  it('counts builtins as read only where a cell shadows them', () => {
    check('print(abs(-1))', {});
    check('abs = lambda v: v', { defines: ['abs'] });
    check('abs(-1)', { reads: ['abs'] });
    check('del abs', { deleted: ['abs'] });
  });

  it("reads the code of magics: a cell magic's body, a line magic's statement", () => {
    check('%timeit -n 1 -r 1 scaled * base', { reads: ['base', 'scaled'] });
    check('%%time\nfresh = base + 1\nfresh', { defines: ['fresh'], reads: ['base'] });
    check('t = %timeit -o -q -n 1 -r 1 fresh', { defines: ['t'], reads: ['fresh'] });
    check('%lsmagic', {});
  });

  it('still answers for a cell that failed, or does not parse', () => {
    check('partial = 1\nraise ValueError("no")', { defines: ['partial'] });
    check('this is not python (', {});
  });
});
