// Where a run failed, and the error PyTorch reports for it: "The following operation failed in
// the TorchScript interpreter.", source excerpts, then the error itself. PyTorch's executor
// inlines every call before it runs a function, and its inliner (1.13) gives the call sites a
// node was inlined through only to nodes with outputs: a `raise` in a called function is
// reported as if it were in the entry function. `raise` in TorchScript gives torch.jit.Error;
// anything else a RuntimeError; an interrupt stays a KeyboardInterrupt.

import { ScriptFunction } from '../../compiler/frontend/function.js';
import type { Node } from '../../compiler/ir/ir.js';
import { TorchError } from '../errors.js';

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

const isCall = (n: Node) => n.kind === 'prim::CallFunction' || n.kind === 'prim::CallMethod';

function functionName(n: Node): string {
  return ScriptFunction.ofGraph(n.graph)?.name ?? '<unknown>';
}

/**
 * The excerpts PyTorch shows for a failure at trace[0] in a task whose entry is `entryName`: the
 * call sites the failing node keeps after inlining (outermost first), then the node itself.
 */
function frames(trace: readonly Node[], entryName: string): [string, Node][] {
  const failed = trace.find((n) => n.sourceRange !== null);
  if (failed === undefined) return [];
  const callSites =
    failed.outputs.length === 0 ? [] : trace.slice(trace.indexOf(failed) + 1).filter(isCall);
  const path = [...callSites.reverse(), failed];
  return path.map((n, i) => [i === 0 ? entryName : functionName(n), n]);
}

/** The error a failed run of `functionName` (a task's entry) raises, as PyTorch words it. */
export function interpreterFailure(e: unknown, entryName: string): unknown {
  if (!(e instanceof Error)) return e;
  if (e instanceof TorchError && e.pythonType === 'KeyboardInterrupt') return e;
  const raised = e instanceof TorchError && e.pythonType === 'Error';
  let text = 'The following operation failed in the TorchScript interpreter.\n';
  text += 'Traceback of TorchScript (most recent call last):\n';
  for (const [name, n] of frames(failureTrace(e), entryName)) {
    text += n.sourceRange!.highlight(name);
  }
  text += raised ? `${e.message}\n` : `RuntimeError: ${e.message}\n`;
  return new TorchError(raised ? 'Error' : 'RuntimeError', text);
}

/**
 * A forked task's failure as its waiter sees it: a RuntimeError holding the task's own report,
 * which the waiter's report then quotes.
 */
export function forkedTaskFailure(e: unknown): unknown {
  const report = interpreterFailure(e, '<forked function>');
  if (!(report instanceof TorchError) || report.pythonType === 'KeyboardInterrupt') return report;
  return new TorchError('RuntimeError', report.message);
}
