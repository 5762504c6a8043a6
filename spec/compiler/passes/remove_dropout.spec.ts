// Dropouts with a constant False `train` are removed; others stay.

import assert from 'node:assert/strict';
import { removeDropout } from '../../../compiler/passes/remove_dropout.js';
import { after, graphWithTensors } from './tensor_graphs.js';

describe('dropout removal', () => {
  it('removes eval-mode dropouts only', () => {
    const text = after(
      graphWithTensors([
        'graph(%x : Tensor, %train : bool):',
        '  %p : float = prim::Constant[value=0.5]()',
        '  %f : bool = prim::Constant[value=0]()',
        '  %a : Tensor = aten::dropout(%x, %p, %f)',
        '  %b : Tensor = aten::feature_dropout(%a, %p, %train)',
        '  return (%b)',
      ]),
      removeDropout,
    );
    assert.match(text, /aten::feature_dropout\(%x, %p, %train\)/, text);
    assert.doesNotMatch(text, /aten::dropout\(/);
  });
});
