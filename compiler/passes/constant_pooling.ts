// Constant pooling: one prim::Constant per distinct value, each moved to the start of the graph
// as it is first met (so the graph's constants end up in reverse order of first appearance).

import { sameConstant } from '../ir/constants.js';
import type { Block, Graph, Node } from '../ir/ir.js';
import { isMutableType } from './alias_analysis.js';

function pool(block: Block, graph: Graph, seen: Node[]): void {
  for (const n of [...block.nodes]) {
    if (n.blocks.length > 0) {
      for (const b of n.blocks) pool(b, graph, seen);
      continue;
    }
    if (n.kind !== 'prim::Constant') continue;
    const existing = seen.find((s) => sameConstant(s, n) && constantAttributesEqual(s, n));
    if (existing !== undefined) {
      // Equal mutable constants (tensors) would become aliases: keep them apart.
      if (isMutableType(n.output().type)) continue;
      n.output().replaceAllUsesWith(existing.output());
      n.destroy();
      continue;
    }
    seen.push(n);
    const first = graph.block.nodes[0];
    if (n !== first) n.moveBefore(first);
  }
}

/** Function constants carry a name attribute instead of a value. */
function constantAttributesEqual(a: Node, b: Node): boolean {
  const an = a.attribute('name');
  const bn = b.attribute('name');
  if (an === undefined && bn === undefined) return true;
  if (an?.kind !== 's' || bn?.kind !== 's') return false;
  return an.value === bn.value && a.output().type.equals(b.output().type);
}

export function constantPooling(graph: Graph): boolean {
  pool(graph.block, graph, []);
  return true;
}
