// softmax and log_softmax along one dimension, with their dtype= and out= forms, and the
// _softmax/_log_softmax kernels they lower to.

import { runtimeError } from '../errors.js';
import type { DType } from '../tensor/dtype.js';
import { normalizeDim } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { contiguous } from './elementwise.js';
import { allocate, defExactOut, requireFloating, valuesOf } from './nn.js';
import { def } from './registry.js';

type Flavor = 'softmax' | 'log_softmax';

/** The rows a reduction along `dim` walks: outer blocks, the dimension's size, inner stride. */
export function splitAt(shape: readonly number[], dim: number) {
  let outer = 1;
  let inner = 1;
  for (let d = 0; d < dim; d++) outer *= shape[d];
  for (let d = dim + 1; d < shape.length; d++) inner *= shape[d];
  return { outer, size: shape.length === 0 ? 1 : shape[dim], inner };
}

/** Writes softmax or log_softmax of `src` along rows of `size` elements spaced `inner` apart. */
function softmaxRows(
  flavor: Flavor,
  src: ArrayLike<number>,
  dst: { [i: number]: number },
  outer: number,
  size: number,
  inner: number,
): void {
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = o * size * inner + i;
      let max = -Infinity;
      for (let k = 0; k < size; k++) {
        const v = src[base + k * inner];
        // NaN wins, as vectorized maximum propagates it.
        max = v > max || v !== v ? v : max;
      }
      let sum = 0;
      for (let k = 0; k < size; k++) sum += Math.exp(src[base + k * inner] - max);
      if (flavor === 'softmax') {
        for (let k = 0; k < size; k++) {
          dst[base + k * inner] = Math.exp(src[base + k * inner] - max) / sum;
        }
      } else {
        const logSum = Math.log(sum);
        for (let k = 0; k < size; k++) dst[base + k * inner] = src[base + k * inner] - max - logSum;
      }
    }
  }
}

/** The checks PyTorch's meta function makes, and the result dtype. */
function softmaxMeta(self: Tensor, dim: number, halfToFloat: boolean): DType {
  normalizeDim(dim, self.ndim);
  return halfToFloat ? 'float32' : self.dtype;
}

function kernelName(flavor: Flavor, self: Tensor, dim: number): string {
  const lastDim = self.ndim === 0 || dim === self.ndim - 1;
  // PyTorch's log_softmax along an inner dimension reports the softmax kernel's name.
  if (!lastDim) return 'softmax_kernel_impl';
  return `${flavor}_lastdim_kernel_impl`;
}

function runSoftmax(flavor: Flavor, self: Tensor, dim: number, halfToFloat: boolean): Tensor {
  softmaxMeta(self, dim, halfToFloat);
  if (halfToFloat) {
    // log_softmax reports it in softmax's words too.
    throw runtimeError('softmax with half to float conversion is not supported on CPU');
  }
  const d = normalizeDim(dim, self.ndim);
  const { tensor, data } = allocate(self.shape, self.dtype);
  if (self.numel() === 0) return tensor;
  requireFloating(kernelName(flavor, self, d), self.dtype);
  const { outer, size, inner } = splitAt(self.shape, d);
  softmaxRows(flavor, valuesOf(self), data, outer, size, inner);
  return tensor;
}

export function _softmax(self: Tensor, dim: number, halfToFloat: boolean): Tensor {
  return runSoftmax('softmax', self, dim, halfToFloat);
}

export function _logSoftmax(self: Tensor, dim: number, halfToFloat: boolean): Tensor {
  return runSoftmax('log_softmax', self, dim, halfToFloat);
}

const converted = (self: Tensor, dtype: DType | null) =>
  dtype === null ? self : contiguous(self, dtype);

export function softmax(self: Tensor, dim: number, dtype: DType | null = null): Tensor {
  return _softmax(converted(self, dtype), dim, false);
}

export function logSoftmax(self: Tensor, dim: number, dtype: DType | null = null): Tensor {
  return _logSoftmax(converted(self, dtype), dim, false);
}

const convertedMeta = (self: Tensor, dim: number, dtype: DType | null) =>
  softmaxMeta(converted(self, dtype), dim, false);

def('aten::_log_softmax(Tensor self, int dim, bool half_to_float) -> Tensor', _logSoftmax);
defExactOut(
  'aten::_log_softmax.out(Tensor self, int dim, bool half_to_float, *, Tensor(a!) out) -> Tensor(a!)',
  _logSoftmax,
  softmaxMeta,
);
def('aten::_softmax(Tensor self, int dim, bool half_to_float) -> Tensor', _softmax);
defExactOut(
  'aten::_softmax.out(Tensor self, int dim, bool half_to_float, *, Tensor(a!) out) -> Tensor(a!)',
  _softmax,
  softmaxMeta,
);
def('aten::log_softmax.int(Tensor self, int dim, ScalarType? dtype=None) -> Tensor', logSoftmax);
defExactOut(
  'aten::log_softmax.int_out(Tensor self, int dim, ScalarType? dtype=None, *, Tensor(a!) out) -> Tensor(a!)',
  logSoftmax,
  convertedMeta,
);
def('aten::softmax.int(Tensor self, int dim, ScalarType? dtype=None) -> Tensor', softmax);
defExactOut(
  'aten::softmax.int_out(Tensor self, int dim, ScalarType? dtype=None, *, Tensor(a!) out) -> Tensor(a!)',
  softmax,
  convertedMeta,
);
