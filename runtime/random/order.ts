// The order in which PyTorch's TensorIterator visits elements. Random kernels draw one sample per
// element in that order, so a transposed or sliced tensor receives its samples in memory order, not
// in row-major order: to draw the same numbers we must walk the same way.

import { runtimeError } from '../errors.js';
import type { DType } from '../tensor/dtype.js';
import { Tensor } from '../tensor/tensor.js';

/**
 * TensorIterator's reorder_dimensions: dimensions sorted fastest first by the operands' strides,
 * the first operand that tells two dimensions apart deciding (outputs come first).
 */
function dimensionOrder(
  shape: readonly number[],
  strides: readonly (readonly number[])[],
): number[] {
  const ndim = shape.length;
  const perm = Array.from({ length: ndim }, (_, i) => ndim - 1 - i);
  // 1: dim0 goes after dim1; -1: before; 0: no operand can tell.
  const compare = (dim0: number, dim1: number): number => {
    for (const s of strides) {
      const s0 = s[dim0];
      const s1 = s[dim1];
      if (s0 === 0 || s1 === 0) continue;
      if (s0 < s1) return -1;
      if (s0 > s1) return 1;
      if (shape[dim0] > shape[dim1]) return 1;
    }
    return 0;
  };
  for (let i = 1; i < ndim; i++) {
    let dim1 = i;
    for (let dim0 = i - 1; dim0 >= 0; dim0--) {
      const c = compare(perm[dim0], perm[dim1]);
      if (c > 0) {
        [perm[dim0], perm[dim1]] = [perm[dim1], perm[dim0]];
        dim1 = dim0;
      } else if (c < 0) {
        break;
      }
    }
  }
  return perm;
}

/** Strides of `t` read at `shape` (a broadcast dimension steps by 0). */
function stridesIn(t: Tensor, shape: readonly number[]): number[] {
  const lead = shape.length - t.ndim;
  return shape.map((size, d) => (d < lead || t.shape[d - lead] !== size ? 0 : t.strides[d - lead]));
}

/**
 * Storage indices of each operand, element by element in TensorIterator order, for operands that
 * broadcast to `shape` (the first one, the output, has it).
 */
export function iterationIndices(
  shape: readonly number[],
  operands: readonly Tensor[],
): Int32Array[] {
  let numel = 1;
  for (const s of shape) numel *= s;
  const strides = operands.map((t) => stridesIn(t, shape));
  const perm = dimensionOrder(shape, strides);
  const out = operands.map(() => new Int32Array(numel));
  if (numel === 0) return out;
  const ndim = shape.length;
  const counter = new Array<number>(ndim).fill(0);
  const position = operands.map((t) => t.offset);
  for (let i = 0; i < numel; i++) {
    for (let k = 0; k < operands.length; k++) out[k][i] = position[k];
    // Advance the odometer, fastest dimension (perm[0]) first.
    for (let p = 0; p < ndim; p++) {
      const d = perm[p];
      counter[d]++;
      for (let k = 0; k < operands.length; k++) position[k] += strides[k][d];
      if (counter[d] < shape[d]) break;
      for (let k = 0; k < operands.length; k++) position[k] -= strides[k][d] * shape[d];
      counter[d] = 0;
    }
  }
  return out;
}

/** Storage indices of `t`'s elements in the order a nullary TensorIterator writes them. */
export function writeOrder(t: Tensor): Int32Array {
  if (t.isContiguous()) {
    const n = t.numel();
    const out = new Int32Array(n);
    for (let i = 0; i < n; i++) out[i] = t.offset + i;
    return out;
  }
  return iterationIndices(t.shape, [t])[0];
}

/** PyTorch refuses to write into a tensor whose elements share memory (an expanded view). */
export function assertNoInternalOverlap(t: Tensor): void {
  for (let d = 0; d < t.ndim; d++) {
    if (t.shape[d] > 1 && t.strides[d] === 0) {
      throw runtimeError(
        'unsupported operation: more than one element of the written-to tensor refers to a single memory location. Please clone() the tensor before performing the operation.',
      );
    }
  }
}

/**
 * empty_like with the preserve memory format: a new tensor laid out like `t` (its strides when it
 * is dense, else dense strides in the same dimension order), so samplers fill it in t's order.
 */
export function emptyLike(t: Tensor, dtype: DType = t.dtype): Tensor {
  const n = t.numel();
  const base = Tensor.empty([n], dtype, t.device);
  // Dimensions from the slowest-moving to the fastest, ties in their own order.
  const order = t.shape.map((_, d) => d).sort((x, y) => t.strides[y] - t.strides[x]);
  const strides = new Array<number>(t.ndim);
  let step = 1;
  for (let k = order.length - 1; k >= 0; k--) {
    strides[order[k]] = step;
    step *= Math.max(t.shape[order[k]], 1);
  }
  return base.view(t.shape.slice(), strides, 0);
}
