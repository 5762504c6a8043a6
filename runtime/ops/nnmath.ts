// The small tensor operations that PyTorch's composite nn operators (losses, distances) are
// written with. Each is one elementwise pass with PyTorch's dtype rules, so a composite built
// from them rounds float32 after every step exactly where PyTorch's own chain of operators does.

import { runtimeError } from '../errors.js';
import type { PointwiseKernel } from '../kernels/pointwise.js';
import { isFloating, type DType } from '../tensor/dtype.js';
import { wrapScalar } from '../tensor/factory.js';
import type { Scalar } from '../tensor/scalar.js';
import { normalizeDim, numelOf } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import {
  elementwise,
  elementwiseInPlace,
  resultType,
  toBool,
  toFloat,
  type Typing,
} from './elementwise.js';
import { allocate, valuesOf } from './nn.js';

const kernels = {
  neg: { name: 'nn_neg', expr: '-a' },
  exp: { name: 'nn_exp', expr: 'Math.exp(a)' },
  log: { name: 'nn_log', expr: 'Math.log(a)' },
  log1p: { name: 'nn_log1p', expr: 'Math.log1p(a)' },
  sqrt: { name: 'nn_sqrt', expr: 'Math.sqrt(a)' },
  abs: { name: 'nn_abs', expr: 'Math.abs(a)' },
  clampMin: { name: 'nn_clamp_min', expr: 'a < p0 ? p0 : a' },
  fill: { name: 'nn_fill', expr: 'p0' },
  where: { name: 'nn_where', expr: 'a !== 0 ? b : c' },
  equal: { name: 'nn_eq', expr: 'a === b', returnsBool: true },
  notEqual: { name: 'nn_ne', expr: 'a !== b', returnsBool: true },
  lessEqual: { name: 'nn_le', expr: 'a <= b', returnsBool: true },
} satisfies Record<string, PointwiseKernel>;

const same: Typing = {};

// ---- unary ----

export function neg(t: Tensor): Tensor {
  if (t.dtype === 'bool') {
    throw runtimeError(
      'Negation, the `-` operator, on a bool tensor is not supported. If you are trying to invert a mask, use the `~` or `logical_not()` operator instead.',
    );
  }
  return elementwise(kernels.neg, [t], same);
}

export const exp = (t: Tensor) => elementwise(kernels.exp, [t], toFloat);
export const log = (t: Tensor) => elementwise(kernels.log, [t], toFloat);
export const sqrt = (t: Tensor) => elementwise(kernels.sqrt, [t], toFloat);
export const abs = (t: Tensor) => elementwise(kernels.abs, [t], same);

/** In-place unary float functions: an integer tensor cannot hold their results. */
export const exp_ = (t: Tensor) => elementwiseInPlace(kernels.exp, t, [t], toFloat);
export const log_ = (t: Tensor) => elementwiseInPlace(kernels.log, t, [t], toFloat);
export const log1p_ = (t: Tensor) => elementwiseInPlace(kernels.log1p, t, [t], toFloat);
export const sqrt_ = (t: Tensor) => elementwiseInPlace(kernels.sqrt, t, [t], toFloat);

/** clamp_min_(t, min) for a Python number: NaN stays NaN. */
export function clampMin_(t: Tensor, min: number): Tensor {
  return elementwiseInPlace(kernels.clampMin, t, [t], same, [min]);
}

export function clampMin(t: Tensor, min: Scalar): Tensor {
  const typing: Typing = { compute: () => resultType(t, wrapScalar(min)) };
  return elementwise(kernels.clampMin, [t], typing, [Number(min)]);
}

/** at::empty_like(t).fill_(x): `x` converted to t's dtype, which the result keeps. */
export function filledLike(t: Tensor, x: number): Tensor {
  const out = allocate(t.shape, t.dtype).tensor;
  const value = t.dtype === 'bool' ? Number(x !== 0) : isFloating(t.dtype) ? x : Math.trunc(x);
  return elementwiseInPlace(kernels.fill, out, [out], same, [value]);
}

/** where(cond, a, b), promoting a and b. */
export function where(cond: Tensor, a: Tensor, b: Tensor): Tensor {
  const typing: Typing = { compute: () => resultType(a, b) };
  return elementwise(kernels.where, [cond, a, b], typing);
}

/** masked_fill_(mask, value): the value converted to t's dtype. */
export function maskedFill_(t: Tensor, mask: Tensor, value: number): Tensor {
  const fill = wrapScalar(value);
  return elementwiseInPlace(kernels.where, t, [mask, fill, t], { compute: () => t.dtype });
}

const compare = (kernel: PointwiseKernel) => (t: Tensor, other: Tensor | Scalar) =>
  elementwise(kernel, [t, other instanceof Tensor ? other : wrapScalar(other)], toBool);

export const eq = compare(kernels.equal);
export const ne = compare(kernels.notEqual);
export const le = compare(kernels.lessEqual);

// ---- reductions ----

/** t.sum(dim, keepdim): integers and bools sum to int64. */
export function sumDim(t: Tensor, dim: number, keepdim = false): Tensor {
  const d = normalizeDim(dim, t.ndim);
  const shape = t.shape;
  const size = shape.length === 0 ? 1 : shape[d];
  const inner = numelOf(shape.slice(d + 1));
  const outer = numelOf(shape.slice(0, d));
  const outShape = keepdim
    ? shape.map((s, i) => (i === d ? 1 : s))
    : shape.filter((_, i) => i !== d);
  const dtype: DType = isFloating(t.dtype) ? t.dtype : 'int64';
  const x = valuesOf(t);
  const { tensor, data } = allocate(outShape, dtype);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      let sum = 0;
      for (let k = 0; k < size; k++) sum += x[(o * size + k) * inner + i];
      data[o * inner + i] = sum;
    }
  }
  return tensor;
}
