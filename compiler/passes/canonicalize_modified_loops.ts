// A loop with both a trip count and a condition (for over an iterable that also breaks) becomes
// a while loop with an explicit counter, which the code printer can write as Python.

import { insertConstant, toIValue } from '../ir/constants.js';
import type { Block, Graph, Node, Value } from '../ir/ir.js';
import { Types } from '../types/types.js';
import { loopType } from '../ir/views.js';
import { emitBuiltinCall, NamedValue } from '../frontend/schema_matching.js';

const int64Max = 2n ** 63n - 1n;

function canonicalize(n: Node): void {
  if (loopType(n) !== 'modified') return;
  const g = n.graph;
  const call = (op: string, args: Value[]) =>
    emitBuiltinCall(
      null,
      g,
      op,
      args.map((a) => NamedValue.of(a)),
      [],
    );
  g.withInsertPoint(n, () => {
    const zero = insertConstant(g, 0n);
    const one = insertConstant(g, 1n);
    const maxTrip = n.inputs[0];
    let condition = call('aten::gt', [maxTrip, zero]);
    n.replaceInput(0, insertConstant(g, int64Max));
    const inputCond = toIValue(n.inputs[1]);
    if (inputCond === undefined || inputCond === false)
      condition = call('aten::__and__', [condition, n.inputs[1]]);
    n.replaceInput(1, condition);
    n.addOutput(Types.int);
    const body = n.blocks[0];
    n.addInput(zero);
    const newIter = body.addInput(Types.int);
    const oldIter = body.inputs[0];
    oldIter.setDebugName(null);
    oldIter.replaceAllUsesWith(newIter);
    g.withInsertPoint(body, () => {
      const inc = call('aten::add', [newIter, one]);
      body.addOutput(inc);
      const lessThan = call('aten::lt', [inc, maxTrip]);
      const next = call('aten::__and__', [lessThan, body.outputs[0]]);
      body.eraseOutput(0);
      body.insertOutput(0, next);
    });
  });
}

function visit(block: Block): void {
  for (const n of [...block.nodes]) {
    for (const b of n.blocks) visit(b);
    if (n.kind === 'prim::Loop') canonicalize(n);
  }
}

export function canonicalizeModifiedLoops(graph: Graph): boolean {
  visit(graph.block);
  return true;
}
