// Constant pooling of mutable constants: equal list constants become one value where neither is
// written to (as PyTorch's AliasDb allows), and stay apart where one is.

import assert from 'node:assert/strict';
import '../../../runtime/ops/index.js';
import { parseGraph } from '../../../compiler/ir/ir_parser.js';
import { printGraph } from '../../../compiler/ir/printer.js';
import { constantPooling } from '../../../compiler/passes/constant_pooling.js';

function pooled(lines: string[]): string {
  const g = parseGraph(lines.join('\n') + '\n');
  constantPooling(g);
  g.lint();
  return printGraph(g);
}

const listConstants = (text: string) => (text.match(/int\[\] = prim::Constant/g) ?? []).length;

describe('constant pooling', () => {
  it('shares equal list constants that nothing writes', () => {
    const text = pooled([
      'graph(%x : Tensor, %w : Tensor):',
      '  %stride : int[] = prim::Constant[value=[1]]()',
      '  %padding : int[] = prim::Constant[value=[0]]()',
      '  %dilation : int[] = prim::Constant[value=[1]]()',
      '  %groups : int = prim::Constant[value=1]()',
      '  %none : NoneType = prim::Constant()',
      '  %y : Tensor = aten::conv1d(%x, %w, %none, %stride, %padding, %dilation, %groups)',
      '  return (%y)',
    ]);
    assert.equal(listConstants(text), 2, text);
  });

  it('keeps a list constant apart when it is appended to', () => {
    const text = pooled([
      'graph():',
      '  %one : int = prim::Constant[value=1]()',
      '  %a : int[] = prim::Constant[value=[1]]()',
      '  %b : int[] = prim::Constant[value=[1]]()',
      '  %c : int[] = aten::append(%a, %one)',
      '  %t : (int[], int[]) = prim::TupleConstruct(%a, %b)',
      '  return (%t)',
    ]);
    assert.equal(listConstants(text), 2, text);
  });
});
