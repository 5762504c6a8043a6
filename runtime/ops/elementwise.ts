// What every elementwise operator shares: result dtypes, broadcasting, in-place and out= rules,
// and PyTorch's messages when they are broken.

import { runtimeError } from '../errors.js';
import { outputStrides } from '../kernels/output_strides.js';
import { runPointwise, type PointwiseKernel } from '../kernels/pointwise.js';
import {
  canCast,
  getDefaultDType,
  isFloating,
  ResultType,
  scalarTypeName,
  type DType,
} from '../tensor/dtype.js';
import { broadcastShapes, formatShape, numelOf, sameShape, type Shape } from '../tensor/shape.js';
import { Storage } from '../tensor/storage.js';
import { Tensor } from '../tensor/tensor.js';
import { def, type Impl, type Operator } from './registry.js';

export function resultType(...tensors: readonly Tensor[]): DType {
  const state = new ResultType();
  for (const t of tensors) {
    if (t.wrappedNumber)
      state.addScalar(t.dtype === 'bool' ? 'bool' : isFloating(t.dtype) ? 'float' : 'int');
    else state.addTensor(t.dtype, t.ndim);
  }
  return state.result();
}

/** How an operator picks its compute and output dtypes from the operands' common dtype. */
export interface Typing {
  /** The dtype the kernel computes in; defaults to the common dtype. */
  compute?: (common: DType) => DType;
  /** The result dtype; defaults to the compute dtype. */
  output?: (compute: DType) => DType;
}

/** Integer inputs promote to the default float dtype (true division, sin, sqrt, ...). */
export const toFloat: Typing = {
  compute: (d) => (isFloating(d) ? d : getDefaultDType()),
};

/** Kernels PyTorch only has for floating dtypes: others fail as its dispatch macros do. */
export function floatingOnly(kernelName: string): Typing {
  return {
    compute: (d) => {
      if (!isFloating(d)) {
        throw runtimeError(`"${kernelName}" not implemented for '${scalarTypeName(d)}'`);
      }
      return d;
    },
  };
}

export const toBool: Typing = { output: () => 'bool' };

function dtypesFor(typing: Typing, inputs: readonly Tensor[]): { compute: DType; output: DType } {
  const common = resultType(...inputs);
  const compute = typing.compute ? typing.compute(common) : common;
  return { compute, output: typing.output ? typing.output(compute) : compute };
}

/** Runs `kernel` over broadcast inputs into a new tensor. */
export function elementwise(
  kernel: PointwiseKernel,
  inputs: readonly Tensor[],
  typing: Typing = {},
  params: readonly number[] = [],
): Tensor {
  const { compute, output } = dtypesFor(typing, inputs);
  let shape: Shape = inputs[0].shape;
  for (let i = 1; i < inputs.length; i++) shape = broadcastShapes(shape, inputs[i].shape);
  const storage = Storage.allocate(output, numelOf(shape), inputs[0].device);
  const out = new Tensor(storage, shape, outputStrides(shape, inputs), 0, output);
  runPointwise(kernel, out, inputs, compute, params);
  return out;
}

/** Runs `kernel` writing into `self` (add_, mul_, ...): self's shape and dtype must hold the result. */
export function elementwiseInPlace(
  kernel: PointwiseKernel,
  self: Tensor,
  inputs: readonly Tensor[],
  typing: Typing = {},
  params: readonly number[] = [],
): Tensor {
  const { compute, output } = dtypesFor(typing, inputs);
  writeInto(self, output, inputs, 'result type');
  runPointwise(
    kernel,
    self,
    inputs.map((t) => unaliased(t, self)),
    compute,
    params,
  );
  return self;
}

/** Checks the rules for writing a result of dtype `dtype` into `dest`. */
export function writeInto(
  dest: Tensor,
  dtype: DType,
  inputs: readonly Tensor[],
  what: string,
): void {
  let shape: Shape = dest.shape;
  for (const t of inputs) shape = broadcastShapes(shape, t.shape);
  if (!sameShape(shape, dest.shape)) {
    throw runtimeError(
      `output with shape ${formatShape(dest.shape)} doesn't match the broadcast shape ${formatShape(shape)}`,
    );
  }
  if (!canCast(dtype, dest.dtype)) {
    throw runtimeError(
      `${what} ${scalarTypeName(dtype)} can't be cast to the desired output type ${scalarTypeName(dest.dtype)}`,
    );
  }
}

function checkBroadcastInto(dest: Tensor, inputs: readonly Tensor[]): void {
  let shape: Shape = dest.shape;
  for (const t of inputs) shape = broadcastShapes(shape, t.shape);
  if (!sameShape(shape, dest.shape)) {
    throw runtimeError(
      `output with shape ${formatShape(dest.shape)} doesn't match the broadcast shape ${formatShape(shape)}`,
    );
  }
}

/** An input that shares memory with the output but is not the very same view is copied first. */
export function unaliased(input: Tensor, output: Tensor): Tensor {
  if (input.storage !== output.storage) return input;
  const same =
    input.offset === output.offset &&
    sameShape(input.shape, output.shape) &&
    input.strides.every((s, i) => s === output.strides[i]);
  if (same) return input;
  const copy = Tensor.empty(input.shape, input.dtype, input.device);
  runPointwise(identity, copy, [input], input.dtype);
  return copy;
}

export const identity: PointwiseKernel = { name: 'identity', expr: 'a' };

/** copy_: writes `src`, broadcast and cast, into `dest`. */
export function copyInto(dest: Tensor, src: Tensor): Tensor {
  checkBroadcastInto(dest, [src]);
  runPointwise(identity, dest, [unaliased(src, dest)], dest.dtype);
  return dest;
}

/** A contiguous copy of `t` in dtype `dtype` (or `t` itself when it is already both). */
export function contiguous(t: Tensor, dtype: DType = t.dtype): Tensor {
  if (t.dtype === dtype && t.isContiguous() && !t.wrappedNumber) return t;
  const out = Tensor.empty(t.shape, dtype, t.device);
  runPointwise(identity, out, [t], dtype);
  return out;
}

/** Writes an out= result: resizes `out` when its element count differs, then copies. */
export function writeOut(out: Tensor, result: Tensor): Tensor {
  if (!canCast(result.dtype, out.dtype)) {
    throw runtimeError(
      `result type ${scalarTypeName(result.dtype)} can't be cast to the desired output type ${scalarTypeName(out.dtype)}`,
    );
  }
  if (!sameShape(out.shape, result.shape)) resizeInPlace(out, result.shape);
  runPointwise(identity, out, [result], out.dtype);
  return out;
}

/** resize_: gives `t` a new shape, reallocating its storage when it is too small. */
export function resizeInPlace(t: Tensor, shape: Shape): void {
  const resized = Tensor.empty(shape, t.dtype, t.device);
  t.setView(resized.shape, resized.strides, 0, resized.storage);
}

/** Declares an out= variant: runs `functional` on the other arguments and writes into `out`. */
export function defOut(schema: string, functional: Impl): Operator {
  return def(schema, (...args: unknown[]) => {
    const out = args.pop() as Tensor;
    return writeOut(out, functional(...args) as Tensor);
  });
}
