// Sizes while tracing. PyTorch's tracer makes `x.size(0)` and the items of `x.shape` 0-dim Long
// tensors computed in the graph (`aten::size` then `prim::NumToTensor`), so that arithmetic on
// sizes is recorded and a traced graph adapts to the shape of its inputs:
//
//   %1 : int = prim::Constant[value=0]()
//   %2 : int = aten::size(%x, %1)
//   %n : Long(device=cpu) = prim::NumToTensor(%2)
//
// Where such a tensor is passed for an int (x.view(n, -1)), PyTorch's argument parser takes its
// value and stashes an `aten::Int` of it, inserted right after the tensor's definition, which the
// operator's record then uses instead of a constant.

import type { Value } from '../../compiler/ir/ir.js';
import { TensorType, Types } from '../../compiler/types/types.js';
import { isIntegral } from '../tensor/dtype.js';
import { fromArray } from '../tensor/factory.js';
import { Tensor } from '../tensor/tensor.js';
import type { Tracer } from './tracer.js';

/**
 * A traced number standing for an int argument of the call being recorded: the `ordinal`-th int
 * among the call's arguments (ints and the items of int lists, in order), holding `value`.
 */
export interface StashedNumber {
  readonly ordinal: number;
  readonly value: number;
  readonly traced: Value;
}

const numberTensorType = new TensorType({
  scalarTypeName: 'Long',
  sizes: [],
  strides: null,
  requiresGrad: null,
  device: 'cpu',
});

/** x.size(dim) while tracing: a 0-dim Long tensor whose Value is computed from x's. */
export function tracedSize(tracer: Tracer, t: Tensor, dim: number): Tensor {
  const state = tracer.state;
  const g = tracer.graph;
  const self = tracer.valueOf(t);
  const size = g.create('aten::size', [self, state.constant(BigInt(dim))], [Types.int]);
  size.schemaName = 'aten::size.int';
  state.insert(size, true);
  const toTensor = g.create('prim::NumToTensor', [size.output()], [numberTensorType]);
  toTensor.schemaName = 'prim::NumToTensor.Scalar';
  state.insert(toTensor, false);
  const d = dim < 0 ? dim + t.ndim : dim;
  const result = fromArray([t.shape[d]], [], 'int64');
  state.setValue(result, toTensor.output());
  return result;
}

/** x.shape while tracing: every size traced. */
export function tracedShape(tracer: Tracer, t: Tensor): Tensor[] {
  return t.shape.map((_, i) => tracedSize(tracer, t, i));
}

/** Whether Python would take `v` for an int: a 0-dim integer tensor. */
function isTensorNumber(v: unknown): v is Tensor {
  return v instanceof Tensor && v.ndim === 0 && isIntegral(v.dtype, false);
}

interface Found {
  readonly tensor: Tensor;
  readonly ordinal: number;
}

/**
 * `v` with each tensor number replaced by its value, the replaced ones pushed on `found` with
 * their ordinal among the ints; `ints` counts the ints seen so far.
 */
function replaceNumbers(v: unknown, found: Found[], ints: { count: number }): unknown {
  if (isTensorNumber(v)) {
    found.push({ tensor: v, ordinal: ints.count++ });
    return v.item();
  }
  if (typeof v === 'bigint') ints.count++;
  if (Array.isArray(v)) {
    const items = v.map((x) => replaceNumbers(x, found, ints));
    return Object.isFrozen(v) ? Object.freeze(items) : items;
  }
  return v;
}

/** `aten::Int(%t)`, inserted after the definition of t's Value, standing for int `ordinal`. */
export function stashInt(tracer: Tracer, t: Tensor, ordinal: number): StashedNumber {
  const v = tracer.valueOf(t);
  const n = tracer.graph.create('aten::Int', [v], [Types.int]);
  n.schemaName = 'aten::Int.Tensor';
  tracer.state.insertAfterDefinition(v, n);
  return { ordinal, value: Number(t.item()), traced: n.output() };
}

export function retryWithTensorsAsInts<R>(
  tracer: Tracer,
  args: readonly unknown[],
  kwargs: Record<string, unknown>,
  call: (args: readonly unknown[], kwargs: Record<string, unknown>) => R,
): R | undefined {
  const found: Found[] = [];
  const ints = { count: 0 };
  const plainArgs = args.map((a) => replaceNumbers(a, found, ints));
  const plainKwargs = Object.fromEntries(
    Object.entries(kwargs).map(([k, v]) => [k, replaceNumbers(v, found, ints)]),
  );
  if (found.length === 0) return undefined;
  tracer.stash = found.map((f) => stashInt(tracer, f.tensor, f.ordinal));
  try {
    return call(plainArgs, plainKwargs);
  } finally {
    tracer.stash = [];
  }
}
