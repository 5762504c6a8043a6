// Where a run failed: each node an error passes through on its way out (innermost first), so the
// caller can print TorchScript's traceback of source excerpts.

import type { Node } from '../../compiler/ir/ir.js';

const traces = new WeakMap<object, Node[]>();

export function recordFailure(error: unknown, node: Node): void {
  if (typeof error !== 'object' || error === null) return;
  const trace = traces.get(error);
  if (trace === undefined) traces.set(error, [node]);
  else if (trace[trace.length - 1] !== node) trace.push(node);
}

/** The nodes the error passed through, innermost first (empty if it came from no graph). */
export function failureTrace(error: unknown): readonly Node[] {
  return (typeof error === 'object' && error !== null && traces.get(error)) || [];
}
