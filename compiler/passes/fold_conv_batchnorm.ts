// Folds a batch norm of a frozen convolution's output into the convolution's weight and bias
// (FoldFrozenConvBatchnorm), as torch/nn/utils/fusion.py computes them:
//
//   w' = w * (gamma / sqrt(var + eps))  (per output channel)
//   b' = (b - mean) / sqrt(var + eps) * gamma + beta
//
//   %y = aten::conv2d(%x, %self.conv.weight, %self.conv.bias, ...)
//   %z = aten::batch_norm(%y, %gamma, %beta, %mean, %var, %false, %m, %eps, %true)
//     ==>
//   %z = aten::conv2d(%x, %self.conv.weight_fused_bn, %self.conv.bias_fused_bn, ...)
//
// The folded weights round differently from the two operations run in turn.

import { insertTensorConstant } from '../ir/tensor_constants.js';
import type { Block, Graph, Node } from '../ir/ir.js';
import { toIValue } from '../ir/constants.js';
import {
  debugNameOf,
  isNone,
  namedInput,
  nonConstantParameters,
  op,
  replaceInputWith,
  supportedConvNode,
  tensorOf,
} from './conv_folding.js';
import { eliminateDeadCode } from './dead_code_elimination.js';

function foldable(bn: Node, conv: Node): boolean {
  if (nonConstantParameters(conv) || nonConstantParameters(bn)) return false;
  if (conv.output().uses.length > 1) return false;
  // Without running statistics (track_running_stats=False) there is nothing to fold.
  return !(isNone(namedInput(bn, 'running_mean')) && isNone(namedInput(bn, 'running_var')));
}

function fold(bn: Node, conv: Node): void {
  const mean = tensorOf(namedInput(bn, 'running_mean'));
  const variance = tensorOf(namedInput(bn, 'running_var'));
  const eps = Number(toIValue(namedInput(bn, 'eps')));
  const weightValue = namedInput(conv, 'weight');
  const biasValue = namedInput(conv, 'bias');
  const weight = tensorOf(weightValue);
  const bias = isNone(biasValue) ? op('zeros_like', mean) : tensorOf(biasValue);
  const gammaValue = namedInput(bn, 'weight');
  const betaValue = namedInput(bn, 'bias');
  const gamma = isNone(gammaValue) ? op('ones_like', mean) : tensorOf(gammaValue);
  const beta = isNone(betaValue) ? op('zeros_like', mean) : tensorOf(betaValue);

  const inverseStd = op('rsqrt', op('add', variance, eps));
  const perChannel = [-1, ...new Array<number>(weight.ndim - 1).fill(1)];
  const newWeight = op('mul', weight, op('reshape', op('mul', gamma, inverseStd), perChannel));
  const shifted = op('mul', op('mul', op('sub', bias, mean), inverseStd), gamma);
  const newBias = op('add', shifted, beta);

  const g = conv.graph;
  const [fusedWeight, fusedBias] = g.withInsertPoint(conv, () => [
    insertTensorConstant(g, newWeight),
    insertTensorConstant(g, newBias),
  ]);
  fusedWeight.setDebugName(`${debugNameOf(weightValue)}_fused_bn`);
  fusedBias.setDebugName(`${debugNameOf(biasValue)}_fused_bn`);
  replaceInputWith(conv, weightValue, fusedWeight);
  replaceInputWith(conv, biasValue, fusedBias);
  bn.output().replaceAllUsesWith(conv.output());
}

function foldBlock(block: Block): boolean {
  let changed = false;
  // A snapshot: folding inserts constants before the convolution.
  for (const n of [...block.nodes]) {
    for (const b of n.blocks) changed = foldBlock(b) || changed;
    const conv = n.inputs[0]?.node ?? null;
    if (n.kind !== 'aten::batch_norm' || !supportedConvNode(conv)) continue;
    if (!foldable(n, conv)) continue;
    fold(n, conv);
    changed = true;
  }
  return changed;
}

export function foldFrozenConvBatchnorm(graph: Graph): boolean {
  const changed = foldBlock(graph.block);
  eliminateDeadCode(graph);
  return changed;
}
