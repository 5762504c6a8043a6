// The views and small helpers the linear algebra, convolution and pooling families share:
// transposes, permutes, expands and reshapes over the same storage, and the out= rules of
// PyTorch's structured kernels.

import { check, runtimeError } from '../errors.js';
import type { StridedBatch } from '../kernels/matmul.js';
import { dtypeInfo, scalarTypeName, type DType, type TypedArray } from '../tensor/dtype.js';
import { contiguousStrides, formatShape, numelOf, type Shape } from '../tensor/shape.js';
import { Storage } from '../tensor/storage.js';
import { Tensor } from '../tensor/tensor.js';
import { contiguous, writeOut } from './elementwise.js';

export function transposeView(t: Tensor, d0: number, d1: number): Tensor {
  return permuteView(
    t,
    t.shape.map((_, i) => (i === d0 ? d1 : i === d1 ? d0 : i)),
  );
}

export function permuteView(t: Tensor, perm: readonly number[]): Tensor {
  return t.view(
    perm.map((p) => t.shape[p]),
    perm.map((p) => t.strides[p]),
  );
}

export function unsqueezeView(t: Tensor, dim: number): Tensor {
  const shape = t.shape.slice();
  const strides = t.strides.slice();
  const stride = dim < t.ndim ? t.shape[dim] * t.strides[dim] : 1;
  shape.splice(dim, 0, 1);
  strides.splice(dim, 0, stride);
  return t.view(shape, strides);
}

export function squeezeView(t: Tensor, dim: number): Tensor {
  if (t.shape[dim] !== 1) return t;
  return t.view(
    t.shape.filter((_, i) => i !== dim),
    t.strides.filter((_, i) => i !== dim),
  );
}

/** The sub-tensor at `index` along `dim` (x.select(dim, index)). */
export function selectView(t: Tensor, dim: number, index: number): Tensor {
  return t.view(
    t.shape.filter((_, i) => i !== dim),
    t.strides.filter((_, i) => i !== dim),
    t.offset + index * t.strides[dim],
  );
}

/** The diagonal of dims d0 and d1 (offset 0), moved to the end, as torch.diagonal. */
export function diagonalView(t: Tensor, d0: number, d1: number): Tensor {
  const size = Math.min(t.shape[d0], t.shape[d1]);
  const keep = t.shape.map((_, i) => i).filter((i) => i !== d0 && i !== d1);
  return t.view(
    [...keep.map((i) => t.shape[i]), size],
    [...keep.map((i) => t.strides[i]), t.strides[d0] + t.strides[d1]],
  );
}

/** expand(): broadcast size-1 (or missing leading) dims, in PyTorch's words when it can't. */
export function expandView(t: Tensor, shape: Shape): Tensor {
  check(
    shape.length >= t.ndim,
    () =>
      `expand(torch.${dtypeInfo(t.dtype).legacyName}{${formatShape(t.shape)}}, size=${formatShape(shape)}): the number of sizes provided (${shape.length}) must be greater or equal to the number of dimensions in the tensor (${t.ndim})`,
  );
  const lead = shape.length - t.ndim;
  const strides = shape.map((size, d) => {
    if (d < lead) return 0;
    const own = t.shape[d - lead];
    if (own === size) return t.strides[d - lead];
    check(
      own === 1,
      () =>
        `The expanded size of the tensor (${size}) must match the existing size (${own}) at non-singleton dimension ${d}.  Target sizes: ${formatShape(shape)}.  Tensor sizes: ${formatShape(t.shape)}`,
    );
    return 0;
  });
  return t.view(shape.slice(), strides);
}

/**
 * The strides that view `t` with `shape` over the same memory, or null when no view can
 * (PyTorch's computeStride: each run of dims that is contiguous in memory may be re-split).
 */
