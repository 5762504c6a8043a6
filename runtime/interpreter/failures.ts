// Where a run failed, and the error PyTorch reports for it: "The following operation failed in
// the TorchScript interpreter." with the source excerpt of the failing node, then the error
// itself. PyTorch's executor inlines every call before it runs a function, so the excerpt is the
// innermost node's, named after the function the task started in. `raise` in TorchScript gives
// torch.jit.Error; anything else a RuntimeError; an interrupt stays a KeyboardInterrupt.

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

/** The error a failed run of `functionName` (a task's entry) raises, as PyTorch words it. */
export function interpreterFailure(e: unknown, functionName: string): unknown {
  if (!(e instanceof Error)) return e;
  if (e instanceof TorchError && e.pythonType === 'KeyboardInterrupt') return e;
  const failed = failureTrace(e).find((n) => n.sourceRange !== null);
  const raised = e instanceof TorchError && e.pythonType === 'Error';
  let text = 'The following operation failed in the TorchScript interpreter.\n';
  text += 'Traceback of TorchScript (most recent call last):\n';
  if (failed !== undefined) text += failed.sourceRange!.highlight(functionName);
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
