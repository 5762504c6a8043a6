// Python calls of operators, bound as PyTorch's Python argument parser binds them, which differs
// from TorchScript's schema matching in a few ways:
//
//   * only the overloads PyTorch's Python API has: TorchScript's own scalar and list builtins
//     (pow.int, split.str, add.t) are left out, as listed in python_api.json;
//   * a method's `self` is the object the method was called on, wherever `self` stands in the
//     schema (Tensor.where(condition, y) is where(condition, self, other));
//   * a lone list-of-ints parameter takes its ints as separate arguments: x.view(2, 3),
//     torch.zeros(2, 3);
//   * functions name their `self` `input` (torch.add(input=x, other=y)), and the operators that
//     take Python numbers for tensors take one for `self` too (torch.add(2, x));
//   * factories (the operators with tensor options) also take `requires_grad`.

import { allowsNumbersAsTensors, bind, mismatchError } from '../ops/dispatch.js';
import { overloads, type Operator } from '../ops/registry.js';
import type { Argument, SchemaType } from '../ops/schema.js';
import { wrapScalar } from '../tensor/factory.js';
import { isScalar } from '../tensor/scalar.js';
import { isFloating } from '../tensor/dtype.js';
import { Tensor } from '../tensor/tensor.js';
import { runtimeError } from '../errors.js';
import { tracing } from './trace_hook.js';
import api from './package/torch/_C/python_api.json' with { type: 'json' };

/** Which overload ran, and what it returned. */
export interface BoundResult {
  readonly op: Operator;
  readonly result: unknown;
}

const jitOnly = api.jit_only_overloads as Record<string, string[]>;
const visible = new Map<string, readonly Operator[]>();

/** The overloads of `aten::name` that a Python call may bind, in PyTorch's order. */
export function pythonOverloads(qualified: string): readonly Operator[] {
  let ops = visible.get(qualified);
  if (ops === undefined) {
    const hidden = jitOnly[qualified.replace(/^aten::/, '')] ?? [];
    ops = overloads(qualified).filter((op) => !op.typed && !hidden.includes(op.schema.overload));
    visible.set(qualified, ops);
  }
  return ops;
}

/**
 * Calls `aten::name` as Python's torch.name(*args, **kwargs), or as self.name(*args, **kwargs)
 * when `self` is given.
 */
export function callFromPython(
  qualified: string,
  self: Tensor | null,
  args: readonly unknown[],
  kwargs: Record<string, unknown>,
): BoundResult {
  const ops = pythonOverloads(qualified);
  for (const op of ops) {
    const { requiresGrad, rest } = factoryOptions(op, kwargs);
    const call =
      self === null ? asFunctionCall(op, args, rest) : asMethodCall(op, self, args, rest);
    if (call === null) continue;
    const bound = bind(op, call.args, call.kwargs);
    if (bound === null) continue;
    const result = op.impl(...bound);
    if (requiresGrad && result instanceof Tensor) setRequiresGrad(result);
    if (tracing.recorder !== null) tracing.recorder.recordOperator(op, bound, result);
    return { op, result };
  }
  const retried = tracing.recorder?.retryWithTensorsAsInts(args, kwargs, (a, k) =>
    callFromPython(qualified, self, a, k),
  );
  if (retried !== undefined) return retried;
  throw mismatchError(qualified, ops, args, kwargs);
}

/** `requires_grad` of a factory (an operator with `pin_memory`, which tensor options bring). */
function factoryOptions(
  op: Operator,
  kwargs: Record<string, unknown>,
): { requiresGrad: boolean; rest: Record<string, unknown> } {
  const params = op.schema.args;
  if (
    !('requires_grad' in kwargs) ||
    params.some((p) => p.name === 'requires_grad') ||
    !params.some((p) => p.name === 'pin_memory')
  ) {
    return { requiresGrad: false, rest: kwargs };
  }
  const { requires_grad: requiresGrad, ...rest } = kwargs;
  return { requiresGrad: requiresGrad === true, rest };
}

/** Marks a new tensor as requiring gradients, which only floating point tensors may. */
export function setRequiresGrad(t: Tensor): void {
  if (!isFloating(t.dtype)) {
    throw runtimeError('Only Tensors of floating point and complex dtype can require gradients');
  }
  t.requiresGrad = true;
}

interface Call {
  args: readonly unknown[];
  kwargs: Record<string, unknown>;
}

function asMethodCall(
  op: Operator,
  self: Tensor,
  args: readonly unknown[],
  kwargs: Record<string, unknown>,
): Call | null {
  const params = op.schema.args;
  const selfIndex = params.findIndex((p) => p.name === 'self');
  if (selfIndex < 0 || 'self' in kwargs) return null;
  const rest = params.filter((_, i) => i !== selfIndex);
  const packed = packIntVarargs(rest, args);
  if (packed.length < selfIndex) return { args: packed, kwargs: { ...kwargs, self } };
  return { args: [...packed.slice(0, selfIndex), self, ...packed.slice(selfIndex)], kwargs };
}

function asFunctionCall(
  op: Operator,
  args: readonly unknown[],
  kwargs: Record<string, unknown>,
): Call | null {
  const params = op.schema.args;
  let call: Call = { args: packIntVarargs(params, args), kwargs };
  if ('input' in kwargs && params.some((p) => p.name === 'self')) {
    if (params.some((p) => p.name === 'input')) return call;
    const { input, ...rest } = kwargs;
    call = { args: call.args, kwargs: { ...rest, self: input } };
  }
  return numberAsSelf(op, call);
}

/** torch.add(2, x): a number for `self`, where the operator takes numbers for tensors. */
function numberAsSelf(op: Operator, call: Call): Call {
  const first = op.schema.args[0];
  if (
    first?.name !== 'self' ||
    !isTensorType(first.type) ||
    !allowsNumbersAsTensors(op.schema.name) ||
    !isScalar(call.args[0])
  ) {
    return call;
  }
  return { args: [wrapScalar(call.args[0]), ...call.args.slice(1)], kwargs: call.kwargs };
}

function isTensorType(type: SchemaType): boolean {
  return type.kind === 'base' && type.name === 'Tensor';
}

/**
 * x.view(2, 3) for x.view((2, 3)): when the only positional parameter is a list of ints and the
 * first argument is an int, all the positional arguments form that list.
 */
function packIntVarargs(params: readonly Argument[], args: readonly unknown[]): readonly unknown[] {
  const positional = params.filter((p) => !p.kwargOnly);
  if (positional.length !== 1 || !isIntList(positional[0].type)) return args;
  if (typeof args[0] !== 'bigint') return args;
  return [args];
}

function isIntList(type: SchemaType): boolean {
  const list = type.kind === 'optional' ? type.elem : type;
  return (
    list.kind === 'list' &&
    list.elem.kind === 'base' &&
    (list.elem.name === 'int' || list.elem.name === 'SymInt')
  );
}
