// The optimizations torch.jit.freeze runs on a frozen graph (OptimizeFrozenGraph, PyTorch 1.13):
// dropouts that do nothing removed, then, when numerics may change, convolutions absorb the batch
// norms, additions, subtractions, multiplications and divisions after them, repeatedly, so
// that conv -> mul -> add folds whole.
//
// PyTorch 1.13 does not concatenate linear layers sharing an input nor fold linear -> batch norm
// here (later versions do), so neither is done.

import type { Graph } from '../ir/ir.js';
import { foldFrozenConvAddOrSub } from './fold_conv_add_sub.js';
import { foldFrozenConvBatchnorm } from './fold_conv_batchnorm.js';
import { foldFrozenConvMulOrDiv } from './fold_conv_mul_div.js';
import { removeDropout } from './remove_dropout.js';

export function optimizeFrozenGraph(graph: Graph, optimizeNumerics: boolean): void {
  removeDropout(graph);
  if (!optimizeNumerics) return;
  let changed: boolean;
  do {
    changed = foldFrozenConvBatchnorm(graph);
    changed = foldFrozenConvAddOrSub(graph) || changed;
    changed = foldFrozenConvMulOrDiv(graph) || changed;
  } while (changed);
}
