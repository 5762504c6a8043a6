// Removes tuple indexing and unpacking of tuples built in the same graph: the elements are used
// directly (LowerSimpleTuples).

import { toIValue } from '../ir/constants.js';
import { createTuple } from '../ir/create.js';
import type { Block, Graph, Node, Value } from '../ir/ir.js';
import { eliminateDeadCode } from './dead_code_elimination.js';

function removeTupleNodes(n: Node): void {
  if (
    n.kind !== 'prim::TupleUnpack' &&
    n.kind !== 'prim::TupleIndex' &&
    n.kind !== 'prim::TupleSlice'
  )
    return;
  const construct = n.inputs[0].node;
  if (construct === null || construct.kind !== 'prim::TupleConstruct') return;
  if (n.kind === 'prim::TupleUnpack') {
    n.outputs.forEach((o, i) => o.replaceAllUsesWith(construct.inputs[i]));
  } else if (n.kind === 'prim::TupleIndex') {
    const idx = toIValue(n.inputs[1]);
    if (typeof idx !== 'bigint') return;
    const len = construct.inputs.length;
    let i = Number(idx);
    if (i < 0) i += len;
    if (i >= 0 && i < len) n.output().replaceAllUsesWith(construct.inputs[i]);
  } else {
    const beg = Number(attrInt(n, 'beg'));
    const end = Number(attrInt(n, 'end'));
    const values: Value[] = [];
    for (let i = beg; i < end; i++) values.push(construct.inputs[i]);
    const g = n.graph;
    const tuple = createTuple(g, values);
    n.owningBlock!.insertBefore(tuple, n);
    n.output().replaceAllUsesWith(tuple.output());
  }
}

function attrInt(n: Node, name: string): bigint | number {
  const a = n.attribute(name);
  if (a?.kind !== 'i') throw new Error(`${n.kind} without ${name}`);
  return a.value;
}

function lowerBlock(block: Block): void {
  for (const n of [...block.nodes]) {
    removeTupleNodes(n);
    for (const b of n.blocks) lowerBlock(b);
  }
}

export function lowerSimpleTuples(graph: Graph): boolean {
  lowerBlock(graph.block);
  eliminateDeadCode(graph);
  return true;
}
