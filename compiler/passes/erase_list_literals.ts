// An empty list literal `[]` is emitted as prim::EmptyListLiteral so that, passed straight to a
// call, it can become a list of whatever the schema wants. The ones still used after emission
// (assigned or returned) are Tensor lists.

import { createList } from '../ir/create.js';
import type { Graph } from '../ir/ir.js';
import { Types } from '../types/types.js';

export function eraseEmptyListLiterals(graph: Graph): void {
  for (const n of [...graph.allNodes()]) {
    if (n.kind !== 'prim::EmptyListLiteral') continue;
    if (n.output().uses.length > 0) {
      const list = createList(graph, Types.Tensor, []);
      n.owningBlock!.insertBefore(list, n);
      n.output().replaceAllUsesWith(list.output());
    }
    n.destroy();
  }
}
