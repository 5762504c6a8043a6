// Removes dropouts that do nothing: aten::dropout, feature_dropout and their in-place forms whose
// `train` argument is a constant False return their input, so their uses take the input.
//
//   %y = aten::dropout(%x, %p, %false)      ==>     uses of %y use %x

import { toIValue } from '../ir/constants.js';
import type { Block, Graph, Node } from '../ir/ir.js';

const dropouts = new Set([
  'aten::dropout',
  'aten::dropout_',
  'aten::feature_dropout',
  'aten::feature_dropout_',
]);

function isRemovable(n: Node): boolean {
  if (!dropouts.has(n.kind) || n.inputs.length !== 3) return false;
  return toIValue(n.inputs[2]) === false;
}

function removeDropoutFromBlock(block: Block): boolean {
  let changed = false;
  const removed: Node[] = [];
  // Last to first, as PyTorch walks the block.
  for (const n of [...block.nodes].reverse()) {
    for (const b of n.blocks) changed = removeDropoutFromBlock(b) || changed;
    if (!isRemovable(n)) continue;
    n.output().replaceAllUsesWith(n.inputs[0]);
    removed.push(n);
  }
  for (const n of removed) n.destroy();
  return changed || removed.length > 0;
}

export function removeDropout(graph: Graph): boolean {
  return removeDropoutFromBlock(graph.block);
}
