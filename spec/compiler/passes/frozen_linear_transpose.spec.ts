// optimize_for_inference's linear transpose: a matmul with the weight transposed once, plus
// the bias.

import assert from 'node:assert/strict';
import { deepCopyGraph } from '../../../compiler/ir/deep_copy.js';
import { printGraph } from '../../../compiler/ir/printer.js';
import { frozenLinearTranspose } from '../../../compiler/passes/frozen_linear_transpose.js';
import { evaluateGraph, maxDifference } from './evaluate.js';
import { graphWithTensors, tensor } from './tensor_graphs.js';

describe('frozen linear transpose', () => {
  it('replaces a constant linear by matmul and add', () => {
    const g = graphWithTensors(
      [
        'graph(%x : Tensor, %w : Tensor, %b : Tensor):',
        '  %y : Tensor = aten::linear(%x, %w, %b)',
        '  return (%y)',
      ],
      { w: tensor([1, 2, 3, 4, 5, 6], [2, 3]), b: tensor([0.5, -1], [2]) },
    );
    const x = tensor([1, 0, -1, 2, 2, 2], [2, 3]);
    const before = evaluateGraph(deepCopyGraph(g), [x]);
    assert.equal(frozenLinearTranspose(g), true);
    g.lint();
    const text = printGraph(g);
    assert.match(
      text,
      /%(\d+) : Float\(3, 2, strides=\[2, 1\], requires_grad=0, device=cpu\) = prim::Constant.*\n.*%(\d+) : int = prim::Constant\[value=1\]\(\)\n.*aten::matmul\(%x, %\1\)\n.*aten::add\(%\d+, %b, %\2\)/,
      text,
    );
    assert.ok(maxDifference(evaluateGraph(g, [x]), before) < 1e-6);
  });

  it('leaves a linear whose weight is not a constant', () => {
    const g = graphWithTensors([
      'graph(%x : Tensor, %w : Tensor):',
      '  %none : NoneType = prim::Constant()',
      '  %y : Tensor = aten::linear(%x, %w, %none)',
      '  return (%y)',
    ]);
    assert.equal(frozenLinearTranspose(g), false);
  });
});
