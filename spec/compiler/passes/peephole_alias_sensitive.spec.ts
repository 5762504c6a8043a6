// Alias-sensitive peephole rules: dim() of a convolution, and adding 0 or multiplying by 1.

import assert from 'node:assert/strict';
import { peepholeOptimizeAliasSensitive } from '../../../compiler/passes/peephole_alias_sensitive.js';
import { after, graphWithTensors, tensor } from './tensor_graphs.js';

describe('alias-sensitive peephole rules', () => {
  it('knows a conv2d result has 4 dimensions', () => {
    const text = after(
      graphWithTensors(
        [
          'graph(%x : Tensor, %w : Tensor):',
          '  %none : NoneType = prim::Constant()',
          '  %s : int[] = prim::Constant[value=[1, 1]]()',
          '  %p : int[] = prim::Constant[value=[0, 0]]()',
          '  %one : int = prim::Constant[value=1]()',
          '  %y : Tensor = aten::conv2d(%x, %w, %none, %s, %p, %s, %one)',
          '  %d : int = aten::dim(%y)',
          '  return (%d)',
        ],
        { w: tensor([1], [1, 1, 1, 1]) },
      ),
      peepholeOptimizeAliasSensitive,
    );
    const four = /%(\d+) : int = prim::Constant\[value=4\]\(\)/.exec(text);
    assert.ok(four !== null, text);
    assert.match(text, new RegExp(`return \\(%${four[1]}\\)`));
  });

  it('drops x * 1 of an int Scalar, not a float one on a tensor of unknown dtype', () => {
    const text = after(
      graphWithTensors([
        'graph(%x : Tensor, %y : Tensor):',
        '  %one : int = prim::Constant[value=1]()',
        '  %onef : float = prim::Constant[value=1.]()',
        '  %a : Tensor = aten::mul(%x, %one)',
        '  %b : Tensor = aten::mul(%y, %onef)',
        '  %c : Tensor = aten::relu(%a)',
        '  %d : Tensor = aten::relu(%b)',
        '  %r : (Tensor, Tensor) = prim::TupleConstruct(%c, %d)',
        '  return (%r)',
      ]),
      peepholeOptimizeAliasSensitive,
    );
    assert.match(text, /aten::relu\(%x\)/, text);
    assert.match(text, /aten::relu\(%b\)/);
  });
});
