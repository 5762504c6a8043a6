// A batch norm after a frozen convolution folds into its weight and bias.

import assert from 'node:assert/strict';
import { foldFrozenConvBatchnorm } from '../../../compiler/passes/fold_conv_batchnorm.js';
import { convGraph, foldedKeepingResults } from './conv_graphs.js';
import { tensor } from './tensor_graphs.js';

const batchNorm = [
  '  %f : bool = prim::Constant[value=0]()',
  '  %t : bool = prim::Constant[value=1]()',
  '  %m : float = prim::Constant[value=0.1]()',
  '  %eps : float = prim::Constant[value=1.0000000000000001e-05]()',
  '  %z : Tensor = aten::batch_norm(%y, %gamma, %beta, %mean, %var, %f, %m, %eps, %t)',
  '  return (%z)',
];
const statistics = {
  gamma: tensor([1.5, 0.5], [2]),
  beta: tensor([0.25, -1], [2]),
  mean: tensor([0.3, -0.4], [2]),
  var: tensor([2, 0.5], [2]),
};

describe('conv -> batch norm folding', () => {
  it('folds, naming the new constants after the old ones', () => {
    const text = foldedKeepingResults(convGraph(batchNorm, statistics), foldFrozenConvBatchnorm);
    assert.doesNotMatch(text, /aten::batch_norm/, text);
    assert.match(text, /aten::conv2d\(%x, %w_fused_bn, %b_fused_bn,/);
  });

  it('folds a convolution without bias, the new bias named after its None', () => {
    const text = foldedKeepingResults(
      convGraph(batchNorm, statistics, false),
      foldFrozenConvBatchnorm,
    );
    assert.match(text, /aten::conv2d\(%x, %w_fused_bn, %none_fused_bn,/, text);
  });

  it('leaves a convolution whose result is used elsewhere too', () => {
    const lines = [
      ...batchNorm.slice(0, -1),
      '  %r : Tensor = aten::add(%y, %z, %one)',
      '  return (%r)',
    ];
    const text = foldedKeepingResults(convGraph(lines, statistics), foldFrozenConvBatchnorm);
    assert.match(text, /aten::batch_norm/, text);
  });
});
