// The iteration space of an elementwise loop: the output's shape, every operand's strides in it
// (0 where an input broadcasts), with adjacent dimensions merged where all operands allow it.

import type { TypedArray } from '../tensor/dtype.js';
import type { Tensor } from '../tensor/tensor.js';

export interface Operand {
  readonly data: TypedArray;
  readonly offset: number;
  readonly strides: number[];
}

export interface Layout {
  readonly shape: number[];
  readonly operands: Operand[];
  readonly numel: number;
}

/** Strides of `t` when read as if it had `shape` (broadcast dims get stride 0). */
export function broadcastStrides(t: Tensor, shape: readonly number[]): number[] {
  const lead = shape.length - t.ndim;
  return shape.map((size, d) => {
    const td = d - lead;
    if (td < 0 || t.shape[td] !== size) return 0;
    return size === 1 ? 0 : t.strides[td];
  });
}

export function layout(shape: readonly number[], tensors: readonly Tensor[]): Layout {
  const strides = tensors.map((t) => broadcastStrides(t, shape));
  const dims: number[] = [];
  const merged: number[][] = tensors.map(() => []);
  let numel = 1;
  for (let d = 0; d < shape.length; d++) {
    const size = shape[d];
    numel *= size;
    if (size === 1) continue;
    const last = dims.length - 1;
    const canMerge = last >= 0 && strides.every((s, k) => merged[k][last] === s[d] * size);
    if (canMerge) {
      dims[last] *= size;
      strides.forEach((s, k) => (merged[k][last] = s[d]));
    } else {
      dims.push(size);
      strides.forEach((s, k) => merged[k].push(s[d]));
    }
  }
  const operands = tensors.map((t, k) => ({ data: t.data, offset: t.offset, strides: merged[k] }));
  return { shape: dims, operands, numel };
}
