// What the torch.nn.functional families (normalization, softmax, embedding, dropout, losses,
// padding and resampling, distances) share: reading a tensor as flat values, making tensors over
// computed values, PyTorch's out= conventions for these operators, and the loss reductions.

import { indexError, runtimeError, type TorchError } from '../errors.js';
import { runPointwise, type PointwiseKernel } from '../kernels/pointwise.js';
import { broadcastStrides } from '../kernels/layout.js';
import { isFloating, scalarTypeName, type DType, type TypedArray } from '../tensor/dtype.js';
import {
  contiguousStrides,
  normalizeDim,
  numelOf,
  sameShape,
  type Shape,
} from '../tensor/shape.js';
import { Storage, allocateArray } from '../tensor/storage.js';
import { Tensor } from '../tensor/tensor.js';
import { contiguous, identity, resizeInPlace } from './elementwise.js';
import { def, type Impl, type Operator } from './registry.js';

// ---- dtypes in PyTorch's messages ----

const cppNames: Record<DType, string> = {
  bool: 'bool',
  uint8: 'unsigned char',
  int8: 'signed char',
  int16: 'short int',
  int32: 'int',
  int64: 'long int',
  float32: 'float',
  float64: 'double',
};

/** The C++ type name PyTorch prints for a dtype in out= dtype errors ("long int", "float"). */
export function cppTypeName(dtype: DType): string {
  return cppNames[dtype];
}

/** The error of a kernel dispatched on a dtype it has no loop for. */
export function notImplementedFor(kernel: string, dtype: DType): TorchError {
  return runtimeError(`"${kernel}" not implemented for '${scalarTypeName(dtype)}'`);
}

/** Kernels PyTorch dispatches over floating dtypes only. */
export function requireFloating(kernel: string, dtype: DType): void {
  if (!isFloating(dtype)) throw notImplementedFor(kernel, dtype);
}

/** Reading a float tensor's data as another dtype: PyTorch's data_ptr<T>() check. */
export function checkSameDType(expected: DType, found: DType): void {
  if (expected !== found) {
    throw runtimeError(
      `expected scalar type ${scalarTypeName(expected)} but found ${scalarTypeName(found)}`,
    );
  }
}

/** t.size(d), with PyTorch's errors for a dimension the tensor lacks. */
export function sizeAt(t: Tensor, d: number): number {
  if (t.ndim === 0) throw indexError(`Dimension specified as ${d} but tensor has no dimensions`);
  return t.shape[normalizeDim(d, t.ndim)];
}

// ---- flat values ----

/** The elements of `t` in row-major order: a view of its storage when `t` is contiguous. */
export function valuesOf(t: Tensor): TypedArray {
  const c = contiguous(t);
  return c.data.subarray(c.offset, c.offset + c.numel());
}

/** `t` read with the shape it broadcasts to, as a contiguous copy (or `t` when nothing changes). */
export function expandTo(t: Tensor, shape: Shape): Tensor {
  if (sameShape(t.shape, shape)) return t;
  return contiguous(
    new Tensor(t.storage, shape.slice(), broadcastStrides(t, shape), t.offset, t.dtype),
  );
}

/** A contiguous tensor over `data`, which must hold exactly its elements. */
export function tensorOver(data: TypedArray, shape: Shape, dtype: DType): Tensor {
  return new Tensor(new Storage(data), shape.slice(), contiguousStrides(shape), 0, dtype);
}

/** A new contiguous tensor of `shape` and `dtype` and its (zeroed) values. */
export function allocate(shape: Shape, dtype: DType): { tensor: Tensor; data: TypedArray } {
  const data = allocateArray(dtype, numelOf(shape));
  return { tensor: tensorOver(data, shape, dtype), data };
}

/**
 * empty_like with PyTorch's preserved layout: a dense, non-overlapping `t` lends its strides (so
 * a transposed input gets a transposed result, filled in memory order); others get contiguous.
 */
export function emptyLike(t: Tensor, dtype: DType = t.dtype): Tensor {
  if (t.isContiguous()) return Tensor.empty(t.shape, dtype, t.device);
  const order = t.shape.map((_, d) => d).sort((a, b) => t.strides[b] - t.strides[a]);
  const strides = new Array<number>(t.ndim);
  let step = 1;
  for (let k = order.length - 1; k >= 0; k--) {
    const d = order[k];
    if (t.shape[d] !== 1 && t.strides[d] !== step) return Tensor.empty(t.shape, dtype, t.device);
    strides[d] = step;
    step *= t.shape[d];
  }
  const storage = Storage.allocate(dtype, numelOf(t.shape), t.device);
  return new Tensor(storage, t.shape.slice(), strides, 0, dtype);
}

