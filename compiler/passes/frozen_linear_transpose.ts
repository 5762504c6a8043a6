// Replaces a linear layer of constant weight by a matmul with the weight transposed once, at
// compile time (FrozenLinearTranspose, run by optimize_for_inference):
//
//   %y = aten::linear(%x, %w, %b)       ==>    %wt : Float(in, out, ...) = prim::Constant[...]()
//                                              %1 : int = prim::Constant[value=1]()
//                                              %m = aten::matmul(%x, %wt)
//                                              %y = aten::add(%m, %b, %1)

import { insertConstant } from '../ir/constants.js';
import type { Graph, Node } from '../ir/ir.js';
import { insertTensorConstant } from '../ir/tensor_constants.js';
import { Types } from '../types/types.js';
import { isNone, namedInput, nonConstantParameters, op, tensorOf } from './conv_folding.js';

function replaceLinearWithMatmul(linear: Node): void {
  const g = linear.graph;
  const weight = tensorOf(namedInput(linear, 'weight'));
  const transposed = op('contiguous', op('transpose', weight, 1, 0));
  const weightT = g.withInsertPoint(linear, () => insertTensorConstant(g, transposed));
  const matmul = g.create('aten::matmul', [linear.inputs[0], weightT], [Types.Tensor]);
  matmul.schemaName = 'aten::matmul';
  matmul.moveAfter(linear);
  const bias = namedInput(linear, 'bias');
  let result = matmul;
  if (!isNone(bias)) {
    const alpha = g.withInsertPoint(matmul, () => insertConstant(g, 1n));
    result = g.create('aten::add', [matmul.output(), bias, alpha], [Types.Tensor]);
    result.schemaName = 'aten::add.Tensor';
    result.moveAfter(matmul);
  }
  linear.output().replaceAllUsesWith(result.output());
  linear.destroy();
}

export function frozenLinearTranspose(graph: Graph): boolean {
  const linears = [...graph.allNodes()].filter(
    (n) => n.kind === 'aten::linear' && !nonConstantParameters(n),
  );
  linears.forEach(replaceLinearWithMatmul);
  return linears.length > 0;
}
