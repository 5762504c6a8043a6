// Inlining, PyTorch's Inline pass: every call of a compiled function or method is replaced by the
// callee's *optimized graph* (GraphFunction::optimized_graph), a copy of the callee's graph with
// its own calls inlined that has been through preoptimizeGraph: peephole rules that do not trust
// tensor types, constant propagation over immutable types, constant pooling. So the callee's
// constants arrive already pooled, in the order PyTorch's arrive in. `.inlined_graph` shows a
// copy inlined this way; freezing inlines a method in place.

import { deepCopyGraph } from '../ir/deep_copy.js';
import type { Block, Graph, Node } from '../ir/ir.js';
import { ClassType, FunctionType } from '../types/types.js';
import { constantPooling } from './constant_pooling.js';
import { constantPropagationImmutableTypes } from './constant_propagation.js';
import { peepholeOptimize } from './peephole.js';

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

const optimizedGraphs = new WeakMap<Callee, Graph>();

/** The callee's optimized graph (made once; callers copy it in). */
export function optimizedGraph(callee: Callee): Graph {
  let g = optimizedGraphs.get(callee);
  if (g === undefined) {
    callee.ensureDefined();
    g = deepCopyGraph(callee.graph);
    inlineCalls(g);
    peepholeOptimize(g, true);
    constantPropagationImmutableTypes(g);
    constantPooling(g);
    optimizedGraphs.set(callee, g);
  }
  return g;
}

function inlineBlock(block: Block): boolean {
  let changed = false;
  for (const n of [...block.nodes]) {
    const callee = calleeOf(n);
    if (callee === null) {
      for (const b of n.blocks) changed = inlineBlock(b) || changed;
      continue;
    }
    const body = optimizedGraph(callee);
    const args = n.kind === 'prim::CallFunction' ? n.inputs.slice(1) : n.inputs;
    const g = n.graph;
    // A fresh copy each time: fork subgraphs must not be shared between call sites.
    const outputs = g.withInsertPoint(n, () => g.insertGraph(deepCopyGraph(body), args));
    n.outputs.forEach((o, i) => {
      // The call's result names the callee's (`y = self.conv(x)` names the conv2d's `y`).
      if (o.debugName !== null) outputs[i].setDebugName(o.debugName);
      o.replaceAllUsesWith(outputs[i]);
    });
    n.destroy();
    changed = true;
  }
  return changed;
}

/** Inlines every call of `graph` in place (not those of its fork subgraphs). */
export function inlineCalls(graph: Graph): boolean {
  return inlineBlock(graph.block);
}

/** A copy of `graph` with its calls inlined, recursively. */
export function inlinedGraph(graph: Graph): Graph {
  const copy = deepCopyGraph(graph);
  inlineCalls(copy);
  return copy;
}
