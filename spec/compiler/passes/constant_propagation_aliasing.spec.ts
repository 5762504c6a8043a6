// Constant propagation over every type: tensor and list results of constant inputs become
// constants; nodes whose inputs are written to stay.

import assert from 'node:assert/strict';
import { constantPropagation } from '../../../compiler/passes/constant_propagation_aliasing.js';
import { after, graphWithTensors, tensor } from './tensor_graphs.js';

describe('constant propagation over tensors and lists', () => {
  it('computes tensor results at compile time, with their complete type', () => {
    const text = after(
      graphWithTensors(
        [
          'graph(%x : Tensor, %w : Tensor):',
          '  %wt : Tensor = aten::t(%w)',
          '  %y : Tensor = aten::mm(%x, %wt)',
          '  return (%y)',
        ],
        { w: tensor([1, 2, 3, 4, 5, 6], [2, 3]) },
      ),
      constantPropagation,
    );
    assert.doesNotMatch(text, /aten::t\(/, text);
    assert.match(
      text,
      /Float\(3, 2, strides=\[1, 3\], requires_grad=0, device=cpu\) = prim::Constant/,
    );
  });

  it('makes int list constants of list constructions nothing writes', () => {
    const text = after(
      graphWithTensors([
        'graph(%x : Tensor):',
        '  %two : int = prim::Constant[value=2]()',
        '  %l : int[] = prim::ListConstruct(%two, %two)',
        '  %y : Tensor = aten::reshape(%x, %l)',
        '  return (%y)',
      ]),
      constantPropagation,
    );
    assert.match(text, /int\[\] = prim::Constant\[value=\[2, 2\]\]\(\)/, text);
  });

  it('leaves tensors that are written to', () => {
    const text = after(
      graphWithTensors(
        [
          'graph(%w : Tensor):',
          '  %one : int = prim::Constant[value=1]()',
          '  %a : Tensor = aten::neg(%w)',
          '  %b : Tensor = aten::add_(%a, %one, %one)',
          '  return (%b)',
        ],
        { w: tensor([1, 2], [2]) },
      ),
      constantPropagation,
    );
    assert.match(text, /aten::neg/, text);
  });
});
