// The strides of a new elementwise result, chosen as PyTorch's TensorIterator chooses them: the
// result follows its inputs' memory order (a transposed input gives a transposed result, a
// channels-last one a channels-last result), the first input deciding where they disagree, and
// is contiguous when they are.

import { isChannelsLast, isNonOverlappingAndDense } from '../tensor/memory_format.js';
import { contiguousStrides, sameShape } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';

/** `t`'s strides when read as `shape`: 0 where it broadcasts, its own where sizes agree. */
function iterationStrides(t: Tensor, shape: readonly number[]): number[] {
  const lead = shape.length - t.ndim;
  return shape.map((size, d) => {
    const td = d - lead;
    if (td < 0) return 0;
    return t.shape[td] === 1 && size !== 1 ? 0 : t.strides[td];
  });
}

/** TensorIterator's fast set-ups, for inputs of the result's shape all laid out alike. */
function sameLayoutStrides(shape: readonly number[], inputs: readonly Tensor[]): number[] | null {
  if (!inputs.every((t) => sameShape(t.shape, shape))) return null;
  if (inputs.every((t) => t.isContiguous())) return contiguousStrides(shape);
  if (inputs.every(isChannelsLast)) {
    const [, c, h, w] = shape;
    return [h * w * c, 1, w * c, c];
  }
  const first = inputs[0].strides;
  const alike = (t: Tensor) => t.strides.every((s, d) => s === first[d]);
  if (inputs.every((t) => isNonOverlappingAndDense(t) && alike(t))) return [...first];
  return null;
}

export function outputStrides(shape: readonly number[], inputs: readonly Tensor[]): number[] {
  const ndim = shape.length;
  if (ndim < 2) return contiguousStrides(shape);
  const alike = sameLayoutStrides(shape, inputs);
  if (alike !== null) return alike;
  const strides = inputs.map((t) => iterationStrides(t, shape));
  // 1 when dimension d0 belongs inside d1, -1 when outside, 0 when no input says.
  const order = (d0: number, d1: number): number => {
    for (const s of strides) {
      if (s[d0] === 0 || s[d1] === 0) continue;
      if (s[d0] !== s[d1]) return s[d0] < s[d1] ? -1 : 1;
      if (shape[d0] > shape[d1]) return 1;
    }
    return 0;
  };
  // perm[0] is the innermost dimension; an insertion sort that stops at the first "outside".
  const perm = Array.from({ length: ndim }, (_, i) => ndim - 1 - i);
  for (let i = 1; i < ndim; i++) {
    let d1 = i;
    for (let d0 = i - 1; d0 >= 0; d0--) {
      const comparison = order(perm[d0], perm[d1]);
      if (comparison > 0) {
        [perm[d0], perm[d1]] = [perm[d1], perm[d0]];
        d1 = d0;
      } else if (comparison < 0) {
        break;
      }
    }
  }
  if (perm.every((d, j) => d === ndim - 1 - j)) return contiguousStrides(shape);
  const result = new Array<number>(ndim);
  let next = 1;
  for (const d of perm) {
    result[d] = next;
    next *= shape[d];
  }
  return result;
}
