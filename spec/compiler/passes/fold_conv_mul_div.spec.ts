// Multiplying or dividing a frozen convolution's result by a per-channel constant folds into
// its weight and bias; the weight is named after the bias, as PyTorch 1.13 names it.

import assert from 'node:assert/strict';
import { foldFrozenConvMulOrDiv } from '../../../compiler/passes/fold_conv_mul_div.js';
import { convGraph, foldedKeepingResults } from './conv_graphs.js';
import { tensor } from './tensor_graphs.js';

describe('conv -> mul/div folding', () => {
  it('folds a multiplication by a per-channel tensor', () => {
    const text = foldedKeepingResults(
      convGraph(['  %z : Tensor = aten::mul(%y, %k)', '  return (%z)'], {
        k: tensor([2, -0.5], [1, 2, 1, 1]),
      }),
      foldFrozenConvMulOrDiv,
    );
    assert.match(text, /aten::conv2d\(%x, %b_fused_mul, %\d+,/, text);
  });

  it('folds a division of a convolution without bias by a Scalar', () => {
    const text = foldedKeepingResults(
      convGraph(
        [
          '  %four : float = prim::Constant[value=4.]()',
          '  %z : Tensor = aten::div(%y, %four)',
          '  return (%z)',
        ],
        {},
        false,
      ),
      foldFrozenConvMulOrDiv,
    );
    assert.match(text, /aten::conv2d\(%x, %w_fused_div, %none,/, text);
  });
});
