// How a tensor's elements lie in memory, as PyTorch's kernels ask before choosing a layout.

import type { Tensor } from './tensor.js';

/** Whether `t`'s elements fill a block of memory exactly once, in some order of its dims. */
export function isNonOverlappingAndDense(t: Tensor): boolean {
  const dims = [...t.shape.keys()].filter((d) => t.shape[d] >= 2);
  dims.sort((a, b) => t.strides[a] - t.strides[b]);
  let expected = 1;
  for (const d of dims) {
    if (t.strides[d] !== expected) return false;
    expected *= t.shape[d];
  }
  return true;
}

/** Whether a 4-d tensor is laid out channels last (NHWC in memory), size-1 dims aside. */
export function isChannelsLast(t: Tensor): boolean {
  if (t.ndim !== 4) return false;
  let expected = 1;
  for (const d of [1, 3, 2, 0]) {
    if (t.shape[d] === 1) continue;
    if (t.strides[d] !== expected) return false;
    expected *= t.shape[d];
  }
  return true;
}
