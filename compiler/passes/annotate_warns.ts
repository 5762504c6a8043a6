// Gives every aten::warn a unique warn_id, so each warns once, as Python's warnings do.

import type { Graph } from '../ir/ir.js';

let nextWarnId = 0;

export function annotateWarns(graph: Graph): boolean {
  for (const n of graph.allNodes()) {
    if (n.kind === 'aten::warn' && !n.attributes.has('warn_id')) {
      n.setAttribute('warn_id', { kind: 'i', value: BigInt(nextWarnId++) });
    }
  }
  return true;
}
