// Adding or subtracting a per-channel constant after a frozen convolution folds into its bias.

import assert from 'node:assert/strict';
import { foldFrozenConvAddOrSub } from '../../../compiler/passes/fold_conv_add_sub.js';
import { convGraph, foldedKeepingResults } from './conv_graphs.js';
import { tensor } from './tensor_graphs.js';

describe('conv -> add/sub folding', () => {
  it('folds a per-channel tensor and a Scalar', () => {
    const text = foldedKeepingResults(
      convGraph(
        [
          '  %two : int = prim::Constant[value=2]()',
          '  %z : Tensor = aten::add(%y, %k, %two)',
          '  %r : Tensor = aten::sub(%z, %one, %one)',
          '  return (%r)',
        ],
        { k: tensor([1, -3], [1, 2, 1, 1]) },
      ),
      (g) => {
        while (foldFrozenConvAddOrSub(g));
      },
    );
    assert.match(text, /aten::conv2d\(%x, %w, %b_fused_add_fused_sub,/, text);
    assert.doesNotMatch(text, /aten::(add|sub)\(/);
  });

  it('leaves a tensor that broadcasts across other dimensions than the channel', () => {
    const text = foldedKeepingResults(
      convGraph(['  %z : Tensor = aten::add(%y, %k, %one)', '  return (%z)'], {
        k: tensor([1, 2], [1, 1, 1, 2]),
      }),
      foldFrozenConvAddOrSub,
    );
    assert.match(text, /aten::add\(%y, %k, %one\)/, text);
  });
});
