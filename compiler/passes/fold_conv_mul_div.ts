// Folds the multiplication or division of a frozen convolution's result by a per-channel
// constant into the convolution's weight and bias (FoldFrozenConvMulOrDiv):
//
//   %y = aten::conv2d(%x, %w, %b, ...)             %y = aten::conv2d(%x, %w', %b', ...)
//   %z = aten::mul(%y, %k)                ==>      (uses of %z use %y)
//
// As in PyTorch 1.13, the new weight is named after the bias (`%self.conv.bias_fused_mul`) and
// the new bias is left unnamed.

import type { Block, Graph, Node } from '../ir/ir.js';
import { insertTensorConstant } from '../ir/tensor_constants.js';
import { TensorType } from '../types/types.js';
import {
  applyLike,
  canFoldIntoConv,
  debugNameOf,
  isNone,
  namedInput,
  operandOfShape,
  replaceInputWith,
  supportedConvNode,
  tensorOf,
  withDtype,
} from './conv_folding.js';
import { eliminateDeadCode } from './dead_code_elimination.js';

function isMulOrDiv(n: Node): boolean {
  if (n.kind !== 'aten::mul' && n.kind !== 'aten::div') return false;
  return n.inputs.length === 2 && n.inputs[0].type instanceof TensorType;
}

function fold(operation: Node, conv: Node): void {
  const suffix = `_fused_${operation.kind.slice(6)}`;
  const weightValue = namedInput(conv, 'weight');
  const weight = tensorOf(weightValue);
  const channels = weight.shape[0];
  const weightShape = [channels, ...new Array<number>(weight.ndim - 1).fill(1)];
  const g = conv.graph;
  const scale = operandOfShape(operation.inputs[1], weightShape, weight);
  const newWeight = withDtype(applyLike(operation, weight, scale), weight.dtype);
  const fusedWeight = g.withInsertPoint(conv, () => insertTensorConstant(g, newWeight));
  fusedWeight.setDebugName(`${debugNameOf(weightValue)}${suffix}`);
  replaceInputWith(conv, weightValue, fusedWeight);
  operation.output().replaceAllUsesWith(conv.output());

  const biasValue = namedInput(conv, 'bias');
  if (isNone(biasValue)) return;
  const bias = tensorOf(biasValue);
  const biasScale = operandOfShape(operation.inputs[1], [channels], bias);
  const newBias = withDtype(applyLike(operation, bias, biasScale), bias.dtype);
  const fusedBias = g.withInsertPoint(conv, () => insertTensorConstant(g, newBias));
  // PyTorch 1.13 renames the weight here, not the bias: kept, for the same graphs.
  fusedWeight.setDebugName(`${debugNameOf(biasValue)}${suffix}`);
  replaceInputWith(conv, biasValue, fusedBias);
}

function foldBlock(block: Block): boolean {
  let changed = false;
  // A snapshot: folding inserts constants before the convolution.
  for (const n of [...block.nodes]) {
    for (const b of n.blocks) changed = foldBlock(b) || changed;
    const conv = n.inputs[0]?.node ?? null;
    if (!isMulOrDiv(n) || !supportedConvNode(conv) || !canFoldIntoConv(conv, n)) continue;
    fold(n, conv);
    changed = true;
  }
  return changed;
}

export function foldFrozenConvMulOrDiv(graph: Graph): boolean {
  const changed = foldBlock(graph.block);
  eliminateDeadCode(graph);
  return changed;
}
