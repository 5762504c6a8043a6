// Constant pooling: one prim::Constant per distinct value, each moved to the start of the graph
// as it is first met (so the graph's constants end up in reverse order of first appearance).

import { sameConstant } from '../ir/constants.js';
import type { Block, Graph, Node, Value } from '../ir/ir.js';
import { AliasDb, isMutableType } from './alias_analysis.js';

function allNodes(block: Block): Node[] {
  return block.nodes.flatMap((n) => [n, ...n.blocks.flatMap(allNodes)]);
}

/**
 * PyTorch's AliasDb::safeToChangeAliasingRelationship: equal mutable constants (lists, tensors)
 * may become one value when neither is written to and they do not both leave the graph. The
 * analysis is made once, before pooling, as PyTorch's is: values pooled since were not written.
 */
function safeToShare(graph: Graph, db: AliasDb, a: Value, b: Value): boolean {
  const written = (v: Value) =>
    allNodes(graph.block).some((n) => db.writes(n).some((w) => db.mayAlias(w, v)));
  const escapes = (v: Value) =>
    db.isWildcard(v) || graph.block.outputs.some((o) => db.mayAlias(o, v));
  return !written(a) && !written(b) && !(escapes(a) && escapes(b));
}

function pool(block: Block, graph: Graph, seen: Node[], aliases: () => AliasDb): void {
  for (const n of [...block.nodes]) {
    if (n.blocks.length > 0) {
      for (const b of n.blocks) pool(b, graph, seen, aliases);
      continue;
    }
    if (n.kind !== 'prim::Constant') continue;
    const existing = seen.find((s) => sameConstant(s, n) && constantAttributesEqual(s, n));
    if (existing !== undefined) {
      // Equal mutable constants would become aliases: only where no one can tell.
      const mutable = isMutableType(n.output().type);
      if (mutable && !safeToShare(graph, aliases(), existing.output(), n.output())) continue;
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
  let db: AliasDb | null = null;
  pool(graph.block, graph, [], () => (db ??= new AliasDb(graph)));
  return true;
}