export function viewStrides(t: Tensor, shape: Shape): number[] | null {
  const oldShape = t.shape;
  const oldStrides = t.strides;
  if (oldShape.length === 0) return shape.map(() => 1);
  if (numelOf(oldShape) === 0) return contiguousStrides(shape);
  const strides = new Array<number>(shape.length);
  let viewDim = shape.length - 1;
  let chunkStride = oldStrides[oldStrides.length - 1];
  let tensorNumel = 1;
  let viewNumel = 1;
  for (let d = oldShape.length - 1; d >= 0; d--) {
    tensorNumel *= oldShape[d];
    const chunkEnds =
      d === 0 || (oldShape[d - 1] !== 1 && oldStrides[d - 1] !== tensorNumel * chunkStride);
    if (!chunkEnds) continue;
    while (viewDim >= 0 && (viewNumel < tensorNumel || shape[viewDim] === 1)) {
      strides[viewDim] = viewNumel * chunkStride;
      viewNumel *= shape[viewDim];
      viewDim--;
    }
    if (viewNumel !== tensorNumel) return null;
    if (d > 0) {
      chunkStride = oldStrides[d - 1];
      tensorNumel = 1;
      viewNumel = 1;
    }
  }
  return viewDim === -1 ? strides : null;
}

/** view(): a new shape over the same memory, in PyTorch's words when the layout forbids it. */
export function viewAs(t: Tensor, shape: Shape): Tensor {
  const strides = viewStrides(t, shape);
  check(
    strides !== null,
    () =>
      "view size is not compatible with input tensor's size and stride (at least one dimension spans across two contiguous subspaces). Use .reshape(...) instead.",
  );
  return t.view(shape.slice(), strides);
}

/** reshape(): a view when the memory allows, else a contiguous copy. */
export function reshapeTo(t: Tensor, shape: Shape): Tensor {
  const strides = viewStrides(t, shape);
  if (strides !== null) return t.view(shape.slice(), strides);
  const base = contiguous(t);
  return base.view(shape.slice(), contiguousStrides(shape), base.offset);
}

/** A tensor as a batch of matrices for the matmul kernel: [batch, rows, cols] strides. */
export function stridedBatch(t: Tensor): StridedBatch {
  if (t.ndim !== 3) throw new Error('stridedBatch needs a 3-D tensor');
  const [s0, s1, s2] = t.strides;
  return { data: t.data, offset: t.offset, strides: [s0, s1, s2] };
}

/** A new contiguous tensor over a kernel's result array. */
export function tensorFrom(data: TypedArray, shape: Shape, dtype: DType): Tensor {
  if (data.length !== numelOf(shape)) throw new Error('tensorFrom: size mismatch');
  return new Tensor(new Storage(data), shape.slice(), contiguousStrides(shape), 0, dtype);
}

/** C++ type names, as the structured kernels' out= checks print dtypes. */
const cppTypeNames: Record<DType, string> = {
  float32: 'float',
  float64: 'double',
  int64: 'long int',
  int32: 'int',
  int16: 'short int',
  int8: 'signed char',
  uint8: 'unsigned char',
  bool: 'bool',
};

/** A dtype's C++ name, as the structured kernels' checks print dtypes. */
export function cppTypeName(dtype: DType): string {
  return cppTypeNames[dtype];
}

/** out= for structured kernels (mm, bmm, addmm...): the dtype must be the result's exactly. */
export function writeOutExact(out: Tensor, result: Tensor): Tensor {
  if (out.dtype !== result.dtype) {
    throw runtimeError(
      `Expected out tensor to have dtype ${cppTypeNames[result.dtype]}, but got ${cppTypeNames[out.dtype]} instead`,
    );
  }
  return writeOut(out, result);
}

/** out= for dot and vdot, which check the dtype in their own words. */
export function writeOutDot(out: Tensor, result: Tensor): Tensor {
  if (out.dtype !== result.dtype) {
    throw runtimeError(
      `result dtype ${scalarTypeName(out.dtype)} does not match input dtype ${scalarTypeName(result.dtype)}`,
    );
  }
  return writeOut(out, result);
}
