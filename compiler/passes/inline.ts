// Inlining: every call of a compiled function or method replaced by the callee's nodes, callees'
// own calls included, as `.inlined_graph` shows a function (PyTorch's Inline pass).

import { copyGraph } from '../ir/copy.js';
import type { Block, Graph, Node } from '../ir/ir.js';
import { ClassType, FunctionType } from '../types/types.js';

export interface Callee {
  readonly graph: Graph;
  ensureDefined(): void;
}

export function calleeOf(n: Node): Callee | null {
  if (n.kind === 'prim::CallFunction') {
    const t = n.inputs[0].type;
    return t instanceof FunctionType ? (t.fn as unknown as Callee) : null;
  }
  if (n.kind === 'prim::CallMethod') {
    const t = n.inputs[0].type;
    const name = n.attribute('name');
    if (!(t instanceof ClassType) || name?.kind !== 's') return null;
    return (t.methods.get(name.value) as Callee | undefined) ?? null;
  }
  return null;
}

function inlineBlock(block: Block): void {
  for (const n of [...block.nodes]) {
    for (const b of n.blocks) inlineBlock(b);
    const callee = calleeOf(n);
    if (callee === null) continue;
    callee.ensureDefined();
    const body = inlinedGraph(callee.graph);
    const args = n.kind === 'prim::CallFunction' ? n.inputs.slice(1) : n.inputs;
    const g = n.graph;
    const outputs = g.withInsertPoint(n, () => g.insertGraph(body, args));
    n.outputs.forEach((o, i) => o.replaceAllUsesWith(outputs[i]));
    n.destroy();
  }
}

/** A copy of `graph` with its calls inlined, recursively. */
export function inlinedGraph(graph: Graph): Graph {
  const copy = copyGraph(graph);
  inlineBlock(copy.block);
  return copy;
}
