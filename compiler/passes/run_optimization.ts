// The clean-up PyTorch's graph executor runs on a graph before optimizing it for execution
// (runOptimization), which freezing runs on every method it keeps: dead code, common
// subexpressions, peephole rules, constant propagation over every type, constants pooled,
// small loops of a constant trip count unrolled (then peephole rules and constant propagation
// again), common subexpressions again.
//
// After unrolling PyTorch also turns list mutations into list constructions where it can
// (RemoveListMutation); that is not done yet: such lists stay built by appends, which computes
// the same thing.

import type { Graph } from '../ir/ir.js';
import { eliminateCommonSubexpression } from './common_subexpression_elimination.js';
import { constantPooling } from './constant_pooling.js';
import { constantPropagation } from './constant_propagation_aliasing.js';
import { eliminateDeadCode } from './dead_code_elimination.js';
import { unrollConstantLoops } from './loop_unrolling.js';
import { peepholeOptimize } from './peephole.js';

export function runOptimization(graph: Graph): void {
  eliminateDeadCode(graph);
  eliminateCommonSubexpression(graph);
  peepholeOptimize(graph);
  constantPropagation(graph);
  constantPooling(graph);
  if (unrollConstantLoops(graph)) {
    peepholeOptimize(graph);
    constantPropagation(graph);
  }
  eliminateCommonSubexpression(graph);
}
