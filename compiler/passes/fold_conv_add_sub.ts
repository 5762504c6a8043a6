// Folds the addition or subtraction of a per-channel constant to a frozen convolution's result
// into the convolution's bias (FoldFrozenConvAddOrSub):
//
//   %y = aten::conv2d(%x, %w, %b, ...)             %y = aten::conv2d(%x, %w, %b_fused_add, ...)
//   %z = aten::add(%y, %k, %alpha)        ==>      (uses of %z use %y)
//
// The constant may be a Scalar or a tensor whose dimensions are all 1 but the channel one.

import type { Block, Graph, Node } from '../ir/ir.js';
import { insertTensorConstant } from '../ir/tensor_constants.js';
import { TensorType } from '../types/types.js';
import {
  applyLike,
  canFoldIntoConv,
  debugNameOf,
  isNone,
  namedInput,
  op,
  operandOfShape,
  replaceInputWith,
  supportedConvNode,
  tensorOf,
  withDtype,
} from './conv_folding.js';
import { eliminateDeadCode } from './dead_code_elimination.js';

function isAddOrSub(n: Node): boolean {
  if (n.kind !== 'aten::add' && n.kind !== 'aten::sub') return false;
  return n.inputs.length === 3 && n.inputs[0].type instanceof TensorType;
}

function fold(operation: Node, conv: Node): void {
  const weight = tensorOf(namedInput(conv, 'weight'));
  const operand = operandOfShape(operation.inputs[1], [weight.shape[0]], weight);
  const biasValue = namedInput(conv, 'bias');
  const bias = isNone(biasValue)
    ? withDtype(op('zeros_like', operand), weight.dtype)
    : tensorOf(biasValue);
  const fused = withDtype(applyLike(operation, bias, operand), bias.dtype);
  const g = conv.graph;
  const fusedBias = g.withInsertPoint(conv, () => insertTensorConstant(g, fused));
  fusedBias.setDebugName(`${debugNameOf(biasValue)}_fused_${operation.kind.slice(6)}`);
  replaceInputWith(conv, biasValue, fusedBias);
  operation.output().replaceAllUsesWith(conv.output());
}

function foldBlock(block: Block): boolean {
  let changed = false;
  // A snapshot: folding inserts constants before the convolution.
  for (const n of [...block.nodes]) {
    for (const b of n.blocks) changed = foldBlock(b) || changed;
    const conv = n.inputs[0]?.node ?? null;
    if (!isAddOrSub(n) || !supportedConvNode(conv) || !canFoldIntoConv(conv, n)) continue;
    fold(n, conv);
    changed = true;
  }
  return changed;
}

export function foldFrozenConvAddOrSub(graph: Graph): boolean {
  const changed = foldBlock(graph.block);
  eliminateDeadCode(graph);
  return changed;
}
