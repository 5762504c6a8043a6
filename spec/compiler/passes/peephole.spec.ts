// The peephole rules: local rewrites, and those that read tensor types only when allowed.

import assert from 'node:assert/strict';
import { peepholeOptimize } from '../../../compiler/passes/peephole.js';
import { after, graphWithTensors, tensor } from './tensor_graphs.js';

describe('peephole', () => {
  it('removes x.t().t()', () => {
    const text = after(
      graphWithTensors([
        'graph(%x : Tensor):',
        '  %a : Tensor = aten::t(%x)',
        '  %b : Tensor = aten::t(%a)',
        '  %c : Tensor = aten::relu(%b)',
        '  return (%c)',
      ]),
      (g) => peepholeOptimize(g),
    );
    assert.doesNotMatch(text, /aten::t\(/, text);
    assert.match(text, /aten::relu\(%x\)/);
  });

  it('answers dim, size and dtype of a tensor whose type says, unless shape rules are off', () => {
    const lines = [
      'graph(%w : Tensor):',
      '  %d : int = aten::dim(%w)',
      '  %s : int[] = aten::size(%w)',
      '  %t : int = prim::dtype(%w)',
      '  %r : (int, int[], int) = prim::TupleConstruct(%d, %s, %t)',
      '  return (%r)',
    ];
    const w = tensor([1, 2, 3, 4, 5, 6], [2, 3]);
    const folded = after(graphWithTensors(lines, { w }), (g) => peepholeOptimize(g));
    assert.match(folded, /int = prim::Constant\[value=2\]\(\)/, folded);
    assert.match(folded, /int\[\] = prim::Constant\[value=\[2, 3\]\]\(\)/);
    assert.match(folded, /int = prim::Constant\[value=6\]\(\)/);
    const kept = after(graphWithTensors(lines, { w }), (g) => peepholeOptimize(g, true));
    assert.match(kept, /aten::dim/, kept);
  });
});