/** A 0-dim tensor holding `value` (rounded as a store into `dtype` rounds it). */
export function scalarTensor(value: number, dtype: DType): Tensor {
  const { tensor, data } = allocate([], dtype);
  data[0] = dtype === 'int64' ? Math.trunc(value) : value;
  return tensor;
}

/** Rounds a double as arithmetic in `dtype` does: float32 results are rounded at each step. */
export function rounding(dtype: DType): (x: number) => number {
  return dtype === 'float32' ? Math.fround : (x: number) => x;
}

/** A copy of `t` (clone): a new contiguous tensor with the same values. */
export function cloneOf(t: Tensor): Tensor {
  const out = Tensor.empty(t.shape, t.dtype, t.device);
  runPointwise(identity, out, [t], t.dtype);
  return out;
}

/** A view of `t` with a new shape of the same element count (t must be contiguous). */
export function reshaped(t: Tensor, shape: Shape): Tensor {
  const c = contiguous(t);
  return new Tensor(c.storage, shape.slice(), contiguousStrides(shape), c.offset, c.dtype);
}

// ---- out= conventions ----

/** Structured kernels fix their output dtype, and out= must have exactly it. */
export function checkOutDType(out: Tensor, dtype: DType): void {
  if (out.dtype !== dtype) {
    throw runtimeError(
      `Expected out tensor to have dtype ${cppTypeName(dtype)}, but got ${cppTypeName(out.dtype)} instead`,
    );
  }
}

/** resize_output: an out= tensor of another shape takes the result's shape. */
export function resizeOutput(out: Tensor, shape: Shape): void {
  if (!sameShape(out.shape, shape)) resizeInPlace(out, shape);
}

/** Copies `result` into `out` (resized first), casting as copy_ does, without dtype checks. */
export function copyToOut(out: Tensor, result: Tensor): Tensor {
  resizeOutput(out, result.shape);
  runPointwise(identity, out, [result], out.dtype);
  return out;
}

/**
 * The out= variant PyTorch generates for a functional operator: it runs the operator, then
 * resizes and copies into `out`, whatever its dtype. Tuple results fill one out tensor each.
 */
export function defCopyOut(schema: string, functional: Impl, outs = 1): Operator {
  return def(schema, (...args: unknown[]) => {
    const targets = args.splice(args.length - outs, outs) as Tensor[];
    const result = functional(...args) as Tensor | Tensor[];
    if (outs === 1) return copyToOut(targets[0], result as Tensor);
    return targets.map((t, i) => copyToOut(t, (result as Tensor[])[i]));
  });
}

/**
 * The out= variant of a structured operator whose result dtype is its own: `meta` runs the
 * argument checks and names the dtype, which out= must match before any computing starts.
 */
export function defExactOut(
  schema: string,
  functional: Impl,
  meta: (...args: never[]) => DType,
): Operator {
  return def(schema, (...args: unknown[]) => {
    const out = args.pop() as Tensor;
    checkOutDType(out, (meta as Impl)(...args) as DType);
    const result = functional(...args) as Tensor;
    resizeOutput(out, result.shape);
    runPointwise(identity, out, [result], out.dtype);
    return out;
  });
}

// ---- loss reductions ----

/** at::Reduction, as the aten loss schemas take it: an int. */
export const Reduction = { None: 0, Mean: 1, Sum: 2 } as const;

/** The sum of all elements (Tensor.sum()): integers and bools sum to int64. */
export function sumAll(t: Tensor): Tensor {
  const values = valuesOf(t);
  let total = 0;
  for (let i = 0; i < values.length; i++) total += values[i];
  return scalarTensor(total, isFloating(t.dtype) ? t.dtype : 'int64');
}

/** The mean of all elements (Tensor.mean()), for floating tensors only. */
export function meanAll(t: Tensor): Tensor {
  if (!isFloating(t.dtype)) {
    throw runtimeError(
      `mean(): could not infer output dtype. Input dtype must be either a floating point or complex dtype. Got: ${scalarTypeName(t.dtype)}`,
    );
  }
  const values = valuesOf(t);
  let total = 0;
  for (let i = 0; i < values.length; i++) total += values[i];
  return scalarTensor(total / values.length, t.dtype);
}

/** apply_loss_reduction: the mean or sum of an unreduced loss; any other value keeps it as is. */
export function applyLossReduction(loss: Tensor, reduction: number): Tensor {
  if (reduction === Reduction.Mean) return meanAll(loss);
  if (reduction === Reduction.Sum) return sumAll(loss);
  return loss;
}

/** An elementwise kernel run into a new tensor of `shape` and `dtype`, computing in `compute`. */
export function pointwiseInto(
  kernel: PointwiseKernel,
  shape: Shape,
  dtype: DType,
  inputs: readonly Tensor[],
  compute: DType,
  params: readonly number[] = [],
): Tensor {
  const out = Tensor.empty(shape, dtype, inputs[0].device);
  runPointwise(kernel, out, inputs, compute, params);
  return out;
}
