// Removes operators that return their input unchanged for inference: aten::detach (and what a
// caller names). Not done when the graph compares tensors by identity (`x is y`), which removing
// a detach would change: `x.detach() is x` is False, `x is x` True.

import type { Graph } from '../ir/ir.js';
import { TensorType } from '../types/types.js';
import { eliminateDeadCode } from './dead_code_elimination.js';

function comparesTensorIdentity(graph: Graph): boolean {
  return graph.nodes.some(
    (n) =>
      (n.kind === 'aten::__is__' || n.kind === 'aten::__isnot__') &&
      n.inputs.every((v) => v.type instanceof TensorType),
  );
}

export function eliminateNoOps(graph: Graph, customOps: readonly string[] = []): boolean {
  if (comparesTensorIdentity(graph)) return false;
  const noOps = new Set(['aten::detach', ...customOps]);
  let changed = false;
  for (const n of graph.allNodes()) {
    if (!noOps.has(n.kind)) continue;
    n.output().replaceAllUsesWith(n.inputs[0]);
    changed = true;
  }
  if (changed) eliminateDeadCode(graph);
  return changed;
}
