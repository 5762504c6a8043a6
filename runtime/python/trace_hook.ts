// Where a running trace (torch.jit.trace) hooks into the eager path. Every operator Python calls
// passes through arguments.ts, and indexing and torch.tensor through bridge.ts; each of them asks
// `tracing.recorder` once, so calls cost a single check when nothing is traced. The recorder is
// runtime/jit/tracer.ts's; this module only holds it, so that the eager path does not import the
// compiler.

import type { ScriptFunction } from '../../compiler/frontend/function.js';
import type { Operator } from '../ops/registry.js';
import type { Tensor } from '../tensor/tensor.js';

/** What the eager path tells a running trace. */
export interface EagerRecorder {
  /**
   * Operator `op` ran: `bound` are its arguments in schema order, as its implementation got
   * them, and `result` what it returned.
   */
  recordOperator(op: Operator, bound: readonly unknown[], result: unknown): void;
  /**
   * No overload of `qualified` took Python's arguments. While tracing, a 0-dim integer tensor
   * (a traced size) may stand for an int, as PyTorch's argument parser allows: this calls `call`
   * again with such tensors replaced by their values, and records them as conversions. Returns
   * undefined when there was no such tensor to replace.
   */
  retryWithTensorsAsInts<R>(
    args: readonly unknown[],
    kwargs: Record<string, unknown>,
    call: (args: readonly unknown[], kwargs: Record<string, unknown>) => R,
  ): R | undefined;
  /** x[index], traced. */
  getItem(self: Tensor, index: unknown): Tensor;
  /** x[index] = value, traced. */
  setItem(self: Tensor, index: unknown, value: unknown): void;
  /** torch.tensor(data) made `t`: it enters the trace as a constant. */
  recordTensorLiteral(t: Tensor): void;
  /**
   * Python called compiled code: `fn` with `bound` arguments (a method's first is its module),
   * which `run` runs. Recorded as one call node; returns what `run` returned.
   */
  recordScriptCall(
    fn: ScriptFunction,
    bound: readonly unknown[],
    method: boolean,
    run: () => unknown,
  ): unknown;
}

/** The recorder of the trace that runs now, if one does. */
export const tracing: { recorder: EagerRecorder | null } = { recorder: null };
