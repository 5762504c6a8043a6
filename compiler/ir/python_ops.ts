// prim::PythonOp nodes call back into Python (@torch.jit.ignore functions). The Python callable
// is not part of what the graph prints, so it lives beside the node rather than in an attribute.

import type { Node } from './ir.js';

export type PythonCallable = (args: readonly unknown[]) => unknown;

const callables = new WeakMap<Node, PythonCallable>();

export function setPythonCallable(n: Node, call: PythonCallable): void {
  callables.set(n, call);
}

export function pythonCallable(n: Node): PythonCallable | undefined {
  return callables.get(n);
}
