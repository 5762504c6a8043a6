// Errors raised while compiled code runs, as PyTorch reports them to Python: "The following
// operation failed in the TorchScript interpreter." with one source excerpt per function on the
// way (outermost first), then the error itself. `raise` in TorchScript gives torch.jit.Error;
// anything else a RuntimeError; an interrupt stays a KeyboardInterrupt.

import { ScriptFunction } from '../../compiler/frontend/function.js';
import type { Node } from '../../compiler/ir/ir.js';
import { TorchError } from '../errors.js';
import { failureTrace } from '../interpreter/failures.js';

/** The nodes a traceback shows: where the error happened, then each call that led there. */
function frames(trace: readonly Node[]): Node[] {
  if (trace.length === 0) return [];
  const calls = trace
    .slice(1)
    .filter((n) => n.kind === 'prim::CallFunction' || n.kind === 'prim::CallMethod');
  return [trace[0], ...calls];
}

function functionName(n: Node): string | null {
  return ScriptFunction.ofGraph(n.graph)?.name ?? null;
}

export function interpreterError(e: unknown): unknown {
  if (!(e instanceof Error)) return e;
  if (e instanceof TorchError && e.pythonType === 'KeyboardInterrupt') return e;
  const shown = frames(failureTrace(e)).filter((n) => n.sourceRange !== null);
  const raised = e instanceof TorchError && e.pythonType === 'Error';
  const kind = raised ? 'Error' : 'RuntimeError';
  const last = raised ? e.message : `RuntimeError: ${e.message}`;
  let text = 'The following operation failed in the TorchScript interpreter.\n';
  text += 'Traceback of TorchScript (most recent call last):\n';
  for (const n of [...shown].reverse()) text += n.sourceRange!.highlight(functionName(n));
  text += `${last}\n`;
  return new TorchError(kind, text);
}
